import type { Kysely } from 'kysely';
import { idColumn, idType } from '../dialect.ts';

export async function up(db: Kysely<any>): Promise<void> {
  const id = idType(db);
  const pk = idColumn(db);

  await db.schema
    .createTable('documents')
    .addColumn('id', id, pk)
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('orig_locale', 'text', (c) => c.notNull().defaultTo('en'))
    .addColumn('doc_type', 'text', (c) => c.notNull())
    .addColumn('section', 'text', (c) => c.notNull())
    .addColumn('country_iso3', 'text', (c) => c.references('countries.iso3'))
    .addColumn('institution_id', 'integer', (c) => c.references('institutions.id'))
    .addColumn('authors', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('publication_date', 'text')
    .addColumn('keywords', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('external_url', 'text')
    .addColumn('access', 'text', (c) => c.notNull().defaultTo('public'))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('draft'))
    .addColumn('published_at', 'text')
    .addColumn('current_version', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_by', 'integer', (c) => c.references('users.id'))
    .addColumn('updated_by', 'integer', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('deleted_at', 'text')
    .addColumn('deleted_by', 'integer', (c) => c.references('users.id'))
    .execute();
  await db.schema
    .createIndex('documents_listing')
    .on('documents')
    .columns(['status', 'deleted_at', 'published_at'])
    .execute();
  await db.schema
    .createIndex('documents_section')
    .on('documents')
    .columns(['section', 'published_at'])
    .execute();
  await db.schema
    .createIndex('documents_country')
    .on('documents')
    .columns(['country_iso3', 'published_at'])
    .execute();

  await db.schema
    .createTable('document_themes')
    .addColumn('document_id', 'integer', (c) => c.notNull().references('documents.id'))
    .addColumn('theme_id', 'integer', (c) => c.notNull().references('themes.id'))
    .addPrimaryKeyConstraint('document_themes_pk', ['document_id', 'theme_id'])
    .execute();
  await db.schema.createIndex('document_themes_theme').on('document_themes').column('theme_id').execute();

  await db.schema
    .createTable('document_files')
    .addColumn('id', id, pk)
    .addColumn('document_id', 'integer', (c) => c.notNull().references('documents.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('original_name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('size_bytes', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('extraction_status', 'text', (c) => c.notNull().defaultTo('queued'))
    .addColumn('extraction_error', 'text')
    .addColumn('extracted_text', 'text')
    .addColumn('extracted_truncated', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('extracted_at', 'text')
    .addColumn('download_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('uploaded_by', 'integer', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('document_files_document')
    .on('document_files')
    .columns(['document_id', 'version'])
    .execute();

  await db.schema
    .createTable('document_sections')
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('intro', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('orig_locale', 'text', (c) => c.notNull().defaultTo('en'))
    .addColumn('updated_by', 'integer', (c) => c.references('users.id'))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['document_sections', 'document_files', 'document_themes', 'documents']) {
    await db.schema.dropTable(t).execute();
  }
}
