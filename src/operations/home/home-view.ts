import type { HomeView, KnownBlock } from '@slack/types';
import { approvalProgressLine } from '../../blocks/change-request-message';
import { inlineCode, slackDate, userMention } from '../../blocks/slack-formatting';
import { contextBlock, headerBlock, plainText, sectionBlock, truncateMrkdwn } from '../../blocks/slack-limits';
import type { ChangeRequest } from '../../changes/change-request';
import { HomeActionId } from './ids';

/** Each list shows at most this many: three lists and their headings stay far inside a Home tab's 100 blocks. */
const PER_LIST = 15;

export interface HomeModel {
  waitingForYou: readonly ChangeRequest[];
  yourOpenRequests: readonly ChangeRequest[];
  unreviewed: readonly ChangeRequest[];
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
    ...list('Waiting for your approval', model.waitingForYou, model, 'Nothing waits for you.'),
    { type: 'divider' },
    ...list('Your open requests', model.yourOpenRequests, model, 'You have no open request.'),
    { type: 'divider' },
    ...list('Break-glass changes waiting for review', model.unreviewed, model, 'None.'),
    contextBlock([`Updated ${slackDate(new Date(model.now))}. Decide on a request from its message.`]),
  ];
  return { type: 'home', blocks: blocks.slice(0, 100) };
}

function list(title: string, requests: readonly ChangeRequest[], model: HomeModel, empty: string): KnownBlock[] {
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
    const link = model.permalinks.get(request.id);
    blocks.push(
      link === undefined
        ? sectionBlock(text)
        : {
            type: 'section',
            text: { type: 'mrkdwn', text },
            accessory: {
              type: 'button',
              action_id: HomeActionId.OpenRequest,
              text: plainText('Open request'),
              url: link,
            },
          },
    );
  }
  if (requests.length > PER_LIST) blocks.push(contextBlock([`…and ${requests.length - PER_LIST} more.`]));
  return blocks;
}
