import { describe, expect, it } from 'vitest';
import type { ChangeFormMetadata } from '../../../src/blocks/change-form-metadata';
import { MAX_CREDENTIAL_PAIRS } from '../../../src/changes/change-rules';
import { readCredentialsForm, readOriginationForm } from '../../../src/handlers/views/change-form-state';
import { parseViewState, type ViewStateValues } from '../../../src/handlers/views/view-state';

const CONNECTOR = 'abcdef1234567890abcdef';

function metadata(rowKeys: string[]): ChangeFormMetadata {
  return { c: CONNECTOR, r: 'us-east-1', h: 'a'.repeat(64), k: rowKeys, n: rowKeys.length };
}

/** A text input's state as Slack sends it; an empty optional input comes back as `null`. */
function text(actionId: string, value: string | null) {
  return { [actionId]: { type: 'plain_text_input', value } };
}

function selected(actionId: string, type: 'static_select' | 'radio_buttons', value: string | undefined) {
  return {
    [actionId]: {
      type,
      selected_option: value === undefined ? null : { text: { type: 'plain_text', text: value }, value },
    },
  };
}

interface RouteRow {
  host: string;
  port: string;
  protocol?: string;
  priority: string;
  weight: string;
}

/** `view.state.values` of the origination modal, through the same zod parse as the listener uses. */
function originationState(
  rows: Record<string, RouteRow>,
  options: { disabled?: 'true' | 'false'; justification?: string | null } = {},
): ViewStateValues {
  const values: Record<string, unknown> = {
    origination_disabled: selected('origination_disabled', 'radio_buttons', options.disabled ?? 'false'),
    justification: text(
      'justification',
      options.justification === undefined ? 'Move to the new SBC pair' : options.justification,
    ),
  };
  for (const [rowKey, row] of Object.entries(rows)) {
    values[`route_${rowKey}_host`] = text('route_host', row.host);
    values[`route_${rowKey}_port`] = text('route_port', row.port);
    values[`route_${rowKey}_protocol`] = selected('route_protocol', 'static_select', row.protocol);
    values[`route_${rowKey}_priority`] = text('route_priority', row.priority);
    values[`route_${rowKey}_weight`] = text('route_weight', row.weight);
  }
  return parseViewState(values);
}

function credentialsState(
  rows: Record<string, { username: string | null; password: string | null }>,
  justification: string | null = 'Rotate after the PBX move',
): ViewStateValues {
  const values: Record<string, unknown> = { justification: text('justification', justification) };
  for (const [rowKey, row] of Object.entries(rows)) {
    values[`credential_${rowKey}_username`] = text('credential_username', row.username);
    values[`credential_${rowKey}_password`] = text('credential_password', row.password);
  }
  return parseViewState(values);
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
    const form = readOriginationForm(state, metadata(['0', '3']));

    // Assess
    expect(form).toEqual({
      ok: true,
      origination: {
        routes: [
          { host: 'sbc1.example.com', port: 5060, protocol: 'UDP', priority: 1, weight: 1 },
          { host: 'sbc2.example.com', port: 5060, protocol: 'TCP', priority: 2, weight: 1 },
        ],
        disabled: false,
      },
      justification: 'Move to the new SBC pair',
    });
  });

  it('reads Disabled from the radio buttons', () => {
    // Prepare
    const state = originationState({}, { disabled: 'true' });

    // Act
    const form = readOriginationForm(state, metadata([]));

    // Assess
    expect(form).toMatchObject({ ok: true, origination: { routes: [], disabled: true } });
  });

  it('puts each field error next to its input, on the row it belongs to', () => {
    // Prepare
    const state = originationState({
      '0': GOOD_ROUTE,
      '2': { host: 'sbc', port: '65536', protocol: undefined, priority: '0', weight: '101' },
    });

    // Act
    const form = readOriginationForm(state, metadata(['0', '2']));

    // Assess
    expect(form).toEqual({
      ok: false,
      errors: {
        route_2_host: '`sbc` is not a fully qualified domain name or an IP address.',
        route_2_port: 'Port must be from 0 to 65535.',
        route_2_protocol: 'Choose TCP or UDP.',
        route_2_priority: 'Priority must be from 1 to 100.',
        route_2_weight: 'Weight must be from 1 to 100.',
      },
    });
  });

  it('points at the duplicate route’s host', () => {
    // Prepare
    const state = originationState({ a: GOOD_ROUTE, b: { ...GOOD_ROUTE, host: 'SBC1.example.com', priority: '2' } });

    // Act
    const form = readOriginationForm(state, metadata(['a', 'b']));

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
    const form = readOriginationForm(state, metadata(['0']));

    // Assess
    expect(form).toEqual({ ok: false, errors: { justification: 'Say why this change is needed.' } });
  });

  it('treats a justification Slack sends as null as missing', () => {
    // Prepare
    const state = originationState({ '0': GOOD_ROUTE }, { justification: null });

    // Act
    const form = readOriginationForm(state, metadata(['0']));

    // Assess
    expect(form).toEqual({ ok: false, errors: { justification: 'Say why this change is needed.' } });
  });

  it('puts "no routes" next to the Disabled choice', () => {
    // Prepare
    const state = originationState({}, { disabled: 'false' });

    // Act
    const form = readOriginationForm(state, metadata([]));

    // Assess
    expect(form).toEqual({
      ok: false,
      errors: { origination_disabled: 'Add at least one route, or choose Disabled.' },
    });
  });

  it('reads a route whose inputs are missing from the state as empty, and says what each needs', () => {
    // Prepare
    const state = originationState({ '0': GOOD_ROUTE });

    // Act
    const form = readOriginationForm(state, metadata(['0', '1']));

    // Assess
    expect(form).toEqual({
      ok: false,
      errors: {
        route_1_host: 'Enter a host name or IP address.',
        route_1_port: 'Enter the port (0–65535).',
        route_1_protocol: 'Choose TCP or UDP.',
        route_1_priority: 'Enter the priority (1–100).',
        route_1_weight: 'Enter the weight (1–100).',
      },
    });
  });
});

