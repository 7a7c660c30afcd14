import type { AuditCheckpoints, CheckpointResult } from './audit-checkpoints';

export interface CheckpointScheduleLogger {
  info(object: object, message: string): void;
  error(object: object, message: string): void;
}

/**
 * Writes a checkpoint every `intervalMs` (`AUDIT_CHECKPOINT_MINUTES`): under `npm start` on a timer
 * in the process, on Lambda from the sweep's schedule (`runIfDue` on each sweep, so the interval is
 * at least the sweep's five minutes). Whether one is due is read from the newest checkpoint, so
 * several processes or sweeps do not write one each.
 *
 * @example
 * const schedule = new CheckpointSchedule(core.checkpoints, core.config.auditCheckpointIntervalMs, logger);
 * schedule.start(); // npm start
 * await schedule.runIfDue(); // the Lambda sweep
 */
export class CheckpointSchedule {
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;

  constructor(
    private readonly checkpoints: AuditCheckpoints | undefined,
    private readonly intervalMs: number,
    private readonly logger: CheckpointScheduleLogger,
  ) {}

  start(): void {
    if (this.checkpoints === undefined) return;
    // A few looks per interval, so that a checkpoint is never more than a quarter interval late.
    this.timer = setInterval(() => void this.runIfDue().catch(() => undefined), Math.max(1_000, this.intervalMs / 4));
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  async runIfDue(): Promise<CheckpointResult | undefined> {
    if (this.checkpoints === undefined || this.running !== undefined) return undefined;
    const run = this.checkpoints.writeIfDue(this.intervalMs);
    this.running = run;
    try {
      const result = await run;
      if (result) {
        this.logger.info(
          { checkpoint: result.key, chains: result.chains, refused: result.refused },
          'audit checkpoint written',
        );
        if (result.refused.length > 0) {
          this.logger.error({ chains: result.refused }, 'audit chains left out of a checkpoint: they do not verify');
        }
      }
      return result;
    } catch (error) {
      this.logger.error({ err: error }, 'audit checkpoint failed');
      throw error;
    } finally {
      this.running = undefined;
    }
  }
}
