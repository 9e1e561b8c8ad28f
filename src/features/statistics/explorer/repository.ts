import { type SelectQueryBuilder, sql } from 'kysely';
import type { Db } from '../../../db/connection.ts';
import type { Database } from '../../../db/schema.ts';
import { type Localized, parseLocalized } from '../../../platform/i18n/format.ts';
import type { DimensionDef, FlowDef, ObsRow } from '../sdmx/model.ts';
import type { Frequency } from '../sdmx/period.ts';
import { type ReadScope, visibleTo } from './visibility.ts';

/**
 * Read-only queries of the explorer and the SDMX service. Every observation query takes the
 * reader's scope (explorer/visibility.ts), so unpublished figures never leak.
 */

export interface IndicatorInfo extends FlowDef {
  id: number;
  topic: string;
  notes: Localized;
  ilostatCode: string | null;
  /** The code standing for "all" in each dimension (the headline series), if any. */
  totals: (string | null)[];
}

export interface ObsFilter {
  indicatorId: number;
  /** Only these countries; null or undefined for all. */
  countries?: string[] | null;
  /** Per indicator dimension, the codes wanted, or null for any. */
  dims?: (string[] | null)[];
  fromPeriod?: string;
  toPeriod?: string;
  periods?: string[];
  updatedAfter?: string;
  firstN?: number;
  lastN?: number;
}

export interface ExplorerRow extends ObsRow {
  published: number;
}

/** One line of the availability summary: what a scope can see, by indicator, country and year. */
export interface AvailabilityRow {
  indicator_id: number;
  country_iso3: string;
  year: string;
  n: number;
  last_period: string;
  updated: string;
}

const OBS_COLUMNS = [
  'stat_observations.country_iso3',
  'stat_observations.period',
  'stat_observations.dim1',
  'stat_observations.dim2',
  'stat_observations.dim3',
  'stat_observations.value',
  'stat_observations.obs_status',
  'stat_observations.source',
  'stat_observations.note',
  'stat_observations.updated_at',
  'stat_observations.published',
] as const;

type ObsQuery = SelectQueryBuilder<Database, 'stat_observations', object>;

function applyFilter(qb: ObsQuery, f: ObsFilter, scope: ReadScope): ObsQuery {
  return applyKeyFilter(qb.where(visibleTo(scope)), f);
}

/** The indicator, key, period and update filters, without the visibility rule. */
function applyKeyFilter(qb: ObsQuery, f: ObsFilter): ObsQuery {
  let q = qb.where('stat_observations.indicator_id', '=', f.indicatorId);
  if (f.countries)
    q = f.countries.length
      ? q.where('stat_observations.country_iso3', 'in', f.countries)
      : q.where(sql<boolean>`1 = 0`);
  const dimCols = ['stat_observations.dim1', 'stat_observations.dim2', 'stat_observations.dim3'] as const;
  f.dims?.forEach((codes, i) => {
    if (codes && i < 3) q = codes.length ? q.where(dimCols[i]!, 'in', codes) : q.where(sql<boolean>`1 = 0`);
  });
  if (f.fromPeriod) q = q.where('stat_observations.period', '>=', f.fromPeriod);
  if (f.toPeriod) q = q.where('stat_observations.period', '<=', f.toPeriod);
  if (f.periods)
    q = f.periods.length
      ? q.where('stat_observations.period', 'in', f.periods)
      : q.where(sql<boolean>`1 = 0`);
  if (f.updatedAfter) q = q.where('stat_observations.updated_at', '>', f.updatedAfter);
  return q;
}

