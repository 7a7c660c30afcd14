import { setTimeout as sleep } from 'node:timers/promises';
import { ChimeThrottledError } from '../chime/chime-errors';
import type { Clock } from '../clock';
import { DriftError } from './drift-error';

export interface ChimeCallPacerOptions {
  /** The steady rate the check aims at (`DRIFT_CHIME_CALLS_PER_SECOND`). */
  callsPerSecond: number;
  clock: Clock;
  /** First wait after a throttled call; doubled each time, with jitter. Default 250 ms. */
  baseBackoffMs?: number;
  /** Longest wait after a throttled call. Default 10 s. */
  maxBackoffMs?: number;
  /** Attempts of one call before the run gives up (and the next run resumes there). Default 10. */
  maxAttempts?: number;
  /** Waits (tests and the bench may pass a faster one). */
  wait?: (ms: number) => Promise<void>;
  random?: () => number;
}

/**
 * What a throttled call leaves of the rate (at most once a second). Gentler than TCP's half: Chime
 * throttles per account and operation, and a check sharing the account with people at the console
 * meets some throttling it did not cause.
 */
const DECREASE = 0.7;

/** The check ran out of time (or Chime would not stop throttling): what was not finished is left to the next run. */
export class CheckOutOfTimeError extends DriftError {
  readonly code = 'drift_check_out_of_time';
  constructor() {
    super('CheckOutOfTimeError', 'The drift check ran out of time');
  }
}

/**
 * Paces the check's Chime calls and backs off when Chime throttles them. Calls leave at most at
 * the current rate (one slot every `1000 / rate` ms, shared by every connector checked at once).
 * A throttled call cuts the rate by 30 % (once a second at most, never below a quarter of the target) and is tried again after an exponential, jittered wait; every
 * call that gets through raises the rate again by a twentieth of the target (additive increase,
 * multiplicative decrease, as TCP does), so the check settles just under what Chime allows.
 * No wait runs past the deadline: the call is abandoned with {@link CheckOutOfTimeError}.
 */
export class ChimeCallPacer {
  readonly #target: number;
  readonly #minimum: number;
  readonly #clock: Clock;
  readonly #baseBackoffMs: number;
  readonly #maxBackoffMs: number;
  readonly #maxAttempts: number;
  readonly #wait: (ms: number) => Promise<void>;
  readonly #random: () => number;
  #rate: number;
  #nextSlot = 0;
  #lastDecrease = Number.NEGATIVE_INFINITY;
  /** Requests sent, throttled ones included. */
  calls = 0;
  throttled = 0;

  constructor(options: ChimeCallPacerOptions) {
    if (!(options.callsPerSecond > 0)) throw new RangeError('callsPerSecond must be positive');
    this.#target = options.callsPerSecond;
    // Never below a quarter of the target: a check that crawls would never finish its pass.
    this.#minimum = options.callsPerSecond / 4;
    this.#rate = options.callsPerSecond;
    this.#clock = options.clock;
    this.#baseBackoffMs = options.baseBackoffMs ?? 250;
    this.#maxBackoffMs = options.maxBackoffMs ?? 10_000;
    this.#maxAttempts = options.maxAttempts ?? 10;
    this.#wait = options.wait ?? ((ms) => sleep(ms));
    this.#random = options.random ?? Math.random;
  }

  /** The current rate, in calls per second. */
  get rate(): number {
    return this.#rate;
  }

  /** Sends `send` when its slot comes, again after a wait while Chime throttles it. */
  async call<T>(send: () => Promise<T>, deadline: number): Promise<T> {
    for (let attempt = 1; ; attempt += 1) {
      await this.#slot(deadline);
      this.calls += 1;
      try {
        const result = await send();
        this.#rate = Math.min(this.#target, this.#rate + this.#target / 20);
        return result;
      } catch (error) {
        if (!(error instanceof ChimeThrottledError)) throw error;
        // Still throttled after every attempt: end the run here, and let the next one go on from
        // this connector, rather than skip it.
        if (attempt >= this.#maxAttempts) throw new CheckOutOfTimeError();
        this.throttled += 1;
        // One decrease per second at most, as TCP decreases once per round trip: the calls already
        // in flight were sent at the old rate, and their throttling says nothing new.
        if (this.#clock.now() - this.#lastDecrease >= 1_000) {
          this.#rate = Math.max(this.#minimum, this.#rate * DECREASE);
          this.#lastDecrease = this.#clock.now();
        }
        const ceiling = Math.min(this.#maxBackoffMs, this.#baseBackoffMs * 2 ** (attempt - 1));
        const backoff = ceiling / 2 + this.#random() * (ceiling / 2);
        if (this.#clock.now() + backoff > deadline) throw new CheckOutOfTimeError();
        await this.#wait(backoff);
      }
    }
  }

  async #slot(deadline: number): Promise<void> {
    const now = this.#clock.now();
    const at = Math.max(now, this.#nextSlot);
    if (at > deadline) throw new CheckOutOfTimeError();
    this.#nextSlot = at + 1000 / this.#rate;
    if (at > now) await this.#wait(at - now);
  }
}
