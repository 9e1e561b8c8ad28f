import type { DatabaseSync, SQLInputValue } from 'node:sqlite';
import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { Db } from '../../db/connection.ts';
import { isPostgres, rawSqliteOf } from '../../db/dialect.ts';
import type {
  Database,
  StatImportRowsTable,
  StatIndicator,
  StatObservation,
  StatRevision,
} from '../../db/schema.ts';
import { NOT_APPLICABLE } from './codelists.ts';

/**
 * Kysely queries of the statistics model. No permission logic here: services decide who may
 * do what. Exported functions the explorer and exports rely on: `listIndicators`,
 * `indicatorByCode`, `listCodes`, `findObservations` (current values, or "as of" a past date).
 */

export type Executor = Kysely<Database>;

export interface IndicatorView extends Omit<StatIndicator, 'dimensions'> {
  /** Codelist ids in the order of dim1, dim2, dim3. */
  dimensions: string[];
}

export function toIndicatorView(row: StatIndicator): IndicatorView {
  let dims: string[] = [];
  try {
    dims = JSON.parse(row.dimensions);
  } catch {
    dims = [];
  }
  return { ...row, dimensions: dims };
}

export async function listIndicators(db: Executor): Promise<IndicatorView[]> {
  const rows = await db
    .selectFrom('stat_indicators')
    .selectAll()
    .orderBy('sort_order')
    .orderBy('code')
    .execute();
  return rows.map(toIndicatorView);
}

export async function indicatorByCode(db: Executor, code: string): Promise<IndicatorView | undefined> {
  const row = await db.selectFrom('stat_indicators').selectAll().where('code', '=', code).executeTakeFirst();
  return row && toIndicatorView(row);
}

export async function indicatorById(db: Executor, id: number): Promise<IndicatorView | undefined> {
  const row = await db.selectFrom('stat_indicators').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toIndicatorView(row);
}

export interface CodeRow {
  codelist_id: string;
  code: string;
  name: string;
  sort_order: number;
}

/** Codes by codelist, in display order. */
export async function listCodes(db: Executor): Promise<Map<string, CodeRow[]>> {
  const rows = await db
    .selectFrom('stat_codes')
    .selectAll()
    .orderBy('codelist_id')
    .orderBy('sort_order')
    .execute();
  const out = new Map<string, CodeRow[]>();
  for (const r of rows) {
    const list = out.get(r.codelist_id) ?? [];
    list.push(r);
    out.set(r.codelist_id, list);
  }
  return out;
}

export async function listCodelists(db: Executor) {
  return db.selectFrom('stat_codelists').selectAll().orderBy('sort_order').execute();
}

export interface ObservationFilter {
  indicatorIds?: number[];
  countries?: string[];
  /** Exact periods. */
  periods?: string[];
  /** Inclusive range, compared as strings (periods sort in time order within a frequency). */
  periodFrom?: string;
  periodTo?: string;
  dim1?: string[];
  dim2?: string[];
  dim3?: string[];
  /** ISO timestamp: the values as they stood at that moment (from the revisions). */
  asOf?: string;
  /** Only published values (default false: all current values). */
  publishedOnly?: boolean;
  limit?: number;
  offset?: number;
}

export interface ObservationValue {
  id: number;
  indicator_id: number;
  country_iso3: string;
  period: string;
  dim1: string;
  dim2: string;
  dim3: string;
  value: number | null;
  obs_status: string;
  source: string | null;
  note: string | null;
  published: number;
  updated_at: string;
  revision_no: number;
}

/**
 * Current values (not deleted), or with `asOf` the values as they stood then: for each
 * observation the latest revision changed at or before that moment, unless that revision
 * deleted it. Ordered by indicator, country, period, dimensions.
 */
