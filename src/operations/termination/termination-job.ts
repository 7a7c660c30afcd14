import type { z } from 'zod';
import { runRead } from '../../handlers/jobs/read-job';
import type { WorkerDependencies } from '../../handlers/jobs/worker-dependencies';
import { getTerminationHealth } from '../health/health-calls';
import type { TerminationJobSchema } from './index';
import { terminationCard } from './termination-card';

/**
 * `/chime termination`: the setting, with the health line (the last OPTIONS ping, read at the same
 * time; its failure only leaves the line unread) and the Request a change button.
 */
export function runTerminationJob(job: z.infer<typeof TerminationJobSchema>, deps: WorkerDependencies): Promise<void> {
  return runRead(job, deps, {
    action: 'read.termination',
    call: (voiceConnectors) =>
      Promise.all([
        voiceConnectors.getTermination(job.ref),
        getTerminationHealth(voiceConnectors, job.ref).catch((): 'unreadable' => 'unreadable'),
      ]),
    card: ([termination, ping], requestedBy) =>
      terminationCard({
        ref: job.ref,
        termination,
        requestedBy,
        health: { ping, now: deps.clock.now(), staleAfterMs: deps.config.healthPingStaleMs },
        offerChange: true,
      }),
  });
}
