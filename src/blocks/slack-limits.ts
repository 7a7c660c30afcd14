import type { ContextBlock, HeaderBlock, MrkdwnElement, PlainTextElement, SectionBlock } from '@slack/types';

/**
 * Slack's Block Kit limits (`shared/notes/slack.md`), in characters unless the name says otherwise.
 * Builders truncate or split to stay within them; `test/support/block-kit-limits.ts` asserts them.
 */
export const SlackLimit = {
  MessageBlocks: 50,
  ModalBlocks: 100,
  /**
   * The sum of every text in a message's blocks. Slack answers `msg_blocks_too_long` near 13k characters
   * (block containers count too, and rejections below 12k have been reported), so keep a wide margin.
   */
  MessageTotalText: 10_000,
  /** The fallback `text` beside the blocks: Slack accepts far more, but it is read in notifications. */
  MessageFallbackText: 3000,
  /** About 250 kB for a whole view (`view_too_large`). */
  ViewPayloadBytes: 250_000,
  /** Any text object (section text, context elements) when nothing stricter applies. */
  TextObject: 3000,
  SectionText: 3000,
  SectionFields: 10,
  SectionFieldText: 2000,
  HeaderText: 150,
  ContextElements: 10,
  ActionsElements: 25,
  InputLabel: 2000,
  InputHint: 2000,
  ButtonText: 75,
  ButtonValue: 2000,
  ButtonUrl: 3000,
  ConfirmTitle: 100,
  ConfirmText: 300,
  ConfirmButton: 30,
  OptionText: 75,
  OptionValue: 75,
  OptionDescription: 75,
  SelectOptions: 100,
  SelectOptionGroups: 100,
  /** `block_id`, `action_id` and `callback_id`. */
  Id: 255,
  ModalTitle: 24,
  ModalSubmit: 24,
  ModalClose: 24,
  PrivateMetadata: 3000,
  PlainTextInputLength: 3000,
  Placeholder: 150,
} as const;

const ELLIPSIS = '…';

/** Length in code points, so that an emoji or a non-BMP character counts once, as people read it. */
export function characterCount(text: string): number {
  let count = 0;
  for (const _ of text) count += 1;
  return count;
}

/**
 * Cuts `text` to at most `max` code points, ending in an ellipsis when anything was removed.
 *
 * @example
 * truncate('eu-central-1 is a region', 10); // 'eu-centra…'
 */
export function truncate(text: string, max: number): string {
  return truncateWith(text, max, (kept) => kept);
}

/**
 * Like {@link truncate}, for mrkdwn: never leaves half an entity (`&am…`) or an unclosed
 * `<…>` token (a mention, a link, a date), which Slack would show as garbage or refuse.
 */
