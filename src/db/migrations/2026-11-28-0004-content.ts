import type { Kysely } from 'kysely';

/**
 * Site content: links are removed softly like other content (the Secretariat can restore
 * them), and manuals find their chapters by parent.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('links').addColumn('deleted_at', 'text').execute();
  await db.schema
    .createIndex('content_pages_section_parent')
    .on('content_pages')
    .columns(['section', 'parent_slug', 'sort_order'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('content_pages_section_parent').execute();
  await db.schema.alterTable('links').dropColumn('deleted_at').execute();
}
