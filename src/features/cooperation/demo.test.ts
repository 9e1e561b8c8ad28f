import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeUser } from '../../../test/factories.ts';
import { createTestApp, type TestApp } from '../../../test/helpers.ts';
import { DEMO_ACCOUNTS } from '../../db/demo.ts';
import { seedCooperationDemo } from './demo.ts';

describe('cooperation demo', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    for (const acc of DEMO_ACCOUNTS)
      await makeUser(t.db, {
        email: acc.email,
        name: acc.name,
        role: acc.role,
        country_iso3: acc.country ?? null,
      });
    await seedCooperationDemo(t.db);
    // A second run changes nothing.
    await seedCooperationDemo(t.db);
  });
  afterAll(() => t.close());

  it('has offers from Chile, Brazil and Canada and requests from Haiti, Jamaica and Uruguay', async () => {
    const items = await t.db
      .selectFrom('cooperation_items')
      .select(['kind', 'country_iso3', 'status', 'partner_country_iso3', 'outcome_results'])
      .orderBy('id')
      .execute();
    expect(items.map((i) => `${i.kind}:${i.country_iso3}`)).toEqual([
      'offer:CHL',
      'offer:BRA',
      'offer:CAN',
      'request:HTI',
      'request:JAM',
      'request:URY',
    ]);
    expect(items.find((i) => i.country_iso3 === 'CHL')).toMatchObject({
      status: 'agreed',
      partner_country_iso3: 'HTI',
    });
    const jamaica = items.find((i) => i.country_iso3 === 'JAM')!;
    expect(jamaica).toMatchObject({ status: 'completed', partner_country_iso3: 'CAN' });
    expect(jamaica.outcome_results).toContain('dashboard');
  });

  it('shows them in the registry, the table and the suggested matches', async () => {
    const registry = await t.app.inject({ url: '/pt/cooperation' });
    expect(registry.body).toContain('Visita de estudo ao Sistema Nacional de Emprego (SINE)');
    expect(registry.body).toContain('Modernizar os serviços públicos de emprego');
    const completed = await t.app.inject({ url: '/en/cooperation?status=completed' });
    expect(completed.body).toContain('A dashboard for the quarterly labour force survey');
    const matches = await t.app.inject({ url: '/api/v1/cooperation/matches' });
    const pairs = matches
      .json()
      .matches.map(
        (m: { offer: { country: string }; request: { country: string } }) =>
          `${m.offer.country}-${m.request.country}`,
      );
    expect(pairs[0]).toBe('BRA-URY');
    const table = await t.app.inject({ url: '/fr/cooperation/table' });
    expect(table.body).toContain('Haïti');
  });
});
