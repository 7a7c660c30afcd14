import { ActionId, BlockId } from '../../blocks/ids';
import { validateJustification } from '../../changes/change-request';
import { inputValue, selectedValues, type ViewStateValues } from '../../handlers/slack-payload';
import type { ChangeFormMetadata } from '../change-requests/change-form-metadata';
import type { FormReading } from '../operation';
import type { CredentialsProposal } from './credentials-change';
import { type CredentialInput, type CredentialsValidation, validateCredentials } from './credentials-rules';
import { CredentialsIds, credentialFieldBlock } from './ids';

/**
 * Reads and validates the credentials form. The passwords become the proposal's secrets (sealed
 * by the listener before any job exists); error texts never repeat what was typed as a password.
 */
export function readCredentialsForm(
  state: ViewStateValues,
  metadata: ChangeFormMetadata,
): FormReading<CredentialsProposal> {
  const pairs: CredentialInput[] = metadata.rows.map((rowKey) => ({
    username: inputValue(state, credentialFieldBlock(rowKey, 'username'), CredentialsIds.username),
    password: inputValue(state, credentialFieldBlock(rowKey, 'password'), CredentialsIds.password),
  }));
  const remove = selectedValues(state, CredentialsIds.remove, CredentialsIds.remove);
  const justification = inputValue(state, BlockId.Justification, ActionId.Justification);

  const errors: Record<string, string> = {};
  const justificationError = validateJustification(justification);
  if (justificationError) errors[BlockId.Justification] = justificationError;
  // Removing only is a change too (a rotation's second step): then no pair is needed.
  const result: CredentialsValidation =
    pairs.length === 0 && remove.length > 0 ? { ok: true, credentials: [] } : validateCredentials(pairs);
  if (result.ok) {
    result.credentials.forEach((credential, index) => {
      const rowKey = metadata.rows[index] as string;
      if (remove.includes(credential.username)) {
        errors[credentialFieldBlock(rowKey, 'username')] =
          'This username is also ticked for removal: keep one or the other.';
      }
    });
  } else {
    result.pairErrors.forEach((pairErrors, index) => {
      const rowKey = metadata.rows[index] as string;
      for (const [field, message] of Object.entries(pairErrors)) {
        errors[credentialFieldBlock(rowKey, field as keyof CredentialInput)] = message;
      }
    });
    if (result.formError) {
      // Shown on the first row; a form without rows (nothing typed, nothing ticked) has the justification left.
      const firstRow = metadata.rows[0];
      const blockId = firstRow !== undefined ? credentialFieldBlock(firstRow, 'username') : BlockId.Justification;
      errors[blockId] = result.formError;
    }
  }
  if (!result.ok || Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    proposal: {
      kind: 'credentials',
      credentials: { usernames: result.credentials.map((credential) => credential.username) },
      ...(remove.length > 0 ? { removeUsernames: remove } : {}),
    },
    justification: justification.trim(),
    ...(result.credentials.length > 0 ? { secrets: result.credentials } : {}),
  };
}
