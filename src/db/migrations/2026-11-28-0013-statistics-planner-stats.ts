import { type Kysely, sql } from 'kysely';
import { isPostgres } from '../dialect.ts';

/**
 * SQLite: planner statistics for `stat_observations` with the shape of a populated database
 * (many values per indicator, a few hundred per country and breakdown, one per full key), as
 * SQLite documents for steering its planner. Without statistics SQLite prefers the wide covering
 * export index for every query on an indicator, and reads a whole country's breakdowns to draw
 * one series: 6 ms instead of 1.6 ms for five countries × 131 years on a million rows. With them,
 * series read the series index and whole flows still read the export index. A later `ANALYZE`
 * replaces these figures with measured ones, which lead to the same choices.
 * PostgreSQL gathers its own statistics.
 */
const STATS: [string, string][] = [
  ['stat_observations_key', '1000000 50000 2000 20 5 1 1'],
  ['stat_observations_export', '1000000 50000 2000 20 5 1 1 1 1 1 1 1 1 1'],
  ['stat_observations_series', '1000000 50000 10000 2000 2000 60 1'],
  ['stat_observations_updated', '1000000 10'],
];

export async function up(db: Kysely<any>): Promise<void> {
  if (isPostgres(db)) return;
  // Creates sqlite_stat1 if it does not exist yet (a small table, at once).
  await sql`ANALYZE stat_indicators`.execute(db);
  await sql`DELETE FROM sqlite_stat1 WHERE tbl = 'stat_observations'`.execute(db);
  for (const [idx, stat] of STATS)
    await sql`INSERT INTO sqlite_stat1 (tbl, idx, stat) VALUES ('stat_observations', ${idx}, ${stat})`.execute(
      db,
    );
  await sql`ANALYZE sqlite_schema`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (isPostgres(db)) return;
  await sql`DELETE FROM sqlite_stat1 WHERE tbl = 'stat_observations'`.execute(db);
}
