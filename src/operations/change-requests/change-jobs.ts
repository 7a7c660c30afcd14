import type { ModalView } from '@slack/types';
import type { z } from 'zod';
import type { ActorContext } from '../../access/actor-context';
import { approveRisksModal } from '../../blocks/approve-risks-modal';
import { changeErrorText } from '../../blocks/change-errors';
import {
  approvalRecordedNotice,
  breakGlassAnnouncement,
  changeOutcomeNotice,
  changeRequestedConfirmation,
  changeRequestMessage,
  reminderLine,
} from '../../blocks/change-request-message';
import { noticeMessage } from '../../blocks/notice-message';
import { resultModal } from '../../blocks/result-modal';
import type { SlackMessage } from '../../blocks/slack-message';
import { ApplyInProgressError, type ChangeRequest, NotAnEligibleApproverError } from '../../changes/change-request';
import type { VoiceConnectorRef } from '../../chime/voice-connector';
import { changesUnavailableReason } from '../../handlers/change-availability';
import { reportableFailure } from '../../handlers/failure-message';
import { authorise } from '../../handlers/jobs/authorise';
import type { WorkerDependencies } from '../../handlers/jobs/worker-dependencies';
import { RetryableJobError } from '../../jobs/job';
import { slackPlatformError } from '../../slack/slack-platform-error';
import type { ChangeModule } from '../operation';
import { presentationOf } from './change-presentation';
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
    let outcome: { request: ChangeRequest; finishedNow: boolean };
    try {
      outcome = await deps.changes.applyAndReport(request.id);
    } catch (error) {
      if (error instanceof ApplyInProgressError) throw new RetryableJobError(error.message, { cause: error });
      throw error;
    }
    await showOutcome(deps, outcome.request, { notify: outcome.finishedNow });
  }
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
  const context = await authorise(deps, job, 'approve', 'change.review', {
    voiceConnectorId: known?.voiceConnectorId,
    region: known?.region,
    changeRequestId: job.changeRequestId,
  });
  if (context === undefined) return;
  if (known?.approval !== undefined) {
    const membership = await deps.access.membership(job.actor.userId, [
      ...known.approval.approvers,
      ...known.approval.requireFrom,
    ]);
    if (!membership.listed) {
      await deps.changes.recordRefusal(context, 'change.review', {
        request: known,
        reason: 'not-an-eligible-approver',
      });
      await deps.replies.send(
        job.reply,
        job.actor.userId,
        noticeMessage({
          tone: 'error',
          title: 'Not allowed',
          body: {
            mrkdwn: changeErrorText(
              new NotAnEligibleApproverError(known.id, known.approval.rule, known.approval.approvers),
            ),
          },
        }),
      );
      return;
    }
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
async function publishRequest(
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
  if (context.channelId !== undefined) {
    await deps.client.chat
      .postEphemeral({ channel: context.channelId, user: context.actor.userId, ...confirmation })
      .catch((error: unknown) => deps.logger.warn({ err: error }, 'could not post the requester confirmation'));
  }
}

/** Approve (then apply), reject or cancel; every outcome updates the approval message in place. */
export async function runDecideJob(job: z.infer<typeof DecideJobSchema>, deps: WorkerDependencies): Promise<void> {
  const action =
    job.decision === 'approve' ? 'change.approve' : job.decision === 'reject' ? 'change.reject' : 'change.cancel';
  const permission = job.decision === 'cancel' ? 'request' : 'approve';
  const known = await deps.changes.get(job.changeRequestId);
  const target = {
    voiceConnectorId: known?.voiceConnectorId,
    region: known?.region,
    changeRequestId: job.changeRequestId,
  };
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
    const rule = known.approval;
    const membership = await deps.access.membership(job.actor.userId, [...rule.approvers, ...rule.requireFrom]);
    if (!membership.listed) {
      await deps.changes.recordRefusal(context, action, { request: known, reason: 'not-an-eligible-approver' });
      await deps.replies.send(
        job.reply,
        job.actor.userId,
        noticeMessage({
          tone: 'error',
          title: 'Not allowed',
          body: { mrkdwn: changeErrorText(new NotAnEligibleApproverError(known.id, rule.rule, rule.approvers)) },
        }),
      );
      return;
    }
    approverGroups = membership.groups;
  }

  // A redelivered approval whose approve step already won goes straight on to the apply; a second
  // click (another interaction) is told the request was already approved.
  const resuming =
    job.decision === 'approve' &&
    known !== undefined &&
    (known.status === 'approved' || known.status === 'applying') &&
    known.approverId === job.actor.userId &&
    known.decisionId === job.interactionId;

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
      decided = await deps.changes.reject(context, job.changeRequestId, job.reason ?? '');
    else decided = await deps.changes.cancel(context, job.changeRequestId);
  } catch (error) {
    const failure = reportableFailure(error, deps.logger);
    if (failure === undefined) throw error;
    await deps.replies.send(job.reply, job.actor.userId, failure);
    // An approval that found the request expired has just ended it: show that, and tell the
    // requester. Any other change of state was made, and told, by whoever made it.
    const current = await deps.changes.get(job.changeRequestId);
    if (current !== undefined && current.status !== known?.status) {
      await showOutcome(deps, current, { notify: current.status === 'expired' && known?.status === 'pending' });
    }
    return;
  }
  await showOutcome(deps, decided);
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
  if (decided.status !== 'approved' && decided.status !== 'applying') return;

  let outcome: { request: ChangeRequest; finishedNow: boolean };
  try {
    outcome = await deps.changes.applyAndReport(decided.id);
  } catch (error) {
    if (error instanceof ApplyInProgressError) throw new RetryableJobError(error.message, { cause: error });
    throw error;
  }
  // Only the worker that finished the request tells the requester; a duplicate just refreshes.
  await showOutcome(deps, outcome.request, { notify: outcome.finishedNow });
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
  const context = await authorise(deps, job, 'approve', 'change.approve', {
    voiceConnectorId: request?.voiceConnectorId,
    region: request?.region,
    changeRequestId: job.changeRequestId,
  });
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
  const module = deps.registry.changeModule(request.kind);
  await deps.client.views.update({
    view_id: viewId,
    view: approveRisksModal({ request, title: module.title, channelId: job.channelId }),
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
  options: { notify?: boolean } = {},
): Promise<void> {
  const change = presentationFor(deps, request);
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
  return due.length;
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
