import { type RawBuilder, type SelectQueryBuilder, sql } from 'kysely';
import type { Db } from '../../../db/connection.ts';
import { isPostgres } from '../../../db/dialect.ts';
import type { Database } from '../../../db/schema.ts';
import { type Localized, parseLocalized } from '../../../platform/i18n/format.ts';
import { type DimensionDef, type FlowDef, NOT_APPLICABLE, type ObsRow } from '../sdmx/model.ts';
import type { Frequency } from '../sdmx/period.ts';
import { statisticsVersion } from '../version.ts';
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
  /**
   * Per indicator dimension (all of them, in order), the codes wanted, or null for any. The
   * dimensions after these are the ones the indicator does not have (stored as `_Z`).
   */
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

/** A position in key order (country, period, breakdown): where the next page of a keyset starts. */
export type ObsKeyPosition = Pick<ObsRow, 'country_iso3' | 'period' | 'dim1' | 'dim2' | 'dim3'>;

/**
 * The fixed parts of an SDMX-CSV line, already escaped, for lines built by the database: the
 * line is `prefix`, country, the first `dimCount` codes, period, value, `afterValue`, then with
 * `attributes` the status, source and note.
 */
export interface CsvLineLayout {
  prefix: string;
  dimCount: number;
  afterValue: string;
  attributes: boolean;
}

/** One page of CSV lines built by the database. `needsRows` when a value needs JavaScript's formatting. */
export interface CsvPage {
  text: string;
  count: number;
  needsRows: boolean;
  last: ObsKeyPosition | undefined;
}

/** Codes that never need quoting in CSV. */
export const PLAIN_CODE = /^[A-Za-z0-9_.@$-]+$/;

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

const KEY_COLUMNS = [
  'stat_observations.country_iso3',
  'stat_observations.period',
  'stat_observations.dim1',
  'stat_observations.dim2',
  'stat_observations.dim3',
] as const;

