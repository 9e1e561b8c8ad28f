import { parsePeriod } from '../sdmx/period.ts';
import type { IndicatorInfo } from './repository.ts';

/**
 * The choices of an indicator view, all in the query string so every view has a permanent URL:
 * `c` (countries, repeated), one parameter per dimension named by its id (`SEX=SEX_F`), `from`
 * and `to` (years) and `period` (the period of the bar chart). Unknown values are dropped and
 * the defaults apply.
 */
export interface ViewParams {
  countries: string[];
  /** One code per indicator dimension. */
  codes: string[];
  from: string | null;
  to: string | null;
  period: string | null;
}

/** The larger labour markets first: a readable default when nobody has chosen yet. */
const DEFAULT_COUNTRIES = ['BRA', 'MEX', 'ARG', 'COL', 'CHL', 'CAN', 'USA', 'PER', 'URY'];
export const MAX_COUNTRIES = 8;

function values(query: Record<string, unknown>, name: string): string[] {
  const v = query[name];
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string');
  return typeof v === 'string' && v !== '' ? v.split(',') : [];
}

function one(query: Record<string, unknown>, name: string): string | null {
  const v = values(query, name);
  return v[0] ?? null;
}

export function parseView(
  query: Record<string, unknown>,
  ind: IndicatorInfo,
  available: Set<string>,
  years: string[],
): ViewParams {
  let countries = [...new Set(values(query, 'c').map((c) => c.toUpperCase()))].filter((c) =>
    available.has(c),
  );
  if (countries.length === 0) {
    countries = DEFAULT_COUNTRIES.filter((c) => available.has(c)).slice(0, 5);
    if (countries.length === 0) countries = [...available].sort().slice(0, 5);
  }
  countries = countries.slice(0, MAX_COUNTRIES);
  const codes = ind.dimensions.map((d, i) => {
    const wanted = one(query, d.id);
    if (wanted && d.codes.some((c) => c.id === wanted)) return wanted;
    return ind.totals[i] ?? d.codes[0]?.id ?? '_Z';
  });
  const yearOk = (y: string | null) => (y && /^\d{4}$/.test(y) ? y : null);
  let from = yearOk(one(query, 'from'));
  let to = yearOk(one(query, 'to'));
  if (from && to && from > to) [from, to] = [to, from];
  if (from && years.length && from <= years[0]!) from = null;
  if (to && years.length && to >= years[years.length - 1]!) to = null;
  const p = one(query, 'period');
  const period = p && parsePeriod(p)?.freq === ind.frequency ? p : null;
  return { countries, codes, from, to, period };
}

/** The canonical query string of a view (without the leading `?`). */
export function viewQuery(ind: IndicatorInfo, v: ViewParams, extra: Record<string, string> = {}): string {
  const q = new URLSearchParams();
  for (const c of v.countries) q.append('c', c);
  ind.dimensions.forEach((d, i) => {
    q.set(d.id, v.codes[i]!);
  });
  if (v.from) q.set('from', v.from);
  if (v.to) q.set('to', v.to);
  if (v.period) q.set('period', v.period);
  for (const [k, val] of Object.entries(extra)) q.set(k, val);
  return q.toString();
}

/** The SDMX key of a view: REF_AREA then the indicator's dimensions. */
export function viewKey(v: ViewParams): string {
  return [v.countries.join('+'), ...v.codes].join('.');
}
