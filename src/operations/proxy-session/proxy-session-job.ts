import type { z } from 'zod';
import { runRead } from '../../handlers/jobs/read-job';
import type { WorkerDependencies } from '../../handlers/jobs/worker-dependencies';
import type { ProxySessionJobSchema } from './index';
import { proxySessionCard } from './proxy-session-card';

export function runProxySessionJob(
  job: z.infer<typeof ProxySessionJobSchema>,
  deps: WorkerDependencies,
): Promise<void> {
  const { proxySessionId } = job;
  return runRead(job, deps, {
    action: 'read.proxy-session',
    details: { proxySessionId },
    call: (voiceConnectors) => voiceConnectors.getProxySession(job.ref, proxySessionId),
    card: (session, requestedBy) => proxySessionCard({ ref: job.ref, session, proxySessionId, requestedBy }),
  });
}
