import { createHash, randomUUID } from 'node:crypto';
import { z } from 'zod';
import { awsCoralError, awsJsonResult, startAwsJsonServer } from './aws-stand-in-server';

/**
 * One SQS FIFO queue over the JSON protocol (`AmazonSQS.SendMessage`, awsJson1_0, as
 * `@aws-sdk/client-sqs` 3.11xx sends it): `MessageGroupId` required, a repeated
 * `MessageDeduplicationId` within five minutes accepted but not delivered again, as SQS does.
 * Point the SDK at it with `AWS_ENDPOINT_URL_SQS`.
 *
 * @example
 * const sqs = await startSqsFifoStandIn('chime-voice-ops-audit.fifo');
 * // env: { AWS_ENDPOINT_URL_SQS: sqs.url, AUDIT_STREAM_QUEUE_URL: sqs.queueUrl }
 * sqs.delivered; // what a consumer would receive, in order
 */
export interface SqsFifoStandIn {
  url: string;
  queueUrl: string;
  /** Messages a consumer would receive, in the queue's order. */
  delivered: FifoMessage[];
  /** Every SendMessage accepted, duplicates included. */
  accepted: FifoMessage[];
  close(): Promise<void>;
}

export interface FifoMessage {
  body: string;
  groupId: string;
  deduplicationId: string;
  sequenceNumber: string;
}

const SendMessageInput = z.object({
  QueueUrl: z.string(),
  MessageBody: z.string().min(1),
  MessageGroupId: z.string().min(1).max(128),
  MessageDeduplicationId: z.string().min(1).max(128),
});

const DEDUPLICATION_WINDOW_MS = 5 * 60_000;

export async function startSqsFifoStandIn(
  queueName: string,
  options: { now?: () => number } = {},
): Promise<SqsFifoStandIn> {
  const now = options.now ?? (() => Date.now());
  const delivered: FifoMessage[] = [];
  const accepted: FifoMessage[] = [];
  const seen = new Map<string, { at: number; messageId: string; sequenceNumber: string }>();
  let sequence = 0n;
  let queueUrl = '';

  const server = await startAwsJsonServer(({ target, input: json }) => {
    if (target !== 'AmazonSQS.SendMessage') {
      return awsCoralError('1.0', 'UnsupportedOperation', `Not served here: ${target}`);
    }
    const input = SendMessageInput.safeParse(json);
    if (!input.success)
      return awsCoralError('1.0', 'MissingParameter', 'A FIFO message needs a group and a deduplication id');
    if (input.data.QueueUrl !== queueUrl)
      return awsCoralError('1.0', 'QueueDoesNotExist', 'The specified queue does not exist.');
    const md5 = createHash('md5').update(input.data.MessageBody, 'utf8').digest('hex');
    const previous = seen.get(input.data.MessageDeduplicationId);
    if (previous && now() - previous.at < DEDUPLICATION_WINDOW_MS) {
      accepted.push({ ...messageOf(input.data), sequenceNumber: previous.sequenceNumber });
      return awsJsonResult('1.0', {
        MessageId: previous.messageId,
        MD5OfMessageBody: md5,
        SequenceNumber: previous.sequenceNumber,
      });
    }
    sequence += 1n;
    const sequenceNumber = sequence.toString().padStart(20, '0');
    const messageId = randomUUID();
    seen.set(input.data.MessageDeduplicationId, { at: now(), messageId, sequenceNumber });
    const message = { ...messageOf(input.data), sequenceNumber };
    accepted.push(message);
    delivered.push(message);
    return awsJsonResult('1.0', { MessageId: messageId, MD5OfMessageBody: md5, SequenceNumber: sequenceNumber });
  });
  const { url } = server;
  queueUrl = `${url}/000000000000/${queueName}`;
  return {
    url,
    queueUrl,
    delivered,
    accepted,
    close: server.close,
  };
}

function messageOf(input: z.infer<typeof SendMessageInput>) {
  return { body: input.MessageBody, groupId: input.MessageGroupId, deduplicationId: input.MessageDeduplicationId };
}