export async function findObservations(db: Executor, f: ObservationFilter = {}): Promise<ObservationValue[]> {
  let q = f.asOf
    ? db
        .selectFrom('stat_observations as o')
        .innerJoin('stat_revisions as r', 'r.observation_id', 'o.id')
        .where('r.revision_no', '=', (eb) =>
          eb
            .selectFrom('stat_revisions as r2')
            .select((e) => e.fn.max('r2.revision_no').as('m'))
            .whereRef('r2.observation_id', '=', 'o.id')
            .where('r2.changed_at', '<=', f.asOf as string),
        )
        .where('r.deleted', '=', 0)
        .select([
          'o.id',
          'o.indicator_id',
          'o.country_iso3',
          'o.period',
          'o.dim1',
          'o.dim2',
          'o.dim3',
          'r.value',
          'r.obs_status',
          'r.source',
          'r.note',
          'o.published',
          'r.changed_at as updated_at',
          'r.revision_no',
        ])
    : db
        .selectFrom('stat_observations as o')
        .where('o.deleted_at', 'is', null)
        .select([
          'o.id',
          'o.indicator_id',
          'o.country_iso3',
          'o.period',
          'o.dim1',
          'o.dim2',
          'o.dim3',
          'o.value',
          'o.obs_status',
          'o.source',
          'o.note',
          'o.published',
          'o.updated_at',
          'o.revision_no',
        ]);
  if (f.indicatorIds?.length) q = q.where('o.indicator_id', 'in', f.indicatorIds);
  if (f.countries?.length) q = q.where('o.country_iso3', 'in', f.countries);
  if (f.periods?.length) q = q.where('o.period', 'in', f.periods);
  if (f.periodFrom) q = q.where('o.period', '>=', f.periodFrom);
  if (f.periodTo) q = q.where('o.period', '<=', f.periodTo);
  if (f.dim1?.length) q = q.where('o.dim1', 'in', f.dim1);
  if (f.dim2?.length) q = q.where('o.dim2', 'in', f.dim2);
  if (f.dim3?.length) q = q.where('o.dim3', 'in', f.dim3);
  if (f.publishedOnly) q = q.where('o.published', '=', 1);
  q = q
    .orderBy('o.indicator_id')
    .orderBy('o.country_iso3')
    .orderBy('o.period')
    .orderBy('o.dim1')
    .orderBy('o.dim2')
    .orderBy('o.dim3');
  if (f.limit !== undefined) q = q.limit(f.limit);
  if (f.offset) q = q.offset(f.offset);
  return (await q.execute()) as ObservationValue[];
}

/** Short name for the as-of read, for callers who think of it that way. */
export function observationsAsOf(db: Executor, asOf: string, f: Omit<ObservationFilter, 'asOf'> = {}) {
  return findObservations(db, { ...f, asOf });
}

export async function observationById(db: Executor, id: number): Promise<StatObservation | undefined> {
  return db.selectFrom('stat_observations').selectAll().where('id', '=', id).executeTakeFirst();
}

export interface RevisionWithAuthor extends StatRevision {
  changed_by_name: string | null;
}

export async function revisionsOf(db: Executor, observationId: number): Promise<RevisionWithAuthor[]> {
  return db
    .selectFrom('stat_revisions as r')
    .leftJoin('users as u', 'u.id', 'r.changed_by')
    .selectAll('r')
    .select('u.name as changed_by_name')
    .where('r.observation_id', '=', observationId)
    .orderBy('r.revision_no', 'desc')
    .execute();
}

export async function revisionById(db: Executor, id: number): Promise<StatRevision | undefined> {
  return db.selectFrom('stat_revisions').selectAll().where('id', '=', id).executeTakeFirst();
}

export interface ObsKey {
  indicator_id: number;
  country_iso3: string;
  period: string;
  dim1: string;
  dim2: string;
  dim3: string;
}

export function keyOf(k: ObsKey): string {
  return `${k.indicator_id}|${k.country_iso3}|${k.period}|${k.dim1}|${k.dim2}|${k.dim3}`;
}

/** Every observation (deleted ones too) of these indicator × country pairs, by key. */
export async function observationsForPairs(
  db: Executor,
  pairs: { indicatorId: number; iso3: string }[],
): Promise<Map<string, StatObservation>> {
  const out = new Map<string, StatObservation>();
  const byIndicator = new Map<number, Set<string>>();
  for (const p of pairs) {
    const set = byIndicator.get(p.indicatorId) ?? new Set();
    set.add(p.iso3);
    byIndicator.set(p.indicatorId, set);
  }
  for (const [indicatorId, countries] of byIndicator) {
    const rows = await db
      .selectFrom('stat_observations')
      .selectAll()
      .where('indicator_id', '=', indicatorId)
      .where('country_iso3', 'in', [...countries])
      .execute();
    for (const r of rows) out.set(keyOf(r), r);
  }
  return out;
}

