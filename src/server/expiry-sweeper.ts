import type { Core } from '../composition-root';
import type { JobRunner } from '../handlers/jobs/job-runner';

/**
 * The expiry sweep of `npm start` (in AWS, a scheduled Lambda runs the same `sweepOnce`): marks
 * overdue pending requests expired and updates their messages.
 */
export class ExpirySweeper {
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

  /** Returns how many requests it expired. */
  async sweepOnce(): Promise<number> {
    const expired = await this.core.changes.expireDue();
    for (const request of expired) await this.worker.showOutcome(request);
    if (expired.length > 0)
      this.core.logger.info({ expired: expired.map((request) => request.id) }, 'expired change requests');
    return expired.length;
  }
}
