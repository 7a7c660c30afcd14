import type { KnownBlock } from '@slack/types';
import { characterCount, contextBlock, escapeMrkdwn, SlackLimit, truncate } from './slack-limits';

/**
 * A message as every builder returns it: blocks, and the plain `text` that notifications and
 * screen readers use instead of them. Pass both to `respond`, `chat.postMessage` or `chat.update`.
 */
export interface SlackMessage {
  text: string;
  blocks: KnownBlock[];
}

const CUT_NOTE = '_Part of this message was left out to stay within Slack’s limits._';

/** The sum of every `text` string in the blocks, the measure behind `msg_blocks_too_long`. */
export function blocksTextLength(value: unknown): number {
  if (Array.isArray(value)) return value.reduce((sum: number, item) => sum + blocksTextLength(item), 0);
  if (value === null || typeof value !== 'object') return 0;
  let sum = 0;
  for (const [key, item] of Object.entries(value)) {
    sum += key === 'text' && typeof item === 'string' ? characterCount(item) : blocksTextLength(item);
  }
  return sum;
}

/**
 * The last guard of every message builder: a non-empty fallback of bounded length (plain text:
 * it is escaped here, because Slack reads markup in it too), at most 50
 * blocks, and a total text Slack accepts. Builders size their content to fit; should one not,
 * trailing blocks are dropped with a note rather than letting Slack refuse the whole message.
 *
 * @example
 * composeMessage('Termination of abc', [headerBlock('Termination'), sectionBlock('*CPS limit* 1')]);
 */
export function composeMessage(text: string, blocks: readonly KnownBlock[]): SlackMessage {
  const plain = text.trim() === '' ? 'Chime voice connector bot' : text.trim();
  const fallback = escapeMrkdwn(truncate(plain, SlackLimit.MessageFallbackText));
  const fits = (candidate: readonly KnownBlock[]) =>
    candidate.length <= SlackLimit.MessageBlocks && blocksTextLength(candidate) <= SlackLimit.MessageTotalText;
  if (fits(blocks)) return { text: fallback, blocks: [...blocks] };

  const note = contextBlock([CUT_NOTE]);
  const kept = blocks.slice(0, SlackLimit.MessageBlocks - 1);
  while (kept.length > 0 && !fits([...kept, note])) kept.pop();
  return { text: fallback, blocks: [...kept, note] };
}
