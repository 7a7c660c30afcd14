import type { ChangeRequest } from '../../changes/change-request';
import type { Delivery, Job, JobHandler } from '../../jobs/job';
import { jobFailedMessage } from '../failure-message';
import { runAuditListJob, runAuditVerifyJob, runRecordRefusalJob } from './audit-jobs';
import { runDecideJob, runOpenChangeJob, runRevertJob, runSubmitChangeJob, showOutcome } from './change-jobs';
import { runReadJob } from './read-jobs';
import type { WorkerDependencies } from './worker-dependencies';

const WHAT: Record<Job['kind'], string> = {
  read: 'reading from AWS',
  'audit-list': 'reading the audit log',
  'audit-verify': 'checking the audit chain',
  'record-refusal': 'recording a refusal',
  'open-change': 'opening the change form',
  'submit-change': 'filing your change request',
  decide: 'deciding on the change request',
  revert: 'filing the revert request',
};

/** The worker: one handler per job kind, the same in Lambda (SQS) and in `npm start`. */
export class JobRunner implements JobHandler {
  constructor(private readonly deps: WorkerDependencies) {}

  async handle(job: Job, delivery: Delivery): Promise<void> {
    const started = this.deps.clock.now();
    switch (job.kind) {
      case 'read':
        await runReadJob(job, this.deps);
        break;
      case 'audit-list':
        await runAuditListJob(job, this.deps);
        break;
      case 'audit-verify':
        await runAuditVerifyJob(job, this.deps);
        break;
      case 'record-refusal':
        await runRecordRefusalJob(job, this.deps);
        break;
      case 'open-change':
        await runOpenChangeJob(job, this.deps);
        break;
      case 'submit-change':
        await runSubmitChangeJob(job, this.deps);
        break;
      case 'decide':
        await runDecideJob(job, this.deps);
        break;
      case 'revert':
        await runRevertJob(job, this.deps);
        break;
    }
    this.deps.logger.info(
      { job: job.kind, attempt: delivery.attempt, ms: this.deps.clock.now() - started, user: job.actor.userId },
      'job done',
    );
  }

  /** Updates a request's approval message (and tells its requester) after a change outside a job. */
  showOutcome(request: ChangeRequest): Promise<void> {
    return showOutcome(this.deps, request);
  }

  async reportFailure(job: Job, error: unknown): Promise<void> {
    this.deps.logger.error({ err: error, job: job.kind, user: job.actor.userId }, 'job failed for good');
    if (job.kind === 'record-refusal') return;
    try {
      await this.deps.replies.send(job.reply, job.actor.userId, jobFailedMessage(WHAT[job.kind]));
    } catch (replyError) {
      this.deps.logger.error({ err: replyError, job: job.kind }, 'could not report a failed job');
    }
  }
}
