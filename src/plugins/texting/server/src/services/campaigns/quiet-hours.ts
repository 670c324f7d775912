/**
 * Texting hours of an office: campaign texts go out only between `quietHoursStart` and `quietHoursEnd`
 * (whole hours, default 8 and 21) in the office's time zone. Despite their names the two fields bound the
 * hours when sending is ALLOWED; outside them is quiet. A start after the end wraps midnight (22 → 6);
 * equal values, or 0 → 24, mean no quiet time at all.
 */
export interface TextingHours {
  timezone?: string | null;
  quietHoursStart?: number | null;
  quietHoursEnd?: number | null;
}

export const DEFAULT_TIMEZONE = 'America/New_York';
export const DEFAULT_START = 8;
export const DEFAULT_END = 21;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timezone: string): Intl.DateTimeFormat {
  let f = formatters.get(timezone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone: timezone, hour: 'numeric', minute: 'numeric', hourCycle: 'h23' });
    formatters.set(timezone, f);
  }
  return f;
}

/** Whether Intl knows the zone (an office edited by hand could hold a typo). */
export function isValidTimezone(timezone: string): boolean {
  try {
    formatterFor(timezone);
    return true;
  } catch {
    return false;
  }
}

/** Minutes since local midnight in `timezone` at `at`. An unknown zone falls back to the default one. */
export function localMinutes(timezone: string | null | undefined, at: Date): number {
  const tz = timezone && isValidTimezone(timezone) ? timezone : DEFAULT_TIMEZONE;
  const parts = formatterFor(tz).formatToParts(at);
  const hour = Number(parts.find((p) => p.type === 'hour')?.value ?? 0) % 24;
  const minute = Number(parts.find((p) => p.type === 'minute')?.value ?? 0);
  return hour * 60 + minute;
}

function bounds(h: TextingHours): { start: number; end: number } {
  const start = Number.isInteger(h.quietHoursStart) ? (h.quietHoursStart as number) : DEFAULT_START;
  const end = Number.isInteger(h.quietHoursEnd) ? (h.quietHoursEnd as number) : DEFAULT_END;
  return { start: start * 60, end: end * 60 };
}

export function withinTextingHours(h: TextingHours, at: Date): boolean {
  const { start, end } = bounds(h);
  if (start === end || (start === 0 && end >= 24 * 60)) return true;
  const now = localMinutes(h.timezone, at);
  return start < end ? now >= start && now < end : now >= start || now < end;
}

/**
 * The first instant at or after `at` when sending is allowed (to the minute). Across a DST change this can be
 * an hour off; the dispatcher checks again when it gets there, so that only delays a send, never lets one through.
 */
export function nextTextingTime(h: TextingHours, at: Date): Date {
  if (withinTextingHours(h, at)) return at;
  const { start } = bounds(h);
  const now = localMinutes(h.timezone, at);
  const wait = (start - now + 24 * 60) % (24 * 60) || 24 * 60;
  const next = new Date(at.getTime() + wait * 60_000);
  next.setUTCSeconds(0, 0);
  return next;
}
