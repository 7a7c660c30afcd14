/**
 * The emulator's idea of "now": a source clock (the system's, or one a test gives) plus an offset
 * that tests move forward to see what time does (a ping growing old, CloudTrail delivering late)
 * without waiting.
 */
export class EmulatorClock {
  readonly #source: () => Date;
  #offsetMs = 0;

  constructor(source: () => Date = () => new Date()) {
    this.#source = source;
  }

  now(): Date {
    return new Date(this.#source().getTime() + this.#offsetMs);
  }

  advance(ms: number): void {
    if (!Number.isFinite(ms)) throw new RangeError(`The clock moves by a finite number of milliseconds, not ${ms}.`);
    this.#offsetMs += ms;
  }

  /** Back to the source clock. */
  reset(): void {
    this.#offsetMs = 0;
  }
}
