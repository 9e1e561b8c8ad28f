import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, loginAs, type TestApp } from '../../../test/helpers.ts';
import { seedDemo } from '../../db/demo.ts';
import type { User } from '../../db/schema.ts';
import { actorFromUser } from '../../platform/auth/actor.ts';
import { dashboardFor } from './service.ts';

/** The dashboard over the seeded demo, as the demo accounts see it. */
describe('dashboard on the demo data', () => {
  let t: TestApp;
  const users = new Map<string, User>();

  beforeAll(async () => {
    t = await createTestApp();
    await seedDemo(t.db);
    for (const u of await t.db.selectFrom('users').selectAll().execute()) users.set(u.email, u);
  }, 120_000);
  afterAll(() => t.close());

  const as = (email: string) => dashboardFor(t, actorFromUser(users.get(email)!), { locale: 'es' });

  it("lists for Uruguay's coordinator the consultations other countries addressed to Uruguay, never Uruguay's own", async () => {
    const d = await as('coordinator.ury@sismel.example');
    const consultations = d.groups.find((g) => g.key === 'consultations')!;
    expect(consultations.total).toBeGreaterThan(0);
    const asked = await t.db
      .selectFrom('consultations')
      .select(['id', 'country_iso3'])
      .where(
        'id',
        'in',
        consultations.items.map((i) => Number(i.id)),
      )
      .execute();
    expect(asked.every((c) => c.country_iso3 !== 'URY')).toBe(true);
    for (const i of d.groups.flatMap((g) => g.items)) {
      if (['invitation', 'import', 'document', 'staleIndicator'].includes(i.kind))
        expect(i.countryIso3).toBe('URY');
      if (i.kind.startsWith('cooperation')) {
        const item = await t.db
          .selectFrom('cooperation_items')
          .select(['country_iso3', 'partner_country_iso3'])
          .where('id', '=', Number(i.id))
          .executeTakeFirstOrThrow();
        expect([item.country_iso3, item.partner_country_iso3]).toContain('URY');
      }
    }
  });

  it('gives every coordinator of the demo a page in four languages', async () => {
    for (const email of [
      'coordinator.ury@sismel.example',
      'coordinator.chl@sismel.example',
      'coordinator.hti@sismel.example',
      'editor.ury@sismel.example',
    ]) {
      const login = await loginAs(t, users.get(email)!);
      for (const locale of ['en', 'es', 'fr', 'pt']) {
        const res = await t.app.inject({ url: `/${locale}/dashboard`, headers: { cookie: login.cookie } });
        expect(res.statusCode).toBe(200);
        expect(res.body).toContain(`<html lang="${locale}">`);
      }
    }
  });

  it('shows the Secretariat the participating countries that have no coordinator, and not the demo countries', async () => {
    const d = await as('secretariat@sismel.example');
    const group = d.groups.find((g) => g.key === 'countriesWithoutCoordinator')!;
    const withCoordinator = ['URY', 'CHL', 'MEX', 'BRA', 'CAN', 'HTI'];
    const active = await t.db.selectFrom('countries').select('iso3').where('status', '=', 'active').execute();
    expect(group.total).toBe(active.filter((c) => !withCoordinator.includes(c.iso3)).length);
    expect(group.items.map((i) => i.id).some((iso) => withCoordinator.includes(iso))).toBe(false);
    expect(d.groups.find((g) => g.key === 'proposals')!.total).toBeGreaterThan(0);
  });
});
