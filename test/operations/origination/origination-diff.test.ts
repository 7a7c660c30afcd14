import { describe, expect, it } from 'vitest';
import type { Origination, OriginationRoute } from '../../../src/chime/voice-connector';
import { diffOrigination, isEmptyDiff } from '../../../src/operations/origination/origination-diff';

function route(host: string, overrides: Partial<OriginationRoute> = {}): OriginationRoute {
  return { host, port: 5060, protocol: 'UDP', priority: 1, weight: 1, ...overrides };
}

function origination(routes: OriginationRoute[], disabled = false): Origination {
  return { routes, disabled };
}

describe('diffOrigination', () => {
  it('lists a route only in the proposal as added and one only in the current settings as removed', () => {
    // Prepare
    const before = origination([route('sbc1.example.com'), route('sbc2.example.com')]);
    const after = origination([route('sbc1.example.com'), route('sbc3.example.com', { priority: 2 })]);

    // Act
    const diff = diffOrigination(before, after);

    // Assess
    expect(diff).toEqual({
      added: [route('sbc3.example.com', { priority: 2 })],
      removed: [route('sbc2.example.com')],
      changed: [],
      unchanged: [route('sbc1.example.com')],
    });
    expect(isEmptyDiff(diff)).toBe(false);
  });

  it('lists a changed route field by field, from and to', () => {
    // Prepare
    const before = origination([route('sbc1.example.com')]);
    const after = origination([route('sbc1.example.com', { port: 5061, protocol: 'TCP', priority: 5, weight: 50 })]);

    // Act
    const diff = diffOrigination(before, after);

    // Assess
    expect(diff.changed).toEqual([
      {
        host: 'sbc1.example.com',
        fields: [
          { field: 'port', from: 5060, to: 5061 },
          { field: 'protocol', from: 'UDP', to: 'TCP' },
          { field: 'priority', from: 1, to: 5 },
          { field: 'weight', from: 1, to: 50 },
        ],
      },
    ]);
    expect(diff.added).toEqual([]);
    expect(diff.removed).toEqual([]);
  });

  it('matches hosts without regard to case', () => {
    // Prepare
    const before = origination([route('SBC1.Example.COM')]);
    const after = origination([route('sbc1.example.com', { weight: 2 })]);

    // Act
    const diff = diffOrigination(before, after);

    // Assess
    expect(diff.changed).toEqual([{ host: 'sbc1.example.com', fields: [{ field: 'weight', from: 1, to: 2 }] }]);
    expect(diff.added).toEqual([]);
    expect(diff.removed).toEqual([]);
  });

  it('shows Disabled flipped, and nothing else when the routes are the same', () => {
    // Prepare
    const routes = [route('sbc1.example.com')];

    // Act
    const diff = diffOrigination(origination(routes, false), origination(routes, true));

    // Assess
    expect(diff).toEqual({
      added: [],
      removed: [],
      changed: [],
      unchanged: routes,
      disabled: { from: false, to: true },
    });
    expect(isEmptyDiff(diff)).toBe(false);
  });

  it('finds nothing to change when the routes are only in another order', () => {
    // Prepare
    const before = origination([route('sbc1.example.com'), route('sbc2.example.com', { priority: 2 })]);
    const after = origination([route('sbc2.example.com', { priority: 2 }), route('sbc1.example.com')]);

    // Act
    const diff = diffOrigination(before, after);

    // Assess
    expect(isEmptyDiff(diff)).toBe(true);
    expect(diff.unchanged).toHaveLength(2);
  });

  describe('with a host on more than one route', () => {
    it('finds nothing to change when routes of the same host swap places', () => {
      // Prepare
      const udp = route('sbc1.example.com');
      const tcp = route('sbc1.example.com', { port: 5061, protocol: 'TCP', priority: 2 });

      // Act
      const diff = diffOrigination(origination([udp, tcp]), origination([tcp, udp]));

      // Assess
      expect(isEmptyDiff(diff)).toBe(true);
      expect(diff.unchanged).toEqual([tcp, udp]);
    });

    it('shows the removal of one route of a host without calling the other changed', () => {
      // Prepare
      const udp = route('sbc1.example.com');
      const tcp = route('sbc1.example.com', { port: 5061, protocol: 'TCP', priority: 2 });

      // Act
      const diff = diffOrigination(origination([udp, tcp]), origination([tcp]));

      // Assess
      expect(diff).toEqual({ added: [], removed: [udp], changed: [], unchanged: [tcp] });
    });

    it('shows a route added to a host, and the weight change of the route it already had', () => {
      // Prepare
      const existing = route('sbc1.example.com');
      const added = route('sbc1.example.com', { port: 5062 });
      const reweighted = route('sbc1.example.com', { weight: 50 });

      // Act
      const diff = diffOrigination(origination([existing]), origination([added, reweighted]));

      // Assess
      expect(diff).toEqual({
        added: [added],
        removed: [],
        changed: [{ host: 'sbc1.example.com', fields: [{ field: 'weight', from: 1, to: 50 }] }],
        unchanged: [],
      });
    });

    it('pairs what is left of a host in order when nothing matches more closely', () => {
      // Prepare
      const before = origination([
        route('sbc1.example.com', { port: 5060 }),
        route('sbc1.example.com', { port: 5070 }),
      ]);
      const after = origination([route('sbc1.example.com', { port: 5061 }), route('sbc1.example.com', { port: 5071 })]);

      // Act
      const diff = diffOrigination(before, after);

      // Assess
      expect(diff.changed).toEqual([
        { host: 'sbc1.example.com', fields: [{ field: 'port', from: 5060, to: 5061 }] },
        { host: 'sbc1.example.com', fields: [{ field: 'port', from: 5070, to: 5071 }] },
      ]);
    });
  });

  it('shows every route as added when there were none, and removed when none are left', () => {
    // Prepare
    const routes = [route('sbc1.example.com'), route('203.0.113.10')];

    // Act
    const fromNothing = diffOrigination(origination([], true), origination(routes));
    const toNothing = diffOrigination(origination(routes), origination([], true));

    // Assess
    expect(fromNothing).toMatchObject({ added: routes, removed: [], disabled: { from: true, to: false } });
    expect(toNothing).toMatchObject({ added: [], removed: routes, disabled: { from: false, to: true } });
  });
});
