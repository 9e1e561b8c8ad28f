import type { Kysely } from 'kysely';
import { idColumn, idType } from '../dialect.ts';

/** Horizontal cooperation: offers and requests between countries, expressions of interest, status history. */
export async function up(db: Kysely<any>): Promise<void> {
  const id = idType(db);
  const pk = idColumn(db);

  await db.schema
    .createTable('cooperation_items')
    .addColumn('id', id, pk)
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('country_iso3', 'text', (c) => c.notNull().references('countries.iso3'))
    .addColumn('institution_id', 'integer', (c) => c.references('institutions.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('orig_locale', 'text', (c) => c.notNull().defaultTo('en'))
    .addColumn('modality', 'text')
    .addColumn('languages', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('other_languages', 'text')
    .addColumn('duration', 'text')
    .addColumn('timeframe', 'text')
    .addColumn('cost_sharing', 'text')
    .addColumn('contact_name', 'text', (c) => c.notNull())
    .addColumn('contact_email', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('proposed'))
    .addColumn('partner_country_iso3', 'text', (c) => c.references('countries.iso3'))
    .addColumn('outcome_results', 'text')
    .addColumn('outcome_participants', 'text')
    .addColumn('outcome_lessons', 'text')
    .addColumn('outcome_locale', 'text')
    .addColumn('created_by', 'integer', (c) => c.references('users.id'))
    .addColumn('updated_by', 'integer', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('deleted_at', 'text')
    .addColumn('deleted_by', 'integer', (c) => c.references('users.id'))
    .execute();
  await db.schema
    .createIndex('cooperation_items_listing')
    .on('cooperation_items')
    .columns(['deleted_at', 'kind', 'status', 'created_at'])
    .execute();
  await db.schema
    .createIndex('cooperation_items_country')
    .on('cooperation_items')
    .columns(['country_iso3', 'created_at'])
    .execute();

  await db.schema
    .createTable('cooperation_item_themes')
    .addColumn('item_id', 'integer', (c) => c.notNull().references('cooperation_items.id'))
    .addColumn('theme_id', 'integer', (c) => c.notNull().references('themes.id'))
    .addPrimaryKeyConstraint('cooperation_item_themes_pk', ['item_id', 'theme_id'])
    .execute();
  await db.schema
    .createIndex('cooperation_item_themes_theme')
    .on('cooperation_item_themes')
    .column('theme_id')
    .execute();

  await db.schema
    .createTable('cooperation_interests')
    .addColumn('id', id, pk)
    .addColumn('item_id', 'integer', (c) => c.notNull().references('cooperation_items.id'))
    .addColumn('country_iso3', 'text', (c) => c.notNull().references('countries.iso3'))
    .addColumn('user_id', 'integer', (c) => c.references('users.id'))
    .addColumn('message', 'text', (c) => c.notNull())
    .addColumn('locale', 'text', (c) => c.notNull().defaultTo('en'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('deleted_at', 'text')
    .execute();
  // One expression of interest per country and item; a second one replaces the message.
  await db.schema
    .createIndex('cooperation_interests_country')
    .on('cooperation_interests')
    .columns(['item_id', 'country_iso3'])
    .unique()
    .execute();

  await db.schema
    .createTable('cooperation_status_history')
    .addColumn('id', id, pk)
    .addColumn('item_id', 'integer', (c) => c.notNull().references('cooperation_items.id'))
    .addColumn('from_status', 'text')
    .addColumn('to_status', 'text', (c) => c.notNull())
    .addColumn('partner_country_iso3', 'text', (c) => c.references('countries.iso3'))
    .addColumn('note', 'text')
    .addColumn('actor_id', 'integer', (c) => c.references('users.id'))
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('cooperation_status_history_item')
    .on('cooperation_status_history')
    .columns(['item_id', 'at'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of [
    'cooperation_status_history',
    'cooperation_interests',
    'cooperation_item_themes',
    'cooperation_items',
  ]) {
    await db.schema.dropTable(t).execute();
  }
}
