import { type Kysely, sql } from 'kysely';

/**
 * Indexes for the dashboard (features/dashboard), which reads one query per group of items on
 * every visit. Most groups are served by the owning features' indexes; these cover the rest:
 *
 * - `outbox_failed`: without SMTP every message stays unsent, so "unsent with an error" is a
 *   small part of a large table; a partial index holds exactly those rows.
 * - `document_files_failed`: files whose text could not be extracted, a few among many.
 * - `stat_imports_countries` and `stat_imports_uploader`: a country's (or a person's) latest
 *   uploads, and whether a later upload replaced an earlier one.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('outbox_failed')
    .on('outbox')
    .column('created_at')
    .where(sql.ref('sent_at'), 'is', null)
    .where(sql.ref('error'), 'is not', null)
    .execute();
  await db.schema
    .createIndex('document_files_failed')
    .on('document_files')
    .column('document_id')
    .where(sql.ref('extraction_status'), '=', 'failed')
    .execute();
  await db.schema
    .createIndex('stat_imports_countries')
    .on('stat_imports')
    .columns(['countries', 'created_at'])
    .execute();
  await db.schema
    .createIndex('stat_imports_uploader')
    .on('stat_imports')
    .columns(['uploaded_by', 'created_at'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const name of [
    'stat_imports_uploader',
    'stat_imports_countries',
    'document_files_failed',
    'outbox_failed',
  ]) {
    await db.schema.dropIndex(name).execute();
  }
}
