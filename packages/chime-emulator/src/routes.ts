/**
 * The HTTP bindings of the operations the emulator implements, as the model gives them
 * (`test/emulator/routes.test.ts` checks them against it), and the matcher that also recognises the
 * model's other routes so that they can be answered "not implemented" by name.
 */

export const EMULATED_OPERATIONS = [
  'GetVoiceConnectorTermination',
  'GetVoiceConnectorProxy',
  'GetProxySession',
  'GetVoiceConnectorOrigination',
  'PutVoiceConnectorOrigination',
  'PutVoiceConnectorTerminationCredentials',
  'ListVoiceConnectors',
  'GetVoiceConnector',
  'CreateVoiceConnector',
  'PutVoiceConnectorTermination',
  'PutVoiceConnectorProxy',
  'CreateProxySession',
  'ListVoiceConnectorTerminationCredentials',
  'DeleteVoiceConnectorTerminationCredentials',
] as const;

export type EmulatedOperation = (typeof EMULATED_OPERATIONS)[number];

export function isEmulatedOperation(value: string): value is EmulatedOperation {
  return (EMULATED_OPERATIONS as readonly string[]).includes(value);
}

export interface HttpBinding {
  method: 'GET' | 'PUT' | 'POST' | 'DELETE' | 'PATCH';
  /** The model's `requestUri`, fixed query included (`…/credentials?operation=put`). */
  requestUri: string;
  /** The model's `responseCode`, or 200 where it has none. */
  successStatus: number;
}

export const EMULATED_ROUTES: Record<EmulatedOperation, HttpBinding> = {
  CreateVoiceConnector: { method: 'POST', requestUri: '/voice-connectors', successStatus: 201 },
  ListVoiceConnectors: { method: 'GET', requestUri: '/voice-connectors', successStatus: 200 },
  GetVoiceConnector: { method: 'GET', requestUri: '/voice-connectors/{voiceConnectorId}', successStatus: 200 },
  GetVoiceConnectorOrigination: {
    method: 'GET',
    requestUri: '/voice-connectors/{voiceConnectorId}/origination',
    successStatus: 200,
  },
  PutVoiceConnectorOrigination: {
    method: 'PUT',
    requestUri: '/voice-connectors/{voiceConnectorId}/origination',
    successStatus: 200,
  },
  GetVoiceConnectorTermination: {
    method: 'GET',
    requestUri: '/voice-connectors/{voiceConnectorId}/termination',
    successStatus: 200,
  },
  PutVoiceConnectorTermination: {
    method: 'PUT',
    requestUri: '/voice-connectors/{voiceConnectorId}/termination',
    successStatus: 200,
  },
  ListVoiceConnectorTerminationCredentials: {
    method: 'GET',
    requestUri: '/voice-connectors/{voiceConnectorId}/termination/credentials',
    successStatus: 200,
  },
  PutVoiceConnectorTerminationCredentials: {
    method: 'POST',
    requestUri: '/voice-connectors/{voiceConnectorId}/termination/credentials?operation=put',
    successStatus: 204,
  },
  DeleteVoiceConnectorTerminationCredentials: {
    method: 'POST',
    requestUri: '/voice-connectors/{voiceConnectorId}/termination/credentials?operation=delete',
    successStatus: 204,
  },
  GetVoiceConnectorProxy: {
    method: 'GET',
    requestUri: '/voice-connectors/{voiceConnectorId}/programmable-numbers/proxy',
    successStatus: 200,
  },
  PutVoiceConnectorProxy: {
    method: 'PUT',
    requestUri: '/voice-connectors/{voiceConnectorId}/programmable-numbers/proxy',
    successStatus: 200,
  },
  CreateProxySession: {
    method: 'POST',
    requestUri: '/voice-connectors/{voiceConnectorId}/proxy-sessions',
    successStatus: 201,
  },
  GetProxySession: {
    method: 'GET',
    requestUri: '/voice-connectors/{voiceConnectorId}/proxy-sessions/{proxySessionId}',
    successStatus: 200,
  },
};

/** A route to match: an operation name and its binding. */
export interface NamedRoute {
  operation: string;
  method: string;
  requestUri: string;
}

export interface RouteMatch {
  operation: string;
  /** URI labels, percent-decoded, by the model's label name (`voiceConnectorId`). */
  labels: Record<string, string>;
}

interface CompiledRoute {
  operation: string;
  method: string;
  segments: string[];
  fixedQuery: [string, string][];
}

function compile(route: NamedRoute): CompiledRoute {
  const [path = '', query = ''] = route.requestUri.split('?', 2);
  return {
    operation: route.operation,
    method: route.method,
    segments: path.split('/').slice(1),
    fixedQuery: [...new URLSearchParams(query).entries()],
  };
}

function labelName(segment: string): string | undefined {
  return segment.startsWith('{') && segment.endsWith('}') ? segment.slice(1, -1).replace(/\+$/, '') : undefined;
}

/**
 * Matches a method, a decoded path split into segments and a query against a list of routes, the
 * way a rest-json service does: empty segments are kept (an empty label is a value, not a missing
 * segment), a route's fixed query must be present, and the most specific route wins.
 */
export class RouteTable {
  readonly #routes: CompiledRoute[];

  constructor(routes: readonly NamedRoute[]) {
    this.#routes = routes.map(compile);
  }

  match(method: string, pathSegments: readonly string[], query: URLSearchParams): RouteMatch | undefined {
    let best: { match: RouteMatch; score: number } | undefined;
    for (const route of this.#routes) {
      if (route.method !== method || route.segments.length !== pathSegments.length) continue;
      if (!route.fixedQuery.every(([name, value]) => query.get(name) === value)) continue;
      const labels: Record<string, string> = {};
      let literals = 0;
      const matches = route.segments.every((segment, index) => {
        const actual = pathSegments[index] ?? '';
        const label = labelName(segment);
        if (label !== undefined) {
          labels[label] = actual;
          return true;
        }
        literals += 1;
        return segment === actual;
      });
      if (!matches) continue;
      const score = literals * 10 + route.fixedQuery.length;
      if (best === undefined || score > best.score) best = { match: { operation: route.operation, labels }, score };
    }
    return best?.match;
  }
}

export const EMULATED_ROUTE_TABLE = new RouteTable(
  EMULATED_OPERATIONS.map((operation) => ({ operation, ...EMULATED_ROUTES[operation] })),
);
