import type { ActorContext } from '../../access/actor-context';
import {
  changeOutcomeNotice,
  changeRequestedConfirmation,
  changeRequestMessage,
} from '../../blocks/change-request-message';
import { credentialsModal } from '../../blocks/credentials-modal';
import { noticeMessage } from '../../blocks/notice-message';
import { originationModal, routeInput } from '../../blocks/origination-modal';
import { resultModal } from '../../blocks/result-modal';
import type { SlackMessage } from '../../blocks/slack-message';
import { ApplyInProgressError, type ChangeRequest } from '../../changes/change-request';
import { MAX_ORIGINATION_ROUTES } from '../../changes/change-rules';
import { snapshotHash } from '../../changes/change-service';
import type { VoiceConnectorRef } from '../../chime/voice-connector';
import { type JobOf, RetryableJobError } from '../../jobs/job';
import { changesUnavailableReason } from '../change-availability';
import { reportableFailure } from '../failure-message';
import { authorise } from './authorise';
import type { WorkerDependencies } from './worker-dependencies';

/** What Slack answers when the bot may not post in a channel. */
const CHANNEL_REFUSALS = new Set(['not_in_channel', 'channel_not_found', 'is_archived', 'restricted_action']);

function slackErrorCode(error: unknown): string | undefined {
  const data = (error as { code?: string; data?: { error?: unknown } } | undefined) ?? {};
  return data.code === 'slack_webapi_platform_error' && typeof data.data?.error === 'string'
    ? data.data.error
    : undefined;
}

/** Opening a change form: check access, read the connector (audited), fill the loading modal. */
export async function runOpenChangeJob(job: JobOf<'open-change'>, deps: WorkerDependencies): Promise<void> {
  const { ref } = job;
  const action = job.change === 'origination' ? 'read.origination' : 'read.credentials';
  const context = await authorise(deps, job, 'request', action, ref);
  if (context === undefined) return;
  const title = job.change === 'origination' ? 'Origination change' : 'Credentials change';
  const viewId = job.reply.kind === 'view' ? job.reply.viewId : undefined;
  if (viewId === undefined) throw new Error('open-change needs a view to fill');

  try {
    const openRequestId = await deps.changes.openRequestId(ref.voiceConnectorId, job.change);
    if (job.change === 'origination') {
      const origination = await deps.reads.origination(context, ref);
      if (origination.routes.length > MAX_ORIGINATION_ROUTES) {
        // Set outside the bot: the form could show the routes but never submit them.
        const message = noticeMessage({
          tone: 'warning',
          title: `This connector has ${origination.routes.length} origination routes`,
          body: `The change form edits at most ${MAX_ORIGINATION_ROUTES} (AWS's documented limit per connector). Reduce the routes outside the bot first; \`${deps.config.slack.command} audit ${ref.voiceConnectorId}\` shows who looked at it.`,
        });
        await deps.client.views.update({ view_id: viewId, view: resultModal({ title, message }) });
        return;
      }
      const rowKeys = origination.routes.map((_, index) => index.toString(36));
      await deps.client.views.update({
        view_id: viewId,
        view: originationModal({
          ref,
          metadata: {
            c: ref.voiceConnectorId,
            r: ref.region,
            ch: job.channelId,
            h: snapshotHash({ kind: 'origination', origination }),
            k: rowKeys,
            n: rowKeys.length,
          },
          initialRoutes: Object.fromEntries(
            origination.routes.map((route, index) => [index.toString(36), routeInput(route)]),
          ),
          disabled: origination.disabled,
          openRequestId,
        }),
      });
    } else {
      const usernames = await deps.reads.credentialUsernames(context, ref);
      await deps.client.views.update({
        view_id: viewId,
        view: credentialsModal({
          ref,
          metadata: {
            c: ref.voiceConnectorId,
            r: ref.region,
            ch: job.channelId,
            h: snapshotHash({ kind: 'credentials', credentials: { usernames } }),
            k: ['0'],
            n: 1,
          },
          existingUsernames: usernames,
          openRequestId,
        }),
      });
    }
  } catch (error) {
    const failure = reportableFailure(error, deps.logger);
    if (failure === undefined) throw error;
    await deps.client.views.update({ view_id: viewId, view: resultModal({ title, message: failure }) });
  }
}

