import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import type { Logger } from '../logging/logger';
import type { JobPayload, JobQueue } from './job';
import { type Job, type JobHandler, parseJob } from './job-codec';

/**
 * The Lambda job queue: the Slack function sends, the worker function receives (SQS event source
 * with partial batch responses). Redelivery, back-off and the dead-letter queue are SQS's
 * (`maxReceiveCount` in `serverless.yml` must equal `maxAttempts` here).
 */
export class SqsJobQueue implements JobQueue {
  constructor(
    private readonly sqs: SQSClient,
    private readonly queueUrl: string,
  ) {}

  async enqueue(job: JobPayload): Promise<void> {
    await this.sqs.send(
      new SendMessageCommand({ QueueUrl: this.queueUrl, MessageBody: JSON.stringify(parseJob(job)) }),
    );
  }
}

/**
 * Runs one SQS batch. A record that fails is reported back for redelivery, except on its last
 * attempt, when the person who asked is told and the record still fails so that it lands in the
 * dead-letter queue for an operator.
 */
export async function runSqsBatch(
  event: SQSEvent,
  handler: JobHandler,
  logger: Logger,
  maxAttempts: number,
): Promise<SQSBatchResponse> {
  const batchItemFailures: SQSBatchResponse['batchItemFailures'] = [];
  for (const record of event.Records) {
    const attempt = Number(record.attributes.ApproximateReceiveCount) || 1;
    const final = attempt >= maxAttempts;
    let job: Job;
    try {
      job = parseJob(JSON.parse(record.body));
    } catch (error) {
      // A malformed job can never succeed: it goes to the DLQ. Neither the body nor the parser's
      // message is logged (JSON.parse quotes the text it choked on).
      const problem = error instanceof SyntaxError ? 'not JSON' : 'not a job this worker knows';
      logger.error({ messageId: record.messageId, problem }, 'malformed job');
      batchItemFailures.push({ itemIdentifier: record.messageId });
      continue;
    }
    try {
      await handler.handle(job, { attempt, final });
    } catch (error) {
      logger.error({ err: error, job: job.kind, attempt, final, messageId: record.messageId }, 'job failed');
      if (final) await handler.reportFailure(job, error);
      batchItemFailures.push({ itemIdentifier: record.messageId });
    }
  }
  return { batchItemFailures };
}
