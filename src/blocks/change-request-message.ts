import type { ActionsBlock, Button, KnownBlock } from '@slack/types';
import { diffCredentials, diffOrigination } from '../changes/change-diff';
import type { ChangeRequest, ChangeStatus } from '../changes/change-request';
import type { Origination, OriginationRoute } from '../chime/voice-connector';
import { codeList } from './code-list';
import { ActionId, BlockId } from './ids';
import { countOf, inlineCode, slackDate, userMention } from './slack-formatting';
import {
  contextBlock,
  escapeMrkdwn,
  headerBlock,
  packLines,
  plainText,
  SlackLimit,
  sectionBlock,
  truncateMrkdwn,
} from './slack-limits';
import { composeMessage, type SlackMessage } from './slack-message';

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

const KIND_TITLE = { origination: 'Origination change', credentials: 'Credentials change' } as const;

/**
 * The approval message in `APPROVAL_CHANNEL`, in every state of the request: who asks, why,
 * which connector, a readable diff, and Approve/Reject (with confirmation dialogs) while it is
 * pending. Once decided it is updated in place: buttons removed, outcome shown; an applied
 * origination change offers Revert. Never shows a password.
 *
 * @example
 * changeRequestMessage({ request, now: Date.now() });
 */
export function changeRequestMessage(model: { request: ChangeRequest }): SlackMessage {
  const { request } = model;
  const title = `${KIND_TITLE[request.kind]} request ${request.id}`;
  const blocks: KnownBlock[] = [
    headerBlock(`${request.kind === 'origination' ? '🔀' : '🔑'} ${title}`),
    {
      type: 'section',
      fields: [
        { type: 'mrkdwn', text: `*Requested by*\n${userMention(request.requesterId)}` },
        {
          type: 'mrkdwn',
          text: `*Voice connector*\n${inlineCode(request.voiceConnectorId)} · ${request.region}`,
        },
        { type: 'mrkdwn', text: `*Status*\n${STATUS_LABEL[request.status]}` },
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
  blocks.push({ type: 'divider' }, ...diffBlocks(request));

  const outcome = outcomeLine(request);
  if (outcome) blocks.push({ type: 'divider' }, sectionBlock(truncateMrkdwn(outcome, 2500)));
  if (request.status === 'applied' && request.after) {
    blocks.push(sectionBlock(truncateMrkdwn(`*Configuration now*\n${routeLines(request.after).join('\n')}`, 2500)));
  }
  if (request.status === 'applied' && request.afterUsernames) {
    blocks.push(codeList('Usernames now', request.afterUsernames, { noun: 'username' }));
  }

  const actions = actionsFor(request);
  if (actions) blocks.push(actions);
  return composeMessage(`${title}: ${STATUS_LABEL[request.status]}`, blocks);
}

function diffBlocks(request: ChangeRequest): KnownBlock[] {
  if (request.proposed.kind === 'credentials' && request.before.kind === 'credentials') {
    const diff = diffCredentials(request.before.credentials, request.proposed.credentials);
    const lines = [
      diff.added.length > 0 ? `➕ *Usernames added:* ${diff.added.map(inlineCode).join(', ')}` : undefined,
      diff.replaced.length > 0 ? `🔁 *Passwords replaced:* ${diff.replaced.map(inlineCode).join(', ')}` : undefined,
      diff.kept.length > 0 ? `· Unchanged: ${countOf(diff.kept.length, 'username')}` : undefined,
    ].filter((line): line is string => line !== undefined);
    return [
      sectionBlock(truncateMrkdwn(`*Changes*\n${lines.join('\n')}`, 2800)),
      contextBlock(['🔒 Passwords are encrypted until applied and never shown.']),
    ];
  }
  if (request.proposed.kind !== 'origination' || request.before.kind !== 'origination') return [];
  const diff = diffOrigination(request.before.origination, request.proposed.origination);
  const lines: string[] = [];
  if (diff.disabled) {
    lines.push(`🔌 *Disabled:* ${diff.disabled.from ? 'Yes' : 'No'} → *${diff.disabled.to ? 'Yes' : 'No'}*`);
  }
  for (const route of diff.added) lines.push(`➕ *Added* ${routeText(route)}`);
  for (const route of diff.removed) lines.push(`➖ *Removed* ${routeText(route)}`);
  for (const change of diff.changed) {
    const fields = change.fields.map((field) => `${field.field} ${field.from} → *${field.to}*`).join(', ');
    lines.push(`✏️ *Changed* ${inlineCode(change.host)}: ${fields}`);
  }
  if (diff.unchanged.length > 0) lines.push(`· Unchanged: ${countOf(diff.unchanged.length, 'route')}`);
  const { chunks, omitted } = packLines(['*Changes*', ...lines], {
    maxCharsPerChunk: SlackLimit.SectionText,
    maxChunks: 3,
    maxTotalChars: 6000,
  });
  const blocks: KnownBlock[] = chunks.map((chunk) => sectionBlock(chunk));
  if (omitted > 0) blocks.push(contextBlock([`… and ${omitted} more lines`]));
  return blocks;
}

function routeText(route: OriginationRoute): string {
  return `${inlineCode(`${route.host}:${route.port}`)} ${route.protocol} · priority ${route.priority} · weight ${route.weight}`;
}

function routeLines(origination: Origination): string[] {
  const lines = origination.routes.map((route) => `• ${routeText(route)}`);
  if (lines.length === 0) lines.push('_no routes_');
  lines.push(`Disabled: ${origination.disabled ? 'Yes' : 'No'}`);
  return lines;
}

function outcomeLine(request: ChangeRequest): string | undefined {
  const approver = request.approverId ? ` by ${userMention(request.approverId)}` : '';
  const error = request.errorMessage ? `\n${escapeMrkdwn(request.errorMessage)}` : '';
  const awsError = request.errorName ? ` (${escapeMrkdwn(request.errorName)})` : '';
  switch (request.status) {
    case 'approved':
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

function actionsFor(request: ChangeRequest): ActionsBlock | undefined {
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
          `${KIND_TITLE[request.kind]} ${request.id} will be applied to ${request.voiceConnectorId} at once.`,
          SlackLimit.ConfirmText,
        ),
        confirm: plainText('Approve and apply'),
        deny: plainText('Not yet'),
      },
    };
    const reject: Button = {
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
    return { type: 'actions', block_id: BlockId.ChangeActions, elements: [approve, reject] };
  }
  if (request.status === 'applied' && request.kind === 'origination') {
    return {
      type: 'actions',
      block_id: BlockId.ChangeActions,
      elements: [
        {
          type: 'button',
          action_id: ActionId.Revert,
          text: plainText('Revert'),
          value: request.id,
          confirm: {
            title: plainText('Request a revert?'),
            text: plainText(
              'This opens a new change request restoring the routes from before this change. It needs approval like any other.',
            ),
            confirm: plainText('Request revert'),
            deny: plainText('Back'),
          },
        },
      ],
    };
  }
  return undefined;
}

/**
 * The requester's ephemeral confirmation: where the request waits, a link to it and a Cancel button.
 */
export function changeRequestedConfirmation(model: {
  request: ChangeRequest;
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
      `📝 Your ${KIND_TITLE[request.kind].toLowerCase()} request *${request.id}* for ${inlineCode(request.voiceConnectorId)} is waiting for approval in <#${model.approvalChannel}>. Someone in the approvers list other than you must approve it before ${slackDate(new Date(request.expiresAt))}.`,
    ),
    { type: 'actions', elements },
  ]);
}

/** What the requester is told when their request ends. */
export function changeOutcomeNotice(request: ChangeRequest): SlackMessage {
  const line = outcomeLine(request) ?? STATUS_LABEL[request.status];
  return composeMessage(`Change request ${request.id}: ${STATUS_LABEL[request.status]}`, [
    sectionBlock(
      truncateMrkdwn(
        `*${KIND_TITLE[request.kind]} request ${request.id}* for ${inlineCode(request.voiceConnectorId)}\n${line}`,
        2900,
      ),
    ),
  ]);
}
