import {
  type Expression,
  type ExpressionBuilder,
  type Kysely,
  type SelectQueryBuilder,
  type SqlBool,
  sql,
} from 'kysely';
import type { Db } from '../../db/connection.ts';
import type { DatabaseSync } from 'node:sqlite';
import { isPostgres, nowIso, rawSqliteOf } from '../../db/dialect.ts';
import type { Database, SearchEntriesTable, SearchTextsTable } from '../../db/schema.ts';
import type { Actor } from '../auth/actor.ts';
import { isStaff } from '../auth/policy.ts';
import { isLocale, LOCALES, type Locale } from '../i18n/locales.ts';
import { analyze, analyzeQuery, parseQuery, tokenStream } from './analyzer.ts';
import { highlight, type Segment, snippet } from './snippet.ts';

/**
 * The one search over everything. Each feature feeds the index with `indexEntry` (in the
 * transaction that changes its data) and `removeFromIndex`; `search` answers the search page and
 * the API. See docs/architecture.md, "Search", for how both engines give the same answers.
 */

export type Visibility = 'public' | 'members' | 'country';

export interface SearchEntry {
  /** What the thing is: `document`, `page`, `news`, `theme`, `indicator`… (lower case, `_`). */
  type: string;
  id: string | number;
  /** The language of `title` and `body`; a thing in several languages gives one entry each. */
  locale: Locale;
  title: string;
  /** Plain text (no Markdown or HTML): snippets are cut from it. */
  body: string;
  /** Path without the locale, e.g. `/documents/12`. */
  url: string;
  /** public: everyone; members: signed-in users; country: users of `countryIso3` (and staff). */
  visibility: Visibility;
  countryIso3?: string | null;
  /** Theme codes (`themes.code`). */
  themes?: string[];
  section?: string | null;
  /** A finer type shown with the result, e.g. the document type. */
  kind?: string | null;
  /** ISO date or date-time of publication, for sorting by date and the year facet. */
  date?: string | null;
  /** Other searchable words (authors, institution, keywords), matched but not shown in snippets. */
  keywords?: string | null;
}

const TYPE_RE = /^[a-z][a-z0-9_]{0,39}$/;
const CODE_RE = /^[a-z0-9][a-z0-9_-]{0,59}$/;
const COUNTRY_RE = /^[A-Z]{3}$/;

function entryRow(entry: SearchEntry) {
  if (!TYPE_RE.test(entry.type))
    throw new Error(`Search entry type "${entry.type}" must be lower case letters`);
  if (!isLocale(entry.locale)) throw new Error(`Search entry locale "${entry.locale}" is not one of ours`);
  if (!['public', 'members', 'country'].includes(entry.visibility))
    throw new Error('Bad search entry visibility');
  if (entry.visibility === 'country' && !entry.countryIso3)
    throw new Error('A country-only entry needs its country');
  if (!entry.url.startsWith('/')) throw new Error('A search entry url is a path without the locale');
  const themes = (entry.themes ?? []).filter((t) => CODE_RE.test(t));
  const title = analyze(entry.title, entry.locale);
  const meta = analyze(entry.keywords ?? '', entry.locale);
  const body = analyze(entry.body, entry.locale);
  const { tf, max_tf } = frequencies(title, meta, body);
  const date = entry.date ?? null;
  const year = date && /^\d{4}/.test(date) ? Number(date.slice(0, 4)) : null;
  const row = {
    type: entry.type,
    ref_id: String(entry.id),
    locale: entry.locale,
    visibility: entry.visibility,
    country_iso3: entry.countryIso3 ?? null,
    section: entry.section ?? null,
    kind: entry.kind ?? null,
    themes: themes.length ? `|${themes.join('|')}|` : '',
    date,
    year,
    token_count: title.length + meta.length + body.length,
    tf,
    url: entry.url,
    title: entry.title,
    updated_at: nowIso(),
  } satisfies Omit<SearchEntriesTable, 'id' | 'tsv' | 'facet_key'>;
  const text = {
    locale: entry.locale,
    title_tokens: tokenStream(title),
    meta_tokens: tokenStream(meta),
    body_tokens: tokenStream(body),
    body: entry.body,
  } satisfies Omit<SearchTextsTable, 'id'>;
  return { row, text, maxTf: max_tf, terms: [...new Set([...title, ...meta, ...body])] };
}

/**
 * The weighted frequency (title ×2) of each term met more than once, as ` term:n `; a term
 * that matched but is not listed occurs once. Ranking reads a term's frequency from this short
 * text instead of counting in the long token streams. `max_tf`, the highest of them (at least
 * 1), bounds the frequency of every term of the entry.
 */
function frequencies(title: string[], meta: string[], body: string[]): { tf: string; max_tf: number } {
  const counts = new Map<string, number>();
  for (const t of title) counts.set(t, (counts.get(t) ?? 0) + TITLE_WEIGHT);
  for (const t of meta) counts.set(t, (counts.get(t) ?? 0) + 1);
  for (const t of body) counts.set(t, (counts.get(t) ?? 0) + 1);
  let tf = '';
  let max = 1;
  for (const [t, n] of counts) {
    if (n <= 1) continue;
    tf += ` ${t}:${n} `;
    if (n > max) max = n;
  }
  return { tf, max_tf: max };
}

const BATCH = 200;

/**
 * Adds or replaces entries (same type, id and locale). Call it in the transaction that changes
 * the thing, so the index and the data commit together.
 */
export async function indexEntries(trx: Kysely<Database>, entries: readonly SearchEntry[]): Promise<void> {
  const pg = isPostgres(trx);
  const key = (r: { type: string; ref_id: string; locale: string }) =>
    `${r.type}\u0000${r.ref_id}\u0000${r.locale}`;
  for (let i = 0; i < entries.length; i += BATCH) {
    // The same key twice in one statement would fail the upsert: the last one wins.
    const byKey = new Map(
      entries
        .slice(i, i + BATCH)
        .map((e) => entryRow(e))
        .map((r) => [key(r.row), r]),
    );
    const facetKeys = await facetKeyIds(
      trx,
      [...byKey.values()].map((r) => r.row),
    );
    const rows = [...byKey.values()].map(({ row, terms }) => {
      const withKey = { ...row, facet_key: facetKeys.get(facetKeyOf(row))! };
      return pg ? { ...withKey, tsv: sql<string>`array_to_tsvector(CAST(${terms} AS text[]))` } : withKey;
    });
    const facetKeyByKey = new Map(rows.map((r) => [key(r), r.facet_key]));
    const ids = await trx
      .insertInto('search_entries')
      .values(rows)
      .onConflict((oc) =>
        oc.columns(['type', 'ref_id', 'locale']).doUpdateSet((eb) => {
          const cols = [
            'visibility',
            'country_iso3',
            'section',
            'kind',
            'themes',
            'date',
            'year',
            'token_count',
            'tf',
            'facet_key',
            'url',
            'title',
            'updated_at',
            ...(pg ? ['tsv'] : []),
          ] as const;
          return Object.fromEntries(cols.map((c) => [c, eb.ref(`excluded.${c}` as 'excluded.title')]));
        }),
      )
      .returning(['id', 'type', 'ref_id', 'locale'])
      .execute();
    if (!pg) {
      // SQLite: the short row of each entry that searches read for every match.
      await trx
        .insertInto('search_rank')
        .values(
          ids.map((r) => {
            const { row, maxTf } = byKey.get(key(r))!;
            return {
              id: r.id,
              facet_key: facetKeyByKey.get(key(r))!,
              token_count: row.token_count,
              max_tf: maxTf,
              locale: row.locale,
              visibility: row.visibility,
              country_iso3: row.country_iso3,
            };
          }),
        )
        .onConflict((oc) =>
          oc.column('id').doUpdateSet((eb) => ({
            facet_key: eb.ref('excluded.facet_key'),
            token_count: eb.ref('excluded.token_count'),
            max_tf: eb.ref('excluded.max_tf'),
            locale: eb.ref('excluded.locale'),
            visibility: eb.ref('excluded.visibility'),
            country_iso3: eb.ref('excluded.country_iso3'),
          })),
        )
        .execute();
    }
    const texts = ids.map((r) => ({ id: r.id, ...byKey.get(key(r))!.text }));
    await trx
      .insertInto('search_texts')
      .values(texts)
      .onConflict((oc) =>
        oc.column('id').doUpdateSet((eb) => ({
          locale: eb.ref('excluded.locale'),
          title_tokens: eb.ref('excluded.title_tokens'),
          meta_tokens: eb.ref('excluded.meta_tokens'),
          body_tokens: eb.ref('excluded.body_tokens'),
          body: eb.ref('excluded.body'),
        })),
      )
      .execute();
  }
}

