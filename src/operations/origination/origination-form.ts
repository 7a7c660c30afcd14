import { ActionId, BlockId } from '../../blocks/ids';
import { validateJustification } from '../../changes/change-request';
import { inputValue, type ViewStateValues } from '../../handlers/slack-payload';
import type { ChangeFormMetadata } from '../change-requests/change-form-metadata';
import type { FormReading } from '../operation';
import { OriginationIds, routeFieldBlock } from './ids';
import { type OriginationChange, originationHash } from './origination-change';
import { type RouteInput, validateOrigination } from './origination-rules';

/** One route row as typed (or as filled in, when untouched). */
export function routeInputOf(state: ViewStateValues, rowKey: string): RouteInput {
  return {
    host: inputValue(state, routeFieldBlock(rowKey, 'host'), OriginationIds.routeHost),
    port: inputValue(state, routeFieldBlock(rowKey, 'port'), OriginationIds.routePort),
    protocol: inputValue(state, routeFieldBlock(rowKey, 'protocol'), OriginationIds.routeProtocol),
    priority: inputValue(state, routeFieldBlock(rowKey, 'priority'), OriginationIds.routePriority),
    weight: inputValue(state, routeFieldBlock(rowKey, 'weight'), OriginationIds.routeWeight),
  };
}

/** The Disabled choice as on screen. */
export function disabledOf(state: ViewStateValues): boolean {
  return inputValue(state, OriginationIds.disabled, OriginationIds.disabled) === 'true';
}

/**
 * Reads and validates the origination form; errors point at the offending input. A form identical
 * to the snapshot it was filled from is refused here too ("nothing to change"), before any job.
 */
export function readOriginationForm(
  state: ViewStateValues,
  metadata: ChangeFormMetadata,
): FormReading<OriginationChange> {
  const routes: RouteInput[] = metadata.rows.map((rowKey) => routeInputOf(state, rowKey));
  const disabled = disabledOf(state);
  const justification = inputValue(state, BlockId.Justification, ActionId.Justification);

  const errors: Record<string, string> = {};
  const justificationError = validateJustification(justification);
  if (justificationError) errors[BlockId.Justification] = justificationError;
  const result = validateOrigination({ routes, disabled });
  if (!result.ok) {
    result.routeErrors.forEach((routeErrors, index) => {
      const rowKey = metadata.rows[index] as string;
      for (const [field, message] of Object.entries(routeErrors)) {
        errors[routeFieldBlock(rowKey, field as keyof RouteInput)] = message;
      }
    });
    if (result.formError) errors[OriginationIds.disabled] = result.formError;
  }
  if (!result.ok || Object.keys(errors).length > 0) return { ok: false, errors };
  if (originationHash(result.origination) === metadata.snapshotHash) {
    return {
      ok: false,
      errors: {
        [OriginationIds.disabled]: 'Nothing to change: the routes and the Disabled setting are the same as now.',
      },
      reason: 'nothing-to-change',
    };
  }
  return {
    ok: true,
    proposal: { kind: 'origination', origination: result.origination },
    justification: justification.trim(),
  };
}
