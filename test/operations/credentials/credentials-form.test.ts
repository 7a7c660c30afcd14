import { describe, expect, it } from 'vitest';
import { parseViewState, type ViewStateValues } from '../../../src/handlers/slack-payload';

import { readCredentialsForm } from '../../../src/operations/credentials/credentials-form';
import { MAX_CREDENTIAL_PAIRS } from '../../../src/operations/credentials/credentials-rules';
import { rowsMetadata } from '../../support/change-fixtures';
import { type CredentialRow, credentialsFormValues } from '../../support/modal-state-values';

function credentialsState(rows: Record<string, CredentialRow>, justification?: string | null): ViewStateValues {
  return parseViewState(credentialsFormValues(rows, justification));
}

describe('readCredentialsForm', () => {
  const PASSWORD = 'Sup3r-Secret-Pa55';

  it('reads the pairs in the order of the rows on screen', () => {
    // Prepare
    const state = credentialsState({
      '1': { username: 'pbx-2', password: 'second password' },
      '0': { username: 'pbx-1', password: PASSWORD },
    });

    // Act
    const form = readCredentialsForm(state, rowsMetadata(['0', '1']));

    // Assess
    expect(form).toEqual({
      ok: true,
      proposal: { kind: 'credentials', credentials: { usernames: ['pbx-1', 'pbx-2'] } },
      secrets: [
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
    const form = readCredentialsForm(state, rowsMetadata(['0', '4', '5']));

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
    const form = readCredentialsForm(state, rowsMetadata(['0']));

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
    const form = readCredentialsForm(state, rowsMetadata(rowKeys));

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
    const form = readCredentialsForm(state, rowsMetadata([]));

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
    const form = readCredentialsForm(state, rowsMetadata(['0', '1', '2']));

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
