import { foldText } from './text.ts';
import type { AvailabilityRow, ExplorerRepository, ExplorerRow, IndicatorInfo } from './repository.ts';
import { type ReadScope, scopeKey } from './visibility.ts';

/**
 * What the explorer pages show, computed from the repository. The availability summary (by
 * indicator, country and year) costs one grouped scan, so it is kept per reader scope until
 * the data change (the indexed max of updated_at moves).
 */

export interface IndicatorSummary {
  countries: Set<string>;
  years: Set<string>;
  firstYear: string | null;
  lastYear: string | null;
  lastPeriod: string | null;
  updated: string | null;
  count: number;
}

export interface Availability {
  version: string;
  byIndicator: Map<number, IndicatorSummary>;
  /** indicator id → country → the country's summary. */
  byIndicatorCountry: Map<
    number,
    Map<string, { n: number; lastPeriod: string; updated: string; years: Set<string> }>
  >;
}

function summarise(rows: AvailabilityRow[], version: string): Availability {
  const byIndicator = new Map<number, IndicatorSummary>();
  const byIndicatorCountry: Availability['byIndicatorCountry'] = new Map();
  for (const r of rows) {
    let s = byIndicator.get(r.indicator_id);
    if (!s) {
      s = {
        countries: new Set(),
        years: new Set(),
        firstYear: null,
        lastYear: null,
        lastPeriod: null,
        updated: null,
        count: 0,
      };
      byIndicator.set(r.indicator_id, s);
    }
    s.countries.add(r.country_iso3);
    s.years.add(r.year);
    s.count += r.n;
    if (!s.firstYear || r.year < s.firstYear) s.firstYear = r.year;
    if (!s.lastYear || r.year > s.lastYear) s.lastYear = r.year;
    if (!s.lastPeriod || r.last_period > s.lastPeriod) s.lastPeriod = r.last_period;
    if (!s.updated || r.updated > s.updated) s.updated = r.updated;
    let byCountry = byIndicatorCountry.get(r.indicator_id);
    if (!byCountry) {
      byCountry = new Map();
      byIndicatorCountry.set(r.indicator_id, byCountry);
    }
    const c = byCountry.get(r.country_iso3);
    if (!c)
      byCountry.set(r.country_iso3, {
        n: r.n,
        lastPeriod: r.last_period,
        updated: r.updated,
        years: new Set([r.year]),
      });
    else {
      c.n += r.n;
      c.years.add(r.year);
      if (r.last_period > c.lastPeriod) c.lastPeriod = r.last_period;
      if (r.updated > c.updated) c.updated = r.updated;
    }
  }
  return { version, byIndicator, byIndicatorCountry };
}

export function availabilityCache(repo: ExplorerRepository) {
  const cache = new Map<string, Promise<Availability>>();
  return async function availability(scope: ReadScope): Promise<Availability> {
    const version = await repo.dataVersion();
    const key = scopeKey(scope);
    const hit = cache.get(key);
    if (hit) {
      const value = await hit;
      if (value.version === version) return value;
    }
    const pending = repo.availability(scope).then((rows) => summarise(rows, version));
    cache.set(key, pending);
    pending.catch(() => cache.delete(key));
    return pending;
  };
}

export interface CatalogueFilters {
  q: string;
  topic: string;
  country: string;
  year: string;
}

export interface CatalogueEntry {
  ind: IndicatorInfo;
  summary: IndicatorSummary | undefined;
}

export function filterCatalogue(
  indicators: IndicatorInfo[],
  av: Availability,
  f: CatalogueFilters,
  except?: keyof CatalogueFilters,
): CatalogueEntry[] {
  const words = foldText(f.q).split(/\s+/).filter(Boolean);
  return indicators
    .map((ind) => ({ ind, summary: av.byIndicator.get(ind.id) }))
    .filter(({ ind }) => {
      if (!words.length || except === 'q') return true;
      const hay = foldText(
        [ind.code, ind.ilostatCode ?? '', ...Object.values(ind.name), ...Object.values(ind.definition)].join(
          ' ',
        ),
      );
      return words.every((w) => hay.includes(w));
    })
    .filter(({ ind }) => !f.topic || except === 'topic' || ind.topic === f.topic)
    .filter(
      ({ ind }) => !f.country || except === 'country' || !!av.byIndicatorCountry.get(ind.id)?.has(f.country),
    )
    .filter(({ summary }) => !f.year || except === 'year' || !!summary?.years.has(f.year));
}

export function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** The latest observation of a series (rows in period order). */
export function latest(rows: ExplorerRow[]): ExplorerRow | undefined {
  let best: ExplorerRow | undefined;
  for (const r of rows) if (r.value !== null && (!best || r.period > best.period)) best = r;
  return best;
}
