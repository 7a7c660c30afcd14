import type { ModalView } from '@slack/types';
import type { z } from 'zod';
import type { ActorContext } from '../../access/actor-context';
import type { AuditAction } from '../../audit/audit-entry';
import { approveRisksModal } from '../../blocks/approve-risks-modal';
import { changeErrorText } from '../../blocks/change-errors';
import { withBreakGlassCheckbox } from '../../blocks/change-form';
import {
  approvalRecordedNotice,
  breakGlassAnnouncement,
  changeOutcomeNotice,
  changeRequestedConfirmation,
  changeRequestMessage,
  finishedBySweepNotice,
  historyLine,
  reminderLine,
  reviewLine,
  reviewReminderLine,
  undecidedNotice,
} from '../../blocks/change-request-message';
import { noticeMessage } from '../../blocks/notice-message';
import { resultModal } from '../../blocks/result-modal';
import type { SlackMessage } from '../../blocks/slack-message';
import type { ApprovalRule } from '../../changes/approval-quorum';
import {
  ApplyInProgressError,
  ChangeError,
  type ChangeRequest,
  isFinal,
  NotAnEligibleApproverError,
} from '../../changes/change-request';
import type { VoiceConnectorRef } from '../../chime/voice-connector';
import { changesUnavailableReason } from '../../handlers/change-availability';
import { reportableFailure } from '../../handlers/failure-message';
import { authorise } from '../../handlers/jobs/authorise';
import type { WorkerDependencies } from '../../handlers/jobs/worker-dependencies';
import { type JobCommon, RetryableJobError } from '../../jobs/job';
import { slackPlatformError } from '../../slack/slack-platform-error';
import { publishHome } from '../home/publish-home';
import type { ChangeModule } from '../operation';
import { presentationOf } from './change-presentation';
import { isFromApprovalMessage, sourceToken } from './decision-source';
import type {
  DecideJobSchema,
  OpenChangeJobSchema,
  RevertJobSchema,
  ReviewChangeJobSchema,
  ReviewRisksJobSchema,
  SubmitChangeJobSchema,
} from './index';

/** What Slack answers when the bot may not post in a channel. */
const CHANNEL_REFUSALS = new Set(['not_in_channel', 'channel_not_found', 'is_archived', 'restricted_action']);

/** Opening a change form: check access, read the connector (audited), fill the loading modal. */
export async function runOpenChangeJob(
  job: z.infer<typeof OpenChangeJobSchema>,
  deps: WorkerDependencies,
): Promise<void> {
  const { ref } = job;
  const module = deps.registry.changeModule(job.change);
  const context = await authorise(deps, job, 'request', module.kind.readAction, ref);
  if (context === undefined) return;
  const viewId = job.reply.kind === 'view' ? job.reply.viewId : undefined;
  if (viewId === undefined) throw new Error('open-change needs a view to fill');

  try {
    const openRequestId = await deps.changes.openRequestId(ref.voiceConnectorId, module.kind.name);
    const snapshot = await deps.reads.read(context, ref, module.kind.readAction, {}, (voiceConnectors) =>
      module.kind.read(voiceConnectors, ref),
    );
    const form = await module.form(
      {
        ref,
        snapshot,
        metadata: {
          voiceConnectorId: ref.voiceConnectorId,
          region: ref.region,
          channelId: job.channelId,
          snapshotHash: module.kind.hash(snapshot),
          ...(job.breakGlass === true ? { breakGlass: true as const } : {}),
        },
        openRequestId,
        command: deps.config.slack.command,
        purpose: job.purpose,
        rotationOf: job.rotationOf,
      },
      {
        voiceConnectors: deps.voiceConnectors,
        changeRequest: (id) => deps.changes.get(id),
        now: () => deps.clock.now(),
      },
    );
    const view =
      'modal' in form
        ? job.breakGlass === true
          ? withBreakGlassWarning(form.modal)
          : deps.config.approvalPolicy?.policy.breakGlass?.members.includes(job.actor.userId) === true
            ? withBreakGlassCheckbox(form.modal)
            : form.modal
        : resultModal({ title: module.title, message: form.notice });
    await deps.client.views.update({ view_id: viewId, view });
  } catch (error) {
    const failure = reportableFailure(error, deps.logger);
    if (failure === undefined) throw error;
    await deps.client.views.update({ view_id: viewId, view: resultModal({ title: module.title, message: failure }) });
  }
}

