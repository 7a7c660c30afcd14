import type { BlockAction } from '@slack/bolt';
import { z } from 'zod';
import { AUDIT_ACTIONS, type AuditAction } from '../audit/audit-entry';
import { CHIME_REGIONS, type ChimeRegion } from '../chime/regions';
import { type Actor, type JobQueue, jobCommon, type ReplyTarget } from '../jobs/job';
import { defineJob, defineOperation } from '../operations/operation';
import { runRecordRefusalJob } from './refusal-job';
import { actorOf } from './slack-payload';

export const RecordRefusalJobSchema = z.object({
  kind: z.literal('record-refusal'),
  action: z.enum(AUDIT_ACTIONS),
  outcome: z.enum(['invalid', 'denied']),
  reason: z.string().max(500),
  voiceConnectorId: z.string().max(64).optional(),
  region: z.enum(CHIME_REGIONS).optional(),
  ...jobCommon,
});

/**
 * Refusals a listener decides before its acknowledgement (an invalid form, a forged button value,
 * a menu that cannot go on, a malformed command): the listener answers at once and queues the
 * audit entry, which the worker writes.
 */
export const refusals = defineOperation({
  name: 'refusals',
  jobs: [
    defineJob({
      kind: 'record-refusal',
      schema: RecordRefusalJobSchema,
      what: 'recording a refusal',
      run: runRecordRefusalJob,
    }),
  ],
});

/**
 * Queues the audit entry of a refusal a listener decided before its acknowledgement. The reason
 * names the kind of problem and the fields involved, never what was typed.
 */
export async function queueRefusal(
  jobs: JobQueue,
  refusal: {
    actor: Actor;
    action: AuditAction;
    outcome: 'invalid' | 'denied';
    reason: string;
    reply: ReplyTarget;
    channelId?: string;
    voiceConnectorId?: string;
    region?: ChimeRegion;
  },
): Promise<void> {
  await jobs.enqueue({ kind: 'record-refusal', ...refusal, reason: refusal.reason.slice(0, 500) });
}

/** A forged or garbled button value: refused and audited, and the click does nothing else. */
export function queueMalformedButtonRefusal(
  jobs: JobQueue,
  body: BlockAction,
  action: AuditAction,
  reply: ReplyTarget,
): Promise<void> {
  return queueRefusal(jobs, {
    actor: actorOf(body),
    action,
    outcome: 'invalid',
    reason: 'malformed-button-value',
    reply,
    channelId: body.channel?.id,
  });
}

/** `invalid: port, justification` from inline errors keyed by block id (`route_3_port` → `port`). */
export function invalidFieldsReason(errors: Record<string, string>): string {
  const fields = [...new Set(Object.keys(errors).map((blockId) => blockId.split('_').at(-1) ?? blockId))].sort();
  return `invalid: ${fields.join(', ')}`;
}
