import type { Kysely } from 'kysely';
import { seedStatisticsReferenceData } from '../../features/statistics/reference.ts';
import { idColumn, idType } from '../dialect.ts';

/**
 * Labour statistics on SDMX concepts, aligned with ILOSTAT: codelists, indicators (dataflows),
 * observations with every revision kept, and staged bulk imports.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const id = idType(db);
  const pk = idColumn(db);

  await db.schema
    .createTable('stat_codelists')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('total_code', 'text')
    .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();

  await db.schema
    .createTable('stat_codes')
    .addColumn('codelist_id', 'text', (c) => c.notNull().references('stat_codelists.id'))
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('stat_codes_pk', ['codelist_id', 'code'])
    .execute();

  await db.schema
    .createTable('stat_indicators')
    .addColumn('id', id, pk)
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('ilostat_code', 'text')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('definition', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('notes', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('orig_locale', 'text', (c) => c.notNull().defaultTo('en'))
    .addColumn('topic', 'text', (c) => c.notNull())
    .addColumn('unit', 'text', (c) => c.notNull())
    .addColumn('unit_multiplier', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('decimals', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('dimensions', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('frequency', 'text', (c) => c.notNull().defaultTo('A'))
    .addColumn('min_value', 'double precision')
    .addColumn('max_value', 'double precision')
    .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('stat_indicators_ilostat')
    .on('stat_indicators')
    .column('ilostat_code')
    .execute();

  await db.schema
    .createTable('stat_observations')
    .addColumn('id', id, pk)
    .addColumn('indicator_id', 'integer', (c) => c.notNull().references('stat_indicators.id'))
    .addColumn('country_iso3', 'text', (c) => c.notNull().references('countries.iso3'))
    .addColumn('period', 'text', (c) => c.notNull())
    .addColumn('dim1', 'text', (c) => c.notNull().defaultTo('_Z'))
    .addColumn('dim2', 'text', (c) => c.notNull().defaultTo('_Z'))
    .addColumn('dim3', 'text', (c) => c.notNull().defaultTo('_Z'))
    .addColumn('value', 'double precision')
    .addColumn('obs_status', 'text', (c) => c.notNull().defaultTo('A'))
    .addColumn('source', 'text')
    .addColumn('note', 'text')
    .addColumn('published', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('revision_no', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'integer')
    .addColumn('batch_id', 'text')
    .addColumn('deleted_at', 'text')
    .execute();
  await db.schema
    .createIndex('stat_observations_key')
    .on('stat_observations')
    .columns(['indicator_id', 'country_iso3', 'period', 'dim1', 'dim2', 'dim3'])
    .unique()
    .execute();
  await db.schema
    .createIndex('stat_observations_ind_country')
    .on('stat_observations')
    .columns(['indicator_id', 'country_iso3'])
    .execute();
  await db.schema
    .createIndex('stat_observations_updated')
    .on('stat_observations')
    .column('updated_at')
    .execute();

  await db.schema
    .createTable('stat_revisions')
    .addColumn('id', id, pk)
    .addColumn('observation_id', 'integer', (c) => c.notNull().references('stat_observations.id'))
    .addColumn('revision_no', 'integer', (c) => c.notNull())
    .addColumn('value', 'double precision')
    .addColumn('obs_status', 'text', (c) => c.notNull().defaultTo('A'))
    .addColumn('source', 'text')
    .addColumn('note', 'text')
    .addColumn('deleted', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('changed_at', 'text', (c) => c.notNull())
    .addColumn('changed_by', 'integer')
    .addColumn('reason', 'text')
    .addColumn('batch_id', 'text')
    .addColumn('restored_from', 'integer')
    .execute();
  await db.schema
    .createIndex('stat_revisions_obs')
    .on('stat_revisions')
    .columns(['observation_id', 'revision_no'])
    .unique()
    .execute();
  await db.schema.createIndex('stat_revisions_changed').on('stat_revisions').column('changed_at').execute();
  await db.schema.createIndex('stat_revisions_batch').on('stat_revisions').column('batch_id').execute();

  await db.schema
    .createTable('stat_imports')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('countries', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('uploaded_by', 'integer', (c) => c.notNull())
    .addColumn('filename', 'text', (c) => c.notNull())
    .addColumn('format', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('rows', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('report', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('progress', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('applied_at', 'text')
    .addColumn('applied_by', 'integer')
    .addColumn('reverted_at', 'text')
    .addColumn('reverted_by', 'integer')
    .execute();
  await db.schema.createIndex('stat_imports_created').on('stat_imports').column('created_at').execute();

  await db.schema
    .createTable('stat_import_rows')
    .addColumn('import_id', 'text', (c) => c.notNull())
    .addColumn('row_no', 'integer', (c) => c.notNull())
    .addColumn('indicator_id', 'integer', (c) => c.notNull())
    .addColumn('country_iso3', 'text', (c) => c.notNull())
    .addColumn('period', 'text', (c) => c.notNull())
    .addColumn('dim1', 'text', (c) => c.notNull())
    .addColumn('dim2', 'text', (c) => c.notNull())
    .addColumn('dim3', 'text', (c) => c.notNull())
    .addColumn('value', 'double precision')
    .addColumn('obs_status', 'text', (c) => c.notNull())
    .addColumn('source', 'text')
    .addColumn('note', 'text')
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('observation_id', 'integer')
    .addColumn('old_value', 'double precision')
    .addColumn('old_status', 'text')
    .addPrimaryKeyConstraint('stat_import_rows_pk', ['import_id', 'row_no'])
    .execute();

  await seedStatisticsReferenceData(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of [
    'stat_import_rows',
    'stat_imports',
    'stat_revisions',
    'stat_observations',
    'stat_indicators',
    'stat_codes',
    'stat_codelists',
  ]) {
    await db.schema.dropTable(t).execute();
  }
}