/** A submitted form: file the request, post it for approval, confirm to the requester. */
export async function runSubmitChangeJob(
  job: z.infer<typeof SubmitChangeJobSchema>,
  deps: WorkerDependencies,
): Promise<void> {
  const module = deps.registry.changeModule(job.proposal.kind);
  const context = await authorise(deps, job, 'request', 'change.request', job.ref);
  if (context === undefined) return;
  const unavailable = changesUnavailableReason(deps.config, module.kind);
  if (unavailable !== undefined || deps.config.approvalChannel === undefined) {
    await refuseUnconfigured(deps, job, context, unavailable, { ref: job.ref });
    return;
  }

  let request: ChangeRequest;
  try {
    const submissionKey = job.reply.kind === 'view' ? job.reply.viewId : `${job.actor.userId}:${job.beforeHash}`;
    ({ request } = await deps.changes.request(context, {
      ref: job.ref,
      justification: job.justification,
      beforeHash: job.beforeHash,
      proposal: job.proposal,
      sealedSecrets: job.sealedSecrets,
      submissionKey,
      revertOf: job.revertOf,
      purpose: job.purpose,
      breakGlass: job.breakGlass,
    }));
  } catch (error) {
    const failure = reportableFailure(error, deps.logger);
    if (failure === undefined) throw error;
    await deps.replies.send(job.reply, job.actor.userId, failure);
    return;
  }
  await publishRequest(deps, request, context, job.reply.kind === 'view' ? job.reply.viewId : undefined, module);
  if (request.breakGlass === true && (request.status === 'approved' || request.status === 'applying')) {
    await applyAndShow(deps, request.id);
  }
}

/**
 * Applies an approved request and shows the outcome. Only the worker that finished the request
 * tells the requester; a duplicate just refreshes the message. A claim another worker holds is
 * retried later (the job is redelivered).
 */
async function applyAndShow(deps: WorkerDependencies, id: string): Promise<ChangeRequest> {
  let outcome: { request: ChangeRequest; finishedNow: boolean; heldNow?: boolean };
  try {
    outcome = await deps.changes.applyAndReport(id);
  } catch (error) {
    if (error instanceof ApplyInProgressError) throw new RetryableJobError(error.message, { cause: error });
    throw error;
  }
  // The thread gets the line from whoever made the change: the finish, or the first hold by a freeze.
  await showOutcome(deps, outcome.request, {
    notify: outcome.finishedNow,
    thread: outcome.finishedNow || outcome.heldNow === true,
  });
  return outcome.request;
}

/** The form opened with `--break-glass` says, before anything else, what submitting it does. */
function withBreakGlassWarning(modal: ModalView): ModalView {
  return {
    ...modal,
    blocks: [
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: '🚨 *Break glass.* Submitting applies this change at once, without approval. It is announced to the approvers, audited as break-glass, and must be reviewed afterwards. The justification is your reason: make it count.',
        },
      },
      ...modal.blocks,
    ].slice(0, 100),
  };
}

