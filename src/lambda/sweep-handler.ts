import { CheckpointSchedule } from '../audit/checkpoint-schedule';
import { createWorkerFunction } from '../composition-root';
import { onFirstInvocation } from './cold-start';

const started = onFirstInvocation(createWorkerFunction);

/**
 * The sweep function (`dist/sweep.handler`), on a schedule: expire overdue change requests, finish
 * stalled ones, and update their messages.
 */
export async function handler(): Promise<{ ended: number }> {
  const { core, sweeper } = await started();
  const ended = await sweeper.sweepOnce();
  // The checkpoints ride on the sweep's schedule (AUDIT_CHECKPOINT_MINUTES, at least its 5 minutes).
  await new CheckpointSchedule(core.checkpoints, core.config.auditCheckpointIntervalMs, core.logger).runIfDue();
  return { ended };
}
