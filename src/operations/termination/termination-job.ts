import type { z } from 'zod';
import { runRead } from '../../handlers/jobs/read-job';
import type { WorkerDependencies } from '../../handlers/jobs/worker-dependencies';
import type { TerminationJobSchema } from './index';
import { terminationCard } from './termination-card';

export function runTerminationJob(job: z.infer<typeof TerminationJobSchema>, deps: WorkerDependencies): Promise<void> {
  return runRead(job, deps, {
    action: 'read.termination',
    call: (voiceConnectors) => voiceConnectors.getTermination(job.ref),
    card: (termination, requestedBy) => terminationCard({ ref: job.ref, termination, requestedBy }),
  });
}
