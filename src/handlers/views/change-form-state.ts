import type { ChangeFormMetadata } from '../../blocks/change-form-metadata';
import { ActionId, BlockId } from '../../blocks/ids';
import {
  type CredentialInput,
  type RouteInput,
  validateCredentials,
  validateJustification,
  validateOrigination,
} from '../../changes/change-rules';
import type { Origination, TerminationCredential } from '../../chime/voice-connector';
import { inputValue, type ViewStateValues } from './view-state';

/** Field errors keyed by block id, as `response_action: 'errors'` wants them. */
export type FormErrors = Record<string, string>;

export type OriginationForm =
  | { ok: true; origination: Origination; justification: string }
  | { ok: false; errors: FormErrors };

/** One route row as typed (or as filled in, when untouched). */
export function routeInputOf(state: ViewStateValues, rowKey: string): RouteInput {
  return {
    host: inputValue(state, BlockId.routeField(rowKey, 'host'), ActionId.RouteHost),
    port: inputValue(state, BlockId.routeField(rowKey, 'port'), ActionId.RoutePort),
    protocol: inputValue(state, BlockId.routeField(rowKey, 'protocol'), ActionId.RouteProtocol),
    priority: inputValue(state, BlockId.routeField(rowKey, 'priority'), ActionId.RoutePriority),
    weight: inputValue(state, BlockId.routeField(rowKey, 'weight'), ActionId.RouteWeight),
  };
}

/** Reads and validates the origination form; errors point at the offending input. */
export function readOriginationForm(state: ViewStateValues, metadata: ChangeFormMetadata): OriginationForm {
  const routes: RouteInput[] = metadata.k.map((rowKey) => routeInputOf(state, rowKey));
  const disabled = inputValue(state, BlockId.OriginationDisabled, ActionId.OriginationDisabled) === 'true';
  const justification = inputValue(state, BlockId.Justification, ActionId.Justification);

  const errors: FormErrors = {};
  const justificationError = validateJustification(justification);
  if (justificationError) errors[BlockId.Justification] = justificationError;
  const result = validateOrigination({ routes, disabled });
  if (!result.ok) {
    result.routeErrors.forEach((routeErrors, index) => {
      const rowKey = metadata.k[index] as string;
      for (const [field, message] of Object.entries(routeErrors)) {
        errors[BlockId.routeField(rowKey, field as keyof RouteInput)] = message;
      }
    });
    if (result.formError) errors[BlockId.OriginationDisabled] = result.formError;
  }
  if (!result.ok || Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, origination: result.origination, justification: justification.trim() };
}

export type CredentialsForm =
  | { ok: true; credentials: TerminationCredential[]; justification: string }
  | { ok: false; errors: FormErrors };

/** Reads and validates the credentials form. Error texts never repeat what was typed as a password. */
export function readCredentialsForm(state: ViewStateValues, metadata: ChangeFormMetadata): CredentialsForm {
  const pairs: CredentialInput[] = metadata.k.map((rowKey) => ({
    username: inputValue(state, BlockId.credentialField(rowKey, 'username'), ActionId.CredentialUsername),
    password: inputValue(state, BlockId.credentialField(rowKey, 'password'), ActionId.CredentialPassword),
  }));
  const justification = inputValue(state, BlockId.Justification, ActionId.Justification);

  const errors: FormErrors = {};
  const justificationError = validateJustification(justification);
  if (justificationError) errors[BlockId.Justification] = justificationError;
  const result = validateCredentials(pairs);
  if (!result.ok) {
    result.pairErrors.forEach((pairErrors, index) => {
      const rowKey = metadata.k[index] as string;
      for (const [field, message] of Object.entries(pairErrors)) {
        errors[BlockId.credentialField(rowKey, field as keyof CredentialInput)] = message;
      }
    });
    if (result.formError) {
      // Shown on the first row; a form without rows (only a forged one) has the justification left.
      const firstRow = metadata.k[0];
      const blockId = firstRow !== undefined ? BlockId.credentialField(firstRow, 'username') : BlockId.Justification;
      errors[blockId] = result.formError;
    }
  }
  if (!result.ok || Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, credentials: result.credentials, justification: justification.trim() };
}
