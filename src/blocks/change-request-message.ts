import type { ActionsBlock, Button, KnownBlock } from '@slack/types';
import { quorumProgress, SINGLE_APPROVAL } from '../changes/approval-quorum';
import type { ChangeRequest, ChangeStatus } from '../changes/change-request';
import { type Risk, riskLevelOf } from '../changes/change-risk';
import { ActionId, BlockId } from './ids';
import { inlineCode, principalMention, slackDate, userMention } from './slack-formatting';
import {
  contextBlock,
  escapeMrkdwn,
  headerBlock,
  plainText,
  SlackLimit,
  sectionBlock,
  truncateMrkdwn,
} from './slack-limits';
import { composeMessage, type SlackMessage } from './slack-message';

/**
 * How a change kind appears in the messages of its requests: the title, the diff, what the
 * connector shows after an apply, and whether it offers Revert. Built by the change kind's
 * operation (`src/operations/<kind>/`), from stored values it has checked.
 */
export interface ChangePresentation {
  /** "Origination change". */
  title: string;
  icon: string;
  diffBlocks(request: ChangeRequest): KnownBlock[];
  /** What the connector shows after the apply; `[]` when unknown. */
  resultBlocks(request: ChangeRequest): KnownBlock[];
  /** The Revert button's confirmation text, for a kind that can be reverted. */
  revertConfirmation?: string;
}

const STATUS_LABEL: Record<ChangeStatus, string> = {
  pending: '⏳ Waiting for approval',
  approved: '👍 Approved, applying…',
  applying: '⚙️ Applying…',
  applied: '✅ Applied',
  failed: '❌ Failed',
  rejected: '🚫 Rejected',
  cancelled: '↩️ Cancelled by the requester',
  expired: '⌛ Expired',
  stale: '⚠️ Stale: the connector changed, nothing was applied',
};

/**
 * The approval message in `APPROVAL_CHANNEL`, in every state of the request: who asks, why,
 * which connector, a readable diff, and Approve/Reject (with confirmation dialogs) while it is
 * pending. Once decided it is updated in place: buttons removed, outcome shown; an applied
 * change of a kind that can be reverted offers Revert. Never shows a password.
 *
 * @example
 * changeRequestMessage({ request, change: originationPresentation });
 */
export function changeRequestMessage(model: { request: ChangeRequest; change: ChangePresentation }): SlackMessage {
  const { request, change } = model;
  const title = `${change.title} request ${request.id}`;
  const blocks: KnownBlock[] = [
    headerBlock(`${request.breakGlass === true ? '🚨' : change.icon} ${title}`),
    {
      type: 'section',
      fields: [
        { type: 'mrkdwn', text: `*Requested by*\n${userMention(request.requesterId)}` },
        {
          type: 'mrkdwn',
          text: `*Voice connector*\n${inlineCode(request.voiceConnectorId)} · ${request.region}`,
        },
        { type: 'mrkdwn', text: `*Status*\n${statusLabel(request)}` },
        {
          type: 'mrkdwn',
          text:
            request.status === 'pending'
              ? `*Approve before*\n${slackDate(new Date(request.expiresAt))}`
              : `*Requested*\n${slackDate(new Date(request.createdAt))}`,
        },
      ],
    },
    sectionBlock(
      truncateMrkdwn(`*Justification*\n>${escapeMrkdwn(request.justification).replace(/\n/g, '\n>')}`, 1500),
    ),
  ];
  if (request.revertOf) blocks.push(contextBlock([`Reverts ${escapeMrkdwn(request.revertOf)}.`]));
  const breakGlass = breakGlassLine(request);
  if (breakGlass !== undefined) blocks.push(sectionBlock(truncateMrkdwn(breakGlass, 2500)));
  const rule = policyRuleLine(request);
  if (rule !== undefined) blocks.push(contextBlock([truncateMrkdwn(rule, 1900)]));
  blocks.push({ type: 'divider' }, ...change.diffBlocks(request));
  if ((request.risks ?? []).length > 0) blocks.push(risksBlock(request.risks ?? []));
  const progress = approvalProgressLine(request);
  if (progress !== undefined) blocks.push(sectionBlock(truncateMrkdwn(progress, 2500)));
  const freeze = freezeLine(request);
  if (freeze !== undefined) blocks.push(sectionBlock(truncateMrkdwn(freeze, 2500)));

  const outcome = outcomeLine(request);
  if (outcome) blocks.push({ type: 'divider' }, sectionBlock(truncateMrkdwn(outcome, 2500)));
  if (request.status === 'applied') blocks.push(...change.resultBlocks(request));

  const actions = actionsFor(request, change);
  if (actions) blocks.push(actions);
  return composeMessage(
    `${request.breakGlass === true ? '🚨 BREAK GLASS · ' : ''}${title}: ${statusLabel(request)}`,
    blocks,
  );
}