/** "Mark reviewed" on a break-glass change: an approver of its rule, not its requester. */
export async function runReviewChangeJob(
  job: z.infer<typeof ReviewChangeJobSchema>,
  deps: WorkerDependencies,
): Promise<void> {
  const known = await deps.changes.get(job.changeRequestId);
  const context = await authorise(deps, job, 'approve', 'change.review', requestTarget(job.changeRequestId, known));
  if (context === undefined) return;
  if (known?.approval !== undefined) {
    const groups = await eligibleApproverGroups(deps, job, context, 'change.review', known, known.approval);
    if (groups === undefined) return;
  }
  let reviewed: ChangeRequest;
  try {
    reviewed = await deps.changes.markReviewed(context, job.changeRequestId);
  } catch (error) {
    const failure = reportableFailure(error, deps.logger);
    if (failure === undefined) throw error;
    await deps.replies.send(job.reply, job.actor.userId, failure);
    return;
  }
  // markReviewed succeeds once: one line in the thread.
  await postInThread(deps, reviewed, reviewLine(reviewed));
  await showOutcome(deps, reviewed, { notify: false });
  await deps.replies.send(
    job.reply,
    job.actor.userId,
    noticeMessage({ tone: 'success', title: `Break-glass change ${reviewed.id} is marked reviewed.` }),
  );
}

/**
 * Posts a new request in the approval channel (once: a retried job finds the message already
 * there), then tells the requester where it waits, with a link and a Cancel button.
 */
export async function publishRequest(
  deps: WorkerDependencies,
  request: ChangeRequest,
  context: ActorContext,
  viewId: string | undefined,
  module: ChangeModule,
): Promise<void> {
  const channel = deps.config.approvalChannel as string;
  const change = presentationOf(module);
  let message = request.message;
  if (message === undefined) {
    let posted: { ts?: string; channel?: string };
    try {
      const composed = changeRequestMessage({ request, change });
      posted = await deps.client.chat.postMessage({
        channel,
        ...composed,
        ...(request.breakGlass === true ? { text: breakGlassAnnouncement(request, deps.config.approvers) } : {}),
      });
    } catch (error) {
      const slackError = slackPlatformError(error);
      if (slackError === undefined || !CHANNEL_REFUSALS.has(slackError)) throw error;
      // Nobody could ever approve it: end the request now instead of letting it block the connector.
      deps.logger.error({ slackError, channel }, 'cannot post change requests in APPROVAL_CHANNEL');
      await deps.changes.abandon(
        request.id,
        'ApprovalChannelUnavailable',
        `Slack refused to post in the approval channel (${slackError}).`,
      );
      const notice = noticeMessage({
        tone: 'error',
        title: 'Your change request could not be posted for approval',
        body: `Slack answered \`${slackError}\` for the approval channel <#${channel}>: invite the bot there (or fix \`APPROVAL_CHANNEL\`), then submit again. Nothing was changed.`,
      });
      if (viewId !== undefined)
        await deps.client.views.update({
          view_id: viewId,
          view: resultModal({ title: module.title, message: notice }),
        });
      return;
    }
    if (posted.ts === undefined) throw new Error('chat.postMessage returned no ts');
    message = { channelId: posted.channel ?? channel, ts: posted.ts };
    await deps.changes.attachMessage(request.id, message);
  }
  const permalink = await deps.client.chat
    .getPermalink({ channel: message.channelId, message_ts: message.ts })
    .then((answer) => answer.permalink)
    .catch(() => undefined);
  const confirmation = changeRequestedConfirmation({ request, change, permalink, approvalChannel: message.channelId });
  if (viewId !== undefined) {
    await deps.client.views.update({
      view_id: viewId,
      view: resultModal({ title: module.title, message: confirmation }),
    });
  }
  // A redelivered submission (its first run died after this point) does not tell them twice.
  if (context.channelId !== undefined && request.requesterConfirmed !== true) {
    await deps.client.chat
      .postEphemeral({ channel: context.channelId, user: context.actor.userId, ...confirmation })
      .catch((error: unknown) => deps.logger.warn({ err: error }, 'could not post the requester confirmation'));
    await deps.changes
      .noteRequesterConfirmed(request.id)
      .catch((error: unknown) => deps.logger.warn({ err: error }, 'could not record the requester confirmation'));
  }
}

