import type { z } from 'zod';
import { recordRefusal } from '../audit/record-refusal';
import type { WorkerDependencies } from './jobs/worker-dependencies';
import type { RecordRefusalJobSchema } from './refusals';

/** A refusal decided before the acknowledgement (malformed command, changes not configured). */
export async function runRecordRefusalJob(
  job: z.infer<typeof RecordRefusalJobSchema>,
  deps: WorkerDependencies,
): Promise<void> {
  await recordRefusal(deps.auditLog, deps.logger, { actor: job.actor, channelId: job.channelId }, job.action, {
    outcome: job.outcome,
    reason: job.reason,
    voiceConnectorId: job.voiceConnectorId,
    region: job.region,
  });
}
