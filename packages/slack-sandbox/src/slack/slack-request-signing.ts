import { createHmac } from 'node:crypto';

/**
 * Slack's request signature: `v0=` + hex HMAC-SHA256 of `v0:{timestamp}:{raw body}` keyed with the
 * app's signing secret, sent as `X-Slack-Signature` next to `X-Slack-Request-Timestamp`.
 *
 * @example
 * const timestamp = Math.floor(Date.now() / 1000);
 * const headers = {
 *   'x-slack-request-timestamp': String(timestamp),
 *   'x-slack-signature': slackSignature(signingSecret, timestamp, body),
 * };
 */
export function slackSignature(signingSecret: string, timestampSeconds: number | string, rawBody: string): string {
  const digest = createHmac('sha256', signingSecret).update(`v0:${timestampSeconds}:${rawBody}`).digest('hex');
  return `v0=${digest}`;
}
