import type { Permission } from '../../access/access-policy';
import type { ActorContext } from '../../access/actor-context';
import type { AuditAction } from '../../audit/audit-entry';
import { recordRefusal } from '../../audit/record-refusal';
import { noticeMessage } from '../../blocks/notice-message';
import type { ChimeRegion } from '../../chime/regions';
import type { JobCommon } from '../../jobs/job';
import type { WorkerDependencies } from './worker-dependencies';

/**
 * Checks that the job's actor may do what the job does. On a refusal it audits it, tells the
 * person why, and returns `undefined`; otherwise the context to act with.
 */
export async function authorise(
  deps: WorkerDependencies,
  job: Pick<JobCommon, 'actor' | 'channelId' | 'reply'>,
  permission: Permission,
  action: AuditAction,
  target: { voiceConnectorId?: string; region?: ChimeRegion; changeRequestId?: string } = {},
): Promise<ActorContext | undefined> {
  const decision = await deps.access.check(job.actor, permission);
  const context: ActorContext = { actor: job.actor, actorName: decision.actorName, channelId: job.channelId };
  if (decision.allowed) return context;
  await recordRefusal(deps.auditLog, deps.logger, context, action, { ...target, reason: decision.reason });
  await deps.replies.send(
    job.reply,
    job.actor.userId,
    noticeMessage({ tone: 'error', title: 'Not allowed', body: decision.message }),
    { replaceOriginal: true },
  );
  return undefined;
}
