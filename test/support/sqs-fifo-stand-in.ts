import { createHash, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';

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

  const server = createServer((request, response) => {
    void readBody(request).then((body) => {
      const target = String(request.headers['x-amz-target'] ?? '');
      if (target !== 'AmazonSQS.SendMessage') {
        return answerError(response, 'UnsupportedOperation', `Not served here: ${target}`);
      }
      const input = SendMessageInput.safeParse(parseJson(body));
      if (!input.success)
        return answerError(response, 'MissingParameter', 'A FIFO message needs a group and a deduplication id');
      if (input.data.QueueUrl !== queueUrl)
        return answerError(response, 'QueueDoesNotExist', 'The specified queue does not exist.');
      const md5 = createHash('md5').update(input.data.MessageBody, 'utf8').digest('hex');
      const previous = seen.get(input.data.MessageDeduplicationId);
      if (previous && now() - previous.at < DEDUPLICATION_WINDOW_MS) {
        accepted.push({ ...messageOf(input.data), sequenceNumber: previous.sequenceNumber });
        return answer(response, {
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
      return answer(response, { MessageId: messageId, MD5OfMessageBody: md5, SequenceNumber: sequenceNumber });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  queueUrl = `${url}/000000000000/${queueName}`;
  return {
    url,
    queueUrl,
    delivered,
    accepted,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

function messageOf(input: z.infer<typeof SendMessageInput>) {
  return { body: input.MessageBody, groupId: input.MessageGroupId, deduplicationId: input.MessageDeduplicationId };
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function answer(response: ServerResponse, body: unknown, status = 200): void {
  response
    .writeHead(status, { 'Content-Type': 'application/x-amz-json-1.0', 'x-amzn-RequestId': randomUUID() })
    .end(JSON.stringify(body));
}

function answerError(response: ServerResponse, type: string, message: string): void {
  answer(response, { __type: `com.amazonaws.coral.service#${type}`, message }, 400);
}
