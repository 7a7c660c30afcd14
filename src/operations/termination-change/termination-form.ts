import { ActionId, BlockId } from '../../blocks/ids';
import { validateJustification } from '../../changes/change-request';
import { inputValue, type ViewStateValues } from '../../handlers/slack-payload';
import type { ChangeFormMetadata } from '../change-requests/change-form-metadata';
import type { FormReading } from '../operation';
import { TerminationChangeIds } from './ids';
import { type TerminationChange, terminationHash } from './termination-change';
import { type TerminationField, type TerminationInput, validateTermination } from './termination-rules';

const BLOCK_OF: Record<TerminationField, string> = {
  cpsLimit: TerminationChangeIds.cpsLimit,
  defaultPhoneNumber: TerminationChangeIds.defaultPhoneNumber,
  callingRegions: TerminationChangeIds.callingRegions,
  cidrAllowedList: TerminationChangeIds.cidrAllowedList,
  disabled: TerminationChangeIds.disabled,
};

/** The form's fields as typed. */
export function terminationInputOf(state: ViewStateValues): TerminationInput {
  const read = (id: string) => inputValue(state, id, id);
  return {
    cpsLimit: read(TerminationChangeIds.cpsLimit),
    defaultPhoneNumber: read(TerminationChangeIds.defaultPhoneNumber),
    callingRegions: read(TerminationChangeIds.callingRegions),
    cidrAllowedList: read(TerminationChangeIds.cidrAllowedList),
    disabled: read(TerminationChangeIds.disabled) === 'true',
  };
}

/**
 * Reads and validates the termination form; errors go next to their input. The same settings as
 * the ones the form was filled from are "nothing to change", refused here before any job.
 */
export function readTerminationForm(
  state: ViewStateValues,
  metadata: ChangeFormMetadata,
): FormReading<TerminationChange> {
  const justification = inputValue(state, BlockId.Justification, ActionId.Justification);
  const result = validateTermination(terminationInputOf(state));
  const errors: Record<string, string> = {};
  const justificationError = validateJustification(justification);
  if (justificationError) errors[BlockId.Justification] = justificationError;
  if (!result.ok) {
    for (const [field, message] of Object.entries(result.errors)) {
      errors[BLOCK_OF[field as TerminationField]] = message;
    }
  }
  if (!result.ok || Object.keys(errors).length > 0) return { ok: false, errors };
  if (terminationHash(result.termination) === metadata.snapshotHash) {
    return {
      ok: false,
      errors: { [TerminationChangeIds.disabled]: 'Nothing to change: the termination settings are the same as now.' },
      reason: 'nothing-to-change',
    };
  }
  return {
    ok: true,
    proposal: { kind: 'termination', termination: result.termination },
    justification: justification.trim(),
  };
}
