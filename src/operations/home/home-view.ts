import type { HomeView, KnownBlock } from '@slack/types';
import type { AuditEntry } from '../../audit/audit-entry';
import { approvalProgressLine, decisionActions } from '../../blocks/change-request-message';
import { inlineCode, slackDate, userMention } from '../../blocks/slack-formatting';
import { contextBlock, headerBlock, plainText, sectionBlock, truncateMrkdwn } from '../../blocks/slack-limits';
import type { ChangeRequest } from '../../changes/change-request';
import { HomeActionId } from './ids';

/**
 * Each list shows at most this many. Budget (a Home tab holds 100 blocks): header 1, "waiting for
 * you" 1 + 15 × 2 (the request and its Approve/Reject) + 1, two more lists 2 × (1 + 15 + 1),
 * recent changes 1 + 5, three dividers, one footer: 78.
 */
const PER_LIST = 15;
/** Slack's limit on the blocks of a Home tab. */
const HOME_TAB_BLOCKS = 100;

/** An applied change, from the audit log, with its request when it could be read. */
export interface RecentChange {
  entry: AuditEntry;
  request: ChangeRequest | undefined;
}

export interface HomeModel {
  waitingForYou: readonly ChangeRequest[];
  yourOpenRequests: readonly ChangeRequest[];
  unreviewed: readonly ChangeRequest[];
  /** The newest applied changes of the workspace, newest first. */
  recentChanges?: readonly RecentChange[];
  /** Links to each request's approval message, by request id. */
  permalinks: ReadonlyMap<string, string>;
  now: number;
}

/**
 * The bot's Home tab: what waits for this person (requests they may approve), their own open
 * requests, and break-glass changes waiting for review, each with a link to its message.
 *
 * @example
 * homeView({ waitingForYou: [request], yourOpenRequests: [], unreviewed: [], permalinks: new Map(), now: Date.now() });
 */
export function homeView(model: HomeModel): HomeView {
  const blocks: KnownBlock[] = [
    headerBlock('Chime voice ops'),
    ...list('Waiting for your approval', model.waitingForYou, model, 'Nothing waits for you.', true),
    { type: 'divider' },
    ...list('Your open requests', model.yourOpenRequests, model, 'You have no open request.'),
    { type: 'divider' },
    ...list('Break-glass changes waiting for review', model.unreviewed, model, 'None.'),
    { type: 'divider' },
    ...recent(model.recentChanges ?? [], model),
    contextBlock([`Updated ${slackDate(new Date(model.now))}.`]),
  ];
  return { type: 'home', blocks: blocks.slice(0, HOME_TAB_BLOCKS) };
}

function recent(changes: readonly RecentChange[], model: HomeModel): KnownBlock[] {
  const blocks: KnownBlock[] = [sectionBlock('*Recent changes on connectors*')];
  if (changes.length === 0) return [...blocks, contextBlock(['No change applied lately.'])];
  for (const { entry, request } of changes) {
    const id = entry.changeRequestId ?? request?.id;
    const kind = request?.kind ?? 'change';
    const connector = entry.voiceConnectorId ?? request?.voiceConnectorId;
    const approver =
      request?.approverId ?? (typeof entry.details?.approverId === 'string' ? entry.details.approverId : undefined);
    const who =
      request !== undefined ? `by ${userMention(request.requesterId)}` : `by ${userMention(entry.actorUserId)}`;
    const text = truncateMrkdwn(
      `${id !== undefined ? `*${id}* · ` : ''}${kind}${connector !== undefined ? ` on ${inlineCode(connector)}` : ''} · ${who}${approver !== undefined ? `, approved by ${userMention(approver)}` : ''}${request?.breakGlass === true ? ' · break-glass' : ''} · applied ${slackDate(new Date(entry.time))}`,
      2900,
    );
    blocks.push(linked(text, id === undefined ? undefined : model.permalinks.get(id)));
  }
  return blocks;
}

function linked(text: string, link: string | undefined): KnownBlock {
  return link === undefined
    ? sectionBlock(text)
    : {
        type: 'section',
        text: { type: 'mrkdwn', text },
        accessory: { type: 'button', action_id: HomeActionId.OpenRequest, text: plainText('Open request'), url: link },
      };
}

function list(
  title: string,
  requests: readonly ChangeRequest[],
  model: HomeModel,
  empty: string,
  decide = false,
): KnownBlock[] {
  const blocks: KnownBlock[] = [sectionBlock(`*${title}* (${requests.length})`)];
  if (requests.length === 0) return [...blocks, contextBlock([empty])];
  for (const request of requests.slice(0, PER_LIST)) {
    const progress = approvalProgressLine(request);
    const due =
      request.status === 'pending'
        ? `approve before ${slackDate(new Date(request.expiresAt))}`
        : request.review !== undefined
          ? `review due ${slackDate(new Date(request.review.dueAt))}`
          : request.status;
    const text = truncateMrkdwn(
      `*${request.id}* · ${request.kind} on ${inlineCode(request.voiceConnectorId)} · by ${userMention(request.requesterId)} · ${due}${progress ? `\n${progress}` : ''}`,
      2900,
    );
    blocks.push(linked(text, model.permalinks.get(request.id)));
    // The same buttons (action ids, "Approve despite risks" for a high risk) as the approval message.
    const actions = decide ? decisionActions(request, request.kind, `home_decide_${request.id}`) : undefined;
    if (actions !== undefined) blocks.push(actions);
  }
  if (requests.length > PER_LIST) blocks.push(contextBlock([`…and ${requests.length - PER_LIST} more.`]));
  return blocks;
}
