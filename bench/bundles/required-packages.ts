import { ChimeSDKVoiceClient, ListVoiceConnectorsCommand } from '@aws-sdk/client-chime-sdk-voice';
import { App, AwsLambdaReceiver } from '@slack/bolt';
import { z } from 'zod';

/**
 * The packages the project requires of the Slack function, and nothing else: Bolt with its Lambda
 * receiver, the Chime SDK Voice client with one command, zod with one schema. `npm run bench`
 * times its import next to the Slack function's (see `slack-libraries.ts`).
 */
export const handler = () => [
  App,
  AwsLambdaReceiver,
  ChimeSDKVoiceClient,
  ListVoiceConnectorsCommand,
  z.object({ id: z.string() }),
];