export async function observationsByIds(db: Executor, ids: number[]): Promise<StatObservation[]> {
  const out: StatObservation[] = [];
  for (let i = 0; i < ids.length; i += 1000) {
    out.push(
      ...(await db
        .selectFrom('stat_observations')
        .selectAll()
        .where('id', 'in', ids.slice(i, i + 1000))
        .execute()),
    );
  }
  return out;
}

export interface NewObservation extends ObsKey {
  value: number | null;
  obs_status: string;
  source: string | null;
  note: string | null;
  published: number;
  created_at: string;
  updated_at: string;
  updated_by: number | null;
  batch_id: string | null;
}

const CHUNK = 500;

/**
 * PostgreSQL: a multi-row insert as one array parameter per column (`unnest`), which is much
 * faster to build and plan than thousands of bound values.
 */
function unnestInsert(
  table: string,
  columns: [string, string][],
  rows: Record<string, unknown>[],
  returning: string[] = [],
) {
  const cols = sql.join(columns.map(([c]) => sql.ref(c)));
  const arrays = sql.join(
    columns.map(([c, type]) => sql`${rows.map((r) => r[c] ?? null)}::${sql.raw(type)}[]`),
  );
  const ret = returning.length ? sql` RETURNING ${sql.join(returning.map((c) => sql.ref(c)))}` : sql``;
  return sql<
    Record<string, unknown>
  >`INSERT INTO ${sql.table(table)} (${cols}) SELECT * FROM unnest(${arrays})${ret}`;
}

const OBS_COLUMNS: [string, string][] = [
  ['indicator_id', 'integer'],
  ['country_iso3', 'text'],
  ['period', 'text'],
  ['dim1', 'text'],
  ['dim2', 'text'],
  ['dim3', 'text'],
  ['value', 'double precision'],
  ['obs_status', 'text'],
  ['source', 'text'],
  ['note', 'text'],
  ['published', 'integer'],
  ['revision_no', 'integer'],
  ['created_at', 'text'],
  ['updated_at', 'text'],
  ['updated_by', 'integer'],
  ['batch_id', 'text'],
];

const REV_COLUMNS: [string, string][] = [
  ['observation_id', 'integer'],
  ['revision_no', 'integer'],
  ['value', 'double precision'],
  ['obs_status', 'text'],
  ['source', 'text'],
  ['note', 'text'],
  ['deleted', 'integer'],
  ['changed_at', 'text'],
  ['changed_by', 'integer'],
  ['reason', 'text'],
  ['batch_id', 'text'],
  ['restored_from', 'integer'],
];

/** PostgreSQL: rows per statement of a bulk write (one round trip each). */
const PG_CHUNK = 10_000;

/**
 * SQLite inside a transaction: the node:sqlite handle, to run one prepared statement for every
 * row of a bulk write. Kysely would compile a statement per chunk and bind thousands of values;
 * a reused statement costs a few microseconds a row. Outside a transaction: undefined (Kysely).
 */
function sqliteInTransaction(trx: Executor) {
  return trx.isTransaction ? rawSqliteOf(trx) : undefined;
}

/**
 * SQLite: one prepared INSERT of `columns` (the same lists PostgreSQL's `unnest` writes) run for
 * every row; `value` reads a column of a row (by default the row's property of that name).
 * Answers the new row ids in order.
 */
function sqliteInsertEach<R>(
  raw: DatabaseSync,
  table: string,
  columns: readonly (readonly [string, string])[],
  rows: readonly R[],
  value: (row: R, column: string) => unknown = (row, column) => (row as Record<string, unknown>)[column],
): number[] {
  const names = columns.map(([c]) => c);
  const insert = raw.prepare(
    `INSERT INTO ${table} (${names.join(', ')}) VALUES (${names.map(() => '?').join(', ')})`,
  );
  const ids: number[] = [];
  const args: SQLInputValue[] = new Array(names.length);
  for (const r of rows) {
    for (let k = 0; k < names.length; k++) args[k] = (value(r, names[k]!) ?? null) as SQLInputValue;
    ids.push(Number(insert.run(...args).lastInsertRowid));
  }
  return ids;
}

