import { describe, expect, it } from 'vitest';
import type { Origination, OriginationRoute } from '../../../src/chime/voice-connector';
import {
  normaliseOrigination,
  originationHash,
  originationRisks,
  sameOrigination,
} from '../../../src/operations/origination/origination-change';

function route(host: string, overrides: Partial<OriginationRoute> = {}): OriginationRoute {
  return { host, port: 5060, protocol: 'UDP', priority: 1, weight: 1, ...overrides };
}

const CURRENT: Origination = {
  routes: [route('sbc1.example.com'), route('sbc2.example.com', { priority: 2 }), route('203.0.113.10', { weight: 5 })],
  disabled: false,
};

describe('originationHash', () => {
  it('is a SHA-256 in hex', () => {
    // Act
    const hash = originationHash(CURRENT);

    // Assess
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('does not depend on the order of the routes', () => {
    // Prepare
    const reordered: Origination = { ...CURRENT, routes: [...CURRENT.routes].reverse() };

    // Act
    const hashes = [originationHash(CURRENT), originationHash(reordered)];

    // Assess
    expect(hashes[0]).toBe(hashes[1]);
    expect(sameOrigination(CURRENT, reordered)).toBe(true);
  });

  it('compares hosts without regard to case or surrounding spaces', () => {
    // Prepare
    const shouted: Origination = {
      ...CURRENT,
      routes: CURRENT.routes.map((item) => ({ ...item, host: ` ${item.host.toUpperCase()} ` })),
    };

    // Act
    const same = sameOrigination(CURRENT, shouted);

    // Assess
    expect(same).toBe(true);
  });

  it('changes when Disabled flips', () => {
    // Act
    const same = sameOrigination(CURRENT, { ...CURRENT, disabled: true });

    // Assess
    expect(same).toBe(false);
  });

  it.each([
    ['host', { host: 'sbc9.example.com' }],
    ['port', { port: 5061 }],
    ['protocol', { protocol: 'TCP' }],
    ['priority', { priority: 9 }],
    ['weight', { weight: 9 }],
  ] as const)('changes when a route’s %s changes', (_field, change) => {
    // Prepare
    const [first, ...others] = CURRENT.routes as [OriginationRoute, ...OriginationRoute[]];
    const changed: Origination = { ...CURRENT, routes: [{ ...first, ...change }, ...others] };

    // Act
    const same = sameOrigination(CURRENT, changed);

    // Assess
    expect(same).toBe(false);
  });

  it('changes when a route is added or removed', () => {
    // Act
    const removed = sameOrigination(CURRENT, { ...CURRENT, routes: CURRENT.routes.slice(1) });
    const added = sameOrigination(CURRENT, { ...CURRENT, routes: [...CURRENT.routes, route('sbc3.example.com')] });

    // Assess
    expect([removed, added]).toEqual([false, false]);
  });
});

describe('normaliseOrigination', () => {
  it('sorts by priority, then weight, then host, and lower-cases hosts, leaving its input alone', () => {
    // Prepare
    const input: Origination = {
      routes: [
        route('B.example.com', { priority: 2 }),
        route('c.example.com', { priority: 1, weight: 9 }),
        route('A.example.com', { priority: 1, weight: 9 }),
        route('d.example.com', { priority: 1, weight: 1 }),
      ],
      disabled: true,
    };
    const copy = structuredClone(input);

    // Act
    const normalised = normaliseOrigination(input);

    // Assess
    expect(normalised.routes.map((item) => item.host)).toEqual([
      'd.example.com',
      'a.example.com',
      'c.example.com',
      'b.example.com',
    ]);
    expect(normalised.disabled).toBe(true);
    expect(input).toEqual(copy);
  });
});

describe('originationRisks', () => {
  it('calls turning origination off a high risk, and a removed route a warning', () => {
    // Act
    const risks = originationRisks(CURRENT, { routes: [], disabled: true });

    // Assess
    expect(risks).toEqual([
      {
        code: 'inbound-outage',
        level: 'high',
        summary: 'Origination would be disabled: all inbound calls are refused.',
      },
      expect.objectContaining({ code: 'route-removed', level: 'warning' }),
    ]);
  });

  it('finds nothing in a route added', () => {
    // Assess
    expect(originationRisks(CURRENT, { ...CURRENT, routes: [...CURRENT.routes, route('sbc9.example.com')] })).toEqual(
      [],
    );
  });
});
