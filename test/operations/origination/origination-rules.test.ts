import { describe, expect, it } from 'vitest';
import {
  MAX_ORIGINATION_ROUTES,
  type RouteInput,
  validateOrigination,
} from '../../../src/operations/origination/origination-rules';

function route(overrides: Partial<RouteInput> = {}): RouteInput {
  return { host: 'sbc1.example.com', port: '5060', protocol: 'UDP', priority: '1', weight: '1', ...overrides };
}

/** `count` routes with distinct hosts. */
function routes(count: number): RouteInput[] {
  return Array.from({ length: count }, (_, index) => route({ host: `sbc${index + 1}.example.com` }));
}

function routeErrorsOf(input: { routes: RouteInput[]; disabled: boolean }) {
  const result = validateOrigination(input);
  if (result.ok) throw new Error('expected the origination to be refused');
  return result;
}

describe('validateOrigination', () => {
  it('accepts a route and converts its fields to what Chime takes', () => {
    // Act
    const result = validateOrigination({
      routes: [route({ host: ' sbc1.example.com ', protocol: 'tcp', port: ' 5061 ', priority: '10', weight: '20' })],
      disabled: false,
    });

    // Assess
    expect(result).toEqual({
      ok: true,
      origination: {
        routes: [{ host: 'sbc1.example.com', port: 5061, protocol: 'TCP', priority: 10, weight: 20 }],
        disabled: false,
      },
    });
  });

  it.each(['0', '65535'])('accepts port %s', (port) => {
    // Act
    const result = validateOrigination({ routes: [route({ port })], disabled: false });

    // Assess
    expect(result.ok).toBe(true);
  });

  it.each([
    ['-1', 'Port must be a whole number from 0 to 65535.'],
    ['65536', 'Port must be from 0 to 65535.'],
    ['50a', 'Port must be a whole number from 0 to 65535.'],
    ['5060.5', 'Port must be a whole number from 0 to 65535.'],
    ['', 'Enter the port (0–65535).'],
  ])('refuses port "%s"', (port, message) => {
    // Act
    const result = routeErrorsOf({ routes: [route({ port })], disabled: false });

    // Assess
    expect(result.routeErrors).toEqual([{ port: message }]);
  });

  it.each(['priority', 'weight'] as const)('accepts %s 1 and 100', (field) => {
    // Act
    const results = [
      validateOrigination({ routes: [route({ [field]: '1' })], disabled: false }),
      validateOrigination({ routes: [route({ [field]: '100' })], disabled: false }),
    ];

    // Assess
    expect(results.map((result) => result.ok)).toEqual([true, true]);
  });

  it.each([
    ['priority', '0', 'Priority must be from 1 to 100.'],
    ['priority', '101', 'Priority must be from 1 to 100.'],
    ['priority', 'high', 'Priority must be a whole number from 1 to 100.'],
    ['priority', '', 'Enter the priority (1–100).'],
    ['weight', '0', 'Weight must be from 1 to 100.'],
    ['weight', '101', 'Weight must be from 1 to 100.'],
    ['weight', '-3', 'Weight must be a whole number from 1 to 100.'],
  ] as const)('refuses %s "%s"', (field, value, message) => {
    // Act
    const result = routeErrorsOf({ routes: [route({ [field]: value })], disabled: false });

    // Assess
    expect(result.routeErrors).toEqual([{ [field]: message }]);
  });

  it.each(['TCP', 'UDP'])('accepts protocol %s', (protocol) => {
    // Act
    const result = validateOrigination({ routes: [route({ protocol })], disabled: false });

    // Assess
    expect(result.ok).toBe(true);
  });

  it.each(['TLS', 'SCTP', ''])('refuses protocol "%s"', (protocol) => {
    // Act
    const result = routeErrorsOf({ routes: [route({ protocol })], disabled: false });

    // Assess
    expect(result.routeErrors).toEqual([{ protocol: 'Choose TCP or UDP.' }]);
  });

  it.each(['sbc1.example.com', 'SBC-1.Example.COM', 'xn--bcher-kva.example', '203.0.113.10', '2001:db8::10', '::1'])(
    'accepts host %s',
    (host) => {
      // Act
      const result = validateOrigination({ routes: [route({ host })], disabled: false });

      // Assess
      expect(result.ok).toBe(true);
    },
  );

  it.each([
    'sbc',
    '-bad-.example.com',
    'exa mple.com',
    'https://sbc1.example.com',
    'sbc1.example.com:5060',
    'sip:sbc1.example.com',
    'sbc_1.example.com',
    '203.0.113.256',
    '999.1.1.1',
    'bücher.example',
    `${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(60)}.com`,
  ])('refuses host "%s", naming it', (host) => {
    // Act
    const result = routeErrorsOf({ routes: [route({ host })], disabled: false });

    // Assess
    const shown = host.length > 60 ? `${host.slice(0, 57)}…` : host;
    expect(result.routeErrors).toEqual([
      { host: `\`${shown}\` is not a fully qualified domain name or an IP address.` },
    ]);
  });

  it('asks for a host when it is blank', () => {
    // Act
    const result = routeErrorsOf({ routes: [route({ host: '   ' })], disabled: false });

    // Assess
    expect(result.routeErrors).toEqual([{ host: 'Enter a host name or IP address.' }]);
  });

  it('reports every field of every route at once', () => {
    // Act
    const result = routeErrorsOf({
      routes: [route(), route({ host: 'sbc', port: '70000', protocol: 'TLS', priority: '0', weight: '101' })],
      disabled: false,
    });

    // Assess
    expect(result.routeErrors).toEqual([
      {},
      {
        host: '`sbc` is not a fully qualified domain name or an IP address.',
        port: 'Port must be from 0 to 65535.',
        protocol: 'Choose TCP or UDP.',
        priority: 'Priority must be from 1 to 100.',
        weight: 'Weight must be from 1 to 100.',
      },
    ]);
  });

  it('refuses an enabled origination without routes: every inbound call would go nowhere', () => {
    // Act
    const result = routeErrorsOf({ routes: [], disabled: false });

    // Assess
    expect(result.formError).toBe('Add at least one route, or choose Disabled.');
  });

  it('accepts a disabled origination without routes', () => {
    // Act
    const result = validateOrigination({ routes: [], disabled: true });

    // Assess
    expect(result).toEqual({ ok: true, origination: { routes: [], disabled: true } });
  });

  it(`accepts ${MAX_ORIGINATION_ROUTES} routes`, () => {
    // Act
    const result = validateOrigination({ routes: routes(MAX_ORIGINATION_ROUTES), disabled: false });

    // Assess
    expect(result.ok).toBe(true);
  });

  it(`refuses more than ${MAX_ORIGINATION_ROUTES} routes`, () => {
    // Act
    const result = routeErrorsOf({ routes: routes(MAX_ORIGINATION_ROUTES + 1), disabled: false });

    // Assess
    expect(result.formError).toBe(`A voice connector has at most ${MAX_ORIGINATION_ROUTES} origination routes.`);
  });

  it('refuses the same host, port and protocol twice, on the second route, whatever the case of the host', () => {
    // Act
    const result = routeErrorsOf({
      routes: [route(), route({ host: 'SBC1.example.com', priority: '2' })],
      disabled: false,
    });

    // Assess
    expect(result.routeErrors).toEqual([{}, { host: 'The same host, port and protocol appear in another route.' }]);
  });

  it('accepts the same host on another port or protocol', () => {
    // Act
    const result = validateOrigination({
      routes: [route(), route({ port: '5061' }), route({ protocol: 'TCP' })],
      disabled: false,
    });

    // Assess
    expect(result.ok).toBe(true);
  });
});
