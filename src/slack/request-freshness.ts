/** Slack's replay window: a signed request older (or, here, newer) than this is refused. */
export const SLACK_REQUEST_MAX_AGE_SECONDS = 300;

/**
 * Bolt refuses signed requests older than five minutes but accepts any timestamp from the
 * future; a captured request with a forged future timestamp cannot be signed without the secret,
 * but clock skew should not widen the replay window either. Both entry points check this first.
 */
export function isFreshSlackTimestamp(header: string | undefined, nowMs: number): boolean {
  if (header === undefined || !/^\d{1,12}$/.test(header)) return false;
  return Math.abs(nowMs / 1000 - Number(header)) <= SLACK_REQUEST_MAX_AGE_SECONDS;
}