/**
 * Which rule of the approval policy applied and why, and what it asks for; nothing without a policy.
 *
 * @example
 * // "Policy rule *contact-centre* (rule 1 of the policy) applies: connector abc… is listed; its highest
 * //  risk is high. It needs 2 approvals from <@U0BOB>, <!subteam^S0VOICE>, at least one from <!subteam^S0SECURITY>."
 */
export function policyRuleLine(request: Pick<ChangeRequest, 'approval'>): string | undefined {
  const rule = request.approval;
  if (rule?.rule === undefined) return undefined;
  const position = rule.position !== undefined ? ` (rule ${rule.position} of the policy)` : '';
  const why = rule.why !== undefined ? `: ${escapeMrkdwn(rule.why)}` : '';
  const from = rule.approvers.map(principalMention).join(', ');
  const required =
    rule.requireFrom.length > 0
      ? `, at least one from ${rule.requireFrom.map(principalMention).join(' and one from ')}`
      : '';
  const approvals = rule.needed === 1 ? 'one approval' : `${rule.needed} approvals from different people`;
  return `📜 Policy rule *${escapeMrkdwn(rule.rule)}*${position} applies${why}. It needs ${approvals} from ${from}${required}; the requester never counts.`;
}

/**
 * "1 of 2 approvals: <@U0BOB> ✓ · waiting for one from <!subteam^S0SECURITY>", while the request
 * needs more than one approval (or has some); nothing for a plain single approval.
 */
export function approvalProgressLine(
  request: Pick<ChangeRequest, 'approval' | 'approvals' | 'status' | 'breakGlass'>,
): string | undefined {
  const rule = request.approval ?? SINGLE_APPROVAL;
  const approvals = request.approvals ?? [];
  if ((rule.needed === 1 && rule.requireFrom.length === 0) || request.breakGlass === true) return undefined;
  const progress = quorumProgress(rule, approvals);
  const who = approvals.map((approval) => `${userMention(approval.userId)} ✓`);
  const parts = [`*${progress.count} of ${progress.needed} approvals*${who.length > 0 ? `: ${who.join(' · ')}` : ''}`];
  if (request.status === 'pending') {
    const missing = progress.missingGroups.map((group) => `one from ${principalMention(group)}`);
    const others = Math.max(progress.needed - progress.count - progress.missingGroups.length, 0);
    if (others > 0) missing.push(others === 1 ? 'one more' : `${others} more`);
    if (missing.length > 0) parts.push(`waiting for ${missing.join(' and ')}`);
  }
  return parts.join(' · ');
}

/**
 * A change freeze, in the words of the request's state: while pending, what will happen once it
 * is approved; while approved, that it waits and until when; a break-glass apply that went ahead.
 */
