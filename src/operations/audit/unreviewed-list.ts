import type { KnownBlock } from '@slack/types';
import { inlineCode, slackDate, userMention } from '../../blocks/slack-formatting';
import { escapeMrkdwn, sectionBlock, truncateMrkdwn } from '../../blocks/slack-limits';
import { composeMessage, type SlackMessage } from '../../blocks/slack-message';
import type { ChangeRequest } from '../../changes/change-request';

/** At most this many changes, one section each: well inside a message's 50 blocks. */
const MAX_LISTED = 40;

/**
 * `/chime audit --unreviewed`: break-glass changes no approver has reviewed yet, oldest due
 * first, each with who applied it, its justification, its outcome and when its review is (or was) due.
 *
 * @example
 * unreviewedMessage([request], Date.now());
 */
export function unreviewedMessage(requests: readonly ChangeRequest[], now: number): SlackMessage {
  if (requests.length === 0) {
    return composeMessage('No break-glass change is waiting for review', [
      sectionBlock('✅ No break-glass change is waiting for review.'),
    ]);
  }
  const blocks: KnownBlock[] = [
    sectionBlock(
      `🚨 *${requests.length} break-glass ${requests.length === 1 ? 'change is' : 'changes are'} waiting for review* (oldest due first). An approver marks each one reviewed on its message.`,
    ),
  ];
  for (const request of requests.slice(0, MAX_LISTED)) {
    const due = request.review?.dueAt ?? request.createdAt;
    const overdue = due < now ? ' *(overdue)*' : '';
    blocks.push(
      sectionBlock(
        truncateMrkdwn(
          `*${request.id}* · ${request.kind} on ${inlineCode(request.voiceConnectorId)} · ${request.status} · by ${userMention(request.requesterId)} ${slackDate(new Date(request.createdAt))}\nReview due ${slackDate(new Date(due))}${overdue}\n>${escapeMrkdwn(request.justification).replace(/\n/g, '\n>')}`,
          2900,
        ),
      ),
    );
  }
  return composeMessage(`${requests.length} break-glass changes waiting for review`, blocks);
}
