import type { Kysely } from 'kysely';

/**
 * Accounts: the last TOTP time step accepted for each user (a code cannot be replayed), and
 * indexes for the per-user lookups of tokens and recovery codes.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('users').addColumn('totp_last_step', 'integer').execute();
  await db.schema.createIndex('user_tokens_user').on('user_tokens').columns(['user_id', 'purpose']).execute();
  await db.schema.createIndex('api_tokens_user').on('api_tokens').column('user_id').execute();
  await db.schema.createIndex('recovery_codes_user').on('recovery_codes').column('user_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('recovery_codes_user').execute();
  await db.schema.dropIndex('api_tokens_user').execute();
  await db.schema.dropIndex('user_tokens_user').execute();
  await db.schema.alterTable('users').dropColumn('totp_last_step').execute();
}
