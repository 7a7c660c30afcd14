import type { AuditEntryInput } from '../audit/audit-entry';
import type { Actor } from '../jobs/job';

/** Who acts, as the services see it: the Slack actor, their name once known, and where they are. */
export interface ActorContext {
  actor: Actor;
  /** The display name, when the access check learnt it. */
  actorName?: string;
  channelId?: string;
}

/** The audit entry's actor fields for a context. */
export function auditActor(
  context: ActorContext,
): Pick<AuditEntryInput, 'actorUserId' | 'actorName' | 'actorTeamId' | 'channelId'> {
  return {
    actorUserId: context.actor.userId,
    actorName: context.actorName ?? context.actor.userName,
    actorTeamId: context.actor.teamId,
    channelId: context.channelId,
  };
}
