import type { App, BlockAction, ButtonAction, SlackViewMiddlewareArgs, ViewOutput } from '@slack/bolt';
import type { ModalView } from '@slack/types';
import { z } from 'zod';
import type { AuditAction } from '../../audit/audit-entry';
import { parseApproveRisksMetadata } from '../../blocks/approve-risks-modal';
import { BREAK_GLASS_VALUE, withBreakGlassCheckbox } from '../../blocks/change-form';
import { ActionId, BlockId, CallbackId } from '../../blocks/ids';
import { loadingModal } from '../../blocks/loading-modal';
import { parseRejectReasonMetadata, rejectReasonModal } from '../../blocks/reject-reason-modal';
import { CHANGE_REQUEST_ID_PATTERN } from '../../changes/change-request';
import type { ListenerDependencies } from '../../handlers/listener-dependencies';
import { invalidFieldsReason, queueMalformedButtonRefusal, queueRefusal } from '../../handlers/refusals';
import { actorOf, inputValue, parseViewState, replyTargetOf, type ViewStateValues } from '../../handlers/slack-payload';
import type { Actor, ReplyTarget } from '../../jobs/job';
import { slackPlatformError } from '../../slack/slack-platform-error';
import type { ChangeModule } from '../operation';
import { type ChangeFormMetadata, parseChangeFormMetadata, withNewRow, withoutRow } from './change-form-metadata';
import { type DecisionSource, DecisionSourceSchema, sourceFromToken, sourceToken } from './decision-source';

const OUT_OF_DATE = 'This form is out of date: close it and run the command again.';

/**
 * The buttons of a change request (Approve, Reject, Cancel, Revert), the reject-reason modal, and
 * the submission of every change kind's form. Acknowledge, then hand the work to the worker; who
 * may decide is checked there (and, for Reject, also before its reason modal opens). Button values
 * and metadata come back from the client: only a well-formed change request id is accepted,
 * anything else is refused and audited.
 */
