import type { AwsEvent, AwsResponse } from '@slack/bolt/dist/receivers/AwsLambdaReceiver';
import { createSlackFunction } from '../composition-root';
import { onFirstInvocation } from './cold-start';
import { normalisingSlackHandler } from './slack-event';

const started = onFirstInvocation(async (config, logger) => {
  const { receiver, guard } = await createSlackFunction(config, logger);
  return normalisingSlackHandler(receiver.toHandler(), Date.now, guard);
});

/** The Slack function (`dist/slack.handler`): `POST /slack/events` through API Gateway; acknowledge, hand slow work to SQS. */
export async function handler(event: AwsEvent, context: unknown): Promise<AwsResponse> {
  return (await started())(event, context);
}
