import { localMinutes, nextTextingTime, withinTextingHours, isValidTimezone } from './quiet-hours';

const ny = { timezone: 'America/New_York', sendWindowStart: 8 * 60, sendWindowEnd: 21 * 60 };
const utc = (iso: string) => new Date(iso);

describe('send window (office local time)', () => {
  it('is open from its start up to, not including, its end', () => {
    expect(withinTextingHours(ny, utc('2026-12-01T12:59:00Z'))).toBe(false); // 07:59 EST
    expect(withinTextingHours(ny, utc('2026-12-01T13:00:00Z'))).toBe(true); // 08:00 EST
    expect(withinTextingHours(ny, utc('2026-12-02T01:59:00Z'))).toBe(true); // 20:59 EST
    expect(withinTextingHours(ny, utc('2026-12-02T02:00:00Z'))).toBe(false); // 21:00 EST
  });

  it('uses the defaults (08:00–21:00) when the office has none', () => {
    expect(withinTextingHours({ timezone: 'America/New_York' }, utc('2026-12-01T13:30:00Z'))).toBe(true);
    expect(withinTextingHours({ timezone: 'America/New_York' }, utc('2026-12-01T03:00:00Z'))).toBe(false);
  });

  it('wraps midnight when the start is after the end (22:00 → 06:00)', () => {
    const night = { timezone: 'UTC', sendWindowStart: 22 * 60, sendWindowEnd: 6 * 60 };
    expect(withinTextingHours(night, utc('2026-12-01T23:30:00Z'))).toBe(true);
    expect(withinTextingHours(night, utc('2026-12-02T05:59:00Z'))).toBe(true);
    expect(withinTextingHours(night, utc('2026-12-02T06:00:00Z'))).toBe(false);
    expect(withinTextingHours(night, utc('2026-12-02T12:00:00Z'))).toBe(false);
    expect(nextTextingTime(night, utc('2026-12-02T12:00:30Z')).toISOString()).toBe('2026-12-02T22:00:00.000Z');
  });

  it('has no quiet time when start equals end, or for 00:00 → 24:00', () => {
    const at = utc('2026-12-01T08:00:00Z');
    expect(withinTextingHours({ timezone: 'UTC', sendWindowStart: 600, sendWindowEnd: 600 }, at)).toBe(true);
    expect(withinTextingHours({ timezone: 'UTC', sendWindowStart: 0, sendWindowEnd: 1440 }, at)).toBe(true);
  });

  it('reads an unknown time zone as the default zone rather than failing', () => {
    expect(isValidTimezone('Mars/Olympus_Mons')).toBe(false);
    expect(isValidTimezone('Europe/Madrid')).toBe(true);
    const at = utc('2026-12-01T12:30:00Z');
    expect(localMinutes('Mars/Olympus_Mons', at)).toBe(localMinutes('America/New_York', at));
    expect(withinTextingHours({ ...ny, timezone: 'Mars/Olympus_Mons' }, at)).toBe(false); // 07:30 in New York
  });

  describe('across DST changes (New York: spring forward 2026-03-08 07:00Z, fall back 2026-11-01 06:00Z)', () => {
    it('follows the local clock: the same UTC instant is before the window in winter and inside it in summer', () => {
      expect(withinTextingHours(ny, utc('2026-03-07T12:30:00Z'))).toBe(false); // 07:30 EST
      expect(withinTextingHours(ny, utc('2026-03-08T12:30:00Z'))).toBe(true); // 08:30 EDT
      expect(withinTextingHours(ny, utc('2026-10-31T12:30:00Z'))).toBe(true); // 08:30 EDT
      expect(withinTextingHours(ny, utc('2026-11-01T12:30:00Z'))).toBe(false); // 07:30 EST
    });

    it('the next opening after a night that springs forward is 08:00 EDT, not an hour late', () => {
      expect(nextTextingTime(ny, utc('2026-03-08T05:00:00Z')).toISOString()).toBe('2026-03-08T12:00:00.000Z');
    });

    it('the next opening after a night that falls back is 08:00 EST, not an hour early', () => {
      expect(nextTextingTime(ny, utc('2026-11-01T04:30:00Z')).toISOString()).toBe('2026-11-01T13:00:00.000Z');
    });
  });

  it('answers the instant itself while the window is open', () => {
    const at = utc('2026-12-01T15:17:42Z');
    expect(nextTextingTime(ny, at)).toBe(at);
  });
});