/** Multi-row insert in chunks; answers the new ids by key. */
export async function insertObservations(
  trx: Executor,
  rows: NewObservation[],
): Promise<Map<string, number>> {
  const ids = new Map<string, number>();
  if (isPostgres(trx)) {
    for (let i = 0; i < rows.length; i += PG_CHUNK) {
      const chunk = rows.slice(i, i + PG_CHUNK).map((r) => ({ ...r, revision_no: 1 }));
      const res = await unnestInsert('stat_observations', OBS_COLUMNS, chunk, [
        'id',
        'indicator_id',
        'country_iso3',
        'period',
        'dim1',
        'dim2',
        'dim3',
      ]).execute(trx);
      for (const r of res.rows as unknown as (ObsKey & { id: number })[]) ids.set(keyOf(r), r.id);
    }
    return ids;
  }
  const raw = sqliteInTransaction(trx);
  if (raw) {
    const rowIds = sqliteInsertEach(raw, 'stat_observations', OBS_COLUMNS, rows, (r, c) =>
      c === 'revision_no' ? 1 : r[c as keyof NewObservation],
    );
    rows.forEach((r, n) => {
      ids.set(keyOf(r), rowIds[n]!);
    });
    return ids;
  }
  for (let i = 0; i < rows.length; i += CHUNK) {
    const chunk = rows.slice(i, i + CHUNK).map((r) => ({ ...r, revision_no: 1, deleted_at: null }));
    const inserted = await trx
      .insertInto('stat_observations')
      .values(chunk)
      .returning(['id', 'indicator_id', 'country_iso3', 'period', 'dim1', 'dim2', 'dim3'])
      .execute();
    for (const r of inserted) ids.set(keyOf(r), r.id);
  }
  return ids;
}

export interface ObservationChange {
  id: number;
  value: number | null;
  obs_status: string;
  source: string | null;
  note: string | null;
  published: number;
  revision_no: number;
  updated_at: string;
  updated_by: number | null;
  batch_id: string | null;
  deleted_at: string | null;
}

const CHANGE_COLUMNS: [keyof ObservationChange, string][] = [
  ['id', 'integer'],
  ['value', 'double precision'],
  ['obs_status', 'text'],
  ['source', 'text'],
  ['note', 'text'],
  ['published', 'integer'],
  ['revision_no', 'integer'],
  ['updated_at', 'text'],
  ['updated_by', 'integer'],
  ['batch_id', 'text'],
  ['deleted_at', 'text'],
];

/**
 * Batch update by id: on SQLite one prepared statement run for every row; on PostgreSQL one
 * statement per chunk with a column of values per array (`unnest`); otherwise a VALUES list
 * joined to the table.
 */
