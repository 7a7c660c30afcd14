import { describe, expect, it } from 'vitest';
import { InProcessJobQueue } from '../../src/jobs/in-process-job-queue';
import type { Delivery } from '../../src/jobs/job';
import type { Job, JobHandler } from '../../src/jobs/job-codec';
import { createLogger } from '../../src/logging/logger';
import { terminationJob } from '../support/jobs';

/**
 * A {@link JobHandler} that records every delivery and report, and does what `behaviour` says for
 * the n-th delivery (counting from 1 across all jobs).
 */
class RecordingHandler implements JobHandler {
  readonly deliveries: { job: Job; delivery: Delivery }[] = [];
  readonly reports: { job: Job; error: unknown }[] = [];
  readonly succeeded: Job[] = [];

  constructor(private readonly behaviour: (call: number, job: Job) => Promise<void> = async () => {}) {}

  async handle(job: Job, delivery: Delivery): Promise<void> {
    this.deliveries.push({ job, delivery });
    await this.behaviour(this.deliveries.length, job);
    this.succeeded.push(job);
  }

  async reportFailure(job: Job, error: unknown): Promise<void> {
    this.reports.push({ job, error });
  }
}

function queueWith(handler: JobHandler, options: ConstructorParameters<typeof InProcessJobQueue>[1] = {}) {
  const queue = new InProcessJobQueue(createLogger('silent'), { retryDelayMs: 1, ...options });
  queue.attach(handler);
  return queue;
}

/** Lets every job that can start do so: each one waits a turn of the event loop before running. */
async function turnsOfTheEventLoop(count = 10): Promise<void> {
  for (let turn = 0; turn < count; turn++) await new Promise((resolve) => setImmediate(resolve));
}

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await turnsOfTheEventLoop(1);
}

describe('InProcessJobQueue', () => {
  it('retries a job that throws up to maxAttempts, then reports it once with the job', async () => {
    // Prepare
    const failure = new Error('Slack unreachable');
    const handler = new RecordingHandler(async () => {
      throw failure;
    });
    const queue = queueWith(handler, { maxAttempts: 3 });
    const job = terminationJob();

    // Act
    await queue.enqueue(job);
    await queue.idle();

    // Assess
    expect(handler.deliveries.map(({ delivery }) => delivery)).toEqual([
      { attempt: 1, final: false },
      { attempt: 2, final: false },
      { attempt: 3, final: true },
    ]);
    expect(handler.reports).toHaveLength(1);
    expect(handler.reports[0]?.job).toEqual(job);
    expect(handler.reports[0]?.error).toBe(failure);
  });

  it('does not report a job that succeeds on its second attempt', async () => {
    // Prepare
    const handler = new RecordingHandler(async (call) => {
      if (call === 1) throw new Error('a brief hiccup');
    });
    const queue = queueWith(handler, { maxAttempts: 3 });

    // Act
    await queue.enqueue(terminationJob());
    await queue.idle();

    // Assess
    expect(handler.deliveries.map(({ delivery }) => delivery.attempt)).toEqual([1, 2]);
    expect(handler.succeeded).toHaveLength(1);
    expect(handler.reports).toEqual([]);
  });

  it('runs a job again when it is redelivered, as a later attempt', async () => {
    // Prepare
    const handler = new RecordingHandler();
    const queue = queueWith(handler);
    const job = terminationJob();
    await queue.enqueue(job);
    await queue.idle();

    // Act
    await queue.redeliver(job);

    // Assess
    expect(handler.deliveries).toEqual([
      { job, delivery: { attempt: 1, final: false } },
      { job, delivery: { attempt: 2, final: false } },
    ]);
    expect(handler.succeeded).toHaveLength(2);
  });

  it('reports a redelivered job that fails on the last attempt it was given', async () => {
    // Prepare
    const handler = new RecordingHandler(async () => {
      throw new Error('still broken');
    });
    const queue = queueWith(handler, { maxAttempts: 3 });

    // Act
    await queue.redeliver(terminationJob(), 3);

    // Assess
    expect(handler.deliveries.map(({ delivery }) => delivery)).toEqual([{ attempt: 3, final: true }]);
    expect(handler.reports).toHaveLength(1);
  });

  it('runs at most `concurrency` jobs at once and the others in turn', async () => {
    // Prepare: every job waits until the test lets it finish.
    const releases: (() => void)[] = [];
    let running = 0;
    let mostAtOnce = 0;
    const handler = new RecordingHandler(async () => {
      running += 1;
      mostAtOnce = Math.max(mostAtOnce, running);
      await new Promise<void>((resolve) => releases.push(resolve));
      running -= 1;
    });
    const queue = queueWith(handler, { concurrency: 2 });

    // Act
    for (let index = 0; index < 5; index++) await queue.enqueue(terminationJob());
    await until(() => handler.deliveries.length >= 2);
    await turnsOfTheEventLoop();
    const startedWhileTwoRan = handler.deliveries.length;
    releases.shift()?.();
    await until(() => handler.deliveries.length >= 3);
    await turnsOfTheEventLoop();
    const startedAfterOneFinished = handler.deliveries.length;
    while (handler.succeeded.length < 5) {
      releases.shift()?.();
      await turnsOfTheEventLoop(1);
    }
    await queue.idle();

    // Assess
    expect(startedWhileTwoRan).toBe(2);
    expect(startedAfterOneFinished).toBe(3);
    expect(mostAtOnce).toBe(2);
    expect(handler.succeeded).toHaveLength(5);
  });

  it('idle() resolves only once a job has been retried and finished', async () => {
    // Prepare: the first attempt fails, and the retry comes after a delay.
    const handler = new RecordingHandler(async (call) => {
      if (call === 1) throw new Error('try again');
    });
    const queue = queueWith(handler, { maxAttempts: 3, retryDelayMs: 30 });

    // Act
    await queue.enqueue(terminationJob());
    await queue.idle();

    // Assess
    expect(handler.deliveries).toHaveLength(2);
    expect(handler.succeeded).toHaveLength(1);
  });
});