/** Approve (then apply), reject or cancel; every outcome updates the approval message in place. */
export async function runDecideJob(job: z.infer<typeof DecideJobSchema>, deps: WorkerDependencies): Promise<void> {
  await decide(job, deps);
  // Decided from the Home tab: re-render it, so the request leaves "waiting for you" (the Home view
  // is only ever published, never the target of a reply).
  if (job.source !== null && job.source !== undefined && 'surface' in job.source) {
    await publishHome(deps, job.actor).catch((error: unknown) =>
      deps.logger.warn({ err: error, changeRequestId: job.changeRequestId }, 'could not refresh the Home tab'),
    );
  }
}

/** A decision clicked on the Home tab gets its outcome by DM: no message of its own changes before the person's eyes. */
async function tellHomeDecider(
  job: z.infer<typeof DecideJobSchema>,
  deps: WorkerDependencies,
  request: ChangeRequest,
): Promise<void> {
  if (job.reply.kind !== 'dm') return;
  await deps.replies.send(job.reply, job.actor.userId, changeOutcomeNotice(request, presentationFor(deps, request)));
}

/**
 * The groups of the request's rule the person is in; `undefined` once someone the rule does not
 * list is refused (audited, and told why).
 */
async function eligibleApproverGroups(
  deps: WorkerDependencies,
  job: Pick<JobCommon, 'actor' | 'reply'>,
  context: ActorContext,
  action: AuditAction,
  request: ChangeRequest,
  rule: ApprovalRule,
): Promise<string[] | undefined> {
  const membership = await deps.access.membership(job.actor.userId, [...rule.approvers, ...rule.requireFrom]);
  if (membership.listed) return membership.groups;
  await deps.changes.recordRefusal(context, action, { request, reason: 'not-an-eligible-approver' });
  await deps.replies.send(
    job.reply,
    job.actor.userId,
    noticeMessage({
      tone: 'error',
      title: 'Not allowed',
      body: { mrkdwn: changeErrorText(new NotAnEligibleApproverError(request.id, rule.rule, rule.approvers)) },
    }),
  );
  return undefined;
}

/** What a refusal about a change request names: the request, and its connector when it is known. */
function requestTarget(changeRequestId: string, request: ChangeRequest | undefined) {
  return { voiceConnectorId: request?.voiceConnectorId, region: request?.region, changeRequestId };
}

