/**
 * Where the Slack stand-in reads the time: trigger ids, response_urls and message timestamps all
 * depend on it, so tests can expire a trigger without waiting three seconds.
 */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/**
 * A clock that only moves when told to.
 *
 * @example
 * const clock = new ManualClock();
 * const workspace = new SlackWorkspace({ clock });
 * clock.advance(3_001); // every trigger id issued so far has now expired
 */
export class ManualClock implements Clock {
  private currentMs: number;

  constructor(startMs: number = Date.now()) {
    this.currentMs = startMs;
  }

  now(): number {
    return this.currentMs;
  }

  advance(milliseconds: number): void {
    this.currentMs += milliseconds;
  }

  set(epochMs: number): void {
    this.currentMs = epochMs;
  }
}