/** Rows after a position in key order (none: from the start). */
function keyset(qb: ObsQuery, after: ObsKeyPosition | undefined): ObsQuery {
  if (!after) return qb;
  return qb.where((eb) =>
    eb(
      eb.refTuple(...KEY_COLUMNS),
      '>',
      eb.tuple(after.country_iso3, after.period, after.dim1, after.dim2, after.dim3),
    ),
  );
}

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
  // The dimensions an indicator does not have hold the "not applicable" code: saying so lets a
  // series be read straight from the series index (indicator, dim1, dim2, dim3, country, period).
  if (f.dims) for (let i = f.dims.length; i < 3; i++) q = q.where(dimCols[i]!, '=', NOT_APPLICABLE);
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
  function observationsQuery(f: ObsFilter, scope: ReadScope) {
    return applyFilter(db.selectFrom('stat_observations'), f, scope)
      .select(OBS_COLUMNS)
      .orderBy('stat_observations.country_iso3')
      .orderBy('stat_observations.period')
      .orderBy('stat_observations.dim1')
      .orderBy('stat_observations.dim2')
      .orderBy('stat_observations.dim3');
  }

  /**
   * Indicators with their code lists, read once per statistics version: every page and SDMX
   * answer needs them, and they change only with writes of this process (statistics/version.ts).
   */
  let metadata: { version: number; indicators: Promise<IndicatorInfo[]> } | undefined;
  function cachedIndicators(): Promise<IndicatorInfo[]> {
    const version = statisticsVersion();
    if (metadata?.version !== version) {
      const indicators = loadIndicators();
      metadata = { version, indicators };
      indicators.catch(() => {
        if (metadata?.indicators === indicators) metadata = undefined;
      });
    }
    return metadata.indicators;
  }

  async function loadIndicators(): Promise<IndicatorInfo[]> {
    const rows = await db
      .selectFrom('stat_indicators')
      .selectAll()
      .orderBy('sort_order')
      .orderBy('code')
      .execute();
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
    indicators: async () => [...(await cachedIndicators())],

    async indicator(code: string): Promise<IndicatorInfo | undefined> {
      return (await cachedIndicators()).find((i) => i.code === code);
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
      return observationsQuery(f, scope).execute() as Promise<ExplorerRow[]>;
    },

    /** The query behind `observations` (without first/last N), to look at its plan. */
    observationsQuery,

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
      let after: ObsKeyPosition | undefined;
      for (;;) {
        const rows = await page(f, scope, after, size);
        if (rows.length) yield rows;
        if (rows.length < size) return;
        after = rows[rows.length - 1];
      }
    },

    /** True when every country code is plain text (see `PLAIN_CODE`), as the reference data has them. */
    async plainCountryCodes(): Promise<boolean> {
      const rows = await db.selectFrom('countries').select('iso3').execute();
      return rows.every((r) => PLAIN_CODE.test(r.iso3));
    },

    /** The next `size` observations after a position in key order (a keyset page). */
    page: (f: ObsFilter, scope: ReadScope, after: ObsKeyPosition | undefined, size: number) =>
      page(f, scope, after, size),

    /**
     * The next `size` observations after a position as SDMX-CSV lines built by the database and
     * joined into one text: a million-row export reads a few dozen values instead of ten million.
     * Numbers are written as JavaScript writes them where the database provably agrees, and
     * sources and notes quoted as RFC 4180 wants; a page holding any other number, or a text with
     * unusual first or last characters, comes back with `needsRows` and the caller builds that
     * page from the rows instead. Codes are written as stored: the caller checks that they are
     * plain (every write validates codes, countries, periods and statuses against their lists).
     */
    async csvPage(
      f: ObsFilter,
      scope: ReadScope,
      layout: CsvLineLayout,
      after: ObsKeyPosition | undefined,
      size: number,
    ): Promise<CsvPage> {
      const pg = isPostgres(db);
      const col = (c: string) => sql.ref(`stat_observations.${c}`);
      const comma = sql.lit(',');
      const dims = ['dim1', 'dim2', 'dim3'].slice(0, Math.min(3, layout.dimCount));
      const has = (x: RawBuilder<unknown>, ch: string) =>
        pg ? sql`strpos(${x}, ${ch}) > 0` : sql`instr(${x}, ${ch}) > 0`;
      const field = (c: string) => {
        const x = col(c);
        return sql`(case when ${x} is null then '' when ${has(x, '"')} then '"' || replace(${x}, '"', '""') || '"' when ${has(x, ',')} or ${has(x, '\n')} or ${has(x, '\r')} then '"' || ${x} || '"' else ${x} end)`;
      };
      // A text starting or ending with anything but a visible ASCII character (white space is
      // quoted, other characters not) is left to JavaScript.
      const oddEdges = (c: string) => {
        const x = col(c);
        return pg
          ? sql`(${x} <> '' and (ascii(${x}) not between 33 and 126 or ascii(right(${x}, 1)) not between 33 and 126))`
          : sql`(${x} <> '' and (unicode(${x}) not between 33 and 126 or unicode(substr(${x}, -1)) not between 33 and 126))`;
      };
      const v = col('value');
      const value = pg
        ? sql`(case when ${v} is null then '' when ${v} = 0 then '0' else cast(${v} as text) end)`
        : sql`(case when ${v} is null then '' when ${v} = 0 then '0' when abs(${v}) < 1e15 and ${v} = cast(${v} as integer) then cast(cast(${v} as integer) as text) else cast(${v} as text) end)`;
      // JavaScript writes the shortest digits that read back as the same number, in plain
      // notation from 1e-7 to 1e21. PostgreSQL writes the same digits, in plain notation from 1e-4
      // to 1e15. SQLite writes 15 significant digits when they read back as the same number, else
      // 17: at most 17 characters from 1 up, so a longer text (or a smaller number) is left alone.
      const valueNeedsJs = pg
        ? sql`(${v} <> 0 and (abs(${v}) >= 1e15 or abs(${v}) < 1e-4 or cast(cast(${v} as text) as double precision) <> ${v}))`
        : sql`(${v} <> 0 and (abs(${v}) >= 1e15 or abs(${v}) < 1e-4 or length(cast(${v} as text)) > 17))`;
      const needsJs = layout.attributes
        ? sql`${valueNeedsJs} or ${oddEdges('source')} or ${oddEdges('note')}`
        : valueNeedsJs;
      // concat() takes any type: PostgreSQL needs to be told its parameters are text.
      const text = (p: string) => (pg ? sql`cast(${p} as text)` : sql`${p}`);
      const parts: RawBuilder<unknown>[] = [text(layout.prefix), col('country_iso3'), comma];
      for (const d of dims) parts.push(col(d), comma);
      parts.push(col('period'), comma, value, text(layout.afterValue));
      if (layout.attributes)
        parts.push(comma, col('obs_status'), comma, field('source'), comma, field('note'));
      parts.push(text('\r\n'));
      // One concat() call builds the line at once (a chain of || copies it at every step).
      const line = sql`concat(${sql.join(parts)})`;
      const keyText = sql.join(
        ['country_iso3', 'period', 'dim1', 'dim2', 'dim3'].map(col),
        sql` || ${pg ? sql`chr(1)` : sql`char(1)`} || `,
      );
      const inner = keyset(applyFilter(db.selectFrom('stat_observations'), f, scope), after)
        .select([
          sql<string>`${line}`.as('line'),
          sql<number>`case when ${needsJs} then 1 else 0 end`.as('needs_js'),
          sql<string>`${keyText}`.as('k'),
          ...KEY_COLUMNS,
        ])
        .orderBy('stat_observations.country_iso3')
        .orderBy('stat_observations.period')
        .orderBy('stat_observations.dim1')
        .orderBy('stat_observations.dim2')
        .orderBy('stat_observations.dim3')
        .limit(size);
      // SQLite aggregates the rows of the ordered subquery in its order; PostgreSQL is told.
      const order = sql`t.country_iso3, t.period, t.dim1, t.dim2, t.dim3`;
      const row = await db
        .selectFrom(inner.as('t'))
        .select([
          pg
            ? sql<string | null>`string_agg(t.line, '' order by ${order})`.as('text')
            : sql<string | null>`group_concat(t.line, '')`.as('text'),
          sql<number>`count(*)`.as('n'),
          sql<number | null>`sum(t.needs_js)`.as('needs_js'),
          pg
            ? sql<
                string | null
              >`(array_agg(t.k order by t.country_iso3 desc, t.period desc, t.dim1 desc, t.dim2 desc, t.dim3 desc))[1]`.as(
                'last',
              )
            : sql<string | null>`max(t.k)`.as('last'),
        ])
        .executeTakeFirst();
      const count = Number(row?.n ?? 0);
      const k = row?.last ? row.last.split('\u0001') : undefined;
      return {
        text: row?.text ?? '',
        count,
        needsRows: Number(row?.needs_js ?? 0) > 0,
        last:
          k && k.length === 5
            ? { country_iso3: k[0]!, period: k[1]!, dim1: k[2]!, dim2: k[3]!, dim3: k[4]! }
            : undefined,
      };
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

  /** Observations after a position in key order, `size` at most. */
  async function page(
    f: ObsFilter,
    scope: ReadScope,
    after: ObsKeyPosition | undefined,
    size: number,
  ): Promise<ExplorerRow[]> {
    return (await keyset(applyFilter(db.selectFrom('stat_observations'), f, scope), after)
      .select(OBS_COLUMNS)
      .orderBy('stat_observations.country_iso3')
      .orderBy('stat_observations.period')
      .orderBy('stat_observations.dim1')
      .orderBy('stat_observations.dim2')
      .orderBy('stat_observations.dim3')
      .limit(size)
      .execute()) as ExplorerRow[];
  }

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
