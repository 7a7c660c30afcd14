import type { Core } from '../composition-root';
import type { JobRunner } from '../handlers/jobs/job-runner';

/**
 * The sweep of `npm start` (in AWS, a scheduled Lambda runs the same `sweepOnce`): expires overdue
 * pending requests, finishes approved requests whose worker never got to them, writes outcomes
 * missing from the audit log, and updates the messages of the requests it ended.
 */
export class ChangeSweeper {
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly core: Core,
    private readonly worker: JobRunner,
    private readonly intervalMs = 30_000,
  ) {}

  start(): void {
    this.timer = setInterval(() => {
      void this.sweepOnce().catch((error: unknown) => this.core.logger.error({ err: error }, 'expiry sweep failed'));
    }, this.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** Returns how many requests it brought to an end. */
  async sweepOnce(): Promise<number> {
    const ended = await this.core.changes.sweep();
    for (const request of ended) await this.worker.showOutcome(request);
    await this.worker
      .remindExpiring()
      .catch((error: unknown) => this.core.logger.error({ err: error }, 'could not post expiry reminders'));
    if (ended.length > 0) {
      this.core.logger.info(
        { ended: ended.map((request) => ({ id: request.id, status: request.status })) },
        'sweep ended change requests',
      );
    }
    return ended.length;
  }
}
