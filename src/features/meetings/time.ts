import type { Locale } from '../../platform/i18n/locales.ts';

/**
 * Meetings are stored in UTC with the host's IANA time zone. The host enters a local date and
 * time in that zone; each viewer sees the time in their own zone, named. Everything goes
 * through Intl, so daylight-saving rules come from the runtime's time zone database.
 */

const partsFormats = new Map<string, Intl.DateTimeFormat>();

function partsFormat(timeZone: string): Intl.DateTimeFormat {
  let f = partsFormats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    partsFormats.set(timeZone, f);
  }
  return f;
}

export function isTimeZone(value: string): boolean {
  if (!value || value.length > 64) return false;
  try {
    partsFormat(value);
    return true;
  } catch {
    return false;
  }
}

/** Every IANA zone the runtime knows, with UTC first. */
export function timeZones(): string[] {
  const zones = Intl.supportedValuesOf('timeZone').filter((z) => z !== 'UTC');
  return ['UTC', ...zones];
}

interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

function wallTimeAt(instant: number, timeZone: string): WallTime & { second: number } {
  const parts: Record<string, number> = {};
  for (const p of partsFormat(timeZone).formatToParts(new Date(instant))) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  return {
    year: parts.year!,
    month: parts.month!,
    day: parts.day!,
    hour: parts.hour! % 24,
    minute: parts.minute!,
    second: parts.second!,
  };
}

/** Minutes the zone is ahead of UTC at that instant (Montevideo: -180). */
export function offsetMinutes(instant: number, timeZone: string): number {
  const w = wallTimeAt(instant, timeZone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return Math.round((asUtc - Math.floor(instant / 1000) * 1000) / 60_000);
}

const LOCAL_RE = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::\d{2}(?:\.\d+)?)?$/;

export function parseLocal(value: string): WallTime | null {
  const m = LOCAL_RE.exec(value.trim());
  if (!m) return null;
  const [year, month, day, hour, minute] = m.slice(1).map(Number) as [number, number, number, number, number];
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59) return null;
  const check = new Date(Date.UTC(year, month - 1, day));
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return null;
  return { year, month, day, hour, minute };
}

export type LocalToUtc = { ok: true; utc: Date } | { ok: false; reason: 'format' | 'zone' | 'nonexistent' };

/**
 * The UTC instant of a local date-time in a zone. A time skipped by a clock change does not
 * exist ('nonexistent'); a time that happens twice (clocks go back) is its first occurrence.
 */
export function localToUtc(local: string, timeZone: string): LocalToUtc {
  if (!isTimeZone(timeZone)) return { ok: false, reason: 'zone' };
  const w = parseLocal(local);
  if (!w) return { ok: false, reason: 'format' };
  const wall = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute);
  const day = 24 * 3600_000;
  // At most one transition lies within a day of any time: try the offsets on either side.
  const candidates = [...new Set([offsetMinutes(wall - day, timeZone), offsetMinutes(wall + day, timeZone)])]
    .map((off) => wall - off * 60_000)
    .filter((instant) => {
      const back = wallTimeAt(instant, timeZone);
      return (
        back.year === w.year &&
        back.month === w.month &&
        back.day === w.day &&
        back.hour === w.hour &&
        back.minute === w.minute
      );
    })
    .sort((a, b) => a - b);
  if (candidates.length === 0) return { ok: false, reason: 'nonexistent' };
  return { ok: true, utc: new Date(candidates[0]!) };
}

/** `YYYY-MM-DDTHH:mm` in the zone, for a datetime-local field. */
export function utcToLocalInput(iso: string, timeZone: string): string {
  const w = wallTimeAt(Date.parse(iso), isTimeZone(timeZone) ? timeZone : 'UTC');
  const p = (n: number) => String(n).padStart(2, '0');
  return `${w.year}-${p(w.month)}-${p(w.day)}T${p(w.hour)}:${p(w.minute)}`;
}

const displayFormats = new Map<string, Intl.DateTimeFormat>();

/** "Thu, Dec 3, 2026, 13:00 UTC": a 24-hour clock reads the same in every country. */
export function formatMeetingTime(iso: string, locale: Locale, timeZone: string): string {
  const zone = isTimeZone(timeZone) ? timeZone : 'UTC';
  const key = `${locale}|${zone}`;
  let f = displayFormats.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, {
      weekday: 'short',
      year: 'numeric',
      month: 'short',
      day: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      timeZone: zone,
      timeZoneName: 'short',
    });
    displayFormats.set(key, f);
  }
  return f.format(new Date(iso));
}

const clockFormats = new Map<string, Intl.DateTimeFormat>();

/** "13:05" in the zone, for chat messages. */
export function formatClock(iso: string, locale: Locale, timeZone: string): string {
  const zone = isTimeZone(timeZone) ? timeZone : 'UTC';
  const key = `${locale}|${zone}`;
  let f = clockFormats.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, {
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      timeZone: zone,
    });
    clockFormats.set(key, f);
  }
  return f.format(new Date(iso));
}

export function endOf(startsAt: string, durationMinutes: number): string {
  return new Date(Date.parse(startsAt) + durationMinutes * 60_000).toISOString();
}