export function freezeLine(request: Pick<ChangeRequest, 'freeze' | 'status'>): string | undefined {
  const freeze = request.freeze;
  if (freeze === undefined) return undefined;
  const what = `${freeze.source === 'calendar' ? 'the Change Calendar' : 'the change freeze'} *${escapeMrkdwn(freeze.name)}*`;
  const until = freeze.until !== undefined ? ` until ${slackDate(new Date(freeze.until))}` : '';
  if (freeze.effect === 'break-glass') {
    return `🧊 Applied by break-glass during ${what}${until}.`;
  }
  if (request.status === 'pending') {
    return freeze.effect === 'hold'
      ? `🧊 ${capitalise(what)} is in effect${until}: once approved, this change waits and is applied after the freeze.`
      : `🧊 ${capitalise(what)} is in effect${until}: the policy refuses to apply changes during a freeze.`;
  }
  if (request.status === 'approved' && freeze.effect === 'hold') {
    return `🧊 *Held:* ${what} is in effect${until}. Approved, not applied: the first sweep after the freeze applies it, unless the connector has changed meanwhile. It does not expire while it waits.`;
  }
  return undefined;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * The fallback text of a break-glass change's message: it mentions the approvers (of the change's
 * rule, or `APPROVERS`), so that Slack notifies them at once.
 */
export function breakGlassAnnouncement(
  request: Pick<ChangeRequest, 'id' | 'requesterId' | 'voiceConnectorId' | 'approval'>,
  approvers: { userIds: readonly string[]; groupIds: readonly string[] },
): string {
  const ids =
    request.approval !== undefined && request.approval.approvers.length > 0
      ? request.approval.approvers
      : [...approvers.userIds, ...approvers.groupIds];
  return `🚨 BREAK GLASS: ${userMention(request.requesterId)} is applying ${request.id} to ${request.voiceConnectorId} without approval. ${ids.map(principalMention).join(' ')} please review it.`;
}

/** The break-glass banner and the state of its review. */
function breakGlassLine(request: ChangeRequest): string | undefined {
  if (request.breakGlass !== true) return undefined;
  const review = request.review;
  const state =
    review?.reviewedBy !== undefined
      ? `✅ Reviewed by ${userMention(review.reviewedBy)}${review.reviewedAt !== undefined ? ` ${slackDate(new Date(review.reviewedAt))}` : ''}${review.outcome === 'revert' ? ', who asked for a revert' : ''}.`
      : review !== undefined
        ? `Not reviewed yet: an approver must mark it reviewed or request a revert before ${slackDate(new Date(review.dueAt))}.`
        : '';
  return `🚨 *Break glass:* ${userMention(request.requesterId)} applied this without waiting for approval. ${state}`;
}

/** The one reminder, ten minutes before a pending request expires. */
export function reminderLine(request: ChangeRequest): string {
  const progress = approvalProgressLine(request);
  return `⏰ ${request.id} expires ${slackDate(new Date(request.expiresAt))} and is still waiting for approval.${progress ? ` ${progress}` : ''}`;
}

/** What an approver is told when their approval was counted but more are needed. */
export function approvalRecordedNotice(request: ChangeRequest): SlackMessage {
  const progress = approvalProgressLine(request) ?? '';
  return composeMessage(`Your approval of ${request.id} is recorded`, [
    sectionBlock(
      truncateMrkdwn(
        `👍 Your approval of *${request.id}* is recorded; nothing is applied until the quorum is complete.\n${progress}`,
        2900,
      ),
    ),
  ]);
}

function statusLabel(request: Pick<ChangeRequest, 'status' | 'freeze'>): string {
  return request.status === 'approved' && request.freeze?.effect === 'hold'
    ? '🧊 Approved, held by a change freeze'
    : STATUS_LABEL[request.status];
}

function outcomeLine(request: ChangeRequest): string | undefined {
  const approvers = (request.approvals ?? []).map((approval) => approval.userId);
  const approver =
    request.breakGlass === true
      ? ` by break-glass (${userMention(request.requesterId)}, without waiting for approval)`
      : approvers.length > 1
        ? ` by ${approvers.map(userMention).join(' and ')}`
        : request.approverId
          ? ` by ${userMention(request.approverId)}`
          : '';
  const error = request.errorMessage ? `\n${escapeMrkdwn(request.errorMessage)}` : '';
  const awsError = request.errorName ? ` (${escapeMrkdwn(request.errorName)})` : '';
  switch (request.status) {
    case 'approved':
      return request.freeze?.effect === 'hold'
        ? `👍 Approved${approver}. Waiting for the change freeze to end.`
        : `👍 Approved${approver}. Applying…`;
    case 'applying':
      return `👍 Approved${approver}. Applying…`;
    case 'applied':
      return `✅ Approved${approver} and applied ${slackDate(new Date(request.updatedAt))}.${error}`;
    case 'failed':
      return `❌ Approved${approver}, but the change failed${awsError}. Nothing further will be tried.${error}`;
    case 'stale':
      return `⚠️ Approved${approver}, but the connector changed after the request was made, so nothing was applied. Open the form again to start from the current settings.`;
    case 'rejected':
      return `🚫 Rejected by ${request.deciderId ? userMention(request.deciderId) : 'an approver'}: ${escapeMrkdwn(request.reason ?? '')}`;
    case 'cancelled':
      return '↩️ Cancelled by the requester. Nothing was changed.';
    case 'expired':
      return '⌛ Expired before anyone decided. Nothing was changed.';
    case 'pending':
      return undefined;
  }
}