export async function updateObservations(trx: Executor, rows: ObservationChange[]): Promise<void> {
  if (!rows.length) return;
  if (isPostgres(trx)) {
    for (let i = 0; i < rows.length; i += PG_CHUNK) {
      const chunk = rows.slice(i, i + PG_CHUNK);
      const arrays = sql.join(
        CHANGE_COLUMNS.map(([c, type]) => sql`${chunk.map((r) => r[c] ?? null)}::${sql.raw(type)}[]`),
      );
      await sql`UPDATE stat_observations SET value = v.value, obs_status = v.obs_status, source = v.source,
          note = v.note, published = v.published, revision_no = v.revision_no, updated_at = v.updated_at,
          updated_by = v.updated_by, batch_id = v.batch_id, deleted_at = v.deleted_at
        FROM unnest(${arrays}) AS v(${sql.join(CHANGE_COLUMNS.map(([c]) => sql.ref(c)))})
        WHERE stat_observations.id = v.id`.execute(trx);
    }
    return;
  }
  const raw = sqliteInTransaction(trx);
  if (raw) {
    const update = raw.prepare(
      `UPDATE stat_observations SET value = ?, obs_status = ?, source = ?, note = ?, published = ?,
        revision_no = ?, updated_at = ?, updated_by = ?, batch_id = ?, deleted_at = ? WHERE id = ?`,
    );
    for (const r of rows) {
      update.run(
        r.value,
        r.obs_status,
        r.source,
        r.note,
        r.published,
        r.revision_no,
        r.updated_at,
        r.updated_by,
        r.batch_id,
        r.deleted_at,
        r.id,
      );
    }
    return;
  }
  for (let i = 0; i < rows.length; i += CHUNK) {
    const chunk = rows.slice(i, i + CHUNK);
    const values = sql.join(
      chunk.map(
        (r) =>
          sql`(CAST(${r.id} AS integer), CAST(${r.value} AS double precision), CAST(${r.obs_status} AS text), CAST(${r.source} AS text), CAST(${r.note} AS text), CAST(${r.published} AS integer), CAST(${r.revision_no} AS integer), CAST(${r.updated_at} AS text), CAST(${r.updated_by} AS integer), CAST(${r.batch_id} AS text), CAST(${r.deleted_at} AS text))`,
      ),
    );
    await sql`WITH v(id, value, obs_status, source, note, published, revision_no, updated_at, updated_by, batch_id, deleted_at) AS (VALUES ${values})
      UPDATE stat_observations SET value = v.value, obs_status = v.obs_status, source = v.source, note = v.note,
        published = v.published, revision_no = v.revision_no, updated_at = v.updated_at, updated_by = v.updated_by,
        batch_id = v.batch_id, deleted_at = v.deleted_at
      FROM v WHERE stat_observations.id = v.id`.execute(trx);
  }
}

export type NewRevision = Omit<StatRevision, 'id'>;

export async function insertRevisions(trx: Executor, rows: NewRevision[]): Promise<void> {
  if (isPostgres(trx)) {
    for (let i = 0; i < rows.length; i += PG_CHUNK) {
      await unnestInsert(
        'stat_revisions',
        REV_COLUMNS,
        rows.slice(i, i + PG_CHUNK) as unknown as Record<string, unknown>[],
      ).execute(trx);
    }
    return;
  }
  const raw = sqliteInTransaction(trx);
  if (raw) {
    sqliteInsertEach(raw, 'stat_revisions', REV_COLUMNS, rows);
    return;
  }
  for (let i = 0; i < rows.length; i += CHUNK) {
    await trx
      .insertInto('stat_revisions')
      .values(rows.slice(i, i + CHUNK))
      .execute();
  }
}

const IMPORT_ROW_COLUMNS: [keyof StatImportRowsTable, string][] = [
  ['import_id', 'text'],
  ['row_no', 'integer'],
  ['indicator_id', 'integer'],
  ['country_iso3', 'text'],
  ['period', 'text'],
  ['dim1', 'text'],
  ['dim2', 'text'],
  ['dim3', 'text'],
  ['value', 'double precision'],
  ['obs_status', 'text'],
  ['source', 'text'],
  ['note', 'text'],
  ['action', 'text'],
  ['observation_id', 'integer'],
  ['old_value', 'double precision'],
  ['old_status', 'text'],
];

/** A staged row as validation leaves it: `row` is its line in the file. */
export type StagedImportRow = Omit<StatImportRowsTable, 'import_id' | 'row_no'> & { row: number };

/** The staged rows of an import (its preview), in the caller's transaction. */
export async function insertImportRows(
  trx: Executor,
  importId: string,
  rows: StagedImportRow[],
): Promise<void> {
  if (!rows.length) return;
  const value = (r: StagedImportRow, c: string) =>
    c === 'import_id' ? importId : c === 'row_no' ? r.row : r[c as keyof StagedImportRow];
  const raw = sqliteInTransaction(trx);
  if (raw) {
    sqliteInsertEach(raw, 'stat_import_rows', IMPORT_ROW_COLUMNS, rows, value);
    return;
  }
  const full = (from: number, to: number) =>
    rows
      .slice(from, to)
      .map(
        (r) =>
          Object.fromEntries(
            IMPORT_ROW_COLUMNS.map(([c]) => [c, value(r, c) ?? null]),
          ) as unknown as StatImportRowsTable,
      );
  if (isPostgres(trx)) {
    for (let i = 0; i < rows.length; i += PG_CHUNK) {
      await unnestInsert(
        'stat_import_rows',
        IMPORT_ROW_COLUMNS,
        full(i, i + PG_CHUNK) as unknown as Record<string, unknown>[],
      ).execute(trx);
    }
    return;
  }
  for (let i = 0; i < rows.length; i += 1000) {
    await trx
      .insertInto('stat_import_rows')
      .values(full(i, i + 1000))
      .execute();
  }
}

