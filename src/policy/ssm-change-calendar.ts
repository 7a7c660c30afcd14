import type { SSMClient } from '@aws-sdk/client-ssm';
import type { ChangeCalendar } from './change-freeze';

/**
 * An AWS Systems Manager Change Calendar, read with `GetCalendarState` (granted for the one
 * calendar the `changeCalendar` deploy parameter names). The SSM client is built on the first
 * read (`createClient`), with the SDK's SSM package loaded then (`config/ssm-reads`).
 */
export class SsmChangeCalendar implements ChangeCalendar {
  #client: Promise<SSMClient> | undefined;

  constructor(private readonly createClient: () => Promise<SSMClient>) {}

  async state(calendar: string): Promise<{ open: boolean; nextTransition?: number }> {
    // A client that could not be built is not kept: the next read tries again.
    this.#client ??= this.createClient().catch((error: unknown) => {
      this.#client = undefined;
      throw error;
    });
    const [{ GetCalendarStateCommand }, client] = await Promise.all([import('../config/ssm-reads'), this.#client]);
    const answer = await client.send(new GetCalendarStateCommand({ CalendarNames: [calendar] }));
    if (answer.State !== 'OPEN' && answer.State !== 'CLOSED') {
      throw new Error(`GetCalendarState answered an unknown state for ${calendar}`);
    }
    const next = answer.NextTransitionTime ? Date.parse(answer.NextTransitionTime) : Number.NaN;
    return { open: answer.State === 'OPEN', ...(Number.isFinite(next) ? { nextTransition: next } : {}) };
  }

  /** Closes the client's connections, if a read ever built it. */
  destroy(): void {
    this.#client?.then(
      (client) => client.destroy(),
      () => undefined,
    );
  }
}
