import { escapeMrkdwn } from './slack-limits';

/** Shown wherever AWS returned no value for a field. */
export const NOT_SET = '_not set_';

const SLACK_USER_ID = /^[UW][A-Z0-9]{2,}$/;

/**
 * A value in inline code, escaped; backticks inside would end the span early, so they become quotes.
 *
 * @example
 * inlineCode('10.0.0.0/24'); // '`10.0.0.0/24`'
 */
export function inlineCode(value: string): string {
  return `\`${escapeMrkdwn(value.replaceAll('`', "'"))}\``;
}

/**
 * A mention that Slack renders as the person's name. Anything that is not a Slack user ID (the
 * audit log's `system` actor, a forged value) is shown as escaped text instead of becoming markup.
 *
 * @example
 * userMention('U0123ABC'); // '<@U0123ABC>'
 */
export function userMention(userId: string): string {
  return SLACK_USER_ID.test(userId) ? `<@${userId}>` : `_${escapeMrkdwn(userId)}_`;
}

/** `2026-04-07 09:30 UTC`: what clients that cannot localise a date show instead. */
/** A user (`<@U…>`) or a user group (`<!subteam^S…>`), from an ID the configuration checked. */
export function principalMention(id: string): string {
  return /^S[A-Z0-9]+$/.test(id) ? `<!subteam^${id}>` : userMention(id);
}

export function utcFallback(date: Date): string {
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/**
 * A date each reader sees in their own time zone (`<!date^…^…|fallback>`), or `_not set_`.
 *
 * @example
 * slackDate(new Date('2026-04-07T09:30:00Z')); // '<!date^1775554200^{date_short_pretty} {time}|2026-04-07 09:30 UTC>'
 */
export function slackDate(date: Date | undefined, format = '{date_short_pretty} {time}'): string {
  if (date === undefined || Number.isNaN(date.getTime())) return NOT_SET;
  return `<!date^${Math.floor(date.getTime() / 1000)}^${format}|${utcFallback(date)}>`;
}

/** `1 minute`, `90 minutes`. */
export function minutes(count: number): string {
  return `${count} ${count === 1 ? 'minute' : 'minutes'}`;
}

/** A feature's on/off state as AWS reports it in `Disabled`. */
export function enabledState(disabled: boolean | undefined): string {
  if (disabled === undefined) return NOT_SET;
  return disabled ? '⛔ Disabled' : '✅ Enabled';
}

/** `3 items` / `1 item`, for list headings. */
export function countOf(count: number, noun: string, plural = `${noun}s`): string {
  return `${count} ${count === 1 ? noun : plural}`;
}
