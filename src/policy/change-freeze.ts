import type { ApprovalPolicy, FreezeWindow, Weekday } from './approval-policy';

/** Why changes may not be applied now, and until when (when that is known). */
export interface Freeze {
  /** The freeze window's name, or the Change Calendar's. */
  name: string;
  source: 'policy' | 'calendar';
  /** Milliseconds since the epoch; undefined when the calendar does not say. */
  until?: number;
}

/**
 * An SSM Change Calendar (`GetCalendarState`): `CLOSED` means no changes.
 *
 * @example
 * const state = await calendar.state('my-change-calendar'); // { open: false, nextTransition: 1767225600000 }
 */
export interface ChangeCalendar {
  state(calendar: string): Promise<{ open: boolean; nextTransition?: number }>;
}

/**
 * The freezes a policy declares (its windows and its Change Calendar), checked when a request is
 * made and again before it is applied. A calendar that cannot be read counts as closed: a freeze
 * nobody can see must not be walked through.
 */
export class ChangeFreezes {
  constructor(
    private readonly policy: Pick<ApprovalPolicy, 'freezes' | 'changeCalendar'>,
    private readonly calendar?: ChangeCalendar,
    private readonly onCalendarError: (error: unknown) => void = () => {},
  ) {}

  async current(now: number): Promise<Freeze | undefined> {
    const window = activeFreeze(this.policy.freezes ?? [], now);
    if (window !== undefined) return { ...window, source: 'policy' };
    const name = this.policy.changeCalendar;
    if (name === undefined || this.calendar === undefined) return undefined;
    try {
      const state = await this.calendar.state(name);
      if (state.open) return undefined;
      return { name: calendarName(name), source: 'calendar', until: state.nextTransition };
    } catch (error) {
      this.onCalendarError(error);
      return { name: `${calendarName(name)} (could not be read)`, source: 'calendar' };
    }
  }
}

function calendarName(nameOrArn: string): string {
  return nameOrArn.includes('/') ? (nameOrArn.split('/').at(-1) ?? nameOrArn) : nameOrArn;
}

/**
 * The freeze window in force at `now`, with the end of the frozen stretch: windows that follow on
 * from each other (Saturday then Sunday, or a weekend inside the year-end freeze) end together.
 *
 * @example
 * activeFreeze([{ name: 'weekends', weekly: { days: ['sat', 'sun'], from: '00:00', to: '24:00', timeZone: 'UTC' } }],
 *   Date.parse('2026-12-05T10:00Z')); // { name: 'weekends', until: Date.parse('2026-12-07T00:00Z') }
 */
export function activeFreeze(
  windows: readonly FreezeWindow[],
  now: number,
): { name: string; until: number } | undefined {
  const first = windows
    .map((window) => ({ name: window.name, until: endIfActive(window, now) }))
    .filter((found): found is { name: string; until: number } => found.until !== undefined);
  if (first.length === 0) return undefined;
  const name = first[0]?.name ?? '';
  let until = Math.max(...first.map((found) => found.until));
  for (let step = 0; step < 50; step += 1) {
    const next = windows.map((window) => endIfActive(window, until)).filter((end) => end !== undefined);
    if (next.length === 0) break;
    const later = Math.max(...next);
    if (later <= until) break;
    until = later;
  }
  return { name, until };
}

/** When the window's current occurrence ends, if `at` falls in it. */
function endIfActive(window: FreezeWindow, at: number): number | undefined {
  if ('start' in window) {
    const start = zonedToUtc(parseLocal(window.start), window.timeZone);
    const end = zonedToUtc(parseLocal(window.end), window.timeZone);
    return start <= at && at < end ? end : undefined;
  }
  const { days, from, to, timeZone } = window.weekly;
  const local = localParts(at, timeZone);
  const minute = local.hour * 60 + local.minute;
  if (!days.includes(local.weekday) || minute < minutesOf(from) || minute >= minutesOf(to)) return undefined;
  const toMinutes = minutesOf(to);
  return zonedToUtc(
    { year: local.year, month: local.month, day: local.day, hour: 0, minute: 0 },
    timeZone,
    toMinutes * 60_000,
  );
}

function minutesOf(time: string): number {
  const [hours, minutes] = time.split(':').map(Number);
  return (hours ?? 0) * 60 + (minutes ?? 0);
}

interface LocalTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

function parseLocal(text: string): LocalTime {
  const [date = '', time = ''] = text.split('T');
  const [year, month, day] = date.split('-').map(Number);
  const [hour, minute] = time.split(':').map(Number);
  return { year: year ?? 0, month: month ?? 1, day: day ?? 1, hour: hour ?? 0, minute: minute ?? 0 };
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let found = formatters.get(timeZone);
  if (found === undefined) {
    found = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      weekday: 'short',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, found);
  }
  return found;
}

function localParts(at: number, timeZone: string): LocalTime & { weekday: Weekday; second: number } {
  const parts = Object.fromEntries(
    formatter(timeZone)
      .formatToParts(at)
      .map((part) => [part.type, part.value]),
  );
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour) % 24,
    minute: Number(parts.minute),
    second: Number(parts.second),
    weekday: String(parts.weekday).toLowerCase().slice(0, 3) as Weekday,
  };
}

/** The offset of `timeZone` from UTC at the instant `at`, in milliseconds. */
function offsetAt(at: number, timeZone: string): number {
  const local = localParts(at, timeZone);
  const asUtc = Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute, local.second);
  return asUtc - Math.floor(at / 1000) * 1000;
}

/** The instant a wall-clock time in `timeZone` stands for (`plusMs` added to the wall clock first). */
function zonedToUtc(local: LocalTime, timeZone: string, plusMs = 0): number {
  const wall = Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute) + plusMs;
  const first = wall - offsetAt(wall, timeZone);
  const second = wall - offsetAt(first, timeZone);
  return second;
}
