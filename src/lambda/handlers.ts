import { AwsLambdaReceiver } from '@slack/bolt';
import type { AwsEvent, AwsHandler, AwsResponse } from '@slack/bolt/dist/receivers/AwsLambdaReceiver';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { CheckpointSchedule } from '../audit/checkpoint-schedule';
import { createQueueClient, createSlackApp } from '../composition-root';
import { runSqsBatch, SqsJobQueue } from '../jobs/sqs-job-queue';
import { boltLogger } from '../logging/logger';
import { ChangeSweeper } from '../server/change-sweeper';
import { lambdaRuntime, lambdaWorker } from './lambda-runtime';
import { normalisingSlackHandler } from './slack-event';

/** Must equal `maxReceiveCount` of the job queue's redrive policy in serverless.yml. */
export const JOB_MAX_ATTEMPTS = 3;

let slackHandler: Promise<AwsHandler> | undefined;

/** `POST /slack/events` through API Gateway: acknowledge, hand slow work to SQS. */
export async function slack(event: AwsEvent, context: unknown): Promise<AwsResponse> {
  slackHandler ??= lambdaRuntime()
    .then(({ core, secrets }) => {
      if (core.config.jobQueueUrl === undefined) throw new Error('JOB_QUEUE_URL is not set');
      const receiver = new AwsLambdaReceiver({ signingSecret: secrets.signingSecret, logger: boltLogger(core.logger) });
      const jobs = new SqsJobQueue(createQueueClient(core.config), core.config.jobQueueUrl);
      createSlackApp(core, secrets, receiver, jobs);
      return normalisingSlackHandler(receiver.toHandler());
    })
    .catch((error: unknown) => {
      // Let the next request try again instead of failing every request of this container.
      slackHandler = undefined;
      throw error;
    });
  return (await slackHandler)(event, context);
}

/** The job queue's consumer. */
export async function worker(event: SQSEvent): Promise<SQSBatchResponse> {
  const { runtime, worker: runner } = await lambdaWorker();
  return runSqsBatch(event, runner, runtime.core.logger, JOB_MAX_ATTEMPTS);
}

/** Scheduled: expire overdue change requests, finish stalled ones, and update their messages. */
export async function sweep(): Promise<{ ended: number }> {
  const { runtime, worker: runner } = await lambdaWorker();
  const ended = await new ChangeSweeper(runtime.core, runner).sweepOnce();
  // The checkpoints ride on the sweep's schedule (AUDIT_CHECKPOINT_MINUTES, at least its 5 minutes).
  const { core } = runtime;
  await new CheckpointSchedule(core.checkpoints, core.config.auditCheckpointIntervalMs, core.logger).runIfDue();
  return { ended };
}
