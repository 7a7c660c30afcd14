import { type ActorContext, auditActor } from '../access/actor-context';
import type { Logger } from '../logging/logger';
import type { AuditAction, AuditEntryInput } from './audit-entry';
import type { AuditLog } from './audit-log';

export type RefusalFields = Omit<
  AuditEntryInput,
  'actorUserId' | 'actorName' | 'actorTeamId' | 'channelId' | 'action' | 'outcome'
> & {
  outcome?: 'denied' | 'invalid';
  reason: string;
};

/**
 * Audits a refusal (not authorised, invalid input, self-approval, …). A refusal performs
 * nothing, so it stands even when the log cannot be written; that failure is logged loudly.
 */
export async function recordRefusal(
  auditLog: AuditLog,
  logger: Logger,
  context: ActorContext,
  action: AuditAction,
  fields: RefusalFields,
): Promise<void> {
  try {
    await auditLog.append({ ...auditActor(context), action, outcome: 'denied', ...fields });
  } catch (error) {
    logger.error({ err: error, action, reason: fields.reason }, 'could not audit a refusal');
  }
}