describe('readCredentialsForm', () => {
  const PASSWORD = 'Sup3r-Secret-Pa55';

  it('reads the pairs in the order of the rows on screen', () => {
    // Prepare
    const state = credentialsState({
      '1': { username: 'pbx-2', password: 'second password' },
      '0': { username: 'pbx-1', password: PASSWORD },
    });

    // Act
    const form = readCredentialsForm(state, metadata(['0', '1']));

    // Assess
    expect(form).toEqual({
      ok: true,
      credentials: [
        { username: 'pbx-1', password: PASSWORD },
        { username: 'pbx-2', password: 'second password' },
      ],
      justification: 'Rotate after the PBX move',
    });
  });

  it('puts each error next to its input, on the row it belongs to', () => {
    // Prepare
    const state = credentialsState({
      '0': { username: 'pbx-1', password: PASSWORD },
      '4': { username: 'pbx:4', password: 'pässwort' },
      '5': { username: 'pbx-1', password: null },
    });

    // Act
    const form = readCredentialsForm(state, metadata(['0', '4', '5']));

    // Assess
    expect(form).toEqual({
      ok: false,
      errors: {
        credential_4_username: 'A username cannot contain `:` (SIP digest authentication).',
        credential_4_password: 'Use printable US-ASCII characters only.',
        credential_5_username: 'This username appears twice.',
        credential_5_password: 'Enter a password.',
      },
    });
  });

  it('asks for a justification next to its input', () => {
    // Prepare
    const state = credentialsState({ '0': { username: 'pbx-1', password: PASSWORD } }, null);

    // Act
    const form = readCredentialsForm(state, metadata(['0']));

    // Assess
    expect(form).toEqual({ ok: false, errors: { justification: 'Say why this change is needed.' } });
  });

  it(`puts "too many" on the first row when more than ${MAX_CREDENTIAL_PAIRS} pairs come back`, () => {
    // Prepare
    const rowKeys = Array.from({ length: MAX_CREDENTIAL_PAIRS + 1 }, (_, index) => index.toString(36));
    const state = credentialsState(
      Object.fromEntries(rowKeys.map((rowKey) => [rowKey, { username: `pbx-${rowKey}`, password: PASSWORD }])),
    );

    // Act
    const form = readCredentialsForm(state, metadata(rowKeys));

    // Assess
    expect(form).toEqual({
      ok: false,
      errors: { credential_0_username: `At most ${MAX_CREDENTIAL_PAIRS} credentials per request.` },
    });
  });

  it('refuses a form without rows (forged metadata) with an error Slack can show', () => {
    // Prepare
    const state = credentialsState({});

    // Act
    const form = readCredentialsForm(state, metadata([]));

    // Assess
    expect(form).toEqual({ ok: false, errors: { justification: 'Enter at least one username and password.' } });
  });

  it('never repeats a typed password in an error, even one typed into the username box', () => {
    // Prepare
    const typed = ['pässwort-ÿ', 'has:colon-secret', ' padded-secret '];
    const state = credentialsState(
      Object.fromEntries(typed.map((secret, index) => [String(index), { username: secret, password: secret }])),
      '',
    );

    // Act
    const form = readCredentialsForm(state, metadata(['0', '1', '2']));

    // Assess
    if (form.ok) throw new Error('expected the form to be refused');
    expect(Object.keys(form.errors).sort()).toEqual([
      'credential_0_password',
      'credential_0_username',
      'credential_1_username',
      'credential_2_username',
      'justification',
    ]);
    const shown = JSON.stringify(form.errors);
    for (const secret of typed) expect(shown).not.toContain(secret.trim());
  });
});
