import type { JobPayload, JobQueue } from '../../src/jobs/job';
import { type Job, type JobKind, type JobOf, parseJob } from '../../src/jobs/job-codec';

/**
 * A {@link JobQueue} that runs nothing: it checks every job with `parseJob`, as the real queues
 * do before sending one (a listener that queues a malformed job fails, as it would in
 * production), and keeps it for the test to look at.
 *
 * @example
 * const jobs = new RecordingJobQueue();
 * await harness.send(slashCommand({ text: 'termination abcdef1234567890abcdef' }));
 * expect(jobs.ofKind('termination')[0]?.ref.voiceConnectorId).toBe('abcdef1234567890abcdef');
 */
export class RecordingJobQueue implements JobQueue {
  /** Every job queued, as the worker will receive it. */
  readonly jobs: Job[] = [];
  /** Every job exactly as the listener handed it over, before parsing dropped anything. */
  readonly payloads: JobPayload[] = [];

  /** @param timeline where each job is noted (`job:<kind>`), next to acks and Web API calls. */
  constructor(private readonly timeline: string[] = []) {}

  async enqueue(job: JobPayload): Promise<void> {
    const parsed = parseJob(job);
    this.payloads.push(structuredClone(job));
    this.jobs.push(parsed);
    this.timeline.push(`job:${parsed.kind}`);
  }

  /** The jobs of one kind, typed as that kind. */
  ofKind<K extends JobKind>(kind: K): JobOf<K>[] {
    return this.jobs.filter((job): job is JobOf<K> => job.kind === kind);
  }

  /** The one job queued, which must be of this kind; throws when there is not exactly one job in all. */
  single<K extends JobKind>(kind: K): JobOf<K> {
    const [job] = this.ofKind(kind);
    if (job === undefined || this.jobs.length !== 1) {
      throw new Error(`expected one ${kind} job, got ${JSON.stringify(this.jobs.map((each) => each.kind))}`);
    }
    return job;
  }
}
