import type { StatFrequency } from '../../db/schema.ts';

/**
 * Periods as entered or uploaded: `2023`, `2023-Q2` / `2023Q2`, `2023-06` / `2023M06`.
 * Stored as `2023`, `2023-Q2`, `2023-06`, which sort in time order within a frequency.
 */
export function normalizePeriod(raw: string, frequency: StatFrequency): string | null {
  const s = raw.trim().toUpperCase();
  if (frequency === 'A') {
    const m = /^(\d{4})(?:\.0)?$/.exec(s);
    return m && okYear(m[1]!) ? m[1]! : null;
  }
  if (frequency === 'Q') {
    const m = /^(\d{4})-?Q([1-4])$/.exec(s);
    return m && okYear(m[1]!) ? `${m[1]}-Q${m[2]}` : null;
  }
  const m = /^(\d{4})(?:-M?|M)(0?[1-9]|1[0-2])$/.exec(s);
  return m && okYear(m[1]!) ? `${m[1]}-${m[2]!.padStart(2, '0')}` : null;
}

/** Every period of the frequency from the start of year `from` to the end of year `to`. */
export function periodsBetween(frequency: StatFrequency, from: number, to: number): string[] {
  const out: string[] = [];
  for (let y = from; y <= to; y++) {
    if (frequency === 'A') out.push(String(y));
    else if (frequency === 'Q') for (let q = 1; q <= 4; q++) out.push(`${y}-Q${q}`);
    else for (let m = 1; m <= 12; m++) out.push(`${y}-${String(m).padStart(2, '0')}`);
  }
  return out;
}

/** Years from 1900 to ten years ahead. */
function okYear(y: string): boolean {
  const n = Number(y);
  return n >= 1900 && n <= new Date().getUTCFullYear() + 10;
}

/** The period just before, for comparing a value with the previous ones. */
export function previousPeriod(period: string): string {
  let m = /^(\d{4})$/.exec(period);
  if (m) return String(Number(m[1]) - 1);
  m = /^(\d{4})-Q([1-4])$/.exec(period);
  if (m) return m[2] === '1' ? `${Number(m[1]) - 1}-Q4` : `${m[1]}-Q${Number(m[2]) - 1}`;
  m = /^(\d{4})-(\d{2})$/.exec(period);
  if (m)
    return m[2] === '01' ? `${Number(m[1]) - 1}-12` : `${m[1]}-${String(Number(m[2]) - 1).padStart(2, '0')}`;
  return period;
}

/**
 * A number as a statistician types it: `12.5`, `12,5`, `1 234.5`, `1,234.5`, `1.234,5`.
 * Returns null when it is not a number.
 */
export function parseNumber(raw: string): number | null {
  // The common case first: plain digits with an optional point.
  if (/^-?\d+(\.\d+)?$/.test(raw)) return Number(raw);
  let s = raw.trim().replace(/[\s\u00a0\u202f']/g, '');
  if (s === '') return null;
  const lastComma = s.lastIndexOf(',');
  const lastDot = s.lastIndexOf('.');
  if (lastComma !== -1 && lastDot !== -1) {
    // The separator that comes last is the decimal one.
    s = lastComma > lastDot ? s.replace(/\./g, '').replace(',', '.') : s.replace(/,/g, '');
  } else if (lastComma !== -1) {
    s = /^-?\d{1,3}(,\d{3})+$/.test(s) && s.split(',').length > 2 ? s.replace(/,/g, '') : s.replace(',', '.');
  }
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(s)) return null;
  const n = Number(s);
  return Number.isFinite(n) ? n : null;
}