/** The Risks section: each risk with its level in words (the emoji alone would not do). */
export function risksBlock(risks: readonly Risk[]): KnownBlock {
  const lines = risks.map(
    (risk) => `${risk.level === 'high' ? '🔴 *High risk:*' : '🟠 *Warning:*'} ${escapeMrkdwn(risk.summary)}`,
  );
  return sectionBlock(truncateMrkdwn(`*Risks*\n${lines.join('\n')}`, SlackLimit.SectionText));
}

/**
 * Approve and Reject of a pending request, as the approval message and the Home tab show them: a
 * request with a high risk has no one-click Approve, only "Approve despite risks…", whose modal
 * lists every risk. `blockId` must be unique in its view (the Home tab lists several requests).
 */
export function decisionActions(
  request: ChangeRequest,
  changeTitle: string,
  blockId: string = BlockId.ChangeActions,
): ActionsBlock | undefined {
  if (request.status === 'pending' && riskLevelOf(request.risks ?? []) === 'high') {
    // No one-click approval: the approver first sees every risk in a modal, whose submit approves.
    const approve: Button = {
      type: 'button',
      action_id: ActionId.ApproveDespiteRisks,
      text: plainText('Approve despite risks…'),
      style: 'danger',
      value: request.id,
    };
    return { type: 'actions', block_id: blockId, elements: [approve, rejectButton(request)] };
  }
  if (request.status === 'pending') {
    const approve: Button = {
      type: 'button',
      action_id: ActionId.Approve,
      text: plainText('Approve'),
      style: 'primary',
      value: request.id,
      confirm: {
        title: plainText('Approve this change?'),
        text: plainText(
          (request.approval?.needed ?? 1) > 1
            ? `${changeTitle} ${request.id} needs ${request.approval?.needed} approvals; it is applied to ${request.voiceConnectorId} when the last one is given.`
            : `${changeTitle} ${request.id} will be applied to ${request.voiceConnectorId} at once.`,
          SlackLimit.ConfirmText,
        ),
        confirm: plainText((request.approval?.needed ?? 1) > 1 ? 'Approve' : 'Approve and apply'),
        deny: plainText('Not yet'),
      },
    };
    return { type: 'actions', block_id: blockId, elements: [approve, rejectButton(request)] };
  }
  return undefined;
}

function actionsFor(request: ChangeRequest, change: ChangePresentation): ActionsBlock | undefined {
  if (request.status === 'pending') return decisionActions(request, change.title);
  const reviewPending =
    request.breakGlass === true && request.review !== undefined && request.review.reviewedBy === undefined;
  const revertible = request.status === 'applied' && change.revertConfirmation !== undefined;
  const ended = request.status === 'applied' || request.status === 'failed' || request.status === 'stale';
  if (revertible || (reviewPending && ended)) {
    const review: Button[] = reviewPending
      ? [
          {
            type: 'button',
            action_id: ActionId.MarkReviewed,
            text: plainText('Mark reviewed'),
            style: 'primary',
            value: request.id,
          },
        ]
      : [];
    if (!revertible || change.revertConfirmation === undefined) {
      return { type: 'actions', block_id: BlockId.ChangeActions, elements: review };
    }
    return {
      type: 'actions',
      block_id: BlockId.ChangeActions,
      elements: [
        ...review,
        {
          type: 'button',
          action_id: ActionId.Revert,
          text: plainText('Revert'),
          value: request.id,
          confirm: {
            title: plainText('Request a revert?'),
            text: plainText(change.revertConfirmation, SlackLimit.ConfirmText),
            confirm: plainText('Request revert'),
            deny: plainText('Back'),
          },
        },
      ],
    };
  }
  return undefined;
}

