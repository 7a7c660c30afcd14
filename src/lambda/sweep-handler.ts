import { createWorkerFunction } from '../composition-root';
import { onFirstInvocation } from './cold-start';

const started = onFirstInvocation(createWorkerFunction);

/**
 * The sweep function (`dist/sweep.handler`), on a schedule: expire overdue change requests, finish
 * stalled ones, and update their messages.
 */
export async function handler(): Promise<{ ended: number }> {
  const { sweeper } = await started();
  return { ended: await sweeper.sweepOnce() };
}
