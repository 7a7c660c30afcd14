/**
 * Slack's `<!date^epoch^format|fallback>` tokens, as a reader in `timeZone` sees them:
 * `{date_num}` 2026-04-07, `{date}` April 7th, 2026, `{date_short}` Apr 7, 2026, `{date_long}`
 * Tuesday, April 7th, 2026, the `_pretty` forms (today, yesterday, tomorrow), `{time}` 9:30 AM,
 * `{time_secs}` 9:30:00 AM and `{ago}` 5 minutes ago. Other text in the format stays as it is.
 *
 * @example
 * formatSlackDate(1775554200, '{date_short_pretty} {time}', 'Europe/London', Date.now()); // 'Apr 7, 2026 10:30 AM'
 */
export function formatSlackDate(epochSeconds: number, format: string, timeZone: string, now: number): string {
  const date = new Date(epochSeconds * 1000);
  if (Number.isNaN(date.getTime())) return format;
  const zone = isTimeZone(timeZone) ? timeZone : 'UTC';
  const part = (options: Intl.DateTimeFormatOptions) =>
    new Intl.DateTimeFormat('en-US', { timeZone: zone, ...options }).format(date);
  const day = Number(part({ day: 'numeric' }));
  const longDate = `${part({ month: 'long' })} ${day}${ordinal(day)}, ${part({ year: 'numeric' })}`;
  const shortDate = part({ month: 'short', day: 'numeric', year: 'numeric' });
  const weekday = part({ weekday: 'long' });
  const pretty = (fallback: string) => relativeDay(date, now, zone) ?? fallback;
  const tokens: Record<string, () => string> = {
    date_num: () => new Intl.DateTimeFormat('en-CA', { timeZone: zone }).format(date),
    date: () => longDate,
    date_short: () => shortDate,
    date_long: () => `${weekday}, ${longDate}`,
    date_pretty: () => pretty(longDate),
    date_short_pretty: () => pretty(shortDate),
    date_long_pretty: () => pretty(`${weekday}, ${longDate}`),
    time: () => part({ hour: 'numeric', minute: '2-digit' }),
    time_secs: () => part({ hour: 'numeric', minute: '2-digit', second: '2-digit' }),
    ago: () => ago(date.getTime(), now),
  };
  return format.replace(/\{([a-z_]+)\}/g, (token, name: string) => tokens[name]?.() ?? token);
}

function isTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

function ordinal(day: number): string {
  if (day % 100 >= 11 && day % 100 <= 13) return 'th';
  return ['th', 'st', 'nd', 'rd'][day % 10] ?? 'th';
}

function relativeDay(date: Date, now: number, timeZone: string): string | undefined {
  const dayOf = (time: number) => new Intl.DateTimeFormat('en-CA', { timeZone }).format(new Date(time));
  const target = dayOf(date.getTime());
  if (target === dayOf(now)) return 'today';
  if (target === dayOf(now - 86_400_000)) return 'yesterday';
  if (target === dayOf(now + 86_400_000)) return 'tomorrow';
  return undefined;
}

function ago(time: number, now: number): string {
  const seconds = Math.round((now - time) / 1000);
  const future = seconds < 0;
  const size = Math.abs(seconds);
  const [amount, unit] =
    size < 60
      ? [size, 'second']
      : size < 3600
        ? [Math.floor(size / 60), 'minute']
        : size < 86_400
          ? [Math.floor(size / 3600), 'hour']
          : [Math.floor(size / 86_400), 'day'];
  const phrase = `${amount} ${unit}${amount === 1 ? '' : 's'}`;
  return future ? `in ${phrase}` : `${phrase} ago`;
}
