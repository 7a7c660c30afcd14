import type { AwsEventV2 } from '@slack/bolt/dist/receivers/AwsLambdaReceiver';

/**
 * An API Gateway HTTP API (payload 2.0) event for a POST to `/slack/events`, as the Slack function
 * receives it: give it the request's headers and body, and anything else that differs.
 */
export function slackHttpApiEvent(request: Pick<AwsEventV2, 'headers' | 'body'> & Partial<AwsEventV2>): AwsEventV2 {
  return {
    version: '2.0',
    routeKey: 'POST /slack/events',
    rawPath: '/slack/events',
    rawQueryString: '',
    requestContext: { http: { method: 'POST', path: '/slack/events' } },
    isBase64Encoded: false,
    ...request,
  };
}
