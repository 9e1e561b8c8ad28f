import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeUser } from '../../../test/factories.ts';
import { createTestApp, csrfFrom, form, loginAs, type Login, type TestApp } from '../../../test/helpers.ts';
import { findObservations, indicatorByCode } from './repository.ts';

describe('statistics entry, revisions and the observations API', () => {
  let t: TestApp;
  let ury: Login;
  let chl: Login;
  let secretariat: Login;
  let reader: Login;
  let unRt: number;

  beforeAll(async () => {
    t = await createTestApp();
    ury = await loginAs(t, await makeUser(t.db, { role: 'coordinator', country_iso3: 'URY', locale: 'es' }));
    chl = await loginAs(t, await makeUser(t.db, { role: 'editor', country_iso3: 'CHL' }));
    secretariat = await loginAs(t, await makeUser(t.db, { role: 'secretariat' }));
    reader = await loginAs(t, await makeUser(t.db, { role: 'reader' }));
    unRt = (await indicatorByCode(t.db, 'MIN_WAGE'))!.id;
  });
  afterAll(() => t.close());

  const postGrid = (login: Login, path: string, fields: Record<string, string>) =>
    t.app.inject({
      method: 'POST',
      url: path,
      headers: { ...form({ ...fields, _csrf: login.csrf }).headers, cookie: login.cookie },
      payload: form({ ...fields, _csrf: login.csrf }).payload,
    });

  const current = async (iso3: string, period: string) =>
    (await findObservations(t.db, { indicatorIds: [unRt], countries: [iso3], periods: [period] }))[0];

  it('sends anonymous visitors to sign in and refuses readers', async () => {
    const anon = await t.app.inject({ url: '/en/statistics/entry' });
    expect(anon.statusCode).toBe(303);
    expect(anon.headers.location).toContain('/en/login');
    const res = await t.app.inject({ url: '/en/statistics/entry', headers: { cookie: reader.cookie } });
    expect(res.statusCode).toBe(403);
  });

  it('lets a coordinator enter values in a grid without JavaScript, and shows them', async () => {
    const page = await t.app.inject({
      url: '/es/statistics/entry/MIN_WAGE/URY?from=2020&to=2023',
      headers: { cookie: ury.cookie },
    });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Salario mínimo mensual legal');
    expect(page.body).toContain('name="v_2022"');
    const csrf = csrfFrom(page.body);
    expect(csrf).toBe(ury.csrf);
    const res = await postGrid(ury, '/es/statistics/entry/MIN_WAGE/URY?from=2020&to=2023', {
      v_2022: '450,5',
      s_2022: 'A',
      v_2023: '480',
      s_2023: 'P',
      source: 'Decreto del Poder Ejecutivo',
      reason: 'Primera carga',
    });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toContain('saved=1');
    const after = await t.app.inject({
      url: res.headers.location as string,
      headers: { cookie: ury.cookie },
    });
    expect(after.body).toContain('Guardado: 2 nuevos, 0 modificados, 0 eliminados.');
    expect(after.body).toContain('value="450.5"');
    const obs = await current('URY', '2023');
    expect(obs?.value).toBe(480);
    expect(obs?.obs_status).toBe('P');
    expect(obs?.source).toBe('Decreto del Poder Ejecutivo');
    const audit = await t.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'observation.save')
      .execute();
    expect(audit.length).toBe(1);
  });

  it('shows errors next to the cell in the reader’s language and saves nothing', async () => {
    const res = await postGrid(ury, '/es/statistics/entry/MIN_WAGE/URY?from=2020&to=2023', {
      v_2021: 'doce',
      s_2021: 'A',
      v_2020: '99999',
      s_2020: 'A',
    });
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('“doce” para 2021 no es un número');
    expect(res.body).toContain('99999 para 2020 está fuera del rango aceptado');
    expect(res.body).toContain('value="doce"');
    expect(await current('URY', '2021')).toBeUndefined();
  });

  it('keeps every revision, soft-deletes, restores, and answers as of a past date', async () => {
    const first = (await current('URY', '2022'))!;
    const before = new Date().toISOString();
    await new Promise((r) => setTimeout(r, 5));
    let res = await postGrid(ury, '/es/statistics/entry/MIN_WAGE/URY?from=2022&to=2022', {
      v_2022: '460',
      s_2022: 'E',
      reason: 'Revisión',
    });
    expect(res.statusCode).toBe(303);
    const history = await t.app.inject({
      url: `/es/statistics/observations/${first.id}/history`,
      headers: { cookie: ury.cookie },
    });
    if (history.statusCode !== 200) console.log(history.body.slice(0, 3000));
    expect(history.statusCode).toBe(200);
    expect(history.body).toContain('Revisión');
    expect(history.body).toContain('Restaurar la revisión 1');

    // Soft delete by emptying the cell.
    res = await postGrid(ury, '/es/statistics/entry/MIN_WAGE/URY?from=2022&to=2022', {
      v_2022: '',
      s_2022: 'E',
    });
    expect(res.statusCode).toBe(303);
    expect(await current('URY', '2022')).toBeUndefined();
    const row = await t.db
      .selectFrom('stat_observations')
      .selectAll()
      .where('id', '=', first.id)
      .executeTakeFirstOrThrow();
    expect(row.deleted_at).not.toBeNull();

    // As of before the revision, the first value; as of now, nothing.
    const asOf = await findObservations(t.db, {
      indicatorIds: [unRt],
      countries: ['URY'],
      periods: ['2022'],
      asOf: before,
    });
    expect(asOf[0]?.value).toBe(450.5);
    const api = await t.app.inject({
      url: `/api/v1/observations?indicator=MIN_WAGE&country=URY&period=2022&asOf=${encodeURIComponent(before)}`,
    });
    expect(api.json().observations[0].value).toBe(450.5);
    const apiNow = await t.app.inject({
      url: '/api/v1/observations?indicator=MIN_WAGE&country=URY&period=2022',
    });
    expect(apiNow.json().observations).toEqual([]);

    // Restore revision 1.
    const rev1 = await t.db
      .selectFrom('stat_revisions')
      .selectAll()
      .where('observation_id', '=', first.id)
      .where('revision_no', '=', 1)
      .executeTakeFirstOrThrow();
    const restored = await t.app.inject({
      method: 'POST',
      url: `/es/statistics/observations/${first.id}/restore`,
      ...form({ revision: String(rev1.id), _csrf: ury.csrf }),
      headers: { ...form({}).headers, cookie: ury.cookie },
    });
    expect(restored.statusCode).toBe(303);
    expect((await current('URY', '2022'))?.value).toBe(450.5);
    const revs = await t.app.inject({ url: `/api/v1/observations/${first.id}/revisions` });
    const list = revs.json();
    expect(list.map((r: { revision: number }) => r.revision)).toEqual([4, 3, 2, 1]);
    expect(list[0].restoredFrom).toBe(rev1.id);
    expect(list[1].deleted).toBe(true);
    expect(list[2].value).toBe(460);
  });

  it('refuses a forged form write to another country and changes nothing', async () => {
    const res = await postGrid(chl, '/en/statistics/entry/MIN_WAGE/URY', { v_2023: '1', s_2023: 'A' });
    expect(res.statusCode).toBe(403);
    expect((await current('URY', '2023'))?.value).toBe(480);
    const obs = (await current('URY', '2023'))!;
    const del = await t.app.inject({
      method: 'POST',
      url: `/en/statistics/observations/${obs.id}/delete`,
      ...form({ _csrf: chl.csrf }),
      headers: { ...form({}).headers, cookie: chl.cookie },
    });
    expect(del.statusCode).toBe(403);
    expect((await current('URY', '2023'))?.value).toBe(480);
  });

  it('refuses a forged API write to another country, even mixed with its own', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/observations',
      headers: chl.headers,
      payload: {
        observations: [
          { indicator: 'MIN_WAGE', country: 'CHL', period: '2023', value: 500 },
          { indicator: 'MIN_WAGE', country: 'URY', period: '2023', value: 1 },
        ],
      },
    });
    expect(res.statusCode).toBe(403);
    expect((await current('URY', '2023'))?.value).toBe(480);
    expect(await current('CHL', '2023')).toBeUndefined();
    const obs = (await current('URY', '2023'))!;
    const del = await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/observations/${obs.id}`,
      headers: chl.headers,
    });
    expect(del.statusCode).toBe(403);
    const anon = await t.app.inject({
      method: 'POST',
      url: '/api/v1/observations',
      payload: { observations: [] },
    });
    expect([401, 403]).toContain(anon.statusCode);
  });

  it('writes a list through the API with a revision each, and reports bad items', async () => {
    const ok = await t.app.inject({
      method: 'POST',
      url: '/api/v1/observations',
      headers: chl.headers,
      payload: {
        reason: 'API',
        observations: [
          {
            indicator: 'UNE_RT',
            country: 'CHL',
            period: '2023',
            dimensions: { SEX: 'SEX_F', AGE: 'AGE_YTHADULT_Y15-24' },
            value: 21.4,
            status: 'P',
          },
          { indicator: 'MIN_WAGE', country: 'CHL', period: '2023', value: 530 },
        ],
      },
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ created: 2, changed: 0 });
    const got = await t.app.inject({ url: '/api/v1/observations?indicator=UNE_RT&country=CHL&SEX=SEX_F' });
    expect(got.json().observations[0]).toMatchObject({
      value: 21.4,
      status: 'P',
      dimensions: { SEX: 'SEX_F', AGE: 'AGE_YTHADULT_Y15_24' },
    });
    const bad = await t.app.inject({
      method: 'POST',
      url: '/api/v1/observations',
      headers: { ...chl.headers, 'accept-language': 'es' },
      payload: { observations: [{ indicator: 'UNE_RT', country: 'CHL', period: '2023-13', value: 'x' }] },
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().errors[0]).toMatchObject({ index: 0, field: 'period' });
    const del = await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/observations/${got.json().observations[0].id}`,
      headers: secretariat.headers,
    });
    expect(del.statusCode).toBe(204);
    const indicators = await t.app.inject({ url: '/api/v1/indicators' });
    expect(indicators.json().find((i: { code: string }) => i.code === 'EAP_RT').ilostatCode).toBe(
      'EAP_2WAP_SEX_AGE_RT_A',
    );
  });
});