async function decide(job: z.infer<typeof DecideJobSchema>, deps: WorkerDependencies): Promise<void> {
  const action =
    job.decision === 'approve' ? 'change.approve' : job.decision === 'reject' ? 'change.reject' : 'change.cancel';
  const permission = job.decision === 'cancel' ? 'request' : 'approve';
  const known = await deps.changes.get(job.changeRequestId);
  const target = requestTarget(job.changeRequestId, known);
  // The same job again (SQS redelivers it when a run failed late, or delivers it twice): the
  // decision it carried was taken, so it is not a new one. It finishes what its first run left
  // undone, if anything, and is otherwise silent: no audit entry, no message.
  if (known !== undefined && isOwnDecision(known, job) && (isFinal(known.status) || known.status === 'pending')) {
    // Pending: its approval is counted and the quorum still waits for others.
    if (isFinal(known.status) && known.outcomeAudited === false) {
      const { request } = await deps.changes.applyAndReport(known.id);
      // The first run stopped before telling anyone: the sweep did not either (it only audits).
      await showOutcome(deps, request, { notify: true, thread: true });
    } else {
      deps.logger.info(
        { changeRequestId: known.id, decision: job.decision },
        'redelivered decision already carried out',
      );
    }
    return;
  }
  // The requester is told the four-eyes rule itself, whether or not they are an approver.
  const selfDecision =
    known !== undefined && job.decision !== 'cancel'
      ? await deps.changes.selfDecision({ actor: job.actor, channelId: job.channelId }, known, job.decision)
      : undefined;
  if (selfDecision !== undefined) {
    await deps.replies.send(
      job.reply,
      job.actor.userId,
      noticeMessage({ tone: 'warning', title: 'Not done', body: selfDecision.message }),
    );
    return;
  }
  const context = await authorise(deps, job, permission, action, target);
  if (context === undefined) return;
  let approverGroups: string[] = [];
  if (job.decision !== 'cancel' && known?.approval !== undefined) {
    // Under a policy, the request's own rule says who may decide on it.
    const groups = await eligibleApproverGroups(deps, job, context, action, known, known.approval);
    if (groups === undefined) return;
    approverGroups = groups;
  }

  // A redelivered approval whose approve step already won goes straight on to the apply; a second
  // click (another interaction) is told the request was already approved.
  const resuming =
    job.decision === 'approve' &&
    known !== undefined &&
    (known.status === 'approved' || known.status === 'applying') &&
    isOwnDecision(known, job);

  // An approval or rejection counts only from the request's own approval message: a button
  // copied into another message, or a payload naming the request from elsewhere, decides nothing.
  if (
    !resuming &&
    job.decision !== 'cancel' &&
    known?.status === 'pending' &&
    !isFromApprovalMessage(job.source, known.message)
  ) {
    await deps.changes.recordRefusal(context, action, { request: known, reason: 'not-from-approval-message' });
    await deps.replies.send(job.reply, job.actor.userId, notFromApprovalMessage(known));
    return;
  }

  let decided: ChangeRequest;
  try {
    if (resuming && known !== undefined) decided = known;
    else if (job.decision === 'approve') {
      decided = await deps.changes.approve(
        context,
        job.changeRequestId,
        job.interactionId,
        job.acknowledgedRisks,
        approverGroups,
      );
    } else if (job.decision === 'reject')
      decided = await deps.changes.reject(context, job.changeRequestId, job.reason ?? '', job.interactionId);
    else decided = await deps.changes.cancel(context, job.changeRequestId, job.interactionId);
  } catch (error) {
    const failure = reportableFailure(error, deps.logger);
    if (failure === undefined) throw error;
    const current = await deps.changes.get(job.changeRequestId);
    if (job.decision === 'cancel' && error instanceof ChangeError && current !== undefined && isFinal(current.status)) {
      // Cancel lives on the requester's ephemeral confirmation, which Slack cannot update by itself:
      // a click after the request ended replaces it with how it ended, through the click's response_url.
      await deps.replies.send(
        job.reply,
        job.actor.userId,
        changeOutcomeNotice(current, presentationFor(deps, current)),
        {
          replaceOriginal: true,
        },
      );
      return;
    }
    await deps.replies.send(job.reply, job.actor.userId, failure);
    // An approval that found the request expired has just ended it: show that, and tell the
    // requester. Any other change of state was made, and told, by whoever made it.
    if (current !== undefined && current.status !== known?.status) {
      const endedNow = current.status === 'expired' && known?.status === 'pending';
      await showOutcome(deps, current, { notify: endedNow, thread: endedNow });
    }
    return;
  }
  // This run made the decision (a resumed approval was posted by the run that made it).
  await showOutcome(deps, decided, { thread: !resuming });
  if (job.decision === 'cancel') {
    await deps.replies.send(job.reply, job.actor.userId, changeOutcomeNotice(decided, presentationFor(deps, decided)), {
      replaceOriginal: true,
    });
    return;
  }
  if (job.decision === 'approve' && decided.status === 'pending') {
    // Counted, but the quorum is not complete: the message shows the progress; the approver is told.
    await deps.replies.send(job.reply, job.actor.userId, approvalRecordedNotice(decided));
    return;
  }
  if (decided.status !== 'approved' && decided.status !== 'applying') {
    await tellHomeDecider(job, deps, decided);
    return;
  }
  await tellHomeDecider(job, deps, await applyAndShow(deps, decided.id));
}

