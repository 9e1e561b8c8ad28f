import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeInstitution, makeUser } from '../../../test/factories.ts';
import { createTestApp, loginAs, type TestApp } from '../../../test/helpers.ts';
import { nowIso } from '../../db/dialect.ts';
import { registerCountrySection } from './sections.ts';

describe('member states pages', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    const inefop = await makeInstitution(t.db, {
      country_iso3: 'URY',
      name: 'Instituto Nacional de Empleo',
      acronym: 'INEFOP',
      can_publish: 1,
    });
    const coordinator = await makeUser(t.db, {
      role: 'coordinator',
      country_iso3: 'URY',
      name: 'Lucía Pereira',
      institution_id: inefop.id,
    });
    await t.db
      .insertInto('coordinator_terms')
      .values({ country_iso3: 'URY', user_id: coordinator.id, started_at: '2025-03-01T00:00:00.000Z' })
      .execute();
    await makeInstitution(t.db, { country_iso3: 'URY', name: 'Oficina sin permiso', can_publish: 0 });
    await makeInstitution(t.db, { country_iso3: 'URY', name: 'Institución retirada', deleted_at: nowIso() });
  });
  afterAll(() => t.close());

  it.each([
    ['en', 'Member states', 'Uruguay', 'Not participating'],
    ['es', 'Estados miembros', 'Estados Unidos', 'No participa'],
    ['fr', 'États membres', 'États-Unis', 'Ne participe pas'],
    ['pt', 'Estados membros', 'Estados Unidos', 'Não participa'],
  ])('lists the 35 member states in %s', async (locale, heading, country, status) => {
    const res = await t.app.inject({ url: `/${locale}/countries` });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain(heading);
    expect(res.body).toContain(country);
    expect(res.body).toContain(status);
    expect(res.body.match(/<tr>\s*<th scope="row">/g) ?? res.body.match(/<th scope="row">/g)).toHaveLength(
      35,
    );
  });

  it("shows each country's coordinator and its number of live institutions", async () => {
    const res = await t.app.inject({ url: '/en/countries' });
    const row = res.body.slice(res.body.indexOf('href="/en/countries/URY"'));
    const uruguay = row.slice(0, row.indexOf('</tr>'));
    expect(uruguay).toContain('Lucía Pereira');
    expect(uruguay).toContain('<code>URY</code> / <code>UY</code>');
    expect(uruguay).toMatch(/<td class="num">2<\/td>/);
    const chile = res.body.slice(res.body.indexOf('href="/en/countries/CHL"'));
    expect(chile.slice(0, chile.indexOf('</tr>'))).toContain('Not designated');
  });

  it('has a Countries entry in the main navigation', async () => {
    const res = await t.app.inject({ url: '/es' });
    expect(res.body).toContain('<a href="/es/countries">Países</a>');
  });

  it('shows the country page with its institutions, those that may publish marked, and its coordinator', async () => {
    const res = await t.app.inject({ url: '/es/countries/URY' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<h1>Uruguay</h1>');
    const inefop = res.body.slice(res.body.indexOf('Instituto Nacional de Empleo'));
    expect(inefop.slice(0, inefop.indexOf('</tr>'))).toContain('Puede publicar');
    const other = res.body.slice(res.body.indexOf('Oficina sin permiso'));
    expect(other.slice(0, other.indexOf('</tr>'))).toContain('No puede publicar');
    expect(res.body).not.toContain('Institución retirada');
    expect(res.body).toContain('Lucía Pereira');
    // Public visitors see no management links and the page is cacheable.
    expect(res.body).not.toContain('/es/countries/URY/institutions/new');
    expect(res.headers['cache-control']).toMatch(/public/);
  });

  it('redirects a lower-case code and answers 404 for an unknown country', async () => {
    const lower = await t.app.inject({ url: '/en/countries/ury' });
    expect(lower.statusCode).toBe(301);
    expect(lower.headers.location).toBe('/en/countries/URY');
    const missing = await t.app.inject({ url: '/en/countries/FRA' });
    expect(missing.statusCode).toBe(404);
    expect(missing.body).toContain('Page not found');
  });

  it('shows the management links to the coordinator of the country only', async () => {
    const own = await t.db
      .selectFrom('users')
      .selectAll()
      .where('role', '=', 'coordinator')
      .executeTakeFirstOrThrow();
    const login = await loginAs(t, own);
    const ury = await t.app.inject({ url: '/en/countries/URY', headers: login.headers });
    expect(ury.body).toContain('/en/countries/URY/institutions/new');
    expect(ury.body).toContain('<a href="/en/countries/URY/people">People of Uruguay with an account</a>');
    expect(ury.body).not.toContain('Designate the National Coordinator');
    const chl = await t.app.inject({ url: '/en/countries/CHL', headers: login.headers });
    expect(chl.body).not.toContain('/en/countries/CHL/institutions/new');
    expect(chl.body).not.toContain('/en/countries/CHL/people');
  });

  it('renders sections that other features register, in order', async () => {
    registerCountrySection({
      id: 'test-section',
      order: 50,
      load: async ({ country }) => (
        <section>
          <h2>Extra for {country.iso3}</h2>
        </section>
      ),
    });
    const res = await t.app.inject({ url: '/en/countries/CHL' });
    expect(res.body).toContain('<h2>Extra for CHL</h2>');
    expect(res.body.indexOf('Extra for CHL')).toBeGreaterThan(res.body.indexOf('id="institutions"'));
    expect(res.body.indexOf('Extra for CHL')).toBeLessThan(res.body.indexOf('id="coordinators"'));
  });

  it('lists the countries through the API in the requested language', async () => {
    const res = await t.app.inject({ url: '/api/v1/countries?lang=pt' });
    expect(res.statusCode).toBe(200);
    const list = res.json() as {
      iso3: string;
      iso2: string;
      name: string;
      status: string;
      coordinator: { name: string; email?: string } | null;
    }[];
    expect(list).toHaveLength(35);
    const ury = list.find((c) => c.iso3 === 'URY')!;
    expect(ury).toMatchObject({ iso2: 'UY', name: 'Uruguai', status: 'active' });
    expect(ury.coordinator?.name).toBe('Lucía Pereira');
    // Anonymous callers do not get the coordinator's e-mail address.
    expect(ury.coordinator?.email).toBeUndefined();
    expect(list.find((c) => c.iso3 === 'NIC')!.status).toBe('withdrawn');
  });

  it('gives one country with its institutions and coordinator history through the API', async () => {
    const res = await t.app.inject({ url: '/api/v1/countries/URY' });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.name).toBe('Uruguay');
    expect(body.institutions.map((i: { name: string }) => i.name).sort()).toEqual([
      'Instituto Nacional de Empleo',
      'Oficina sin permiso',
    ]);
    expect(body.coordinatorHistory).toEqual([
      expect.objectContaining({ name: 'Lucía Pereira', from: '2025-03-01T00:00:00.000Z', to: null }),
    ]);
    expect((await t.app.inject({ url: '/api/v1/countries/XYZ' })).statusCode).toBe(404);
  });

  it('lists the API routes in the OpenAPI document under the countries tag', async () => {
    const doc = (await t.app.inject({ url: '/api/openapi.json' })).json();
    expect(doc.paths['/api/v1/countries/{iso3}/institutions'].post.tags).toEqual(['countries']);
    expect(doc.paths['/api/v1/institutions/{id}'].patch).toBeDefined();
  });
});
