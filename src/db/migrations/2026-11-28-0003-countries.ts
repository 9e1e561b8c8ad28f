import { type Kysely, sql } from 'kysely';

/**
 * One National Coordinator per country at a time: at most one open term per country, enforced
 * by the database so that two designations racing each other cannot both win. The other indexes
 * serve the audit trail's filters (country, actor, action), which the Secretariat uses daily.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('coordinator_terms_one_open')
    .on('coordinator_terms')
    .column('country_iso3')
    .unique()
    .where(sql.ref('ended_at'), 'is', null)
    .execute();
  await db.schema
    .createIndex('coordinator_terms_country')
    .on('coordinator_terms')
    .columns(['country_iso3', 'started_at'])
    .execute();
  await db.schema.createIndex('audit_country').on('audit_log').columns(['country_iso3', 'at']).execute();
  await db.schema.createIndex('audit_actor').on('audit_log').columns(['actor_id', 'at']).execute();
  await db.schema.createIndex('audit_action').on('audit_log').columns(['action', 'at']).execute();
  await db.schema.createIndex('outbox_created').on('outbox').column('created_at').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const name of [
    'outbox_created',
    'audit_action',
    'audit_actor',
    'audit_country',
    'coordinator_terms_country',
    'coordinator_terms_one_open',
  ]) {
    await db.schema.dropIndex(name).execute();
  }
}