export function explorerRepository(db: Db) {
  async function loadIndicators(code?: string): Promise<IndicatorInfo[]> {
    let q = db.selectFrom('stat_indicators').selectAll().orderBy('sort_order').orderBy('code');
    if (code !== undefined) q = q.where('code', '=', code);
    const rows = await q.execute();
    if (rows.length === 0) return [];
    const lists = await db.selectFrom('stat_codelists').selectAll().execute();
    const codes = await db
      .selectFrom('stat_codes')
      .selectAll()
      .orderBy('codelist_id')
      .orderBy('sort_order')
      .execute();
    const byList = new Map<string, DimensionDef & { total: string | null }>();
    for (const l of lists)
      byList.set(l.id, { id: l.id, name: parseLocalized(l.name), codes: [], total: l.total_code });
    for (const c of codes)
      byList.get(c.codelist_id)?.codes.push({ id: c.code, name: parseLocalized(c.name) });
    return rows.map((r) => {
      let dimIds: string[] = [];
      try {
        const parsed = JSON.parse(r.dimensions);
        if (Array.isArray(parsed))
          dimIds = parsed.filter((d): d is string => typeof d === 'string').slice(0, 3);
      } catch {
        dimIds = [];
      }
      const dimensions = dimIds.map(
        (id) => byList.get(id) ?? { id, name: { en: id }, codes: [], total: null },
      );
      return {
        id: r.id,
        code: r.code,
        ilostatCode: r.ilostat_code,
        name: parseLocalized(r.name),
        definition: parseLocalized(r.definition),
        notes: parseLocalized(r.notes),
        origLocale: r.orig_locale,
        topic: r.topic,
        unit: r.unit,
        unitMultiplier: r.unit_multiplier,
        decimals: r.decimals,
        frequency: r.frequency as Frequency,
        dimensions: dimensions.map(({ id, name, codes }) => ({ id, name, codes })),
        totals: dimensions.map((d) => d.total ?? d.codes[0]?.id ?? null),
        updatedAt: r.updated_at,
      };
    });
  }

  return {
    indicators: () => loadIndicators(),

    async indicator(code: string): Promise<IndicatorInfo | undefined> {
      return (await loadIndicators(code))[0];
    },

    /** A cheap marker that changes whenever an observation changes (indexed max). */
    async dataVersion(): Promise<string> {
      const row = await db
        .selectFrom('stat_observations')
        .select((eb) => eb.fn.max('updated_at').as('v'))
        .executeTakeFirst();
      return String(row?.v ?? '');
    },

    /** What the scope can see, by indicator, country and year: the catalogue's facets. */
    async availability(scope: ReadScope): Promise<AvailabilityRow[]> {
      const year = sql<string>`substr(stat_observations.period, 1, 4)`;
      const rows = await db
        .selectFrom('stat_observations')
        .where(visibleTo(scope))
        .select((eb) => [
          'stat_observations.indicator_id',
          'stat_observations.country_iso3',
          year.as('year'),
          eb.fn.countAll<number>().as('n'),
          eb.fn.max('stat_observations.period').as('last_period'),
          eb.fn.max('stat_observations.updated_at').as('updated'),
        ])
        .groupBy(['stat_observations.indicator_id', 'stat_observations.country_iso3', year])
        .execute();
      return rows.map((r) => ({ ...r, n: Number(r.n) })) as AvailabilityRow[];
    },

    /** Observations in key order (country, period, breakdown); for pages and small answers. */
    async observations(f: ObsFilter, scope: ReadScope): Promise<ExplorerRow[]> {
      if (f.firstN || f.lastN) return windowed(f, scope);
      return applyFilter(db.selectFrom('stat_observations'), f, scope)
        .select(OBS_COLUMNS)
        .orderBy('stat_observations.country_iso3')
        .orderBy('stat_observations.period')
        .orderBy('stat_observations.dim1')
        .orderBy('stat_observations.dim2')
        .orderBy('stat_observations.dim3')
        .execute() as Promise<ExplorerRow[]>;
    },

    /**
     * Observations in chunks, following the unique key with a keyset: each chunk is a short
     * index range query, and the connection is free between chunks, so a slow download never
     * holds the database.
     */
    async *chunks(f: ObsFilter, scope: ReadScope, size = 5000): AsyncGenerator<ExplorerRow[]> {
      if (f.firstN || f.lastN) {
        yield await windowed(f, scope);
        return;
      }
      let after: ExplorerRow | undefined;
      for (;;) {
        let q = applyFilter(db.selectFrom('stat_observations'), f, scope);
        if (after) {
          const a = after;
          q = q.where((eb) =>
            eb(
              eb.refTuple(
                'stat_observations.country_iso3',
                'stat_observations.period',
                'stat_observations.dim1',
                'stat_observations.dim2',
                'stat_observations.dim3',
              ),
              '>',
              eb.tuple(a.country_iso3, a.period, a.dim1, a.dim2, a.dim3),
            ),
          );
        }
        const rows = (await q
          .select(OBS_COLUMNS)
          .orderBy('stat_observations.country_iso3')
          .orderBy('stat_observations.period')
          .orderBy('stat_observations.dim1')
          .orderBy('stat_observations.dim2')
          .orderBy('stat_observations.dim3')
          .limit(size)
          .execute()) as ExplorerRow[];
        if (rows.length) yield rows;
        if (rows.length < size) return;
        after = rows[rows.length - 1];
      }
    },

    /** The latest change and the number of matching observations: the validators of an answer. */
    async freshness(f: ObsFilter, scope: ReadScope): Promise<{ lastUpdated: string | null; count: number }> {
      const row = await applyFilter(
        db.selectFrom('stat_observations'),
        { ...f, firstN: undefined, lastN: undefined },
        scope,
      )
        .select((eb) => [eb.fn.max('stat_observations.updated_at').as('m'), eb.fn.countAll<number>().as('n')])
        .executeTakeFirst();
      return { lastUpdated: (row?.m as string | null) ?? null, count: Number(row?.n ?? 0) };
    },

    /** Observations deleted after the instant, that the scope could see before: SDMX "Delete". */
    async deletedSince(f: ObsFilter, since: string, scope: ReadScope): Promise<ExplorerRow[]> {
      let q: ObsQuery = db.selectFrom('stat_observations').where('stat_observations.deleted_at', '>', since);
      if (scope.kind === 'public') q = q.where('stat_observations.published', '=', 1);
      if (scope.kind === 'country') {
        q = q.where((eb) =>
          eb.or([
            eb('stat_observations.published', '=', 1),
            eb('stat_observations.country_iso3', '=', scope.iso3),
          ]),
        );
      }
      return applyKeyFilter(q, { ...f, updatedAfter: undefined })
        .select(OBS_COLUMNS)
        .orderBy('stat_observations.country_iso3')
        .orderBy('stat_observations.period')
        .execute() as Promise<ExplorerRow[]>;
    },
  };

  async function windowed(f: ObsFilter, scope: ReadScope): Promise<ExplorerRow[]> {
    const inner = applyFilter(db.selectFrom('stat_observations'), f, scope)
      .select(OBS_COLUMNS)
      .select([
        sql<number>`row_number() over (partition by stat_observations.country_iso3, stat_observations.dim1, stat_observations.dim2, stat_observations.dim3 order by stat_observations.period asc)`.as(
          'rn_first',
        ),
        sql<number>`row_number() over (partition by stat_observations.country_iso3, stat_observations.dim1, stat_observations.dim2, stat_observations.dim3 order by stat_observations.period desc)`.as(
          'rn_last',
        ),
      ]);
    const rows = await db
      .selectFrom(inner.as('t'))
      .selectAll()
      .where((eb) => {
        const conds = [];
        if (f.firstN) conds.push(eb('t.rn_first', '<=', f.firstN));
        if (f.lastN) conds.push(eb('t.rn_last', '<=', f.lastN));
        return eb.or(conds);
      })
      .orderBy('t.country_iso3')
      .orderBy('t.period')
      .orderBy('t.dim1')
      .orderBy('t.dim2')
      .orderBy('t.dim3')
      .execute();
    return rows.map(({ rn_first: _a, rn_last: _b, ...r }) => r) as ExplorerRow[];
  }
}

export type ExplorerRepository = ReturnType<typeof explorerRepository>;