type FacetValues = Pick<
  SearchEntriesTable,
  'type' | 'section' | 'country_iso3' | 'locale' | 'year' | 'themes'
>;

function facetKeyOf(r: FacetValues): string {
  return JSON.stringify([r.type, r.section, r.country_iso3, r.locale, r.year, r.themes]);
}

/** The ids of these rows' facet combinations, adding the combinations not seen before. */
async function facetKeyIds(trx: Kysely<Database>, rows: FacetValues[]): Promise<Map<string, number>> {
  const distinct = new Map(rows.map((r) => [facetKeyOf(r), r]));
  const keys = [...distinct.keys()];
  const out = new Map<string, number>();
  if (!keys.length) return out;
  await trx
    .insertInto('search_facet_keys')
    .values(
      [...distinct].map(([key, r]) => ({
        key,
        type: r.type,
        section: r.section,
        country_iso3: r.country_iso3,
        locale: r.locale,
        year: r.year,
        themes: r.themes,
      })),
    )
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
  const found = await trx
    .selectFrom('search_facet_keys')
    .select(['id', 'key'])
    .where('key', 'in', keys)
    .execute();
  for (const f of found) out.set(f.key, f.id);
  return out;
}

/** Adds or replaces one entry (same type, id and locale). */
export async function indexEntry(trx: Kysely<Database>, entry: SearchEntry): Promise<void> {
  await indexEntries(trx, [entry]);
}

/**
 * The languages a thing is indexed in: each language its title is written in, with that title
 * (trimmed). Every feed makes one entry per language this way.
 */
export function titleLanguages(title: Partial<Record<Locale, string>>): { locale: Locale; title: string }[] {
  return LOCALES.flatMap((locale) => {
    const text = title[locale]?.trim();
    return text ? [{ locale, title: text }] : [];
  });
}

/** Deletes entries and their texts (texts first: SQLite's FTS triggers read them). */
async function deleteEntries(
  trx: Kysely<Database>,
  where: (
    q: SelectQueryBuilder<Database, 'search_entries', object>,
  ) => SelectQueryBuilder<Database, 'search_entries', object>,
): Promise<void> {
  const ids = where(trx.selectFrom('search_entries')).select('id');
  await trx.deleteFrom('search_texts').where('id', 'in', ids).execute();
  await trx
    .deleteFrom('search_entries')
    .where('id', 'in', where(trx.selectFrom('search_entries')).select('id'))
    .execute();
}

/** Removes a thing from the index, in every language. */
export async function removeFromIndex(
  trx: Kysely<Database>,
  type: string,
  id: string | number,
): Promise<void> {
  await deleteEntries(trx, (q) => q.where('type', '=', type).where('ref_id', '=', String(id)));
}

/**
 * Replaces every language of a thing with `entries` (none removes it): for things whose set of
 * languages can change, like a page that gains or loses a translation.
 */
export async function replaceEntries(
  trx: Kysely<Database>,
  type: string,
  id: string | number,
  entries: readonly SearchEntry[],
): Promise<void> {
  const keep = entries.filter((e) => e.type === type && String(e.id) === String(id)).map((e) => e.locale);
  await deleteEntries(trx, (q) => {
    const mine = q.where('type', '=', type).where('ref_id', '=', String(id));
    return keep.length ? mine.where('locale', 'not in', keep) : mine;
  });
  await indexEntries(trx, entries);
}

/** Removes every entry of these types (before a feed indexes them all again). */
export async function clearTypes(trx: Kysely<Database>, types: readonly string[]): Promise<void> {
  if (types.length) await deleteEntries(trx, (q) => q.where('type', 'in', types));
}

/** A feature's whole contribution to the index, for rebuilding it (`npm run cli -- reindex`). */
export interface SearchFeed {
  /** The entry types this feed owns: rebuilding removes them first. */
  types: string[];
  /** Every entry the feature has now. */
  entries(db: Db): AsyncIterable<SearchEntry> | Iterable<SearchEntry> | Promise<SearchEntry[]>;
}

/** Rebuilds one feed's part of the index in one transaction; returns how many entries it wrote. */
export async function rebuildFeed(db: Db, feed: SearchFeed): Promise<number> {
  return db.transaction().execute(async (trx) => {
    await clearTypes(trx, feed.types);
    let n = 0;
    let batch: SearchEntry[] = [];
    const source = await feed.entries(trx);
    for await (const entry of source) {
      batch.push(entry);
      if (batch.length >= BATCH) {
        await indexEntries(trx, batch);
        n += batch.length;
        batch = [];
      }
    }
    await indexEntries(trx, batch);
    return n + batch.length;
  });
}