function rejectButton(request: ChangeRequest): Button {
  return {
    type: 'button',
    action_id: ActionId.Reject,
    text: plainText('Reject'),
    style: 'danger',
    value: request.id,
    confirm: {
      title: plainText('Reject this change?'),
      text: plainText('You will be asked for a reason; the requester sees it.'),
      confirm: plainText('Reject'),
      deny: plainText('Back'),
    },
  };
}

/**
 * The requester's ephemeral confirmation: where the request waits, a link to it and a Cancel button.
 */
export function changeRequestedConfirmation(model: {
  request: ChangeRequest;
  change: ChangePresentation;
  permalink?: string;
  approvalChannel: string;
}): SlackMessage {
  const { request } = model;
  const elements: Button[] = [];
  if (model.permalink) {
    elements.push({
      type: 'button',
      action_id: ActionId.OpenLink,
      text: plainText('Open request'),
      url: model.permalink,
    });
  }
  elements.push({
    type: 'button',
    action_id: ActionId.Cancel,
    text: plainText('Cancel request'),
    value: request.id,
    confirm: {
      title: plainText('Cancel this request?'),
      text: plainText(`${request.id} will be withdrawn; nothing will change.`),
      confirm: plainText('Cancel request'),
      deny: plainText('Keep it'),
    },
  });
  return composeMessage(`Change request ${request.id} is waiting for approval`, [
    sectionBlock(
      `📝 Your ${model.change.title.toLowerCase()} request *${request.id}* for ${inlineCode(request.voiceConnectorId)} is waiting for approval in <#${model.approvalChannel}>. ${
        request.approval?.rule !== undefined
          ? `Under policy rule *${escapeMrkdwn(request.approval.rule)}* it needs ${request.approval.needed === 1 ? 'one approval' : `${request.approval.needed} approvals`}, none of them yours,`
          : 'Someone in the approvers list other than you must approve it'
      } before ${slackDate(new Date(request.expiresAt))}.`,
    ),
    { type: 'actions', elements },
  ]);
}

/**
 * What an approver is told when their approval was recorded but the bot could not finish the
 * request in their job (the change table or the audit log stopped answering half-way): the
 * scheduled sweep finishes it. Sent as a direct message that the sweep updates with the outcome
 * (`promiseUpdate`), or, where no such message could be kept, without that promise.
 *
 * @example
 * finishedBySweepNotice(request, { title: 'Origination change' }, { promiseUpdate: true });
 * // "Change request CR-… is approved; the bot will finish it automatically"
 */
export function finishedBySweepNotice(
  request: ChangeRequest,
  change: ChangePresentation,
  options: { promiseUpdate: boolean },
): SlackMessage {
  const state =
    request.status === 'approved' || request.status === 'applying'
      ? 'Your approval is recorded, but the bot could not finish applying it.'
      : `It ended as *${STATUS_LABEL[request.status]}*, but the bot could not finish recording that in the audit log.`;
  const next = options.promiseUpdate
    ? 'This message will be updated when it is done, and the requester will be told.'
    : 'The approval message shows the outcome when it is done, and the requester will be told.';
  return composeMessage(`Change request ${request.id} is approved; the bot will finish it automatically`, [
    sectionBlock(
      truncateMrkdwn(
        `*${change.title} request ${request.id}* for ${inlineCode(request.voiceConnectorId)}\n${state} ` +
          `The scheduled sweep will finish it automatically within a few minutes (re-reading the connector, never applying twice), ` +
          `and it will then be listed in the audit log (\`/chime audit ${request.voiceConnectorId}\`). Do not approve it again. ${next}`,
        2900,
      ),
    ),
  ]);
}

