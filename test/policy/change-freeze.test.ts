import { describe, expect, it } from 'vitest';
import type { FreezeWindow } from '../../src/policy/approval-policy';
import { activeFreeze, ChangeFreezes } from '../../src/policy/change-freeze';

const YEAR_END: FreezeWindow = {
  name: 'year-end',
  start: '2026-12-20T00:00',
  end: '2027-01-03T00:00',
  timeZone: 'Europe/London',
};
const WEEKENDS: FreezeWindow = {
  name: 'weekends',
  weekly: { days: ['sat', 'sun'], from: '00:00', to: '24:00', timeZone: 'UTC' },
};
const NIGHTS_NEW_YORK: FreezeWindow = {
  name: 'nights',
  weekly: { days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '22:00', to: '24:00', timeZone: 'America/New_York' },
};

describe('activeFreeze', () => {
  it('finds a dated window in its time zone and says when it ends', () => {
    expect(activeFreeze([YEAR_END], Date.parse('2026-12-24T12:00Z'))).toEqual({
      name: 'year-end',
      until: Date.parse('2027-01-03T00:00Z'),
    });
    expect(activeFreeze([YEAR_END], Date.parse('2026-12-19T23:59Z'))).toBeUndefined();
  });

  it('joins Saturday and Sunday into one weekend', () => {
    expect(activeFreeze([WEEKENDS], Date.parse('2026-12-05T10:00Z'))).toEqual({
      name: 'weekends',
      until: Date.parse('2026-12-07T00:00Z'),
    });
    expect(activeFreeze([WEEKENDS], Date.parse('2026-12-07T00:00Z'))).toBeUndefined();
  });

  it('reads weekly windows on the local clock (New York is UTC-5 in December)', () => {
    expect(activeFreeze([NIGHTS_NEW_YORK], Date.parse('2026-12-02T03:30Z'))?.until).toBe(
      Date.parse('2026-12-02T05:00Z'),
    );
    expect(activeFreeze([NIGHTS_NEW_YORK], Date.parse('2026-12-02T02:59Z'))).toBeUndefined();
  });

  it('a weekend at the end of the year-end freeze carries the freeze on', () => {
    // 2027-01-02 is a Saturday: the year-end window ends at its midnight, the weekend runs to Monday.
    expect(activeFreeze([YEAR_END, WEEKENDS], Date.parse('2026-12-30T09:00Z'))?.until).toBe(
      Date.parse('2027-01-04T00:00Z'),
    );
  });
});

describe('ChangeFreezes', () => {
  it('a closed calendar freezes; one that cannot be read counts as closed', async () => {
    const closed = new ChangeFreezes(
      { changeCalendar: 'my-change-calendar' },
      { state: async () => ({ open: false, nextTransition: 1_800_000_000_000 }) },
    );
    expect(await closed.current(0)).toEqual({
      name: 'my-change-calendar',
      source: 'calendar',
      until: 1_800_000_000_000,
    });
    const unreadable = new ChangeFreezes(
      { changeCalendar: 'my-change-calendar' },
      {
        state: async () => {
          throw new Error('AccessDenied');
        },
      },
    );
    expect((await unreadable.current(0))?.name).toBe('my-change-calendar (could not be read)');
  });
});
