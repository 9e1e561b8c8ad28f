import type { Kysely } from 'kysely';

/**
 * The manuals are Markdown files in the repository, copied into content pages at start. This
 * table remembers, per page, the hash of what was last copied, so a page the Secretariat has
 * edited in the app is recognised (its content no longer has that hash) and kept.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('manual_sources')
    .addColumn('slug', 'text', (c) => c.primaryKey())
    .addColumn('manual', 'text', (c) => c.notNull())
    .addColumn('content_hash', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('manual_sources').execute();
}
