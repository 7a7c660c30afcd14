import type { z } from 'zod';
import { JOB_SCHEMA } from '../operations/registry';
import type { Delivery } from './job';

/** Every job the worker runs: the union of the jobs the operations declare (see `registry.ts`). */
export type Job = z.infer<typeof JOB_SCHEMA>;
export type JobKind = Job['kind'];
export type JobOf<K extends JobKind> = Extract<Job, { kind: K }>;

/** Runs jobs; implemented by `src/handlers/jobs/job-runner.ts`. */
export interface JobHandler {
  handle(job: Job, delivery: Delivery): Promise<void>;
  /** Tells the person who asked that the job failed for good. Never throws. */
  reportFailure(job: Job, error: unknown): Promise<void>;
}

/**
 * Parses a job from the queue (or before queueing it). Throws a `ZodError` on anything that is
 * not a job this version runs. Job bodies written by the version before operations were modules
 * (still in the queue during a deploy) are read too: see {@link upgradeLegacyJob}.
 *
 * @example
 * parseJob(JSON.parse(record.body));
 */
export function parseJob(raw: unknown): Job {
  return JOB_SCHEMA.parse(upgradeLegacyJob(raw));
}

/**
 * The two job shapes the previous version wrote differently: one `read` job for the three reads
 * (`operation` said which), and a credentials proposal carrying its usernames and sealed
 * passwords inline. Anything else passes through unchanged.
 */
export function upgradeLegacyJob(raw: unknown): unknown {
  if (typeof raw !== 'object' || raw === null) return raw;
  const job = raw as Record<string, unknown>;
  if (job.kind === 'read' && typeof job.operation === 'string') {
    const { operation, ...rest } = job;
    return { ...rest, kind: operation };
  }
  const proposal = job.proposal as Record<string, unknown> | undefined;
  if (job.kind === 'submit-change' && proposal?.kind === 'credentials' && Array.isArray(proposal.usernames)) {
    return {
      ...job,
      proposal: { kind: 'credentials', credentials: { usernames: proposal.usernames } },
      sealedSecrets: proposal.sealed,
    };
  }
  return raw;
}
