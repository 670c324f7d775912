import { DEFAULT_SEND_WINDOW, DEFAULT_TIMEZONE, toMinutes } from '../../../../shared/contracts';

/**
 * The send window of an office: campaign texts go out only between `sendWindowStart` and `sendWindowEnd`
 * (minutes after local midnight, default 08:00 and 21:00) in the office's time zone; outside it is quiet.
 * A start after the end wraps midnight (22:00 → 06:00); equal values, or 00:00 → 24:00, mean no quiet time.
 * (These were `quietHoursStart/End` in whole hours, named the opposite of what they held; the plugin's
 * register step renames the columns and converts stored values, see guards/office-migration.ts.)
 */
export interface TextingHours {
  timezone?: string | null;
  sendWindowStart?: number | null;
  sendWindowEnd?: number | null;
}

export { DEFAULT_TIMEZONE };
export const DEFAULT_START = toMinutes(DEFAULT_SEND_WINDOW.start);
export const DEFAULT_END = toMinutes(DEFAULT_SEND_WINDOW.end);

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
  const start = Number.isInteger(h.sendWindowStart) ? (h.sendWindowStart as number) : DEFAULT_START;
  const end = Number.isInteger(h.sendWindowEnd) ? (h.sendWindowEnd as number) : DEFAULT_END;
  return { start, end };
}

export function withinTextingHours(h: TextingHours, at: Date): boolean {
  const { start, end } = bounds(h);
  if (start === end || (start === 0 && end >= 24 * 60)) return true;
  const now = localMinutes(h.timezone, at);
  return start < end ? now >= start && now < end : now >= start || now < end;
}

/**
 * The first instant at or after `at` when sending is allowed (to the minute). Waiting "start − now" minutes
 * lands an hour off when a DST change falls in between (local clocks jump), so the landing point is corrected
 * once by the signed difference to the window's start, when that correction lands inside the window.
 */
export function nextTextingTime(h: TextingHours, at: Date): Date {
  if (withinTextingHours(h, at)) return at;
  const { start } = bounds(h);
  const day = 24 * 60;
  const wait = (start - localMinutes(h.timezone, at) + day) % day || day;
  const next = new Date(at.getTime() + wait * 60_000);
  next.setUTCSeconds(0, 0);
  const drift = ((start - localMinutes(h.timezone, next) + day + day / 2) % day) - day / 2;
  if (drift === 0) return next;
  const corrected = new Date(next.getTime() + drift * 60_000);
  return corrected > at && withinTextingHours(h, corrected) ? corrected : next;
}
