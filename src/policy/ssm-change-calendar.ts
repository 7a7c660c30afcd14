import { GetCalendarStateCommand, type SSMClient } from '@aws-sdk/client-ssm';
import type { ChangeCalendar } from './change-freeze';

/**
 * An AWS Systems Manager Change Calendar, read with `GetCalendarState` (granted for the one
 * calendar the `changeCalendar` deploy parameter names).
 */
export class SsmChangeCalendar implements ChangeCalendar {
  constructor(private readonly client: SSMClient) {}

  async state(calendar: string): Promise<{ open: boolean; nextTransition?: number }> {
    const answer = await this.client.send(new GetCalendarStateCommand({ CalendarNames: [calendar] }));
    if (answer.State !== 'OPEN' && answer.State !== 'CLOSED') {
      throw new Error(`GetCalendarState answered an unknown state for ${calendar}`);
    }
    const next = answer.NextTransitionTime ? Date.parse(answer.NextTransitionTime) : Number.NaN;
    return { open: answer.State === 'OPEN', ...(Number.isFinite(next) ? { nextTransition: next } : {}) };
  }
}
