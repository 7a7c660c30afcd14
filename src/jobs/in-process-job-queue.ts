import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '../logging/logger';
import type { JobPayload, JobQueue } from './job';
import { type Job, type JobHandler, parseJob } from './job-codec';

export interface InProcessJobQueueOptions {
  maxAttempts?: number;
  /** Delay before the n-th redelivery: `retryDelayMs * n`. */
  retryDelayMs?: number;
  /**
   * Jobs running at once; the others wait their turn. Unbounded by default: audit appends no longer
   * collide (one reservation per block of entries, `src/audit/dynamodb-audit-log.ts`), so a burst
   * of reads on one connector need not queue behind a global cap, nor reads of other connectors
   * behind it. Tests set a bound to see the queue's turn-taking.
   */
  concurrency?: number;
}

/**
 * The worker of `npm start` and of the tests: runs each job in this process right after the
 * listener has acknowledged Slack, with the same retry-then-report semantics as the SQS worker.
 * Tests can {@link redeliver} a job to prove a handler is idempotent.
 */
export class InProcessJobQueue implements JobQueue {
  private readonly running = new Set<Promise<void>>();
  private handler?: JobHandler;
  private readonly maxAttempts: number;
  private readonly retryDelayMs: number;
  private readonly concurrency: number;
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  /** Every job enqueued, in order (tests inspect payloads: no secrets). */
  readonly enqueued: Job[] = [];

  constructor(
    private readonly logger: Logger,
    options: InProcessJobQueueOptions = {},
  ) {
    this.maxAttempts = options.maxAttempts ?? 3;
    this.retryDelayMs = options.retryDelayMs ?? 250;
    this.concurrency = options.concurrency ?? Number.POSITIVE_INFINITY;
  }

  /** The handler is attached after construction: it depends on services that need the queue. */
  attach(handler: JobHandler): void {
    this.handler = handler;
  }

  async enqueue(job: JobPayload): Promise<void> {
    const parsed = parseJob(job);
    this.enqueued.push(parsed);
    this.track(this.run(parsed, 1));
  }

  /** Delivers a job again, as SQS may: a duplicate, or a retry after a crash. */
  redeliver(job: JobPayload, attempt = 2): Promise<void> {
    const run = this.run(parseJob(job), attempt);
    this.track(run);
    return run;
  }

  /** Resolves when every job (and its retries) has finished. */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }

  private track(run: Promise<void>): void {
    this.running.add(run);
    void run.finally(() => this.running.delete(run));
  }

  private async run(job: Job, firstAttempt: number): Promise<void> {
    const handler = this.handler;
    if (handler === undefined) throw new Error('InProcessJobQueue: no handler attached');
    // Let the listener's acknowledgement leave first, as it would with a real queue.
    await new Promise((resolve) => setImmediate(resolve));
    await this.takeTurn();
    try {
      await this.runAttempts(handler, job, firstAttempt);
    } finally {
      this.passTurn();
    }
  }

  private async takeTurn(): Promise<void> {
    // A waiting job is handed the finishing job's slot directly, so no newcomer can jump in between.
    if (this.active >= this.concurrency) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.active += 1;
  }

  private passTurn(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.active -= 1;
  }

  private async runAttempts(handler: JobHandler, job: Job, firstAttempt: number): Promise<void> {
    for (let attempt = firstAttempt; ; attempt += 1) {
      const final = attempt >= this.maxAttempts;
      try {
        await handler.handle(job, { attempt, final });
        return;
      } catch (error) {
        this.logger.error({ err: error, job: job.kind, attempt, final }, 'job failed');
        if (final) {
          await handler.reportFailure(job, error);
          return;
        }
        await sleep(this.retryDelayMs * attempt);
      }
    }
  }
}
