import { MODEL_OPERATIONS } from './chime-sdk-voice-model.generated';
import type { ModelOperation } from './model-shapes';

/**
 * The operations the emulator implements, their HTTP bindings from the generated model table, and
 * the matcher that also recognises the model's other routes so that they can be answered "not
 * implemented" by name.
 */

export const EMULATED_OPERATIONS = [
  'GetVoiceConnectorTermination',
  'GetVoiceConnectorProxy',
  'GetProxySession',
  'ListProxySessions',
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
  'GetVoiceConnectorTerminationHealth',
  'GetVoiceConnectorLoggingConfiguration',
  'PutVoiceConnectorLoggingConfiguration',
  'ListTagsForResource',
  'TagResource',
  'UntagResource',
] as const;

export type EmulatedOperation = (typeof EMULATED_OPERATIONS)[number];

export function isEmulatedOperation(value: string): value is EmulatedOperation {
  return (EMULATED_OPERATIONS as readonly string[]).includes(value);
}

/** How an operation travels over HTTP, as the model gives it. */
export type HttpBinding = Pick<ModelOperation, 'method' | 'requestUri' | 'successStatus'>;

function httpBinding({ method, requestUri, successStatus }: ModelOperation): HttpBinding {
  return { method, requestUri, successStatus };
}

export const EMULATED_ROUTES = Object.fromEntries(
  EMULATED_OPERATIONS.map((operation) => [operation, httpBinding(MODEL_OPERATIONS[operation])]),
) as Record<EmulatedOperation, HttpBinding>;

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

/** Every route of the service model, so that a request for an operation the emulator does not implement is named. */
export const MODEL_ROUTE_TABLE = new RouteTable(
  Object.entries(MODEL_OPERATIONS).map(([operation, binding]) => ({ operation, ...httpBinding(binding) })),
);