export async function indexSize(db: Db): Promise<number> {
  const row = await db
    .selectFrom('search_entries')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

// ---------------------------------------------------------------------------------------------
// Searching

export const FACETS = ['type', 'section', 'theme', 'country', 'lang', 'year'] as const;
export type FacetName = (typeof FACETS)[number];

export interface SearchQuery {
  q: string;
  type?: string | null;
  section?: string | null;
  theme?: string | null;
  country?: string | null;
  lang?: string | null;
  year?: number | string | null;
  sort?: 'relevance' | 'date';
  page?: number;
  pageSize?: number;
}

/** The query as understood: unusable filter values are dropped. */
export interface NormalizedQuery {
  q: string;
  filters: Partial<Record<FacetName, string>>;
  sort: 'relevance' | 'date';
  page: number;
  pageSize: number;
}

export interface SearchHit {
  type: string;
  id: string;
  locale: Locale;
  title: string;
  url: string;
  date: string | null;
  countryIso3: string | null;
  section: string | null;
  kind: string | null;
  themes: string[];
  visibility: Visibility;
  titleSegments: Segment[];
  snippet: Segment[];
}

export interface FacetValue {
  value: string;
  count: number;
  selected: boolean;
}

export interface SearchResults {
  query: NormalizedQuery;
  /** `blank`: nothing typed; `stopwords`: only words too common to search; null: searched. */
  problem: 'blank' | 'stopwords' | null;
  total: number;
  page: number;
  pages: number;
  hits: SearchHit[];
  facets: Record<FacetName, FacetValue[]>;
}

export const PAGE_SIZE = 20;
const MAX_PAGE = 500;

export function normalizeQuery(query: SearchQuery): NormalizedQuery {
  const filters: Partial<Record<FacetName, string>> = {};
  const clean = (v: unknown) => (typeof v === 'string' || typeof v === 'number' ? String(v).trim() : '');
  const type = clean(query.type);
  if (TYPE_RE.test(type)) filters.type = type;
  const section = clean(query.section);
  if (CODE_RE.test(section)) filters.section = section;
  const theme = clean(query.theme);
  if (CODE_RE.test(theme)) filters.theme = theme;
  const country = clean(query.country).toUpperCase();
  if (COUNTRY_RE.test(country)) filters.country = country;
  const lang = clean(query.lang);
  if (isLocale(lang)) filters.lang = lang;
  const year = clean(query.year);
  if (/^\d{4}$/.test(year)) filters.year = year;
  const pageSize = Math.min(Math.max(Math.trunc(query.pageSize ?? PAGE_SIZE) || PAGE_SIZE, 1), 100);
  const page = Math.min(Math.max(Math.trunc(Number(query.page) || 1), 1), MAX_PAGE);
  return {
    q: (query.q ?? '').trim().slice(0, 200),
    filters,
    sort: query.sort === 'date' ? 'date' : 'relevance',
    page,
    pageSize,
  };
}

/**
 * The visibility rule, written once and applied inside every search query: anonymous visitors
 * see public entries; signed-in users also members-only entries and the country-only entries of
 * their own country; the Secretariat and administrators see everything.
 */
export function visibleTo(viewer: Actor | null) {
  return (eb: ExpressionBuilder<Database & { e: SearchEntriesTable }, 'e'>): Expression<SqlBool> => {
    if (isStaff(viewer)) return sql<SqlBool>`1 = 1`;
    if (!viewer) return eb('e.visibility', '=', 'public');
    const ors = [eb('e.visibility', 'in', ['public', 'members'])];
    if (viewer.countryIso3) {
      ors.push(eb.and([eb('e.visibility', '=', 'country'), eb('e.country_iso3', '=', viewer.countryIso3)]));
    }
    return eb.or(ors);
  };
}

/** Languages that read the query the same way are searched together. */
interface LocaleGroup {
  locales: Locale[];
  /** Each unit is one term or a phrase of terms; all must match. */
  units: string[][];
}

function localeGroups(q: string): LocaleGroup[] {
  const parts = parseQuery(q);
  const groups = new Map<string, LocaleGroup>();
  for (const locale of LOCALES) {
    const units = analyzeQuery(parts, locale);
    if (!units.length) continue;
    const key = JSON.stringify(units);
    const g = groups.get(key);
    if (g) g.locales.push(locale);
    else groups.set(key, { locales: [locale], units });
  }
  return [...groups.values()];
}

/** ` a  b ` — how a unit occurs in a token stream (see `tokenStream`). */
const pattern = (unit: string[]) => tokenStream(unit);

function ftsUnits(units: string[][]): string {
  return units.map((u) => `"${u.join(' ')}"`).join(' AND ');
}

/**
 * The units in the text columns. The column filter costs FTS5 a look at every position list; it
 * is only needed when a term could also be found in the `locale` column.
 */
function ftsTextMatch(units: string[][]): string {
  const expr = ftsUnits(units);
  const localeTerm = units.some((u) => u.some((t) => (LOCALES as readonly string[]).includes(t)));
  return localeTerm ? `{title_tokens meta_tokens body_tokens} : (${expr})` : expr;
}

function ftsExpression(groups: LocaleGroup[]): string {
  return groups
    .map((g) => {
      const terms = `{title_tokens meta_tokens body_tokens} : (${ftsUnits(g.units)})`;
      if (g.locales.length === LOCALES.length) return `(${terms})`;
      return `((locale : (${g.locales.map((l) => `"${l}"`).join(' OR ')})) AND ${terms})`;
    })
    .join(' OR ');
}

function tsquery(units: string[][]): string {
  return units
    .map((u) => (u.length === 1 ? `'${u[0]}'` : `(${u.map((t) => `'${t}'`).join(' & ')})`))
    .join(' & ');
}

/** PostgreSQL: the terms through the GIN index, then phrases checked in the token streams. */
function pgUnitsMatch(units: string[][]) {
  const phrases = units
    .filter((u) => u.length > 1)
    .map((u) => {
      const p = pattern(u);
      return sql`EXISTS (SELECT 1 FROM search_texts x WHERE x.id = e.id AND (strpos(x.title_tokens, ${p}) > 0 OR strpos(x.meta_tokens, ${p}) > 0 OR strpos(x.body_tokens, ${p}) > 0))`;
    });
  return sql.join([sql`e.tsv @@ CAST(${tsquery(units)} AS tsquery)`, ...phrases], sql` AND `);
}

function localeIn(locales: Locale[]) {
  return locales.length === LOCALES.length
    ? sql`1 = 1`
    : sql`e.locale IN (${sql.join(locales.map((l) => sql`${l}`))})`;
}

/**
 * The entries (`e`) that match the query, for the engine at hand. SQLite walks the FTS5 matches
 * and looks each entry up by id; PostgreSQL filters through the GIN index.
 */
function matchedEntries(db: Kysely<Database>, groups: LocaleGroup[]) {
  const entries = db.selectFrom('search_entries as e');
  if (!isPostgres(db)) {
    return entries
      .innerJoin(sql<{ rowid: number }>`search_fts`.as('search_fts'), (join) =>
        join.on(sql<SqlBool>`search_fts.rowid = e.id`),
      )
      .where(sql<SqlBool>`search_fts MATCH ${ftsExpression(groups)}`) as unknown as typeof entries;
  }
  return entries.where(
    sql<SqlBool>`(${sql.join(
      groups.map((g) => sql`(${localeIn(g.locales)} AND ${pgUnitsMatch(g.units)})`),
      sql` OR `,
    )})`,
  );
}

/** Number of entries (of every visibility) matching each unit: the document frequencies. */
async function documentFrequencies(db: Kysely<Database>, groups: LocaleGroup[]): Promise<number[][]> {
  const pg = isPostgres(db);
  const cols = groups.flatMap((g, gi) =>
    g.units.map((u, ui) => {
      const alias = sql.raw(`d_${gi}_${ui}`);
      if (!pg) {
        return sql`(SELECT count(*) FROM search_fts WHERE search_fts MATCH ${ftsExpression([{ locales: g.locales, units: [u] }])}) AS ${alias}`;
      }
      return sql`(SELECT count(*) FROM search_entries e WHERE ${localeIn(g.locales)} AND ${pgUnitsMatch([u])}) AS ${alias}`;
    }),
  );
  const { rows } = await sql<Record<string, number>>`SELECT ${sql.join(cols)}`.execute(db);
  const row = rows[0] ?? {};
  return groups.map((g, gi) => g.units.map((_, ui) => Number(row[`d_${gi}_${ui}`] ?? 0)));
}

async function entryCount(db: Kysely<Database>): Promise<number> {
  const row = await db
    .selectFrom('search_entries')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** What relevance needs besides the matches: the number of entries and each unit's frequency. */
interface CorpusStats {
  n: number;
  dfs: number[][];
}

/**
 * What searches read again and again from an index that has not changed: the number of entries,
 * each unit's document frequency and the facet combinations.
 */
interface IndexCache {
  version: string;
  n: number | null;
  df: Map<string, number>;
  combos: Map<number, Omit<Combo, 'n'>>;
}

const indexCaches = new WeakMap<object, IndexCache>();
const INDEX_CACHE_SIZE = 5_000;

/**
 * The cache of this database, valid while the index stays as it is. On SQLite, per connection:
 * `total_changes()` counts the connection's writes and `data_version` moves with other
 * connections' commits. On PostgreSQL, per pool: `search_version` moves at the commit of every
 * transaction that changes the index (a deferred trigger); it is read before the counts, so
 * counts taken after a commit are at worst kept under the version before it, which the next
 * search no longer matches. None inside a transaction, whose writes may still roll back. Cached
 * or counted, the numbers are the same, so both engines rank alike.
 */
async function indexCache(db: Kysely<Database>): Promise<IndexCache | undefined> {
  if (db.isTransaction) return undefined;
  let owner: object | undefined;
  let version: string;
  if (isPostgres(db)) {
    owner = db;
    const { rows } = await sql<{ v: string }>`SELECT version AS v FROM search_version WHERE id = 1`.execute(
      db,
    );
    version = String(rows[0]?.v);
  } else {
    owner = rawSqliteOf(db);
    if (!owner) return undefined;
    const { rows } = await sql<{
      c: number;
      v: number;
    }>`SELECT total_changes() AS c, data_version AS v FROM pragma_data_version`.execute(db);
    version = `${rows[0]?.c}:${rows[0]?.v}`;
  }
  let cache = indexCaches.get(owner);
  if (!cache || cache.version !== version || cache.df.size + cache.combos.size > INDEX_CACHE_SIZE) {
    cache = { version, n: null, df: new Map(), combos: new Map() };
    indexCaches.set(owner, cache);
  }
  return cache;
}

/** The corpus statistics of a query, counted or from the cache. */
async function corpusStats(
  db: Kysely<Database>,
  groups: LocaleGroup[],
  cache?: IndexCache,
): Promise<CorpusStats> {
  if (!cache) {
    const [dfs, n] = await Promise.all([documentFrequencies(db, groups), entryCount(db)]);
    return { n, dfs };
  }
  const key = (g: LocaleGroup, u: string[]) => `${g.locales.join(' ')}|${u.join(' ')}`;
  const missing = groups
    .map((g) => ({ locales: g.locales, units: g.units.filter((u) => !cache.df.has(key(g, u))) }))
    .filter((g) => g.units.length);
  if (missing.length) {
    const dfs = await documentFrequencies(db, missing);
    missing.forEach((g, gi) => {
      g.units.forEach((u, ui) => {
        cache.df.set(key(g, u), dfs[gi]![ui]!);
      });
    });
  }
  cache.n ??= await entryCount(db);
  return { n: cache.n, dfs: groups.map((g) => g.units.map((u) => cache.df.get(key(g, u))!)) };
}

/** The facet values of these combinations (`search_facet_keys`), read or from the cache. */
async function facetCombos(
  db: Kysely<Database>,
  ids: number[],
  cache?: IndexCache,
): Promise<Map<number, Omit<Combo, 'n'>>> {
  const out = new Map<number, Omit<Combo, 'n'>>();
  const missing: number[] = [];
  for (const id of ids) {
    const c = cache?.combos.get(id);
    if (c) out.set(id, c);
    else missing.push(id);
  }
  if (missing.length) {
    const rows = await db
      .selectFrom('search_facet_keys')
      .select(['id', 'type', 'section', 'country_iso3', 'locale', 'year', 'themes'])
      .where(sql<SqlBool>`id IN (SELECT value FROM json_each(${JSON.stringify(missing)}))`)
      .execute();
    for (const { id, ...c } of rows) {
      out.set(id, c);
      cache?.combos.set(id, c);
    }
  }
  return out;
}

// BM25 constants (the usual ones) and the weight of a match in the title.
const K1 = 1.2;
const B = 0.75;
const TITLE_WEIGHT = 2;
/**
 * The length (in terms) at which BM25 neither favours nor penalises an entry. A fixed value
 * rather than the live average: reading every entry's length for each query would cost more
 * than the whole search, and the order barely changes.
 */
const REFERENCE_LENGTH = 300;
// score = Σ idf·(k1+1)·tf / (tf + k1·(1 − b + b·len/reference length)) = Σ w·tf / (tf + (A + B'·len)).
const NORM_A = K1 * (1 - B);
const NORM_B = (K1 * B) / REFERENCE_LENGTH;

/** Each unit's weight idf·(k1+1), per language group. */
function unitWeights({ n, dfs }: CorpusStats): number[][] {
  return dfs.map((g) => g.map((df) => Math.log(1 + (n - df + 0.5) / (df + 0.5)) * (K1 + 1)));
}

const dbl = (db: Kysely<Database>, v: number) =>
  isPostgres(db) ? sql`CAST(${v} AS double precision)` : sql`CAST(${v} AS REAL)`;

/** The weighted frequency of one term, from the entry's short `tf` list (1 when not listed). */
function termFrequency(db: Kysely<Database>, term: string) {
  const key = ` ${term}:`;
  const len = sql.lit([...key].length);
  if (isPostgres(db)) {
    return sql`CASE WHEN strpos(e.tf, ${key}) > 0 THEN CAST(split_part(substr(e.tf, strpos(e.tf, ${key}) + ${len}), ' ', 1) AS integer) ELSE 1 END`;
  }
  // One search of the list: a missing term gives a NULL position, hence NULL, hence 1.
  return sql`coalesce(CAST(substr(e.tf, nullif(instr(e.tf, ${key}), 0) + ${len}, 12) AS INTEGER), 1)`;
}

/** The frequency of a unit; a phrase occurs at most as often as its rarest term, which stands for it. */
function unitFrequency(db: Kysely<Database>, unit: string[]) {
  if (unit.length === 1) return termFrequency(db, unit[0]!);
  const each = sql.join(unit.map((t) => termFrequency(db, t)));
  return isPostgres(db) ? sql`LEAST(${each})` : sql`min(${each})`;
}

export interface SearchOptions {
  /** Compute snippets (the benchmark of the index alone turns them off). */
  snippets?: boolean;
  /**
   * SQLite: the number of expected matches above which scores are bounded first (see
   * `searchPacked`); the answers are the same either way, tests lower it to cover both ways.
   */
  boundedFrom?: number;
}

/** The filters of a query as conditions on the entries `e`. */
function filterConditions(db: Kysely<Database>, f: NormalizedQuery['filters']) {
  const pg = isPostgres(db);
  return (eb: ExpressionBuilder<Database & { e: SearchEntriesTable }, 'e'>): Expression<SqlBool> => {
    const and: Expression<SqlBool>[] = [];
    if (f.type) and.push(eb('e.type', '=', f.type));
    if (f.section) and.push(eb('e.section', '=', f.section));
    if (f.country) and.push(eb('e.country_iso3', '=', f.country));
    if (f.lang) and.push(eb('e.locale', '=', f.lang));
    if (f.year) and.push(eb('e.year', '=', Number(f.year)));
    if (f.theme) {
      const needle = `|${f.theme}|`;
      and.push(
        pg ? sql<SqlBool>`strpos(e.themes, ${needle}) > 0` : sql<SqlBool>`instr(e.themes, ${needle}) > 0`,
      );
    }
    return eb.and(and);
  };
}

/** Searches what `viewer` may open. Facet counts, totals and hits obey the same visibility rule. */
export async function search(
  db: Db,
  viewer: Actor | null,
  query: SearchQuery,
  options: SearchOptions = {},
): Promise<SearchResults> {
  const nq = normalizeQuery(query);
  const empty = (problem: SearchResults['problem']): SearchResults => ({
    query: nq,
    problem,
    total: 0,
    page: nq.page,
    pages: 0,
    hits: [],
    facets: Object.fromEntries(FACETS.map((f) => [f, []])) as unknown as Record<FacetName, FacetValue[]>,
  });
  if (!nq.q) return empty('blank');
  const groups = localeGroups(nq.q);
  if (!groups.length) return empty(parseQuery(nq.q).length ? 'stopwords' : 'blank');

  const raw = isPostgres(db) ? undefined : rawSqliteOf(db);
  const found = raw
    ? await searchPacked(db, raw, viewer, groups, nq, options.boundedFrom ?? BOUNDED_FROM)
    : isPostgres(db)
      ? await searchInOneStatement(db, visibleTo(viewer), groups, nq)
      : await searchInSql(db, viewer, groups, nq);
  const { total, facets, ids } = found;
  const pages = Math.ceil(total / nq.pageSize);
  const result: SearchResults = { query: nq, problem: null, total, page: nq.page, pages, hits: [], facets };
  if (!ids.length) return result;

  // The hits of this page, with their original texts for the snippets.
  const snippets = options.snippets !== false;
  const details = await db
    .selectFrom('search_entries as e')
    .innerJoin('search_texts as x', 'x.id', 'e.id')
    .select([
      'e.id',
      'e.type',
      'e.ref_id',
      'e.locale',
      'e.title',
      'e.url',
      'e.date',
      'e.country_iso3',
      'e.section',
      'e.kind',
      'e.themes',
      'e.visibility',
      snippets ? 'x.body' : sql<string>`''`.as('body'),
    ])
    .where('e.id', 'in', ids)
    .execute();
  const byId = new Map(details.map((d) => [d.id, d]));
  const unitsOf = new Map<Locale, string[][]>();
  for (const g of groups) for (const l of g.locales) unitsOf.set(l, g.units);
  result.hits = ids
    .map((id) => byId.get(id))
    .filter((r) => r !== undefined)
    .map((r) => {
      const locale = r.locale as Locale;
      const units = unitsOf.get(locale) ?? [];
      return {
        type: r.type,
        id: r.ref_id,
        locale,
        title: r.title,
        url: r.url,
        date: r.date,
        countryIso3: r.country_iso3,
        section: r.section,
        kind: r.kind,
        themes: r.themes.split('|').filter(Boolean),
        visibility: r.visibility as Visibility,
        titleSegments: snippets ? highlight(r.title, locale, units) : [{ text: r.title }],
        snippet: snippets ? snippet(r.body, locale, units) : [],
      };
    });
  return result;
}

/** The total, the facets and the ids of the requested page, in order. */
interface Found {
  total: number;
  facets: Record<FacetName, FacetValue[]>;
  ids: number[];
}

const noPage = (total: number, nq: NormalizedQuery) =>
  total === 0 || nq.page > Math.ceil(total / nq.pageSize);

/**
 * SQLite inside a transaction (no connection handle to register `search_pack` on): a grouped
 * count of the matches for the facets, then the page of hits with a bounded sort
 * (`ORDER BY score … LIMIT`). Binary text order is SQLite's own.
 */
async function searchInSql(
  db: Kysely<Database>,
  viewer: Actor | null,
  groups: LocaleGroup[],
  nq: NormalizedQuery,
): Promise<Found> {
  const visible = visibleTo(viewer);
  const relevance = nq.sort === 'relevance';

  // 1. The total and every facet from one grouped count of the visible matches (by their
  //    combination of facet values); each facet is counted under the other facets' filters.
  const { rows: combos } =
    await sql<Combo>`SELECT k.type, k.section, k.country_iso3, k.locale, k.year, k.themes, g.n
    FROM (${matchedEntries(db, groups)
      .where(visible)
      .select(['e.facet_key', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('e.facet_key')}) g
    JOIN search_facet_keys k ON k.id = g.facet_key`.execute(db);
  const { total, facets } = countFacets(
    combos.map((r) => ({ ...r, n: Number(r.n) })),
    nq.filters,
  );
  if (noPage(total, nq)) return { total, facets, ids: [] };

  // 2. The ids of the page of hits, in order.
  const tf = relevance ? termFrequencyColumns(db, groups) : [];
  const m = matchedEntries(db, groups)
    .where(visible)
    .where(filterConditions(db, nq.filters))
    .select(['e.id', 'e.type', 'e.ref_id', 'e.locale', 'e.date', 'e.token_count', ...tf])
    .as('m');
  let pageQuery = db.selectFrom(m).select('m.id');
  if (relevance) {
    pageQuery = pageQuery.orderBy(
      scoreExpression(db, groups, unitWeights(await corpusStats(db, groups, await indexCache(db)))),
      'desc',
    );
  }
  const ordered = await pageQuery
    .orderBy(sql`CASE WHEN m.date IS NULL THEN 1 ELSE 0 END`)
    .orderBy('m.date', 'desc')
    .orderBy('m.type')
    .orderBy('m.ref_id')
    .orderBy('m.locale')
    .limit(nq.pageSize)
    .offset((nq.page - 1) * nq.pageSize)
    .execute();
  return { total, facets, ids: ordered.map((r) => Number(r.id)) };
}

/**
 * PostgreSQL: the same answer as the two statements of `searchInSql`, from one pass over the
 * matches. The visible matches are gathered once (a materialized CTE: the text match, phrases
 * included, is evaluated once per entry) with what ranking needs and whether the filters let
 * them through; the facet combinations and the page of hits are both read from them.
 */
async function searchInOneStatement(
  db: Kysely<Database>,
  visible: ReturnType<typeof visibleTo>,
  groups: LocaleGroup[],
  nq: NormalizedQuery,
): Promise<Found> {
  const relevance = nq.sort === 'relevance';
  const tf = relevance ? termFrequencyColumns(db, groups) : [];
  const matches = matchedEntries(db, groups)
    .where(visible)
    .select((eb) => [
      'e.id',
      'e.facet_key',
      'e.type',
      'e.ref_id',
      'e.locale',
      'e.date',
      'e.token_count',
      sql<boolean>`(${filterConditions(db, nq.filters)(eb)})`.as('pass'),
      ...tf,
    ]);
  const score = relevance
    ? scoreExpression(db, groups, unitWeights(await corpusStats(db, groups, await indexCache(db))))
    : sql`0`;
  const order = (x: string) =>
    sql.raw(`CASE WHEN ${x}.date IS NULL THEN 1 ELSE 0 END, ${x}.date COLLATE "C" DESC,
      ${x}.type COLLATE "C", ${x}.ref_id COLLATE "C", ${x}.locale COLLATE "C"`);
  const { rows } = await sql<{ combos: Combo[]; ids: (number | string)[] | null }>`
    WITH m AS MATERIALIZED (${matches})
    SELECT
      (SELECT coalesce(json_agg(json_build_object('type', k.type, 'section', k.section,
          'country_iso3', k.country_iso3, 'locale', k.locale, 'year', k.year, 'themes', k.themes,
          'n', g.n)), '[]'::json)
        FROM (SELECT facet_key, count(*) AS n FROM m GROUP BY facet_key) g
        JOIN search_facet_keys k ON k.id = g.facet_key) AS combos,
      (SELECT array_agg(p.id ORDER BY p.score DESC, ${order('p')})
        FROM (SELECT m.id, m.date, m.type, m.ref_id, m.locale, ${score} AS score FROM m
          WHERE m.pass ORDER BY score DESC, ${order('m')}
          LIMIT ${nq.pageSize} OFFSET ${(nq.page - 1) * nq.pageSize}) p) AS ids`.execute(db);
  const row = rows[0]!;
  const { total, facets } = countFacets(
    row.combos.map((r) => ({ ...r, n: Number(r.n) })),
    nq.filters,
  );
  if (noPage(total, nq)) return { total, facets, ids: [] };
  return { total, facets, ids: (row.ids ?? []).map(Number) };
}

/** Term frequency columns t0…tk of the matches (integers). */
function termFrequencyColumns(db: Kysely<Database>, groups: LocaleGroup[]) {
  const width = Math.max(...groups.map((g) => g.units.length));
  return Array.from({ length: width }, (_, i) => {
    const cases = groups.map((g) => {
      const u = g.units[i];
      if (!u) return sql`WHEN ${localeIn(g.locales)} THEN 0`;
      return sql`WHEN ${localeIn(g.locales)} THEN ${unitFrequency(db, u)}`;
    });
    return sql<number>`CASE ${sql.join(cases, sql` `)} ELSE 0 END`.as(`t${i}`);
  });
}

/**
 * Relevance: a BM25 score over the columns of `m`. Term frequencies are integers read in SQL
 * (`termFrequencyColumns`); the unit weights and length normalisation are computed here and
 * passed in as numbers. `scoreOf` does the same IEEE operations in the same order, so both give
 * bit-identical scores.
 */
function scoreExpression(db: Kysely<Database>, groups: LocaleGroup[], weights: number[][]) {
  const norm = sql`(${dbl(db, NORM_A)} + ${dbl(db, NORM_B)} * m.token_count)`;
  return sql`CASE ${sql.join(
    groups.map((g, gi) => {
      const terms = g.units.map((_, ui) => {
        const t = sql.ref(`m.t${ui}`);
        return sql`(${dbl(db, weights[gi]![ui]!)} * ${t}) / (${t} + ${norm})`;
      });
      const inLocales =
        g.locales.length === LOCALES.length
          ? sql`1 = 1`
          : sql`m.locale IN (${sql.join(g.locales.map((l) => sql`${l}`))})`;
      return sql`WHEN ${inLocales} THEN ${sql.join(terms, sql` + `)}`;
    }),
    sql` `,
  )} ELSE 0 END`;
}

// ---------------------------------------------------------------------------------------------
// SQLite: one pass over the matches

const PACK = 'search_pack';
const packing = new WeakSet<DatabaseSync>();
/** An array of `search_pack` free for the next call, up to 8 MiB. */
let spare: Float64Array | undefined;
const SPARE_LIMIT = 1 << 20;

/**
 * `search_pack(a, b, …)`: an aggregate that packs its numeric arguments, row after row, into
 * one blob of doubles. Reading the matches through it costs a few array writes per row instead
 * of one JavaScript object per row.
 */
function registerPack(raw: DatabaseSync): void {
  if (packing.has(raw)) return;
  // The accumulator is the array itself, its first element the number of values after it. One
  // array is kept from call to call (SQLite copies the result), unless it is in use.
  raw.aggregate(PACK, {
    start: () => {
      if (!spare) return new Float64Array(1024);
      const values = spare;
      spare = undefined;
      values[0] = 0;
      return values;
    },
    step: (acc, ...args) => {
      let values = acc as Float64Array;
      const n = values[0]!;
      if (n + 1 + args.length > values.length) {
        const grown = new Float64Array(Math.max(values.length * 2, n + 1 + args.length));
        grown.set(values.subarray(0, n + 1));
        values = grown;
      }
      let i = n + 1;
      for (const a of args) values[i++] = Number(a);
      values[0] = i - 1;
      return values;
    },
    result: (acc) => {
      const values = acc as Float64Array;
      if (values.length <= SPARE_LIMIT) spare = values;
      return new Uint8Array(values.buffer, 8, values[0]! * 8);
    },
    varargs: true,
    directOnly: true,
  });
  packing.add(raw);
}

/**
 * Above this many expected matches, SQLite reads the short rows of `search_rank` and bounds the
 * scores instead of reading every match's frequencies from its `search_entries` row.
 */
const BOUNDED_FROM = 4_000;

/**
 * SQLite: the visible matches of each language group (FTS5 matches joined to their entries,
 * the language checked on the entry) are read once, as numbers packed by `search_pack`: facet
 * combination, and for relevance the id, length, group and term frequencies. The facet counts,
 * the filters (through the facet combinations) and the BM25 scores (`scoreOf`, the arithmetic of
 * `scoreExpression`) are computed from them; only the best-scored entries are read again, to
 * break ties as `searchInSql` does.
 *
 * A word found in most entries would make that pass read every entry's frequencies; then it
 * reads the short rows of `search_rank` instead, with the highest term frequency of each entry,
 * which bounds its score, and exact frequencies only for the entries whose bound can reach the
 * page (`boundedCandidates`).
 */
async function searchPacked(
  db: Kysely<Database>,
  raw: DatabaseSync,
  viewer: Actor | null,
  groups: LocaleGroup[],
  nq: NormalizedQuery,
  boundedFrom: number,
): Promise<Found> {
  registerPack(raw);
  const relevance = nq.sort === 'relevance';
  const cache = await indexCache(db);
  const stats = relevance ? await corpusStats(db, groups, cache) : undefined;
  // Each group matches at most as many entries as its rarest unit.
  const expected = stats ? stats.dfs.reduce((sum, g) => sum + Math.min(...g), 0) : 0;
  const bounded = expected > boundedFrom;
  const units = Math.max(...groups.map((g) => g.units.length));
  const width = !relevance ? 1 : bounded ? 5 : 4 + units;
  const branches = groups.map((g, gi) => {
    let q = db
      .selectFrom(`${bounded ? 'search_rank' : 'search_entries'} as e` as 'search_entries as e')
      .innerJoin(sql<{ rowid: number }>`search_fts`.as('search_fts'), (join) =>
        join.on(sql<SqlBool>`search_fts.rowid = e.id`),
      )
      .where(sql<SqlBool>`search_fts MATCH ${ftsTextMatch(g.units)}`);
    if (g.locales.length < LOCALES.length) q = q.where('e.locale', 'in', g.locales);
    const cols = !relevance
      ? [sql`e.facet_key`]
      : bounded
        ? [sql`e.facet_key`, sql`e.id`, sql`e.token_count`, sql.lit(gi), sql`e.max_tf`]
        : [
            sql`e.facet_key`,
            sql`e.id`,
            sql`e.token_count`,
            sql.lit(gi),
            ...Array.from({ length: units }, (_, ui) => {
              const u = g.units[ui];
              return u ? unitFrequency(db, u) : sql.lit(0);
            }),
          ];
    // `search_rank` has the visibility, country and language columns of `search_entries`.
    return q.where(visibleTo(viewer)).select(cols.map((c, i) => c.as(`c${i}`)));
  });
  const matches = branches.reduce((a, b) => a.unionAll(b));
  const packed = await db
    .selectFrom(matches.as('m'))
    .select(
      sql<Uint8Array>`${sql.raw(PACK)}(${sql.join(Array.from({ length: width }, (_, i) => sql.ref(`m.c${i}`)))})`.as(
        'r',
      ),
    )
    .executeTakeFirst();
  const rows = unpack(packed?.r);
  const n = rows.length / width;

  // Facets: the matches counted by combination of facet values (ids of search_facet_keys).
  let last = 0;
  for (let i = 0; i < n; i++) last = Math.max(last, rows[i * width]!);
  const perKey = new Int32Array(last + 1);
  for (let i = 0; i < n; i++) perKey[rows[i * width]!]!++;
  const counts = new Map<number, number>();
  perKey.forEach((count, k) => {
    if (count) counts.set(k, count);
  });
  const values = await facetCombos(db, [...counts.keys()], cache);
  const combos = [...counts].flatMap(([id, count]) => {
    const c = values.get(id);
    return c ? [{ id, ...c, n: count }] : [];
  });
  const { total, facets } = countFacets(combos, nq.filters);
  if (noPage(total, nq)) return { total, facets, ids: [] };
  const offset = (nq.page - 1) * nq.pageSize;

  if (!stats) {
    // Date order: the database sorts the filtered matches.
    const ordered = await matchedEntries(db, groups)
      .where(visibleTo(viewer))
      .where(filterConditions(db, nq.filters))
      .select('e.id')
      .orderBy(sql`CASE WHEN e.date IS NULL THEN 1 ELSE 0 END`)
      .orderBy('e.date', 'desc')
      .orderBy('e.type')
      .orderBy('e.ref_id')
      .orderBy('e.locale')
      .limit(nq.pageSize)
      .offset(offset)
      .execute();
    return { total, facets, ids: ordered.map((r) => Number(r.id)) };
  }

  // Relevance: the matches that pass the filters (`at`: where their numbers start in `rows`).
  const filtered = FACETS.some((f) => nq.filters[f]);
  const passing = new Set(combos.filter((c) => comboPasses(c, nq.filters)).map((c) => c.id));
  const at = new Int32Array(n);
  let m = 0;
  for (let i = 0; i < n; i++) {
    const o = i * width;
    if (!filtered || passing.has(rows[o]!)) at[m++] = o;
  }
  const want = Math.min(offset + nq.pageSize, m);
  const weights = unitWeights(stats);
  let candidates: { id: number; score: number }[];
  if (bounded) {
    candidates = await boundedCandidates(db, groups, rows, at.subarray(0, m), weights, want);
  } else {
    // The score of every match, then the best `want` and every match tied with the last one.
    const scores = new Float64Array(m);
    for (let j = 0; j < m; j++) {
      const o = at[j]!;
      scores[j] = scoreOf((u) => rows[o + 4 + u]!, rows[o + 2]!, weights[rows[o + 3]!]!);
    }
    const threshold = kthLargest(scores, want);
    candidates = [];
    for (let j = 0; j < m; j++) {
      if (scores[j]! >= threshold) candidates.push({ id: rows[at[j]! + 1]!, score: scores[j]! });
    }
  }
  const keysOf = new Map(
    (
      await db
        .selectFrom('search_entries')
        .select(['id', 'date', 'type', 'ref_id', 'locale'])
        .where(
          sql<SqlBool>`id IN (SELECT value FROM json_each(${JSON.stringify(candidates.map((c) => c.id))}))`,
        )
        .execute()
    ).map((r) => [r.id, r]),
  );
  const ordered = candidates
    .flatMap((c) => {
      const k = keysOf.get(c.id);
      return k ? [{ ...k, score: c.score }] : [];
    })
    .sort(
      (a, b) =>
        b.score - a.score ||
        (a.date === null ? 1 : 0) - (b.date === null ? 1 : 0) ||
        compareBinary(b.date ?? '', a.date ?? '') ||
        compareBinary(a.type, b.type) ||
        compareBinary(a.ref_id, b.ref_id) ||
        compareBinary(a.locale, b.locale),
    );
  return { total, facets, ids: ordered.slice(offset, offset + nq.pageSize).map((r) => r.id) };
}

/**
 * The best `want` matches and every match tied with the last one, by the threshold algorithm.
 * `rows` holds, from each offset of `at`: facet combination, id, length, group, highest term
 * frequency; with that frequency for every unit, `scoreOf` gives a bound of the score. Exact
 * frequencies are read for the matches with the best bounds, in rounds of growing size, until
 * no match left unread has a bound that reaches the `want`-th best exact score: none of them can
 * be among the best.
 */
async function boundedCandidates(
  db: Kysely<Database>,
  groups: LocaleGroup[],
  rows: Float64Array,
  at: Int32Array,
  weights: number[][],
  want: number,
): Promise<{ id: number; score: number }[]> {
  const m = at.length;
  const bounds = new Float64Array(m);
  for (let j = 0; j < m; j++) {
    const o = at[j]!;
    const top = rows[o + 4]!;
    bounds[j] = scoreOf(() => top, rows[o + 2]!, weights[rows[o + 3]!]!);
  }
  const exact: { j: number; score: number }[] = [];
  const done = new Uint8Array(m);
  let threshold = Number.NEGATIVE_INFINITY;
  const read = async (js: number[]) => {
    const freqs = await unitFrequencies(
      db,
      groups,
      js.map((j) => rows[at[j]! + 1]!),
    );
    for (const j of js) {
      done[j] = 1;
      const o = at[j]!;
      const t = freqs.get(rows[o + 1]!);
      // An entry removed since the pass no longer counts.
      const score = t
        ? scoreOf((u) => t[u]!, rows[o + 2]!, weights[rows[o + 3]!]!)
        : Number.NEGATIVE_INFINITY;
      exact.push({ j, score });
    }
    threshold = kthLargest(
      Float64Array.from(exact, (e) => e.score),
      want,
    );
  };
  // The best bounds in order, read in rounds of growing size while they reach the threshold.
  const first = Math.min(m, (want + FIRST_READ) * 8);
  const cut = kthLargest(bounds, first);
  const order: number[] = [];
  for (let j = 0; j < m; j++) if (bounds[j]! >= cut) order.push(j);
  order.sort((a, b) => bounds[b]! - bounds[a]!);
  let next = 0;
  for (let size = want + FIRST_READ; next < order.length && bounds[order[next]!]! >= threshold; size *= 2) {
    const chunk: number[] = [];
    while (chunk.length < size && next < order.length && bounds[order[next]!]! >= threshold) {
      chunk.push(order[next++]!);
    }
    await read(chunk);
  }
  if (next >= order.length) {
    // Beyond the best bounds: every other match whose bound still reaches the threshold.
    const rest: number[] = [];
    for (let j = 0; j < m; j++) if (!done[j] && bounds[j]! >= threshold) rest.push(j);
    if (rest.length) await read(rest);
  }
  return exact.filter((e) => e.score >= threshold).map((e) => ({ id: rows[at[e.j]! + 1]!, score: e.score }));
}

/** The doubles of a `search_pack` blob. */
function unpack(bytes: Uint8Array | undefined): Float64Array {
  if (!bytes?.byteLength) return new Float64Array(0);
  // A Float64Array needs its offset aligned to 8 bytes; copy when it is not.
  const b = bytes.byteOffset % 8 === 0 ? bytes : bytes.slice();
  return new Float64Array(b.buffer, b.byteOffset, b.byteLength / 8);
}

/** How many matches beyond the page get their exact frequencies read at first. */
const FIRST_READ = 50;

/** The frequencies of every unit of the query in these entries (by id), each in its language. */
async function unitFrequencies(
  db: Kysely<Database>,
  groups: LocaleGroup[],
  ids: number[],
): Promise<Map<number, Float64Array>> {
  const cols = termFrequencyColumns(db, groups);
  const width = 1 + cols.length;
  // In the order of the table, so that its pages are read once each.
  const sorted = [...ids].sort((a, b) => a - b);
  const packed = await db
    .selectFrom('search_entries as e')
    .select(
      sql<Uint8Array>`${sql.raw(PACK)}(e.id, ${sql.join(cols.map((c) => sql`${c.expression}`))})`.as('r'),
    )
    .where(sql<SqlBool>`e.id IN (SELECT value FROM json_each(${JSON.stringify(sorted)}))`)
    .executeTakeFirst();
  const rows = unpack(packed?.r);
  const out = new Map<number, Float64Array>();
  for (let o = 0; o < rows.length; o += width) out.set(rows[o]!, rows.subarray(o + 1, o + width));
  return out;
}

/**
 * The BM25 score of a match of `len` terms whose unit `u` occurs `tf(u)` times. The same IEEE
 * operations in the same order as `scoreExpression`: (w·tf) / (tf + (A + B'·len)), summed left
 * to right. Each operation is monotonic, so a higher frequency never gives a lower score: with
 * the entry's highest frequency for every unit, it is a bound of the score.
 */
function scoreOf(tf: (unit: number) => number, len: number, weights: number[]): number {
  let score = 0;
  for (let u = 0; u < weights.length; u++) {
    const t = tf(u);
    const term = (weights[u]! * t) / (t + (NORM_A + NORM_B * len));
    score = u === 0 ? term : score + term;
  }
  return score;
}

/** The k-th largest value (k ≥ 1) of `values`; -Infinity when there are fewer. */
function kthLargest(values: Float64Array, k: number): number {
  if (k < 1 || values.length < k) return Number.NEGATIVE_INFINITY;
  // Quickselect on a copy, largest first.
  const a = Float64Array.from(values);
  const target = k - 1;
  let lo = 0;
  let hi = a.length - 1;
  while (lo < hi) {
    const pivot = a[(lo + hi) >>> 1]!;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i]! > pivot) i++;
      while (a[j]! < pivot) j--;
      if (i <= j) {
        const x = a[i]!;
        a[i++] = a[j]!;
        a[j--] = x;
      }
    }
    if (target <= j) hi = j;
    else if (target >= i) lo = i;
    else break;
  }
  return a[target]!;
}

