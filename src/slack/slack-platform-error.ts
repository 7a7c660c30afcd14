/**
 * The `error` Slack answered a Web API call with (`not_in_channel`, `hash_conflict`, …), read
 * from the WebClient's platform error; `undefined` for any other failure (a timeout, a 5xx).
 *
 * @example
 * slackPlatformError(error) === 'hash_conflict'; // a views.update lost to a newer one
 */
export function slackPlatformError(error: unknown): string | undefined {
  const data = (error as { code?: string; data?: { error?: unknown } } | undefined) ?? {};
  return data.code === 'slack_webapi_platform_error' && typeof data.data?.error === 'string'
    ? data.data.error
    : undefined;
}
