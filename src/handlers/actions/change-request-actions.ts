import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import type { AuditAction } from '../../audit/audit-entry';
import { ActionId, BlockId, CallbackId } from '../../blocks/ids';
import { parseRejectReasonMetadata, rejectReasonModal } from '../../blocks/reject-reason-modal';
import { CHANGE_REQUEST_ID_PATTERN } from '../../changes/change-request';
import type { Actor, ReplyTarget } from '../../jobs/job';
import type { ListenerDependencies } from '../listener-dependencies';
import { queueRefusal } from '../refusal-jobs';
import { inputValue, parseViewState } from '../views/view-state';

/**
 * The buttons of a change request (Approve, Reject, Cancel, Revert) and the reject-reason modal.
 * Acknowledge, then hand the decision to the worker; who may decide is checked there (and, for
 * Reject, also before its reason modal opens). Button values come back from the client: only a
 * well-formed change request id is accepted, anything else is refused and audited.
 */
export function registerChangeRequestActions(app: App, deps: ListenerDependencies): void {
  const { jobs } = deps;

  /** A forged or garbled button value: refused, audited, and the click does nothing. */
  const malformed = (body: BlockAction, action: AuditAction) =>
    queueRefusal(jobs, {
      actor: actorOf(body),
      action,
      outcome: 'invalid',
      reason: 'malformed-button-value',
      reply: replyTo(body),
      channelId: body.channel?.id,
    });

  app.action<BlockAction<ButtonAction>>(ActionId.Approve, async ({ ack, body, action }) => {
    await ack();
    const id = requestIdOf(action.value);
    if (id === undefined) return malformed(body, 'change.approve');
    await jobs.enqueue({
      kind: 'decide',
      decision: 'approve',
      changeRequestId: id,
      interactionId: action.action_ts,
      actor: actorOf(body),
      channelId: body.channel?.id,
      reply: replyTo(body),
    });
  });

  app.action<BlockAction<ButtonAction>>(ActionId.Reject, async ({ ack, body, action, client, respond }) => {
    await ack();
    const id = requestIdOf(action.value);
    if (id === undefined) return malformed(body, 'change.reject');
    // Someone who may not reject is told at once, not after typing a reason (membership is cached,
    // so this stays well inside the trigger's 3 seconds). The worker checks again anyway.
    const decision = await deps.access.check(actorOf(body), 'approve');
    if (!decision.allowed) {
      await respond({ response_type: 'ephemeral', replace_original: false, text: decision.message });
      await queueRefusal(jobs, {
        actor: actorOf(body),
        action: 'change.reject',
        outcome: 'denied',
        reason: decision.reason,
        reply: replyTo(body),
        channelId: body.channel?.id,
      });
      return;
    }
    await client.views.open({ trigger_id: body.trigger_id, view: rejectReasonModal({ id, ch: body.channel?.id }) });
  });

  app.view(CallbackId.RejectReasonModal, async ({ ack, body, view }) => {
    const metadata = parseRejectReasonMetadata(view.private_metadata);
    const reason = inputValue(parseViewState(view.state.values), BlockId.RejectReason, ActionId.RejectReason).trim();
    if (metadata === undefined || reason === '') {
      await ack({
        response_action: 'errors',
        errors: {
          [BlockId.RejectReason]: metadata === undefined ? 'This form is out of date.' : 'Say why you reject it.',
        },
      });
      await queueRefusal(jobs, {
        actor: actorOf(body),
        action: 'change.reject',
        outcome: 'invalid',
        reason: metadata === undefined ? 'out-of-date-form' : 'invalid: reason',
        reply: { kind: 'view', viewId: view.id },
        channelId: metadata?.ch,
      });
      return;
    }
    await ack();
    await jobs.enqueue({
      kind: 'decide',
      decision: 'reject',
      changeRequestId: metadata.id,
      reason,
      actor: actorOf(body),
      channelId: metadata.ch,
      reply: metadata.ch ? { kind: 'ephemeral', channelId: metadata.ch } : { kind: 'view', viewId: view.id },
    });
  });

  app.action<BlockAction<ButtonAction>>(ActionId.Cancel, async ({ ack, body, action }) => {
    await ack();
    const id = requestIdOf(action.value);
    if (id === undefined) return malformed(body, 'change.cancel');
    await jobs.enqueue({
      kind: 'decide',
      decision: 'cancel',
      changeRequestId: id,
      actor: actorOf(body),
      channelId: body.channel?.id,
      // The Cancel button lives on the requester's ephemeral confirmation: its response_url lets
      // the outcome replace that message, so no live button is left behind.
      reply: body.response_url ? { kind: 'response_url', responseUrl: body.response_url } : replyTo(body),
    });
  });

  app.action<BlockAction<ButtonAction>>(ActionId.Revert, async ({ ack, body, action }) => {
    await ack();
    const id = requestIdOf(action.value);
    if (id === undefined) return malformed(body, 'change.request');
    await jobs.enqueue({
      kind: 'revert',
      changeRequestId: id,
      actor: actorOf(body),
      channelId: body.channel?.id,
      reply: replyTo(body),
    });
  });

  // A link button still sends block_actions: acknowledge it, nothing else to do.
  app.action(ActionId.OpenLink, async ({ ack }) => {
    await ack();
  });
}

function requestIdOf(value: string | undefined): string | undefined {
  return value !== undefined && CHANGE_REQUEST_ID_PATTERN.test(value) ? value : undefined;
}

export function actorOf(body: {
  user: { id: string; team_id?: string; name?: string; username?: string };
  team?: { id: string } | null;
}): Actor {
  return {
    userId: body.user.id,
    teamId: body.user.team_id ?? body.team?.id ?? '',
    userName: body.user.username ?? body.user.name,
  };
}

/** Answers go to the person who clicked: ephemeral in the message's channel. */
function replyTo(body: BlockAction): ReplyTarget {
  if (body.channel?.id) return { kind: 'ephemeral', channelId: body.channel.id };
  if (body.response_url) return { kind: 'response_url', responseUrl: body.response_url };
  if (body.view?.id) return { kind: 'view', viewId: body.view.id };
  throw new Error('block action has nowhere to reply');
}
