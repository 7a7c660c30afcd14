import { describe, expect, it } from 'vitest';
import { parseViewState, type ViewStateValues } from '../../../src/handlers/slack-payload';

import { readOriginationForm } from '../../../src/operations/origination/origination-form';
import { rowsMetadata } from '../../support/change-fixtures';
import { originationFormValues, type RouteRow } from '../../support/modal-state-values';

/** `view.state.values` of the origination modal, through the same zod parse as the listener uses. */
function originationState(
  rows: Record<string, RouteRow>,
  options: { disabled?: 'true' | 'false'; justification?: string | null } = {},
): ViewStateValues {
  return parseViewState(originationFormValues(rows, options));
}

const GOOD_ROUTE: RouteRow = { host: 'sbc1.example.com', port: '5060', protocol: 'UDP', priority: '1', weight: '1' };

describe('readOriginationForm', () => {
  it('reads the routes in the order of the rows on screen, with the trimmed justification', () => {
    // Prepare
    const state = originationState(
      { '3': { ...GOOD_ROUTE, host: 'sbc2.example.com', protocol: 'TCP', priority: '2' }, '0': GOOD_ROUTE },
      { justification: '  Move to the new SBC pair  ' },
    );

    // Act
    const form = readOriginationForm(state, rowsMetadata(['0', '3']));

    // Assess
    expect(form).toEqual({
      ok: true,
      proposal: {
        kind: 'origination',
        origination: {
          routes: [
            { host: 'sbc1.example.com', port: 5060, protocol: 'UDP', priority: 1, weight: 1 },
            { host: 'sbc2.example.com', port: 5060, protocol: 'TCP', priority: 2, weight: 1 },
          ],
          disabled: false,
        },
      },
      justification: 'Move to the new SBC pair',
    });
  });

  it('reads Disabled from the radio buttons', () => {
    // Prepare
    const state = originationState({}, { disabled: 'true' });

    // Act
    const form = readOriginationForm(state, rowsMetadata([]));

    // Assess
    expect(form).toMatchObject({ ok: true, proposal: { origination: { routes: [], disabled: true } } });
  });

  it.each<{ what: string; routes: Record<string, RouteRow>; keys: string[]; errors: Record<string, string> }>([
    {
      what: 'an invalid route: puts each field error next to its input, on the row it belongs to',
      routes: {
        '0': GOOD_ROUTE,
        '2': { host: 'sbc', port: '65536', protocol: undefined, priority: '0', weight: '101' },
      },
      keys: ['0', '2'],
      errors: {
        route_2_host: '`sbc` is not a fully qualified domain name or an IP address.',
        route_2_port: 'Port must be from 0 to 65535.',
        route_2_protocol: 'Choose TCP or UDP.',
        route_2_priority: 'Priority must be from 1 to 100.',
        route_2_weight: 'Weight must be from 1 to 100.',
      },
    },
    {
      what: 'a route whose inputs are missing from the state: reads them as empty, and says what each needs',
      routes: { '0': GOOD_ROUTE },
      keys: ['0', '1'],
      errors: {
        route_1_host: 'Enter a host name or IP address.',
        route_1_port: 'Enter the port (0–65535).',
        route_1_protocol: 'Choose TCP or UDP.',
        route_1_priority: 'Enter the priority (1–100).',
        route_1_weight: 'Enter the weight (1–100).',
      },
    },
  ])('$what', ({ routes, keys, errors }) => {
    // Prepare
    const state = originationState(routes);

    // Act
    const form = readOriginationForm(state, rowsMetadata(keys));

    // Assess
    expect(form).toEqual({ ok: false, errors });
  });

  it('points at the duplicate route’s host', () => {
    // Prepare
    const state = originationState({ a: GOOD_ROUTE, b: { ...GOOD_ROUTE, host: 'SBC1.example.com', priority: '2' } });

    // Act
    const form = readOriginationForm(state, rowsMetadata(['a', 'b']));

    // Assess
    expect(form).toEqual({
      ok: false,
      errors: { route_b_host: 'The same host, port and protocol appear in another route.' },
    });
  });

  it('asks for a justification next to its input', () => {
    // Prepare
    const state = originationState({ '0': GOOD_ROUTE }, { justification: '   ' });

    // Act
    const form = readOriginationForm(state, rowsMetadata(['0']));

    // Assess
    expect(form).toEqual({ ok: false, errors: { justification: 'Say why this change is needed.' } });
  });

  it('treats a justification Slack sends as null as missing', () => {
    // Prepare
    const state = originationState({ '0': GOOD_ROUTE }, { justification: null });

    // Act
    const form = readOriginationForm(state, rowsMetadata(['0']));

    // Assess
    expect(form).toEqual({ ok: false, errors: { justification: 'Say why this change is needed.' } });
  });

  it('puts "no routes" next to the Disabled choice', () => {
    // Prepare
    const state = originationState({}, { disabled: 'false' });

    // Act
    const form = readOriginationForm(state, rowsMetadata([]));

    // Assess
    expect(form).toEqual({
      ok: false,
      errors: { origination_disabled: 'Add at least one route, or choose Disabled.' },
    });
  });
});