export function truncateMrkdwn(text: string, max: number): string {
  return truncateWith(text, max, (kept) => kept.replace(/&[a-z#0-9]*$/i, '').replace(/<[^>]*$/, ''));
}

/** The cut both truncations make; `tidy` drops what must not end the kept part. */
function truncateWith(text: string, max: number, tidy: (kept: string) => string): string {
  if (characterCount(text) <= max) return text;
  if (max <= 1) return ELLIPSIS.slice(0, Math.max(max, 0));
  const kept = Array.from(text)
    .slice(0, max - 1)
    .join('');
  return `${tidy(kept).trimEnd()}${ELLIPSIS}`;
}

/**
 * Escapes the three characters Slack gives a meaning in mrkdwn. Use it on every value that a
 * person or AWS supplied before putting it in mrkdwn text.
 *
 * @example
 * escapeMrkdwn('<script> & co'); // '&lt;script&gt; &amp; co'
 */
export function escapeMrkdwn(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

export interface FittedList {
  text: string;
  shown: number;
  omitted: number;
}

/**
 * Joins as many items as fit in `maxChars` (in order) and says how many were left out.
 * Items are taken as finished mrkdwn (escape them first); none is cut in half.
 *
 * @example
 * fitList(['`10.0.0.0/24`', '`10.0.1.0/24`', '`10.0.2.0/24`'], { maxChars: 40 }).text;
 * // '`10.0.0.0/24`, `10.0.1.0/24`, … and 1 more'
 */
export function fitList(items: readonly string[], options: { maxChars: number; separator?: string }): FittedList {
  const separator = options.separator ?? ', ';
  const total = items.length;
  // The suffix is sized for the largest count it could name, so adding it can never overflow.
  const suffixReserve = characterCount(`${separator}${moreSuffix(total)}`);
  const pieces: string[] = [];
  let length = 0;
  for (const [index, item] of items.entries()) {
    const added = characterCount(item) + (pieces.length > 0 ? characterCount(separator) : 0);
    const isLast = index === total - 1;
    const room = isLast ? options.maxChars : options.maxChars - suffixReserve;
    if (length + added > room) break;
    pieces.push(item);
    length += added;
  }
  const omitted = total - pieces.length;
  if (omitted === 0) return { text: pieces.join(separator), shown: pieces.length, omitted };
  if (pieces.length === 0) {
    const noun = total === 1 ? 'item' : 'items';
    return { text: truncate(`${total} ${noun}, too long to show here`, options.maxChars), shown: 0, omitted };
  }
  return { text: `${pieces.join(separator)}${separator}${moreSuffix(omitted)}`, shown: pieces.length, omitted };
}

function moreSuffix(count: number): string {
  return `${ELLIPSIS} and ${count} more`;
}

/**
 * Packs whole lines into chunks of at most `maxCharsPerChunk` (each chunk becomes one section),
 * stopping when `maxChunks` or `maxTotalChars` would be exceeded. A line longer than a chunk is truncated.
 */
export function packLines(
  lines: readonly string[],
  limits: { maxCharsPerChunk: number; maxChunks: number; maxTotalChars: number },
): { chunks: string[]; omitted: number } {
  const chunks: string[] = [];
  let current = '';
  let total = 0;
  let taken = 0;
  for (const rawLine of lines) {
    const line = truncateMrkdwn(rawLine, limits.maxCharsPerChunk);
    // One more for the newline that joins it to the previous line.
    const lineLength = characterCount(line) + 1;
    if (total + lineLength > limits.maxTotalChars) break;
    if (current === '') {
      if (chunks.length >= limits.maxChunks) break;
      current = line;
    } else if (characterCount(current) + lineLength <= limits.maxCharsPerChunk) {
      current = `${current}\n${line}`;
    } else {
      chunks.push(current);
      if (chunks.length >= limits.maxChunks) {
        current = '';
        break;
      }
      current = line;
    }
    total += lineLength;
    taken += 1;
  }
  if (current !== '') chunks.push(current);
  return { chunks, omitted: lines.length - taken };
}

/** Slack refuses empty text objects; a lone em dash keeps a block valid when a value is blank. */
function nonEmpty(text: string): string {
  return text.trim() === '' ? '—' : text;
}

export function plainText(text: string, max: number = SlackLimit.TextObject): PlainTextElement {
  return { type: 'plain_text', text: truncate(nonEmpty(text), max), emoji: true };
}

export function mrkdwn(text: string, max: number = SlackLimit.TextObject): MrkdwnElement {
  return { type: 'mrkdwn', text: truncateMrkdwn(nonEmpty(text), max) };
}

export function headerBlock(text: string): HeaderBlock {
  return { type: 'header', text: plainText(text, SlackLimit.HeaderText) };
}

/** A mrkdwn section, cut to Slack's 3000 characters. */
export function sectionBlock(text: string, blockId?: string): SectionBlock {
  return {
    type: 'section',
    ...(blockId === undefined ? {} : { block_id: blockId }),
    text: mrkdwn(text, SlackLimit.SectionText),
  };
}

/** Two-column fields, as many sections as needed for ten fields each, every field cut to 2000. */
export function fieldSections(fields: readonly string[]): SectionBlock[] {
  const sections: SectionBlock[] = [];
  for (let start = 0; start < fields.length; start += SlackLimit.SectionFields) {
    sections.push({
      type: 'section',
      fields: fields
        .slice(start, start + SlackLimit.SectionFields)
        .map((field) => mrkdwn(field, SlackLimit.SectionFieldText)),
    });
  }
  return sections;
}

/** A context line; elements beyond Slack's ten are merged into the tenth. */
export function contextBlock(elements: readonly string[]): ContextBlock {
  const kept = elements.slice(0, SlackLimit.ContextElements - 1);
  const rest = elements.slice(SlackLimit.ContextElements - 1);
  if (rest.length > 0) kept.push(rest.join(' · '));
  return { type: 'context', elements: kept.map((element) => mrkdwn(element)) };
}
