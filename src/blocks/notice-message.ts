import { escapeMrkdwn, sectionBlock, truncate } from './slack-limits';
import { composeMessage, type SlackMessage } from './slack-message';

export type NoticeTone = 'error' | 'warning' | 'info' | 'success';

export interface NoticeMessageModel {
  tone: NoticeTone;
  /** One short sentence, plain text (escaped here). */
  title: string;
  /**
   * More detail. A string is plain text and escaped here (an AWS message, a reason someone typed);
   * `{ mrkdwn }` is finished markup from the caller, who must escape any value inside it.
   */
  body?: string | { mrkdwn: string };
}

const TONE_EMOJI: Record<NoticeTone, string> = {
  error: '❌',
  warning: '⚠️',
  info: 'ℹ️',
  success: '✅',
};

/** Long enough for an AWS error message; short enough to stay a notice. */
const BODY_MAX = 1500;
const TITLE_MAX = 300;

/**
 * A short message about an outcome: an error, a refusal, "working on it", a success.
 *
 * @example
 * noticeMessage({ tone: 'error', title: 'Voice connector abc was not found in us-east-1.' });
 * noticeMessage({ tone: 'info', title: 'Looking up the termination settings…' });
 */
export function noticeMessage(model: NoticeMessageModel): SlackMessage {
  const emoji = TONE_EMOJI[model.tone];
  const title = truncate(model.title.trim(), TITLE_MAX);
  const body = noticeBody(model.body);
  const text = `${emoji} *${escapeMrkdwn(title)}*${body ? `\n${body}` : ''}`;
  const plainBody = typeof model.body === 'string' ? model.body.trim() : '';
  return composeMessage(truncate(`${title}${plainBody ? ` ${plainBody}` : ''}`, TITLE_MAX + BODY_MAX), [
    sectionBlock(text),
  ]);
}

function noticeBody(body: NoticeMessageModel['body']): string {
  if (body === undefined) return '';
  if (typeof body === 'string') return escapeMrkdwn(truncate(body.trim(), BODY_MAX));
  return body.mrkdwn.trim();
}
