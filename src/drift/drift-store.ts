import { z } from 'zod';
import { CHIME_REGIONS } from '../chime/regions';
import type { VoiceConnectorRef } from '../chime/voice-connector';
import { ConnectorSettingsSchema, DRIFT_SECTIONS } from './connector-settings';
import { DriftError } from './drift-error';

/**
 * Who changed a setting, as CloudTrail tells it.
 *
 * @example
 * { "section": "termination", "principal": "arn:aws:iam::123456789012:user/mallory", "userName": "mallory",
 *   "eventName": "PutVoiceConnectorTermination", "eventTime": "2026-12-01T09:15:00Z",
 *   "sourceIp": "203.0.113.7", "client": "cli", "userAgent": "aws-cli/2.17.0" }
 */
export const AttributionSchema = z.object({
  section: z.enum(DRIFT_SECTIONS),
  principal: z.string(),
  userName: z.string().optional(),
  eventName: z.string(),
  eventTime: z.string(),
  sourceIp: z.string().optional(),
  client: z.enum(['console', 'cli', 'sdk', 'other']),
  userAgent: z.string().optional(),
});
export type Attribution = z.infer<typeof AttributionSchema>;

/** The one open alert of a connector: what differs, who did it, and where the message is. */
export const DriftAlertStateSchema = z.object({
  driftHash: z.string(),
  sections: z.array(z.enum(DRIFT_SECTIONS)).min(1),
  /** The differing sections as the check read them (what Accept makes the baseline). */
  observed: ConnectorSettingsSchema.partial(),
  detectedAt: z.number(),
  updatedAt: z.number(),
  message: z.object({ channelId: z.string(), ts: z.string() }).optional(),
  attribution: z.array(AttributionSchema),
  /** Sections CloudTrail has not answered for yet; checks ask again until `attributionUntil`. */
  attributionPending: z.array(z.enum(DRIFT_SECTIONS)),
  attributionUntil: z.number(),
  /**
   * The `drift.detect` entry is not written yet: the alert is claimed first (one check alerts),
   * then audited, then posted; a check that finds this set finishes the job.
   */
  pendingAudit: z.boolean().optional(),
  /** This version replaced an open alert of the same connector (the drift changed further). */
  updatesOpenAlert: z.boolean().optional(),
  /** Change requests a Revert opened, and who asked. */
  revert: z.object({ requestedBy: z.string(), changeRequestIds: z.array(z.string()), at: z.number() }).optional(),
});
export type DriftAlertState = z.infer<typeof DriftAlertStateSchema>;

/**
 * One connector's drift record: its baseline (what the bot last applied or accepted) and its
 * open alert, if any. `rev` grows with every write (conditional writes), `baselineRev` with every
 * change of the baseline (a check that read an older one does not alert).
 */
export const DriftRecordSchema = z.object({
  voiceConnectorId: z.string(),
  region: z.enum(CHIME_REGIONS),
  baseline: ConnectorSettingsSchema,
  baselineRev: z.number().int().min(1),
  baselineAt: z.number(),
  baselineSource: z.enum(['first-seen', 'apply', 'accept']),
  rev: z.number().int().min(1),
  alert: DriftAlertStateSchema.optional(),
});
export type DriftRecord = z.infer<typeof DriftRecordSchema>;

/**
 * Where the scheduled check stopped when its time ran out: the next run goes on after `after`
 * (connectors are checked in `region/id` order) instead of starting again.
 */
export const CheckCursorSchema = z.object({
  /** `region/voiceConnectorId` of the last connector checked; absent: start from the beginning. */
  after: z.string().optional(),
  /** When the pass the cursor belongs to began. */
  passStartedAt: z.number(),
  /** When the last full pass ended, if one has. */
  lastPassCompletedAt: z.number().optional(),
  rev: z.number().int().min(0),
});
export type CheckCursor = z.infer<typeof CheckCursorSchema>;

/** Another writer got there first; the caller re-reads and decides again. */
export class DriftRecordConflictError extends DriftError {
  readonly code = 'drift_record_conflict';
  constructor(message = 'The drift record changed meanwhile', options?: { cause?: unknown }) {
    super('DriftRecordConflictError', message, options);
  }
}

/**
 * The drift table, in our own words. Every write is conditional on the `rev` the caller read, so
 * that two checks (the schedule and a near-real-time trigger) never overwrite each other.
 *
 * @example
 * const record = await store.get(ref);
 * if (record === undefined) await store.create({ ...ref, baseline, baselineSource: 'first-seen' }, now);
 */
export interface DriftStore {
  get(ref: VoiceConnectorRef): Promise<DriftRecord | undefined>;
  /** Writes a first baseline; `false` when the connector already has one. */
  create(
    record: Pick<DriftRecord, 'voiceConnectorId' | 'region' | 'baseline' | 'baselineSource'>,
    now: number,
  ): Promise<boolean>;
  /** Replaces the record if its `rev` is still `expectedRev`; throws {@link DriftRecordConflictError} otherwise. */
  replace(record: DriftRecord, expectedRev: number): Promise<DriftRecord>;
  getCursor(): Promise<CheckCursor | undefined>;
  /** Writes the cursor if its `rev` is still `expectedRev` (0: none yet); `false` otherwise. */
  putCursor(cursor: CheckCursor, expectedRev: number): Promise<boolean>;
}

export function connectorKey(ref: VoiceConnectorRef): string {
  return `${ref.region}/${ref.voiceConnectorId}`;
}