/** Compares as SQLite's BINARY and PostgreSQL's "C" collations do: by code point. */
function compareBinary(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x === y) continue;
    if (x >= 0xd800 && y >= 0xd800) {
      // UTF-16 puts surrogates (code points above U+FFFF) before U+E000…U+FFFF.
      x = x >= 0xe000 ? x - 0x800 : x + 0x2000;
      y = y >= 0xe000 ? y - 0x800 : y + 0x2000;
    }
    return x - y;
  }
  return a.length - b.length;
}

interface Combo {
  type: string;
  section: string | null;
  country_iso3: string | null;
  locale: string;
  year: number | null;
  themes: string;
  n: number;
}

function comboValues(c: Combo, facet: FacetName): string[] {
  switch (facet) {
    case 'type':
      return [c.type];
    case 'section':
      return c.section ? [c.section] : [];
    case 'country':
      return c.country_iso3 ? [c.country_iso3] : [];
    case 'lang':
      return [c.locale];
    case 'year':
      return c.year == null ? [] : [String(c.year)];
    case 'theme':
      return c.themes.split('|').filter(Boolean);
  }
}

/** Whether a combination of facet values passes the filters. */
function comboPasses(c: Combo, filters: Partial<Record<FacetName, string>>): boolean {
  return FACETS.every((f) => !filters[f] || comboValues(c, f).includes(filters[f]!));
}

