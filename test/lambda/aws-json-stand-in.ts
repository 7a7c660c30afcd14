import { createHash, randomUUID } from 'node:crypto';
import { z } from 'zod';
import { awsCoralError, awsJsonResult, startAwsJsonServer } from '../support/aws-stand-in-server';

/**
 * Just enough of SQS and SSM, over their JSON protocols, for the Lambda bundle (and the approval
 * policy's Change Calendar) to run against: `AmazonSQS.SendMessage` (awsJson1_0, as
 * `@aws-sdk/client-sqs` 3.11xx sends it), `AmazonSSM.GetParameters`, `AmazonSSM.GetParameter` and
 * `AmazonSSM.GetCalendarState` (awsJson1_1). Point the SDK at it with `AWS_ENDPOINT_URL_SQS` and
 * `AWS_ENDPOINT_URL_SSM`. Anything else is answered `UnknownOperationException`.
 *
 * @example
 * const aws = await startAwsJsonStandIn({ parameters: { '/bot/token': 'xoxb-1' } });
 * // child env: { AWS_ENDPOINT_URL_SQS: aws.url, AWS_ENDPOINT_URL_SSM: aws.url, JOB_QUEUE_URL: aws.queueUrl }
 * expect(aws.sentMessages).toHaveLength(1);
 * await aws.close();
 */
export interface AwsJsonStandIn {
  url: string;
  /** The one queue it keeps. */
  queueUrl: string;
  /** Bodies of every message sent to the queue, oldest first. */
  sentMessages: SentMessage[];
  /** Every request, as `X-Amz-Target` and `Content-Type` said. */
  calls: { target: string; contentType: string }[];
  close(): Promise<void>;
}

export interface SentMessage {
  messageId: string;
  body: string;
}

const SendMessageInput = z.object({ QueueUrl: z.string(), MessageBody: z.string().min(1) });
const GetParametersInput = z.object({ Names: z.array(z.string()).min(1).max(10), WithDecryption: z.boolean() });
const GetParameterInput = z.object({ Name: z.string().min(1), WithDecryption: z.boolean().optional() });
const GetCalendarStateInput = z.object({
  CalendarNames: z.array(z.string().min(1)).min(1),
  AtTime: z.string().optional(),
});

/** An SSM Change Calendar's state as `GetCalendarState` answers it; change it between calls. */
export interface CalendarState {
  State: 'OPEN' | 'CLOSED';
  NextTransitionTime?: string;
}

export async function startAwsJsonStandIn(options: {
  parameters: Record<string, string>;
  /** Change Calendars by name, for `AmazonSSM.GetCalendarState` (mutable: tests open and close them). */
  calendars?: Record<string, CalendarState>;
}): Promise<AwsJsonStandIn> {
  const sentMessages: SentMessage[] = [];
  const calls: AwsJsonStandIn['calls'] = [];
  let queueUrl = '';

  const server = await startAwsJsonServer(({ target, contentType, input: json }) => {
    calls.push({ target, contentType });
    if (target === 'AmazonSQS.SendMessage' && contentType === 'application/x-amz-json-1.0') {
      const input = SendMessageInput.safeParse(json);
      if (!input.success || input.data.QueueUrl !== queueUrl) {
        return awsCoralError('1.0', 'QueueDoesNotExist', 'The specified queue does not exist.');
      }
      const messageId = randomUUID();
      sentMessages.push({ messageId, body: input.data.MessageBody });
      // The client checks this digest and throws InvalidChecksumError on a mismatch.
      const md5 = createHash('md5').update(input.data.MessageBody, 'utf8').digest('hex');
      return awsJsonResult('1.0', { MessageId: messageId, MD5OfMessageBody: md5 });
    }
    if (target === 'AmazonSSM.GetParameters' && contentType === 'application/x-amz-json-1.1') {
      const input = GetParametersInput.safeParse(json);
      if (!input.success) return awsCoralError('1.1', 'ValidationException', 'Invalid GetParameters input');
      const known = input.data.Names.filter((name) => options.parameters[name] !== undefined);
      return awsJsonResult('1.1', {
        Parameters: known.map((name) => ({
          Name: name,
          Type: 'SecureString',
          Value: input.data.WithDecryption ? options.parameters[name] : 'AQICAH-encrypted',
          Version: 1,
          DataType: 'text',
        })),
        InvalidParameters: input.data.Names.filter((name) => !known.includes(name)),
      });
    }
    if (target === 'AmazonSSM.GetParameter' && contentType === 'application/x-amz-json-1.1') {
      const input = GetParameterInput.safeParse(json);
      const value = input.success ? options.parameters[input.data.Name] : undefined;
      if (!input.success || value === undefined) {
        return awsCoralError('1.1', 'ParameterNotFound', 'Parameter not found');
      }
      return awsJsonResult('1.1', {
        Parameter: { Name: input.data.Name, Type: 'String', Value: value, Version: 1, DataType: 'text' },
      });
    }
    if (target === 'AmazonSSM.GetCalendarState' && contentType === 'application/x-amz-json-1.1') {
      const input = GetCalendarStateInput.safeParse(json);
      const states = input.success ? input.data.CalendarNames.map((name) => options.calendars?.[name]) : [];
      if (!input.success || states.some((state) => state === undefined)) {
        return awsCoralError('1.1', 'InvalidDocument', 'The calendar does not exist');
      }
      // Several calendars: closed if any is.
      const closed = states.find((state) => state?.State === 'CLOSED');
      return awsJsonResult('1.1', { ...(closed ?? states[0]), AtTime: new Date().toISOString() });
    }
    return awsCoralError('1.0', 'UnknownOperationException', `Not served here: ${target}`);
  });
  const { url } = server;
  queueUrl = `${url}/000000000000/chime-voice-ops-test-jobs`;
  return {
    url,
    queueUrl,
    sentMessages,
    calls,
    close: server.close,
  };
}
