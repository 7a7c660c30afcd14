import type { AuditAction } from '../audit/audit-entry';
import type { ChimeRegion } from '../chime/regions';
import type { Actor, JobQueue, ReplyTarget } from '../jobs/job';

/**
 * Queues the audit entry of a refusal a listener decided before its acknowledgement (an invalid
 * form, a forged button value, a menu that cannot go on). The reason names the kind of problem and
 * the fields involved, never what was typed.
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

/** `invalid: port, justification` from inline errors keyed by block id (`route_3_port` → `port`). */
export function invalidFieldsReason(errors: Record<string, string>): string {
  const fields = [...new Set(Object.keys(errors).map((blockId) => blockId.split('_').at(-1) ?? blockId))].sort();
  return `invalid: ${fields.join(', ')}`;
}