/** Totals and facet counts from the grouped matches; each facet ignores its own filter. */
export function countFacets(combos: Combo[], filters: Partial<Record<FacetName, string>>) {
  // The filters each combination fails: it counts for a facet when it fails none but that one's.
  const active = FACETS.filter((f) => filters[f]);
  const fails = combos.map((c) => active.filter((f) => !comboValues(c, f).includes(filters[f]!)));
  let total = 0;
  combos.forEach((c, i) => {
    if (!fails[i]!.length) total += c.n;
  });
  const facets = {} as Record<FacetName, FacetValue[]>;
  for (const f of FACETS) {
    const counts = new Map<string, number>();
    combos.forEach((c, i) => {
      const x = fails[i]!;
      if (x.length > 1 || (x.length === 1 && x[0] !== f)) return;
      for (const v of comboValues(c, f)) counts.set(v, (counts.get(v) ?? 0) + c.n);
    });
    if (filters[f] && !counts.has(filters[f]!)) counts.set(filters[f]!, 0);
    facets[f] = [...counts]
      .map(([value, count]) => ({ value, count, selected: filters[f] === value }))
      .sort((a, b) =>
        f === 'year' ? Number(b.value) - Number(a.value) : b.count - a.count || (a.value < b.value ? -1 : 1),
      );
  }
  return { total, facets };
}

export type { Segment } from './snippet.ts';
export { escapeHtml, segmentsToHtml, segmentsToText } from './snippet.ts';