/**
 * A decision job that failed for good. When the decision itself was taken (an approval whose
 * apply or outcome audit could not be finished), the scheduled sweep finishes the request: the
 * approver is told so, in a direct message the sweep updates with the outcome. Returns false when
 * the generic "something went wrong" is the honest answer.
 */
export async function reportDecideFailure(
  job: z.infer<typeof DecideJobSchema>,
  deps: WorkerDependencies,
): Promise<boolean> {
  if (job.decision !== 'approve') return false;
  let request: ChangeRequest | undefined;
  try {
    request = await deps.changes.get(job.changeRequestId);
  } catch (error) {
    // The change table does not answer either: whether the approval was recorded is unknown.
    deps.logger.warn({ err: error, changeRequestId: job.changeRequestId }, 'could not read a request to report on');
    await deps.replies.send(job.reply, job.actor.userId, undecidedNotice(job.changeRequestId));
    return true;
  }
  if (request === undefined || !isOwnDecision(request, job)) return false;
  const sweepFinishes =
    request.status === 'approved' || request.status === 'applying' || request.outcomeAudited === false;
  if (!sweepFinishes) return false;

  const notice = (promiseUpdate: boolean) =>
    finishedBySweepNotice(request, presentationFor(deps, request), { promiseUpdate });
  let posted: { channel?: string; ts?: string } | undefined;
  try {
    posted = await deps.client.chat.postMessage({ channel: job.actor.userId, ...notice(true) });
  } catch (error) {
    deps.logger.warn({ err: error, changeRequestId: request.id }, 'could not message the approver directly');
  }
  if (posted?.ts === undefined || posted.channel === undefined) {
    // No message to update later: say it where the click came from, without that promise.
    await deps.replies.send(job.reply, job.actor.userId, notice(false));
    return true;
  }
  try {
    await deps.changes.attachFollowUp(request.id, { channelId: posted.channel, ts: posted.ts });
  } catch (error) {
    deps.logger.warn({ err: error, changeRequestId: request.id }, 'could not record the follow-up message');
    await deps.client.chat
      .update({ channel: posted.channel, ts: posted.ts, ...notice(false) })
      .catch((updateError: unknown) => deps.logger.warn({ err: updateError }, 'could not correct the follow-up'));
  }
  return true;
}

/**
 * "Approve despite risks": the approver clicked Approve on a request with a high risk; the modal
 * opened with the click is filled with the request's risks, read here (never from the click).
 */
export async function runReviewRisksJob(
  job: z.infer<typeof ReviewRisksJobSchema>,
  deps: WorkerDependencies,
): Promise<void> {
  const viewId = job.reply.kind === 'view' ? job.reply.viewId : undefined;
  if (viewId === undefined) throw new Error('review-risks needs a view to fill');
  const request = await deps.changes.get(job.changeRequestId);
  const context = await authorise(deps, job, 'approve', 'change.approve', requestTarget(job.changeRequestId, request));
  if (context === undefined) return;
  const title = 'Approve despite risks';
  const notDone = (body: string) =>
    deps.client.views.update({
      view_id: viewId,
      view: resultModal({ title, message: noticeMessage({ tone: 'warning', title: 'Not done', body }) }),
    });
  if (request === undefined) {
    await notDone(`Change request ${job.changeRequestId} was not found.`);
    return;
  }
  const selfDecision = await deps.changes.selfDecision(context, request, 'approve');
  if (selfDecision !== undefined) {
    await notDone(selfDecision.message);
    return;
  }
  if (request.status !== 'pending') {
    await notDone(`Change request ${request.id} is already ${request.status}.`);
    return;
  }
  if (!isFromApprovalMessage(job.source, request.message)) {
    await deps.changes.recordRefusal(context, 'change.approve', { request, reason: 'not-from-approval-message' });
    await deps.client.views.update({
      view_id: viewId,
      view: resultModal({ title, message: notFromApprovalMessage(request) }),
    });
    return;
  }
  const module = deps.registry.changeModule(request.kind);
  await deps.client.views.update({
    view_id: viewId,
    view: approveRisksModal({
      request,
      title: module.title,
      channelId: job.channelId,
      ts: sourceToken(job.source),
    }),
  });
}