export interface StagedApply {
  importId: string;
  batchId: string;
  now: string;
  by: number | null;
  reason: string | null;
}

/**
 * Applies the staged rows of an import with a few set-based statements, in the caller's
 * transaction: the database compares each staged row with the stored value and writes only what
 * differs, every written value with a revision carrying the batch id. The comparison is the one
 * of `classify` in the service (values equal within 1e-9 relative, same status, source and note;
 * an empty value removes; a value over a removed one brings it back as new), so the counts match
 * the preview unless the data changed in between. Nothing is read into JavaScript row by row.
 */
export async function applyStagedRows(
  trx: Executor,
  a: StagedApply,
): Promise<{ created: number; changed: number; removed: number; unchanged: number }> {
  const pg = isPostgres(trx);
  const same = (x: string, y: string) => (pg ? `${x} IS NOT DISTINCT FROM ${y}` : `${x} IS ${y}`);
  const join = sql.raw(`o.indicator_id = r.indicator_id AND o.country_iso3 = r.country_iso3
    AND o.period = r.period AND o.dim1 = r.dim1 AND o.dim2 = r.dim2 AND o.dim3 = r.dim3`);
  const differs = sql.raw(`(r.value IS NULL AND o.deleted_at IS NULL)
    OR (r.value IS NOT NULL AND o.deleted_at IS NOT NULL)
    OR (r.value IS NOT NULL AND o.deleted_at IS NULL AND NOT (o.value IS NOT NULL
      AND abs(o.value - r.value) <= 1e-9 * ${pg ? 'GREATEST' : 'max'}(1, abs(o.value), abs(r.value))
      AND o.obs_status = r.obs_status AND ${same('o.source', 'r.source')} AND ${same('o.note', 'r.note')}))`);
  const affected = async (q: RawBuilder<unknown>) => Number((await q.execute(trx)).numAffectedRows ?? 0);
  // PostgreSQL: sort a large file's new values in memory rather than on disk (this transaction only).
  if (pg) await sql`SET LOCAL work_mem = '64MB'`.execute(trx);
  const total = Number(
    (
      await trx
        .selectFrom('stat_import_rows')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('import_id', '=', a.importId)
        .executeTakeFirstOrThrow()
    ).n,
  );
  // 1. A revision for every stored value the file changes, removes or brings back.
  await sql`INSERT INTO stat_revisions (observation_id, revision_no, value, obs_status, source, note,
      deleted, changed_at, changed_by, reason, batch_id, restored_from)
    SELECT o.id, o.revision_no + 1,
      CASE WHEN r.value IS NULL THEN o.value ELSE r.value END,
      CASE WHEN r.value IS NULL THEN o.obs_status ELSE r.obs_status END,
      CASE WHEN r.value IS NULL THEN o.source ELSE r.source END,
      CASE WHEN r.value IS NULL THEN o.note ELSE r.note END,
      CASE WHEN r.value IS NULL THEN 1 ELSE 0 END,
      ${a.now}, ${a.by}, ${a.reason}, ${a.batchId}, NULL
    FROM stat_import_rows r JOIN stat_observations o ON ${join}
    WHERE r.import_id = ${a.importId} AND (${differs})`.execute(trx);
  const prior = (
    await sql<{ removed: number | string | null; revived: number | string | null; n: number | string }>`
      SELECT sum(v.deleted) AS removed,
        sum(CASE WHEN o.deleted_at IS NOT NULL THEN 1 ELSE 0 END) AS revived, count(*) AS n
      FROM stat_revisions v JOIN stat_observations o ON o.id = v.observation_id
      WHERE v.batch_id = ${a.batchId}`.execute(trx)
  ).rows[0]!;
  const removed = Number(prior.removed ?? 0);
  const revived = Number(prior.revived ?? 0);
  const changed = Number(prior.n) - removed - revived;
  // 2. The stored values take the revisions just written.
  await sql`UPDATE stat_observations SET value = v.value, obs_status = v.obs_status, source = v.source,
      note = v.note, revision_no = v.revision_no, updated_at = ${a.now}, updated_by = ${a.by},
      batch_id = ${a.batchId}, deleted_at = CASE WHEN v.deleted = 1 THEN ${a.now} ELSE NULL END
    FROM stat_revisions v WHERE v.batch_id = ${a.batchId} AND v.observation_id = stat_observations.id`.execute(
    trx,
  );
  // 3. New values in key order (the indexes fill from one end), then their first revisions.
  const before = Number(
    (
      await trx
        .selectFrom('stat_observations')
        .select((eb) => eb.fn.max('id').as('m'))
        .executeTakeFirstOrThrow()
    ).m ?? 0,
  );
  const created = await affected(sql`INSERT INTO stat_observations (indicator_id, country_iso3, period,
      dim1, dim2, dim3, value, obs_status, source, note, published, revision_no, created_at, updated_at,
      updated_by, batch_id, deleted_at)
    SELECT r.indicator_id, r.country_iso3, r.period, r.dim1, r.dim2, r.dim3, r.value, r.obs_status,
      r.source, r.note, 1, 1, ${a.now}, ${a.now}, ${a.by}, ${a.batchId}, NULL
    FROM stat_import_rows r
    WHERE r.import_id = ${a.importId} AND r.value IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM stat_observations o WHERE ${join})
    ORDER BY r.indicator_id, r.country_iso3, r.period, r.dim1, r.dim2, r.dim3`);
  await sql`INSERT INTO stat_revisions (observation_id, revision_no, value, obs_status, source, note,
      deleted, changed_at, changed_by, reason, batch_id, restored_from)
    SELECT id, 1, value, obs_status, source, note, 0, ${a.now}, ${a.by}, ${a.reason}, ${a.batchId}, NULL
    FROM stat_observations WHERE id > ${before} AND batch_id = ${a.batchId}`.execute(trx);
  return {
    created: created + revived,
    changed,
    removed,
    unchanged: total - created - revived - changed - removed,
  };
}

