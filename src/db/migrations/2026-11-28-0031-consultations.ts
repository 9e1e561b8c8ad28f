import type { Kysely } from 'kysely';
import { idColumn, idType } from '../dialect.ts';

export async function up(db: Kysely<any>): Promise<void> {
  const id = idType(db);
  const pk = idColumn(db);

  // Files attached to anything (consultations, answers, study-group posts…): the owner is named
  // by type and id, and each owner type decides who may read its files.
  await db.schema
    .createTable('attachments')
    .addColumn('id', id, pk)
    .addColumn('owner_type', 'text', (c) => c.notNull())
    .addColumn('owner_id', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('original_name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('created_by', 'integer', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('deleted_at', 'text')
    .execute();
  await db.schema
    .createIndex('attachments_owner')
    .on('attachments')
    .columns(['owner_type', 'owner_id'])
    .execute();

  await db.schema
    .createTable('consultations')
    .addColumn('id', id, pk)
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('orig_locale', 'text', (c) => c.notNull().defaultTo('en'))
    .addColumn('country_iso3', 'text', (c) => c.notNull().references('countries.iso3'))
    .addColumn('institution_id', 'integer', (c) => c.references('institutions.id'))
    .addColumn('asked_by', 'integer', (c) => c.references('users.id'))
    .addColumn('addressed_all', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('deadline', 'text')
    .addColumn('state', 'text', (c) => c.notNull().defaultTo('open'))
    .addColumn('accepted_answer_id', 'integer')
    .addColumn('answer_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('closed_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('deleted_at', 'text')
    .addColumn('deleted_by', 'integer', (c) => c.references('users.id'))
    .execute();
  await db.schema
    .createIndex('consultations_listing')
    .on('consultations')
    .columns(['deleted_at', 'state', 'created_at'])
    .execute();
  await db.schema
    .createIndex('consultations_country')
    .on('consultations')
    .columns(['country_iso3', 'created_at'])
    .execute();

  await db.schema
    .createTable('consultation_themes')
    .addColumn('consultation_id', 'integer', (c) => c.notNull().references('consultations.id'))
    .addColumn('theme_id', 'integer', (c) => c.notNull().references('themes.id'))
    .addPrimaryKeyConstraint('consultation_themes_pk', ['consultation_id', 'theme_id'])
    .execute();
  await db.schema
    .createIndex('consultation_themes_theme')
    .on('consultation_themes')
    .column('theme_id')
    .execute();

  // The countries a consultation is addressed to, when it is not addressed to all.
  await db.schema
    .createTable('consultation_countries')
    .addColumn('consultation_id', 'integer', (c) => c.notNull().references('consultations.id'))
    .addColumn('country_iso3', 'text', (c) => c.notNull().references('countries.iso3'))
    .addPrimaryKeyConstraint('consultation_countries_pk', ['consultation_id', 'country_iso3'])
    .execute();
  await db.schema
    .createIndex('consultation_countries_country')
    .on('consultation_countries')
    .column('country_iso3')
    .execute();

  await db.schema
    .createTable('consultation_answers')
    .addColumn('id', id, pk)
    .addColumn('consultation_id', 'integer', (c) => c.notNull().references('consultations.id'))
    .addColumn('body', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('orig_locale', 'text', (c) => c.notNull().defaultTo('en'))
    .addColumn('country_iso3', 'text', (c) => c.notNull().references('countries.iso3'))
    .addColumn('institution_id', 'integer', (c) => c.references('institutions.id'))
    .addColumn('author_id', 'integer', (c) => c.references('users.id'))
    .addColumn('helpful_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('accepted_at', 'text')
    .addColumn('accepted_by', 'integer', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('deleted_at', 'text')
    .addColumn('deleted_by', 'integer', (c) => c.references('users.id'))
    .execute();
  await db.schema
    .createIndex('consultation_answers_consultation')
    .on('consultation_answers')
    .columns(['consultation_id', 'created_at'])
    .execute();

  await db.schema
    .createTable('consultation_helpful')
    .addColumn('answer_id', 'integer', (c) => c.notNull().references('consultation_answers.id'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('consultation_helpful_pk', ['answer_id', 'user_id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of [
    'consultation_helpful',
    'consultation_answers',
    'consultation_countries',
    'consultation_themes',
    'consultations',
    'attachments',
  ]) {
    await db.schema.dropTable(t).execute();
  }
}