/** Revert: a new request restoring what an applied change replaced. */
export async function runRevertJob(job: z.infer<typeof RevertJobSchema>, deps: WorkerDependencies): Promise<void> {
  const context = await authorise(deps, job, 'request', 'change.request', { changeRequestId: job.changeRequestId });
  if (context === undefined) return;
  const unavailable = changesUnavailableReason(deps.config);
  if (unavailable !== undefined) {
    await refuseUnconfigured(deps, job, context, unavailable, { changeRequestId: job.changeRequestId });
    return;
  }
  let request: ChangeRequest;
  try {
    ({ request } = await deps.changes.revert(
      context,
      job.changeRequestId,
      `revert:${job.changeRequestId}:${job.actor.userId}`,
    ));
  } catch (error) {
    const failure = reportableFailure(error, deps.logger);
    if (failure === undefined) throw error;
    await deps.replies.send(job.reply, job.actor.userId, failure);
    return;
  }
  await publishRequest(deps, request, context, undefined, deps.registry.changeModule(request.kind));
  await reviewByRevert(deps, context, job.changeRequestId);
}

/**
 * A revert of a break-glass change, asked for by an approver of its rule, is that change's review
 * (outcome `revert`). Anyone else's revert leaves the review open.
 */
async function reviewByRevert(deps: WorkerDependencies, context: ActorContext, id: string): Promise<void> {
  const original = await deps.changes.get(id);
  if (original?.review === undefined || original.review.reviewedBy !== undefined) return;
  if (original.requesterId === context.actor.userId) return;
  const rule = original.approval;
  const eligible =
    rule !== undefined
      ? (await deps.access.membership(context.actor.userId, [...rule.approvers, ...rule.requireFrom])).listed
      : (await deps.access.check(context.actor, 'approve')).allowed;
  if (!eligible) return;
  try {
    const reviewed = await deps.changes.markReviewed(context, id, 'revert');
    await postInThread(deps, reviewed, reviewLine(reviewed));
    await showOutcome(deps, reviewed, { notify: false });
  } catch (error) {
    deps.logger.warn({ err: error, changeRequestId: id }, 'could not record the revert as the review');
  }
}

/** Changes are off in this configuration: audited, and the person is told which variables to set. */
async function refuseUnconfigured(
  deps: WorkerDependencies,
  job: z.infer<typeof SubmitChangeJobSchema> | z.infer<typeof RevertJobSchema>,
  context: ActorContext,
  unavailable: string | undefined,
  target: { ref?: VoiceConnectorRef; changeRequestId?: string },
): Promise<void> {
  await deps.changes.recordRefusal(context, 'change.request', { ...target, reason: 'changes-not-configured' });
  await deps.replies.send(
    job.reply,
    job.actor.userId,
    noticeMessage({ tone: 'warning', title: 'Changes are not configured', body: unavailable }),
  );
}

function notFromApprovalMessage(request: ChangeRequest): SlackMessage {
  const where = request.message === undefined ? 'once it is posted' : `in <#${request.message.channelId}>`;
  return noticeMessage({
    tone: 'warning',
    title: 'Not done',
    body: {
      mrkdwn: `Change request ${request.id} is approved or rejected only from its own approval message ${where}. Nothing was changed.`,
    },
  });
}

/**
 * Whether a request's decision was taken by this very job (the click or form it carries, by the
 * same person), which makes the job a redelivery rather than a second click.
 */
