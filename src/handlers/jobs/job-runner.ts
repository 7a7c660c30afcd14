import type { ChangeRequest } from '../../changes/change-request';
import type { Delivery } from '../../jobs/job';
import type { Job, JobHandler } from '../../jobs/job-codec';
import { remindExpiringRequests, showOutcome } from '../../operations/change-requests/change-jobs';
import { jobFailedMessage } from '../failure-message';
import type { WorkerDependencies } from './worker-dependencies';

/**
 * The worker: each job goes to the handler its operation declared with it (`registry.ts`), the
 * same in Lambda (SQS) and in `npm start`. A job kind no operation declares cannot get here: the
 * queue parses every job against the registry's schema first.
 */
export class JobRunner implements JobHandler {
  constructor(private readonly deps: WorkerDependencies) {}

  async handle(job: Job, delivery: Delivery): Promise<void> {
    const started = this.deps.clock.now();
    const definition = this.deps.registry.jobs.get(job.kind);
    if (definition === undefined) throw new Error(`no operation handles the job kind ${JSON.stringify(job.kind)}`);
    await definition.run(job, this.deps, delivery);
    this.deps.logger.info(
      { job: job.kind, attempt: delivery.attempt, ms: this.deps.clock.now() - started, user: job.actor.userId },
      'job done',
    );
  }

  /**
   * Updates a request's approval message (and tells its requester) after a change outside a job:
   * the sweep ended it, so the sweep adds the line to its thread.
   */
  showOutcome(request: ChangeRequest): Promise<void> {
    return showOutcome(this.deps, request, { thread: true });
  }

  /** Posts the one reminder of each request about to expire (the sweep). */
  remindExpiring(): Promise<number> {
    return remindExpiringRequests(this.deps);
  }

  async reportFailure(job: Job, error: unknown): Promise<void> {
    this.deps.logger.error({ err: error, job: job.kind, user: job.actor.userId }, 'job failed for good');
    if (job.kind === 'record-refusal') return;
    const definition = this.deps.registry.jobs.get(job.kind);
    const what = definition?.what ?? 'working on your request';
    try {
      if (await definition?.reportFailure?.(job, this.deps)) return;
      await this.deps.replies.send(job.reply, job.actor.userId, jobFailedMessage(what));
    } catch (replyError) {
      this.deps.logger.error({ err: replyError, job: job.kind }, 'could not report a failed job');
    }
  }
}
