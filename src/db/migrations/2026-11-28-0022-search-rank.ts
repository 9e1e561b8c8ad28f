import { type Kysely, sql } from 'kysely';
import { isPostgres } from '../dialect.ts';

/**
 * SQLite: `search_rank`, one short row per search entry (same id) with what a search reads for
 * every match: facet combination, length, visibility, language and `max_tf`, the highest weighted
 * frequency of any of its terms (at least 1). The whole table stays in the page cache, and
 * `max_tf` bounds every term frequency, hence every score, so that a search reads the exact
 * frequencies (in `search_entries.tf`) of the few entries that can reach the page only.
 * PostgreSQL ranks in SQL over `search_entries` and needs none of it.
 */
export async function up(db: Kysely<any>): Promise<void> {
  if (isPostgres(db)) return;
  await db.schema
    .createTable('search_rank')
    .addColumn('id', 'integer', (c) => c.primaryKey().references('search_entries.id').onDelete('cascade'))
    .addColumn('facet_key', 'integer', (c) => c.notNull())
    .addColumn('token_count', 'integer', (c) => c.notNull())
    .addColumn('max_tf', 'integer', (c) => c.notNull())
    .addColumn('locale', 'text', (c) => c.notNull())
    .addColumn('visibility', 'text', (c) => c.notNull())
    .addColumn('country_iso3', 'text')
    .execute();
  // Existing entries: `tf` lists ` term:n ` for the terms met more than once.
  await sql`INSERT INTO search_rank (id, facet_key, token_count, max_tf, locale, visibility, country_iso3)
    SELECT id, facet_key, token_count, 1, locale, visibility, country_iso3 FROM search_entries`.execute(db);
  const byMax = new Map<number, number[]>();
  let after = 0;
  for (;;) {
    const rows = (await db
      .selectFrom('search_entries')
      .select(['id', 'tf'])
      .where('id', '>', after)
      .orderBy('id')
      .limit(5000)
      .execute()) as { id: number; tf: string }[];
    if (!rows.length) break;
    for (const r of rows) {
      let max = 1;
      for (const m of r.tf.matchAll(/:(\d+) /g)) max = Math.max(max, Number(m[1]));
      if (max === 1) continue;
      const ids = byMax.get(max);
      if (ids) ids.push(r.id);
      else byMax.set(max, [r.id]);
    }
    after = rows[rows.length - 1]!.id;
  }
  for (const [max, ids] of byMax) {
    for (let i = 0; i < ids.length; i += 5000) {
      await db
        .updateTable('search_rank')
        .set({ max_tf: max })
        .where('id', 'in', ids.slice(i, i + 5000))
        .execute();
    }
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  if (isPostgres(db)) return;
  await db.schema.dropTable('search_rank').execute();
}
