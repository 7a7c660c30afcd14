import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { createWorkerFunction } from '../composition-root';
import { runSqsBatch } from '../jobs/sqs-job-queue';
import { onFirstInvocation } from './cold-start';

/** Must equal `maxReceiveCount` of the job queue's redrive policy in serverless.yml. */
export const JOB_MAX_ATTEMPTS = 3;

const started = onFirstInvocation(createWorkerFunction);

/** The worker function (`dist/worker.handler`): the job queue's consumer. */
export async function handler(event: SQSEvent): Promise<SQSBatchResponse> {
  const { core, worker } = await started();
  return runSqsBatch(event, worker, core.logger, JOB_MAX_ATTEMPTS);
}