function isOwnDecision(request: ChangeRequest, job: z.infer<typeof DecideJobSchema>): boolean {
  // Under a quorum every counted approval keeps its click, not only the one that completed it.
  const counted = request.approvals?.some(
    (approval) => approval.userId === job.actor.userId && approval.decisionId === job.interactionId,
  );
  if (job.decision === 'approve' && counted === true) return true;
  const decider = job.decision === 'approve' ? request.approverId : request.deciderId;
  return decider === job.actor.userId && request.decisionId === job.interactionId;
}

function presentationFor(deps: WorkerDependencies, request: ChangeRequest) {
  return presentationOf(deps.registry.changeModule(request.kind));
}

/**
 * Updates the approval message in place and, once the request has ended, tells the requester.
 * Best effort: a message Slack will not update (deleted, channel archived) must not stop an
 * approved change from being applied; the change table and the audit log stay the record.
 */
export async function showOutcome(
  deps: WorkerDependencies,
  request: ChangeRequest,
  options: { notify?: boolean; thread?: boolean } = {},
): Promise<void> {
  const change = presentationFor(deps, request);
  // The caller made this change of state: one line of history in the message's thread.
  if (options.thread === true) await postInThread(deps, request, historyLine(request));
  if (request.message !== undefined) {
    await deps.client.chat
      .update({
        channel: request.message.channelId,
        ts: request.message.ts,
        ...changeRequestMessage({ request, change }),
      })
      .catch((error: unknown) =>
        deps.logger.warn({ err: error, changeRequestId: request.id }, 'could not update the approval message'),
      );
  }
  if ((options.notify ?? true) && ['applied', 'failed', 'stale', 'rejected', 'expired'].includes(request.status)) {
    await notifyRequester(deps, request, changeOutcomeNotice(request, change));
  }
  // Someone was promised this request would be finished without them: it is, say how it ended.
  if (request.followUp !== undefined && isFinal(request.status) && request.outcomeAudited !== false) {
    await deps.client.chat
      .update({ channel: request.followUp.channelId, ts: request.followUp.ts, ...changeOutcomeNotice(request, change) })
      .catch((error: unknown) =>
        deps.logger.warn({ err: error, changeRequestId: request.id }, 'could not update the follow-up message'),
      );
  }
}

/**
 * One line of the request's history in its approval message's thread: a channel shows one message
 * per request, with what happened to it beneath. Best effort, like the message update.
 */
export async function postInThread(deps: WorkerDependencies, request: ChangeRequest, text: string): Promise<void> {
  if (request.message === undefined) return;
  await deps.client.chat
    .postMessage({ channel: request.message.channelId, thread_ts: request.message.ts, text })
    .catch((error: unknown) =>
      deps.logger.warn({ err: error, changeRequestId: request.id }, 'could not post in the request thread'),
    );
}

/**
 * The sweep's reminders: each pending request with ten minutes or less left gets one reply in its
 * thread, naming who it still waits for.
 */
export async function remindExpiringRequests(deps: WorkerDependencies): Promise<number> {
  const due = await deps.changes.dueForReminder();
  for (const request of due) await postInThread(deps, request, reminderLine(request));
  // Break-glass changes whose review is due within the hour, or overdue: reminded once, naming the rule's approvers.
  const unreviewed = await deps.changes.dueForReviewReminder();
  for (const request of unreviewed) await postInThread(deps, request, reviewReminderLine(request));
  return due.length + unreviewed.length;
}

async function notifyRequester(deps: WorkerDependencies, request: ChangeRequest, message: SlackMessage): Promise<void> {
  const channel = request.channelId ?? request.message?.channelId;
  if (channel === undefined) return;
  await deps.client.chat
    .postEphemeral({ channel, user: request.requesterId, ...message })
    .catch((error: unknown) =>
      deps.logger.warn({ err: error, changeRequestId: request.id }, 'could not notify the requester'),
    );
}
