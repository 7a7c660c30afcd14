import type { Actor, ReplyTarget } from '../../src/jobs/job';
import { APPROVER, CONNECTOR, REQUESTER, TEAM } from './change-fixtures';
import { APPROVALS_CHANNEL, OPS_CHANNEL } from './slack-payloads';

/** The actor of every job {@link REQUESTER_USER}'s payloads queue. */
export const REQUESTER_ACTOR: Actor = { userId: REQUESTER, teamId: TEAM, userName: 'rita' };

/** The actor of every job {@link APPROVER_USER}'s payloads queue. */
export const APPROVER_ACTOR: Actor = { userId: APPROVER, teamId: TEAM, userName: 'arne' };

/** {@link CONNECTOR} in a region (us-east-1 unless told otherwise), as a job's `ref`. */
export function connectorRef(region = 'us-east-1'): { voiceConnectorId: string; region: string } {
  return { voiceConnectorId: CONNECTOR, region };
}

/**
 * The members every job queued from {@link OPS_CHANNEL} carries besides its own: who asked
 * ({@link REQUESTER_ACTOR} unless told otherwise), the channel and where the answer goes.
 *
 * @example
 * expect(harness.jobs.single('health')).toEqual({ kind: 'health', ...,  ...queuedFromOpsChannel(replyTo(command)) });
 */
export function queuedFromOpsChannel(
  reply: ReplyTarget,
  actor: Actor = REQUESTER_ACTOR,
): { actor: Actor; channelId: string; reply: ReplyTarget } {
  return { actor, channelId: OPS_CHANNEL.id, reply };
}

/** The reply through a command's or a click's response_url. */
export function replyTo(payload: { response_url: string }): ReplyTarget {
  return { kind: 'response_url', responseUrl: payload.response_url };
}

/** The reply that updates a modal. */
export function viewReply(viewId: string): ReplyTarget {
  return { kind: 'view', viewId };
}

/**
 * What the listeners audit when they refuse something about {@link CONNECTOR}: the action
 * refused, how (`denied`, `invalid`) and why, as the `record-refusal` job carries it.
 */
export function connectorRefusal(
  action: string,
  outcome: string,
  reason: string,
): { action: string; outcome: string; reason: string; voiceConnectorId: string } {
  return { action, outcome, reason, voiceConnectorId: CONNECTOR };
}

/**
 * The members of a job queued by a click in {@link APPROVALS_CHANNEL} ({@link APPROVER_ACTOR}'s
 * unless told otherwise): the answer is an ephemeral message there.
 */
export function queuedFromApprovalsChannel(actor: Actor = APPROVER_ACTOR): {
  actor: Actor;
  channelId: string;
  reply: ReplyTarget;
} {
  return { actor, channelId: APPROVALS_CHANNEL.id, reply: { kind: 'ephemeral', channelId: APPROVALS_CHANNEL.id } };
}
