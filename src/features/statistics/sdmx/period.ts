/**
 * Reporting periods as stored and as SDMX writes them: `2023` (annual), `2023-Q2` (quarterly),
 * `2023-06` (monthly). Within one frequency the strings sort in time order, so a range of periods
 * becomes a plain string comparison in SQL.
 */

export type Frequency = 'A' | 'Q' | 'M';

export interface Period {
  freq: Frequency;
  year: number;
  /** Quarter 1–4 or month 1–12; 1 for annual periods. */
  sub: number;
}

const ANNUAL = /^(\d{4})$/;
const QUARTER = /^(\d{4})-Q([1-4])$/;
const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

export function parsePeriod(text: string): Period | null {
  let m = ANNUAL.exec(text);
  if (m) return { freq: 'A', year: Number(m[1]), sub: 1 };
  m = QUARTER.exec(text);
  if (m) return { freq: 'Q', year: Number(m[1]), sub: Number(m[2]) };
  m = MONTH.exec(text);
  if (m) return { freq: 'M', year: Number(m[1]), sub: Number(m[2]) };
  return null;
}

export function formatPeriodId(p: Period): string {
  const y = String(p.year).padStart(4, '0');
  if (p.freq === 'A') return y;
  if (p.freq === 'Q') return `${y}-Q${p.sub}`;
  return `${y}-${String(p.sub).padStart(2, '0')}`;
}

function firstMonth(p: Period): number {
  return p.freq === 'A' ? 1 : p.freq === 'Q' ? (p.sub - 1) * 3 + 1 : p.sub;
}

function monthsIn(freq: Frequency): number {
  return freq === 'A' ? 12 : freq === 'Q' ? 3 : 1;
}

/** First instant of the period (UTC). */
export function periodStart(p: Period): Date {
  return new Date(Date.UTC(p.year, firstMonth(p) - 1, 1));
}

/** Last millisecond of the period (UTC). */
export function periodEnd(p: Period): Date {
  return new Date(Date.UTC(p.year, firstMonth(p) - 1 + monthsIn(p.freq), 1) - 1);
}

/** A position on a continuous time axis (years with fractions), for charts. */
export function periodPosition(p: Period): number {
  return p.year + (firstMonth(p) - 1 + monthsIn(p.freq) / 2) / 12;
}

/**
 * A bound of `startPeriod`/`endPeriod`: an SDMX reporting period, a calendar date or a
 * date-time. Returns the instant it starts (for start bounds) or ends (for end bounds).
 */
export function parsePeriodBound(text: string, side: 'start' | 'end'): Date | null {
  const p = parsePeriod(text);
  if (p) return side === 'start' ? periodStart(p) : periodEnd(p);
  const semester = /^(\d{4})-S([12])$/.exec(text);
  if (semester) {
    const y = Number(semester[1]);
    const h = Number(semester[2]);
    return side === 'start' ? new Date(Date.UTC(y, (h - 1) * 6, 1)) : new Date(Date.UTC(y, h * 6, 1) - 1);
  }
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (day) {
    const d = new Date(Date.UTC(Number(day[1]), Number(day[2]) - 1, Number(day[3])));
    if (d.getUTCMonth() !== Number(day[2]) - 1 || d.getUTCDate() !== Number(day[3])) return null;
    return side === 'start' ? d : new Date(d.getTime() + 86_400_000 - 1);
  }
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?$/.test(text)) {
    const d = new Date(text);
    return Number.isNaN(d.getTime()) ? null : d;
  }
  return null;
}

/** The first period of this frequency that starts at or after the instant. */
export function firstPeriodFrom(instant: Date, freq: Frequency): string {
  const months = monthsIn(freq);
  const y = instant.getUTCFullYear();
  const monthIndex = instant.getUTCMonth();
  let index = Math.floor(monthIndex / months);
  const start = new Date(Date.UTC(y, index * months, 1));
  if (start.getTime() < instant.getTime()) index += 1;
  const year = y + Math.floor((index * months) / 12);
  const sub = ((index * months) % 12) / months + 1;
  return formatPeriodId({ freq, year, sub });
}

/** The last period of this frequency that ends at or before the instant. */
export function lastPeriodUntil(instant: Date, freq: Frequency): string {
  const months = monthsIn(freq);
  const y = instant.getUTCFullYear();
  let index = Math.floor(instant.getUTCMonth() / months);
  const end = new Date(Date.UTC(y, (index + 1) * months, 1) - 1);
  if (end.getTime() > instant.getTime()) index -= 1;
  const year = y + Math.floor((index * months) / 12);
  const sub = ((((index * months) % 12) + 12) % 12) / months + 1;
  return formatPeriodId({ freq, year, sub });
}

/** The calendar year of a stored period (its first four characters). */
export function periodYear(text: string): number {
  return Number(text.slice(0, 4));
}
