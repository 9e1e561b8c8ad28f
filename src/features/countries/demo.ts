import type { Db } from '../../db/connection.ts';
import { nowIso } from '../../db/dialect.ts';

/**
 * Demo history for the country pages: Uruguay's editor at INEFOP was its National Coordinator
 * before the current one (and, as the rule says, stayed on as an editor), and one institution is
 * registered without the right to publish.
 */
export async function seedCountriesDemo(db: Db): Promise<void> {
  const now = nowIso();
  const current = await db
    .selectFrom('coordinator_terms')
    .innerJoin('users', 'users.id', 'coordinator_terms.user_id')
    .select(['coordinator_terms.id', 'coordinator_terms.user_id'])
    .where('coordinator_terms.country_iso3', '=', 'URY')
    .where('coordinator_terms.ended_at', 'is', null)
    .executeTakeFirst();
  const former = await db
    .selectFrom('users')
    .select('id')
    .where('email', '=', 'editor.ury@sismel.example')
    .executeTakeFirst();
  const secretariat = await db
    .selectFrom('users')
    .select('id')
    .where('email', '=', 'secretariat@sismel.example')
    .executeTakeFirst();
  if (current && former) {
    await db
      .updateTable('coordinator_terms')
      .set({ started_at: '2025-03-01T12:00:00.000Z' })
      .where('id', '=', current.id)
      .execute();
    await db
      .insertInto('coordinator_terms')
      .values({
        country_iso3: 'URY',
        user_id: former.id,
        designated_by: secretariat?.id ?? null,
        started_at: '2022-04-04T12:00:00.000Z',
        ended_at: '2025-03-01T12:00:00.000Z',
      })
      .execute();
  }
  await db
    .insertInto('institutions')
    .values({
      country_iso3: 'URY',
      name: 'Instituto Nacional de Estadística',
      acronym: 'INE',
      website: 'https://www.gub.uy/instituto-nacional-estadistica',
      can_publish: 0,
      created_at: now,
      updated_at: now,
      deleted_at: null,
    })
    .execute();
}
