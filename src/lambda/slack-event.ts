import type { AwsEvent, AwsHandler, AwsResponse } from '@slack/bolt/dist/receivers/AwsLambdaReceiver';
import { isFreshSlackTimestamp } from '../slack/request-freshness';
import { admitSlackRequest, type SlackRequestGuard } from '../slack/slack-envelope';

/**
 * Wraps Bolt's Lambda handler to fix what it gets wrong on API Gateway (see the README's
 * architecture notes): a `Content-Type` with parameters (`application/x-www-form-urlencoded;
 * charset=utf-8`) makes it throw, and it decodes base64 bodies as ASCII, mangling non-ASCII
 * text. It also refuses a timestamp outside Slack's five minutes, in either direction, before
 * Bolt sees the request (Bolt accepts any future timestamp). With a `guard`, a correctly signed
 * request that is not a shape Slack sends is answered 400 before Bolt sees it.
 */
export function normalisingSlackHandler(
  handler: AwsHandler,
  now: () => number = Date.now,
  guard?: SlackRequestGuard,
): AwsHandler {
  return async (event: AwsEvent, context: unknown): Promise<AwsResponse> => {
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(event.headers ?? {})) {
      if (value !== undefined) headers[name.toLowerCase()] = value;
    }
    if (!isFreshSlackTimestamp(headers['x-slack-request-timestamp'], now())) {
      return { statusCode: 401, body: '' };
    }
    const contentType = headers['content-type']?.split(';')[0]?.trim().toLowerCase();
    if (contentType !== undefined) headers['content-type'] = contentType;
    const body =
      event.isBase64Encoded && typeof event.body === 'string'
        ? Buffer.from(event.body, 'base64').toString('utf8')
        : event.body;
    if (
      guard !== undefined &&
      !(await admitSlackRequest(guard, typeof body === 'string' ? body : '', {
        contentType,
        signature: headers['x-slack-signature'],
        timestamp: headers['x-slack-request-timestamp'],
      }))
    ) {
      return { statusCode: 400, body: 'Malformed Slack request' };
    }
    return handler({ ...event, headers, body, isBase64Encoded: false } as AwsEvent, context);
  };
}
