import { ChimeSDKVoiceClient, ListVoiceConnectorsCommand } from '@aws-sdk/client-chime-sdk-voice';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { App, AwsLambdaReceiver } from '@slack/bolt';
import { WebClient } from '@slack/web-api';
import pino from 'pino';
import { z } from 'zod';

/**
 * The libraries the Slack function imports, and none of our code: Bolt with its Lambda receiver,
 * `@slack/web-api`, the SQS and Chime SDK Voice clients with one command each, pino and zod with
 * one schema. `npm run bench` builds it as the functions are built and times its import next to
 * the Slack function's: the part of the cold start no change to the bot's own code can remove.
 */
export const handler = () => [
  App,
  AwsLambdaReceiver,
  WebClient,
  SQSClient,
  SendMessageCommand,
  ChimeSDKVoiceClient,
  ListVoiceConnectorsCommand,
  pino,
  z.object({ id: z.string() }),
];
