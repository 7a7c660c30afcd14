import type { Origination, OriginationRoute } from '../../chime/voice-connector';

type RouteField = Exclude<keyof OriginationRoute, 'host'>;

export interface RouteChange {
  host: string;
  fields: { field: RouteField; from: string | number; to: string | number }[];
}

export interface OriginationDiff {
  added: OriginationRoute[];
  removed: OriginationRoute[];
  changed: RouteChange[];
  unchanged: OriginationRoute[];
  disabled?: { from: boolean; to: boolean };
}

const ROUTE_FIELDS: RouteField[] = ['port', 'protocol', 'priority', 'weight'];

/**
 * What an origination change does, route by route. Routes are paired with the closest match
 * first: an identical route (host compared case-insensitively), then the same host, port and
 * protocol, then the same host, each in order. A pair whose other fields differ is a change
 * listed field by field; a route left unpaired in `before` is removed, in `after` added. Pairing
 * exact matches first keeps a route that did not change from being shown as changed when another
 * route of the same host was added or removed.
 *
 * @example
 * diffOrigination(
 *   { routes: [{ host: 'sbc1.example.com', port: 5060, protocol: 'UDP', priority: 1, weight: 1 }], disabled: false },
 *   { routes: [{ host: 'sbc1.example.com', port: 5061, protocol: 'TCP', priority: 1, weight: 1 }], disabled: false },
 * ).changed // [{ host: 'sbc1.example.com', fields: [{ field: 'port', from: 5060, to: 5061 }, { field: 'protocol', … }] }]
 */
export function diffOrigination(before: Origination, after: Origination): OriginationDiff {
  const remaining = [...before.routes];
  const pairedWith = new Map<number, OriginationRoute>();
  for (const matches of [sameRoute, sameEndpoint, sameHost]) {
    after.routes.forEach((route, index) => {
      if (pairedWith.has(index)) return;
      const found = remaining.findIndex((candidate) => matches(candidate, route));
      if (found !== -1) pairedWith.set(index, remaining.splice(found, 1)[0] as OriginationRoute);
    });
  }

  const diff: OriginationDiff = { added: [], removed: remaining, changed: [], unchanged: [] };
  after.routes.forEach((route, index) => {
    const previous = pairedWith.get(index);
    if (previous === undefined) {
      diff.added.push(route);
      return;
    }
    const fields = ROUTE_FIELDS.filter((field) => previous[field] !== route[field]).map((field) => ({
      field,
      from: previous[field],
      to: route[field],
    }));
    if (fields.length === 0) diff.unchanged.push(route);
    else diff.changed.push({ host: route.host, fields });
  });
  if (before.disabled !== after.disabled) diff.disabled = { from: before.disabled, to: after.disabled };
  return diff;
}

export function isEmptyDiff(diff: OriginationDiff): boolean {
  return diff.added.length === 0 && diff.removed.length === 0 && diff.changed.length === 0 && !diff.disabled;
}

function sameHost(a: OriginationRoute, b: OriginationRoute): boolean {
  return a.host.trim().toLowerCase() === b.host.trim().toLowerCase();
}

function sameEndpoint(a: OriginationRoute, b: OriginationRoute): boolean {
  return sameHost(a, b) && a.port === b.port && a.protocol === b.protocol;
}

function sameRoute(a: OriginationRoute, b: OriginationRoute): boolean {
  return sameEndpoint(a, b) && a.priority === b.priority && a.weight === b.weight;
}