/**
 * An approval job that failed while the change table did not answer: whether the approval was
 * recorded is unknown, and the message says only what is true either way.
 */
export function undecidedNotice(changeRequestId: string): SlackMessage {
  return composeMessage(`Change request ${changeRequestId}: your decision could not be confirmed`, [
    sectionBlock(
      truncateMrkdwn(
        `*Change request ${changeRequestId}*: the bot's database did not answer, so it cannot tell whether your approval was recorded. ` +
          'If it was, the scheduled sweep finishes the change automatically within a few minutes and lists it in the audit log (`/chime audit`); ' +
          'the approval message shows the outcome. If the message still shows Approve in a few minutes, click it again.',
        2900,
      ),
    ),
  ]);
}

/** What the requester is told when their request ends. */
export function changeOutcomeNotice(request: ChangeRequest, change: ChangePresentation): SlackMessage {
  const line = outcomeLine(request) ?? STATUS_LABEL[request.status];
  return composeMessage(`Change request ${request.id}: ${STATUS_LABEL[request.status]}`, [
    sectionBlock(
      truncateMrkdwn(
        `*${change.title} request ${request.id}* for ${inlineCode(request.voiceConnectorId)}\n${line}`,
        2900,
      ),
    ),
  ]);
}

/**
 * One line of a request's history, for its approval message's thread: the state it just reached.
 * Names and the requester's or rejecter's own words only; never a value from the change itself.
 */
export function historyLine(request: ChangeRequest): string {
  switch (request.status) {
    case 'pending': {
      const last = request.approvals?.at(-1);
      const progress = approvalProgressLine(request);
      return `👍 ${last !== undefined ? `${userMention(last.userId)} approved` : 'Approval recorded'}.${progress ? ` ${progress}` : ''}`;
    }
    case 'approved':
    case 'applying':
      // A freeze found when the request was made may have ended before it was approved: not held then.
      if (
        request.freeze?.effect === 'hold' &&
        !(request.freeze.until !== undefined && request.freeze.until <= request.updatedAt)
      ) {
        const until = request.freeze.until !== undefined ? ` until ${slackDate(new Date(request.freeze.until))}` : '';
        return `🧊 Approved, held by the change freeze ${request.freeze.name}${until}; it is applied after the freeze.`;
      }
      return `👍 Approved${request.approverId !== undefined ? ` by ${userMention(request.approverId)}` : ''}; applying.`;
    case 'applied':
      return '✅ Applied.';
    case 'failed':
      return `❌ Failed${request.errorName !== undefined ? ` (${request.errorName})` : ''}: nothing more is applied.`;
    case 'stale':
      return `${STATUS_LABEL.stale}.`;
    case 'rejected': {
      const by = request.deciderId !== undefined ? ` by ${userMention(request.deciderId)}` : '';
      const reason = request.reason !== undefined && request.reason !== '' ? `: ${request.reason.slice(0, 500)}` : '.';
      return `🚫 Rejected${by}${reason}`;
    }
    case 'cancelled':
      return '↩️ Cancelled by the requester.';
    case 'expired':
      return '⌛ Expired without the approvals it needed.';
  }
}

/** The review of a break-glass change, in its thread: marked reviewed, or a revert opened as the review. */
export function reviewLine(request: ChangeRequest): string {
  const by = request.review?.reviewedBy !== undefined ? ` by ${userMention(request.review.reviewedBy)}` : '';
  return request.review?.outcome === 'revert' ? `🔎 Reviewed${by}: a revert was requested.` : `🔎 Reviewed${by}.`;
}

/** The one reminder that a break-glass change still waits for its after-the-fact review. */
export function reviewReminderLine(request: ChangeRequest): string {
  const approvers = request.approval?.approvers ?? [];
  const who = approvers.length > 0 ? `${approvers.map(principalMention).join(', ')}: ` : '';
  const due = request.review !== undefined ? slackDate(new Date(request.review.dueAt)) : 'soon';
  return `⏰ ${who}break-glass change ${request.id} is not reviewed yet; its review is due ${due}. Mark it reviewed or request a revert.`;
}
