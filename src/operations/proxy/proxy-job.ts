import type { z } from 'zod';
import { runRead } from '../../handlers/jobs/read-job';
import type { WorkerDependencies } from '../../handlers/jobs/worker-dependencies';
import type { ProxyJobSchema } from './index';
import { proxyCard } from './proxy-card';

export function runProxyJob(job: z.infer<typeof ProxyJobSchema>, deps: WorkerDependencies): Promise<void> {
  return runRead(job, deps, {
    action: 'read.proxy',
    call: (voiceConnectors) => voiceConnectors.getProxy(job.ref),
    card: (proxy, requestedBy) => proxyCard({ ref: job.ref, proxy, requestedBy }),
  });
}
