import type { Clock } from '../clock';
import type { Logger } from '../logging/logger';
import type { CheckRunReport, DriftMonitor } from './drift-monitor';

/** What a run keeps back from its interval, so that it ends before the next one starts. */
const INTERVAL_SHARE = 0.8;

/**
 * The drift check under `npm start`: a run every `DRIFT_CHECK_MINUTES` in this process (as the
 * expiry sweep runs), each given most of the interval as its time budget; a run still going when
 * the next is due is not doubled. On Lambda the drift function's schedule runs the same check.
 *
 * @example
 * const schedule = new DriftSchedule(monitor, config.driftCheckIntervalMs, clock, logger);
 * schedule.start();
 */
/** One log line per run of the check: how far it got, and what it cost in Chime calls. */
export function logCheckRun(logger: Logger, report: CheckRunReport): void {
  logger.info(
    {
      checked: report.checked,
      remaining: report.remaining,
      passCompleted: report.passCompleted,
      outcomes: report.outcomes,
      chimeCalls: report.chimeCalls,
      throttled: report.throttled,
    },
    'drift check run',
  );
}

export class DriftSchedule {
  private timer?: NodeJS.Timeout;
  private running?: Promise<CheckRunReport | undefined>;

  constructor(
    private readonly monitor: DriftMonitor,
    private readonly intervalMs: number,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  /** A first run at once (baselines of connectors never seen are recorded before anyone changes them), then on the interval. */
  start(): void {
    if (this.intervalMs <= 0) return;
    void this.runOnce();
    this.timer = setInterval(() => void this.runOnce(), this.intervalMs);
    this.timer.unref();
  }

  /** Resolves once the run in progress, if any, has ended. */
  async idle(): Promise<void> {
    await this.running;
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** One run, unless one is still going; never throws (a failed run is logged, the next one tries again). */
  runOnce(budgetMs = Math.max(5_000, this.intervalMs * INTERVAL_SHARE)): Promise<CheckRunReport | undefined> {
    if (this.running !== undefined) return this.running;
    const run = this.monitor
      .checkScheduled(this.clock.now() + budgetMs)
      .then((report) => {
        logCheckRun(this.logger, report);
        return report;
      })
      .catch((error: unknown) => {
        this.logger.error({ err: error }, 'drift check run failed');
        return undefined;
      })
      .finally(() => {
        this.running = undefined;
      });
    this.running = run;
    return run;
  }
}