/** A submitted form: file the request, post it for approval, confirm to the requester. */
export async function runSubmitChangeJob(job: JobOf<'submit-change'>, deps: WorkerDependencies): Promise<void> {
  const kind = job.proposal.kind;
  const title = kind === 'origination' ? 'Origination change' : 'Credentials change';
  const context = await authorise(deps, job, 'request', 'change.request', job.ref);
  if (context === undefined) return;
  const unavailable = changesUnavailableReason(deps.config, kind);
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
      proposal:
        job.proposal.kind === 'origination'
          ? { kind: 'origination', origination: job.proposal.origination }
          : { kind: 'credentials', credentials: { usernames: job.proposal.usernames } },
      sealedCredentials: job.proposal.kind === 'credentials' ? job.proposal.sealed : undefined,
      submissionKey,
      revertOf: job.revertOf,
    }));
  } catch (error) {
    const failure = reportableFailure(error, deps.logger);
    if (failure === undefined) throw error;
    await deps.replies.send(job.reply, job.actor.userId, failure);
    return;
  }
  await publishRequest(deps, request, context, job.reply.kind === 'view' ? job.reply.viewId : undefined, title);
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
  title: string,
): Promise<void> {
  const channel = deps.config.approvalChannel as string;
  let message = request.message;
  if (message === undefined) {
    let posted: { ts?: string; channel?: string };
    try {
      posted = await deps.client.chat.postMessage({ channel, ...changeRequestMessage({ request }) });
    } catch (error) {
      const slackError = slackErrorCode(error);
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
        await deps.client.views.update({ view_id: viewId, view: resultModal({ title, message: notice }) });
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
  const confirmation = changeRequestedConfirmation({ request, permalink, approvalChannel: message.channelId });
  if (viewId !== undefined) {
    await deps.client.views.update({ view_id: viewId, view: resultModal({ title, message: confirmation }) });
  }
  if (context.channelId !== undefined) {
    await deps.client.chat
      .postEphemeral({ channel: context.channelId, user: context.actor.userId, ...confirmation })
      .catch((error: unknown) => deps.logger.warn({ err: error }, 'could not post the requester confirmation'));
  }
}

/** Approve (then apply), reject or cancel; every outcome updates the approval message in place. */
export async function runDecideJob(job: JobOf<'decide'>, deps: WorkerDependencies): Promise<void> {
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
  if (known !== undefined && known.requesterId === job.actor.userId && job.decision !== 'cancel') {
    await deps.changes.recordRefusal({ actor: job.actor, channelId: job.channelId }, action, {
      request: known,
      reason: 'self-approval',
    });
    const verb = job.decision === 'approve' ? 'approve' : 'reject';
    await deps.replies.send(
      job.reply,
      job.actor.userId,
      noticeMessage({
        tone: 'warning',
        title: 'Not done',
        body:
          verb === 'approve'
            ? 'You asked for this change, so someone else has to approve it.'
            : 'You asked for this change: cancel it from your confirmation instead of rejecting it.',
      }),
    );
    return;
  }
  const context = await authorise(deps, job, permission, action, target);
  if (context === undefined) return;

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
      decided = await deps.changes.approve(context, job.changeRequestId, job.interactionId);
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
    await deps.replies.send(job.reply, job.actor.userId, changeOutcomeNotice(decided), { replaceOriginal: true });
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

/** Revert: a new request restoring what an applied origination change replaced. */
export async function runRevertJob(job: JobOf<'revert'>, deps: WorkerDependencies): Promise<void> {
  const context = await authorise(deps, job, 'request', 'change.request', { changeRequestId: job.changeRequestId });
  if (context === undefined) return;
  const unavailable = changesUnavailableReason(deps.config, 'origination');
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
  await publishRequest(deps, request, context, undefined, 'Origination change');
}

/** Changes are off in this configuration: audited, and the person is told which variables to set. */
async function refuseUnconfigured(
  deps: WorkerDependencies,
  job: JobOf<'submit-change'> | JobOf<'revert'>,
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
  if (request.message !== undefined) {
    await deps.client.chat
      .update({ channel: request.message.channelId, ts: request.message.ts, ...changeRequestMessage({ request }) })
      .catch((error: unknown) =>
        deps.logger.warn({ err: error, changeRequestId: request.id }, 'could not update the approval message'),
      );
  }
  if ((options.notify ?? true) && ['applied', 'failed', 'stale', 'rejected', 'expired'].includes(request.status)) {
    await notifyRequester(deps, request, changeOutcomeNotice(request));
  }
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
