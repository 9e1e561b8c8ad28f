import { type Kysely, sql } from 'kysely';
import { idColumn, idType, isPostgres } from '../dialect.ts';

/**
 * The one search index every feature feeds (platform/search). `search_entries` holds one narrow
 * row per (type, ref_id, locale): what filtering, facet counts and ranking read for every match.
 * `search_texts` holds the long texts of the same row (the original body for snippets and the
 * analysed token streams), read only for the page of hits and for phrases. The analysed terms
 * are computed in TypeScript; each engine indexes them: an FTS5 table over the token streams on
 * SQLite (kept in step by triggers), a GIN-indexed `tsvector` of the same terms on PostgreSQL.
 */
export async function up(db: Kysely<any>): Promise<void> {
  // Each distinct combination of facet values, once: facet counts group the matches by this
  // integer instead of by six text columns.
  await db.schema
    .createTable('search_facet_keys')
    .addColumn('id', idType(db), idColumn(db))
    .addColumn('key', 'text', (c) => c.notNull().unique())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('section', 'text')
    .addColumn('country_iso3', 'text')
    .addColumn('locale', 'text', (c) => c.notNull())
    .addColumn('year', 'integer')
    .addColumn('themes', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('search_entries')
    .addColumn('id', idType(db), idColumn(db))
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('ref_id', 'text', (c) => c.notNull())
    .addColumn('locale', 'text', (c) => c.notNull())
    .addColumn('visibility', 'text', (c) => c.notNull())
    .addColumn('country_iso3', 'text')
    .addColumn('section', 'text')
    .addColumn('kind', 'text')
    .addColumn('themes', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('date', 'text')
    .addColumn('year', 'integer')
    .addColumn('token_count', 'integer', (c) => c.notNull())
    .addColumn('tf', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('facet_key', 'integer', (c) => c.notNull().references('search_facet_keys.id'))
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('search_entries_key', ['type', 'ref_id', 'locale'])
    .execute();
  await db.schema
    .createTable('search_texts')
    .addColumn('id', 'integer', (c) => c.primaryKey().references('search_entries.id').onDelete('cascade'))
    .addColumn('locale', 'text', (c) => c.notNull())
    .addColumn('title_tokens', 'text', (c) => c.notNull())
    .addColumn('meta_tokens', 'text', (c) => c.notNull())
    .addColumn('body_tokens', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .execute();

  if (isPostgres(db)) {
    await sql`ALTER TABLE search_entries ADD COLUMN tsv tsvector NOT NULL`.execute(db);
    await sql`CREATE INDEX search_entries_tsv ON search_entries USING gin (tsv)`.execute(db);
  } else {
    // External content: the FTS table holds only the index; the streams live in search_texts.
    await sql`CREATE VIRTUAL TABLE search_fts USING fts5(
      title_tokens, meta_tokens, body_tokens, locale,
      content='search_texts', content_rowid='id', tokenize='ascii', columnsize=0
    )`.execute(db);
    await sql`CREATE TRIGGER search_texts_ai AFTER INSERT ON search_texts BEGIN
      INSERT INTO search_fts(rowid, title_tokens, meta_tokens, body_tokens, locale)
      VALUES (new.id, new.title_tokens, new.meta_tokens, new.body_tokens, new.locale);
    END`.execute(db);
    await sql`CREATE TRIGGER search_texts_ad AFTER DELETE ON search_texts BEGIN
      INSERT INTO search_fts(search_fts, rowid, title_tokens, meta_tokens, body_tokens, locale)
      VALUES ('delete', old.id, old.title_tokens, old.meta_tokens, old.body_tokens, old.locale);
    END`.execute(db);
    await sql`CREATE TRIGGER search_texts_au AFTER UPDATE ON search_texts BEGIN
      INSERT INTO search_fts(search_fts, rowid, title_tokens, meta_tokens, body_tokens, locale)
      VALUES ('delete', old.id, old.title_tokens, old.meta_tokens, old.body_tokens, old.locale);
      INSERT INTO search_fts(rowid, title_tokens, meta_tokens, body_tokens, locale)
      VALUES (new.id, new.title_tokens, new.meta_tokens, new.body_tokens, new.locale);
    END`.execute(db);
  }
  await db.schema
    .createIndex('search_entries_type')
    .on('search_entries')
    .columns(['type', 'ref_id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  if (!isPostgres(db)) {
    for (const t of ['search_texts_ai', 'search_texts_ad', 'search_texts_au']) {
      await sql`DROP TRIGGER IF EXISTS ${sql.raw(t)}`.execute(db);
    }
    await sql`DROP TABLE IF EXISTS search_fts`.execute(db);
  }
  await db.schema.dropTable('search_texts').execute();
  await db.schema.dropTable('search_entries').execute();
  await db.schema.dropTable('search_facet_keys').execute();
}
