import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ACCOUNTS } from '../../db/demo.ts';
import { makeUser } from '../../../test/factories.ts';
import { createTestApp, loginAs, type TestApp } from '../../../test/helpers.ts';
import { seedConsultationsDemo } from './demo.ts';

describe('consultations demo', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    for (const acc of DEMO_ACCOUNTS) {
      await makeUser(t.db, {
        email: acc.email,
        name: acc.name,
        role: acc.role,
        country_iso3: acc.country ?? null,
      });
    }
    await seedConsultationsDemo(t.db);
  });
  afterAll(() => t.close());

  it('has consultations between the demo countries, one answered with an accepted answer', async () => {
    const reader = await t.db
      .selectFrom('users')
      .selectAll()
      .where('email', '=', 'reader@sismel.example')
      .executeTakeFirstOrThrow();
    const login = await loginAs(t, reader);
    const list = await t.app.inject({ url: '/es/consultations', headers: { cookie: login.cookie } });
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('¿Cómo evalúan sus programas de empleo juvenil?');
    expect(list.body).toContain('Inspección del trabajo en plataformas digitales de reparto');
    const answered = await t.db
      .selectFrom('consultations')
      .selectAll()
      .where('state', '=', 'answered')
      .execute();
    expect(answered).toHaveLength(1);
    const page = await t.app.inject({
      url: `/es/consultations/${answered[0]!.id}`,
      headers: { cookie: login.cookie },
    });
    expect(page.body).toContain('Respuesta aceptada');
    expect(page.body).toContain('seguro de cesantía');
    const hits = await t.app.inject({ url: '/api/v1/search?q=cesantía', headers: { cookie: login.cookie } });
    expect(hits.json().total).toBeGreaterThan(0);
  });
});
