import type { Kysely } from 'kysely';

/** Extra e-mail headers (e.g. List-Unsubscribe), as a JSON object. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('outbox').addColumn('headers', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('outbox').dropColumn('headers').execute();
}
