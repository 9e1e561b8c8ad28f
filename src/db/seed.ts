import { OAS_MEMBER_STATES, PARTNER_LINKS, PRIORITY_THEMES } from '../features/countries/reference-data.ts';
import type { Db } from './connection.ts';
import { nowIso } from './dialect.ts';

/** Reference data every installation needs. Idempotent: existing rows are left as they are. */
export async function seedReferenceData(db: Db): Promise<void> {
  const now = nowIso();
  const existing = new Set((await db.selectFrom('countries').select('iso3').execute()).map((r) => r.iso3));
  const countries = OAS_MEMBER_STATES.filter((c) => !existing.has(c.iso3));
  if (countries.length) {
    await db
      .insertInto('countries')
      .values(countries.map((c) => ({ ...c, updated_at: now })))
      .execute();
  }
  const themeCodes = new Set((await db.selectFrom('themes').select('code').execute()).map((r) => r.code));
  const themes = PRIORITY_THEMES.map((th, i) => ({ ...th, i })).filter((th) => !themeCodes.has(th.code));
  if (themes.length) {
    await db
      .insertInto('themes')
      .values(
        themes.map((th) => ({
          code: th.code,
          name: JSON.stringify(th.name),
          orig_locale: 'en',
          sort_order: (th.i + 1) * 10,
          updated_at: now,
        })),
      )
      .execute();
  }
  const linkCount = await db
    .selectFrom('links')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  if (Number(linkCount.n) === 0) {
    await db
      .insertInto('links')
      .values(
        PARTNER_LINKS.map((l, i) => ({
          name: JSON.stringify(l.name),
          url: l.url,
          category: l.category,
          sort_order: (i + 1) * 10,
          updated_at: now,
        })),
      )
      .execute();
  }
}
