import type { Kysely } from 'kysely';

/**
 * Answers to consultations can be corrected by their author (and by the Secretariat). The answer
 * shows when it was last edited and whether by someone other than its author; `updated_at` cannot
 * say it, since accepting an answer touches it too. What the text was before is in the audit trail.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('consultation_answers').addColumn('edited_at', 'text').execute();
  await db.schema
    .alterTable('consultation_answers')
    .addColumn('edited_by', 'integer', (c) => c.references('users.id'))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('consultation_answers').dropColumn('edited_by').execute();
  await db.schema.alterTable('consultation_answers').dropColumn('edited_at').execute();
}