/** For each observation, the revision just before the given batch touched it. */
export async function revisionsBeforeBatch(
  db: Executor,
  batchId: string,
): Promise<{ batch: StatRevision[]; previous: Map<number, StatRevision> }> {
  const batch = await db.selectFrom('stat_revisions').selectAll().where('batch_id', '=', batchId).execute();
  const previous = new Map<number, StatRevision>();
  const wanted = new Map(batch.map((r) => [r.observation_id, r.revision_no - 1]));
  const ids = [...wanted.keys()];
  for (let i = 0; i < ids.length; i += 1000) {
    const rows = await db
      .selectFrom('stat_revisions')
      .selectAll()
      .where('observation_id', 'in', ids.slice(i, i + 1000))
      .execute();
    for (const r of rows)
      if (wanted.get(r.observation_id) === r.revision_no) previous.set(r.observation_id, r);
  }
  return { batch, previous };
}

/** Summary per indicator of a country's current values, for the entry index. */
export async function countryIndicatorSummary(db: Executor, iso3: string) {
  return db
    .selectFrom('stat_observations')
    .select((eb) => [
      'indicator_id',
      eb.fn.countAll<number>().as('n'),
      eb.fn.max('period').as('last_period'),
      eb.fn.max('updated_at').as('updated_at'),
    ])
    .where('country_iso3', '=', iso3)
    .where('deleted_at', 'is', null)
    .groupBy('indicator_id')
    .execute();
}

export function dimsOf(values: (string | undefined)[]): { dim1: string; dim2: string; dim3: string } {
  return {
    dim1: values[0] ?? NOT_APPLICABLE,
    dim2: values[1] ?? NOT_APPLICABLE,
    dim3: values[2] ?? NOT_APPLICABLE,
  };
}

export type { Db };
