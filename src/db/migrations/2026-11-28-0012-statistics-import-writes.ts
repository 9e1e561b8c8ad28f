import { type Kysely, sql } from 'kysely';
import { isPostgres } from '../dialect.ts';

/**
 * Fewer index writes per imported value (measured with bench/statistics):
 *
 * - `stat_revisions_changed` goes: "as of" reads find a value's revisions by observation and
 *   filter their dates there, and nothing else reads revisions by date.
 * - SQLite: `stat_import_rows` becomes a WITHOUT ROWID table, stored in its primary key
 *   (import, row) order, so each staged row is one B-tree insert instead of two. Staged rows of
 *   pending imports are copied over.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('stat_revisions_changed').execute();
  if (isPostgres(db)) return;
  await sql`CREATE TABLE stat_import_rows_new (
      import_id text NOT NULL,
      row_no integer NOT NULL,
      indicator_id integer NOT NULL,
      country_iso3 text NOT NULL,
      period text NOT NULL,
      dim1 text NOT NULL,
      dim2 text NOT NULL,
      dim3 text NOT NULL,
      value double precision,
      obs_status text NOT NULL,
      source text,
      note text,
      action text NOT NULL,
      observation_id integer,
      old_value double precision,
      old_status text,
      CONSTRAINT stat_import_rows_pk PRIMARY KEY (import_id, row_no)
    ) WITHOUT ROWID`.execute(db);
  await sql`INSERT INTO stat_import_rows_new SELECT import_id, row_no, indicator_id, country_iso3,
      period, dim1, dim2, dim3, value, obs_status, source, note, action, observation_id, old_value,
      old_status FROM stat_import_rows`.execute(db);
  await sql`DROP TABLE stat_import_rows`.execute(db);
  await sql`ALTER TABLE stat_import_rows_new RENAME TO stat_import_rows`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('stat_revisions_changed').on('stat_revisions').column('changed_at').execute();
}