export function registerChangeRequestListeners(app: App, deps: ListenerDependencies): void {
  const { jobs } = deps;

  /** A forged or garbled button value: refused, audited, and the click does nothing. */
  const malformed = (body: BlockAction, action: AuditAction) =>
    queueMalformedButtonRefusal(jobs, body, action, replyTo(body));

  /**
   * Someone who may not approve is told at once, before any modal opens (membership is cached,
   * so this stays well inside the trigger's 3 seconds), and the refusal is audited. The worker
   * checks again anyway.
   */
  const mayApprove = async (
    body: BlockAction,
    action: AuditAction,
    respond: (message: { response_type: 'ephemeral'; replace_original: false; text: string }) => Promise<unknown>,
  ): Promise<boolean> => {
    const decision = await deps.access.check(actorOf(body), 'approve');
    if (decision.allowed) return true;
    await respond({ response_type: 'ephemeral', replace_original: false, text: decision.message });
    await queueRefusal(jobs, {
      actor: actorOf(body),
      action,
      outcome: 'denied',
      reason: decision.reason,
      reply: replyTo(body),
      channelId: body.channel?.id,
    });
    return false;
  };

  app.action<BlockAction<ButtonAction>>(ActionId.Approve, async ({ ack, body, action }) => {
    await ack();
    const id = requestIdOf(action.value);
    if (id === undefined) return malformed(body, 'change.approve');
    await jobs.enqueue({
      kind: 'decide',
      decision: 'approve',
      changeRequestId: id,
      interactionId: action.action_ts,
      source: decisionSourceOf(body) ?? null,
      actor: actorOf(body),
      channelId: body.channel?.id,
      reply: replyTo(body),
    });
  });

  app.action<BlockAction<ButtonAction>>(
    ActionId.ApproveDespiteRisks,
    async ({ ack, body, action, client, respond }) => {
      await ack();
      const id = requestIdOf(action.value);
      if (id === undefined) return malformed(body, 'change.approve');
      if (!(await mayApprove(body, 'change.approve', respond))) return;
      // The trigger is valid for 3 s: open the modal now, and let the worker fill in the risks.
      const opened = await client.views.open({
        trigger_id: body.trigger_id,
        view: loadingModal({ title: 'Approve despite risks', message: 'Reading the risks of this change …' }),
      });
      const viewId = opened.view?.id;
      if (viewId === undefined) throw new Error('views.open returned no view id');
      await jobs.enqueue({
        kind: 'review-risks',
        changeRequestId: id,
        source: decisionSourceOf(body) ?? null,
        actor: actorOf(body),
        channelId: body.channel?.id,
        reply: { kind: 'view', viewId },
      });
    },
  );

  app.view(CallbackId.ApproveRisksModal, async ({ ack, body, view }) => {
    const metadata = parseApproveRisksMetadata(view.private_metadata);
    if (metadata === undefined) {
      await ack({
        response_action: 'update',
        view: loadingModal({ title: 'Approve despite risks', message: OUT_OF_DATE }),
      });
      await queueRefusal(jobs, {
        actor: actorOf(body),
        action: 'change.approve',
        outcome: 'invalid',
        reason: 'out-of-date-form',
        reply: { kind: 'view', viewId: view.id },
      });
      return;
    }
    await ack();
    await jobs.enqueue({
      kind: 'decide',
      decision: 'approve',
      changeRequestId: metadata.id,
      interactionId: view.id,
      acknowledgedRisks: metadata.risks,
      source: sourceFromToken(metadata.channelId, metadata.ts),
      actor: actorOf(body),
      channelId: metadata.channelId,
      reply: metadata.channelId
        ? { kind: 'ephemeral', channelId: metadata.channelId }
        : { kind: 'dm', userId: body.user.id },
    });
  });

  app.action<BlockAction<ButtonAction>>(ActionId.Reject, async ({ ack, body, action, client, respond }) => {
    await ack();
    const id = requestIdOf(action.value);
    if (id === undefined) return malformed(body, 'change.reject');
    // Told at once, not after typing a reason.
    if (!(await mayApprove(body, 'change.reject', respond))) return;
    const source = decisionSourceOf(body);
    await client.views.open({
      trigger_id: body.trigger_id,
      view: rejectReasonModal({ id, ch: body.channel?.id, ts: sourceToken(source) }),
    });
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
      interactionId: view.id,
      source: sourceFromToken(metadata.ch, metadata.ts),
      reason,
      actor: actorOf(body),
      channelId: metadata.ch,
      // Submitted from the Home tab (no channel): the modal has closed, so the answer goes by DM.
      reply: metadata.ch ? { kind: 'ephemeral', channelId: metadata.ch } : { kind: 'dm', userId: body.user.id },
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
      interactionId: action.action_ts,
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

  app.action<BlockAction<ButtonAction>>(ActionId.MarkReviewed, async ({ ack, body, action }) => {
    await ack();
    const id = requestIdOf(action.value);
    if (id === undefined) return malformed(body, 'change.review');
    await jobs.enqueue({
      kind: 'review-change',
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

  for (const module of deps.registry.changeModules.values()) registerChangeForm(app, deps, module);
}

/**
 * A change kind's form submission: validation errors go back inline in the acknowledgement; a
 * valid form is acknowledged with a "submitting" view and handed to the worker. A kind's secrets
 * (passwords) are sealed here, before the job exists; the view id, unique to this submission,
 * keys the request and binds the ciphertext to it.
 */
function registerChangeForm(app: App, deps: ListenerDependencies, module: ChangeModule): void {
  app.view(module.callbackId, async ({ ack, body, view }) => {
    const actor = actorOf(body);
    const metadata = parseChangeFormMetadata(view.private_metadata);
    const refuse = formRefusal(deps, ack, actor, view.id, metadata);
    const sealer = deps.sealer;
    if (metadata === undefined || (module.kind.secrets !== undefined && sealer === undefined)) {
      await refuse({ [BlockId.Justification]: OUT_OF_DATE }, 'out-of-date-form');
      return;
    }
    const state = parseViewState(view.state.values);
    const reading = module.readSubmission(state, metadata);
    if (!reading.ok) {
      await refuse(reading.errors, reading.reason ?? invalidFieldsReason(reading.errors));
      return;
    }
    const sealedSecrets =
      reading.secrets !== undefined && sealer !== undefined ? await sealer.seal(reading.secrets, view.id) : undefined;
    await ack({
      response_action: 'update',
      view: loadingModal({ title: module.title, message: 'Submitting your change request …' }),
    });
    await deps.jobs.enqueue({
      kind: 'submit-change',
      ref: { voiceConnectorId: metadata.voiceConnectorId, region: metadata.region },
      justification: reading.justification,
      beforeHash: metadata.snapshotHash,
      proposal: reading.proposal,
      sealedSecrets,
      revertOf: metadata.revertOf,
      purpose: metadata.purpose,
      ...(metadata.breakGlass === true || breakGlassChecked(state) ? { breakGlass: true as const } : {}),
      actor,
      channelId: metadata.channelId,
      reply: { kind: 'view', viewId: view.id },
    });
  });
}

/**
 * Refuses a change form inline (`response_action: errors`) and audits the refusal by field name
 * only: what was typed (a password, perhaps) never reaches the audit log.
 */
function formRefusal(
  deps: ListenerDependencies,
  ack: SlackViewMiddlewareArgs['ack'],
  actor: Actor,
  viewId: string,
  metadata: ChangeFormMetadata | undefined,
) {
  return async (errors: Record<string, string>, reason: string): Promise<void> => {
    await ack({ response_action: 'errors', errors });
    await queueRefusal(deps.jobs, {
      actor,
      action: 'change.request',
      outcome: 'invalid',
      reason,
      reply: { kind: 'view', viewId },
      channelId: metadata?.channelId,
      voiceConnectorId: metadata?.voiceConnectorId,
      region: metadata?.region,
    });
  };
}

/**
 * The add and remove buttons of a form's rows (routes, credential pairs): acknowledge, then
 * `views.update` the form with one row more or fewer, with its hash, so that a stale click cannot
 * overwrite a newer view (Slack answers `hash_conflict` and keeps the newer one). `rebuild` keeps
 * the ids of the rows on screen, so Slack keeps what was typed and no value (a password) is
 * echoed back; it returns `undefined` to leave the form as it is.
 */
export function registerRowEditor(
  app: App,
  actionIds: { add: string; remove: string },
  rebuild: (view: ViewOutput, metadata: ChangeFormMetadata, next: ChangeFormMetadata) => ModalView | undefined,
): void {
  app.action<BlockAction<ButtonAction>>(
    { action_id: new RegExp(`^(${actionIds.add}|${actionIds.remove})$`) },
    async ({ ack, body, action, client }) => {
      await ack();
      const view = body.view;
      const metadata = parseChangeFormMetadata(view?.private_metadata);
      if (view === undefined || metadata === undefined) return;
      const next = action.action_id === actionIds.add ? withNewRow(metadata) : withoutRow(metadata, action.value ?? '');
      const rebuilt = rebuild(view, metadata, next);
      if (rebuilt === undefined) return;
      // The Break glass checkbox was added to the form for a member: a rebuilt form keeps it.
      const hadBreakGlass = view.blocks.some((block) => block.block_id === BlockId.BreakGlass);
      const updated =
        hadBreakGlass && !rebuilt.blocks.some((block) => block.block_id === BlockId.BreakGlass)
          ? withBreakGlassCheckbox(rebuilt)
          : rebuilt;
      try {
        await client.views.update({ view_id: view.id, hash: view.hash, view: updated });
      } catch (error) {
        // A second click (a double click) still carries the hash the first one replaced: Slack
        // keeps the newer form, which is what the hash is for, so this is no failure to report.
        if (slackPlatformError(error) !== 'hash_conflict') throw error;
      }
    },
  );
}

function requestIdOf(value: string | undefined): string | undefined {
  return value !== undefined && CHANGE_REQUEST_ID_PATTERN.test(value) ? value : undefined;
}

/** Answers go to the person who clicked: ephemeral in the message's channel. */
/**
 * The message a button was clicked in, when it is a message everyone in the channel sees (the
 * approval message is never ephemeral) or the App Home; `undefined` for a modal or an ephemeral.
 */
function decisionSourceOf(body: BlockAction): DecisionSource | undefined {
  const container = body.container as { type?: unknown; is_ephemeral?: unknown } | undefined;
  if (container?.type === 'view' && body.view?.type === 'home') return { surface: 'app-home' };
  const channelId = body.channel?.id;
  const ts = body.message?.ts;
  if (container?.type !== 'message' || container.is_ephemeral === true) return undefined;
  if (channelId === undefined || typeof ts !== 'string') return undefined;
  const source = DecisionSourceSchema.safeParse({ channelId, ts });
  return source.success ? source.data : undefined;
}

function replyTo(body: BlockAction): ReplyTarget {
  // The Home tab has no channel and no response_url, and its view id must never be the reply
  // target (views.update would replace the Home tab with a notice): the person is told by DM.
  const source = decisionSourceOf(body);
  if (source !== undefined && 'surface' in source) return { kind: 'dm', userId: body.user.id };
  const target = replyTargetOf(body);
  if (target === undefined) throw new Error('block action has nowhere to reply');
  return target;
}

/** The Break glass checkbox's state: no option, or exactly the break-glass one. */
const BreakGlassStateSchema = z
  .object({
    selected_options: z
      .array(z.object({ value: z.literal(BREAK_GLASS_VALUE) }))
      .max(1)
      .nullish(),
  })
  .loose();

/**
 * Whether the form's Break glass box is checked. A member-only box, but the state comes from the
 * client: the engine checks membership again and refuses anyone else.
 */
function breakGlassChecked(state: ViewStateValues): boolean {
  const parsed = BreakGlassStateSchema.safeParse(state[BlockId.BreakGlass]?.[ActionId.BreakGlass] ?? {});
  return parsed.success && (parsed.data.selected_options?.length ?? 0) === 1;
}
