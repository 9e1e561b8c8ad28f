import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeInstitution, makeUser } from '../../../test/factories.ts';
import { createTestApp, loginAs, type TestApp } from '../../../test/helpers.ts';
import { createApiToken } from './service.ts';
import { Visitor } from './test-support.ts';

describe('people of a country', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  async function visitorFor(user: { id: number }) {
    const v = new Visitor(t);
    v.jar = (await loginAs(t, user)).cookie;
    return v;
  }

  const countUsers = async (email: string) =>
    (await t.db.selectFrom('users').select('id').where('email', '=', email).execute()).length;

  it('lists the people of the coordinator own country, with role, institution, status and last sign-in', async () => {
    const inst = await makeInstitution(t.db, {
      country_iso3: 'URY',
      name: 'Banco de Previsión Social',
      acronym: 'BPS',
    });
    const coordinator = await makeUser(t.db, { role: 'coordinator', country_iso3: 'URY' });
    await makeUser(t.db, {
      role: 'editor',
      country_iso3: 'URY',
      institution_id: inst.id,
      name: 'Editor Uno',
      last_login_at: '2026-03-01T12:00:00.000Z',
    });
    await makeUser(t.db, { role: 'reader', country_iso3: 'URY', name: 'Lectora Dos', status: 'invited' });
    await makeUser(t.db, { role: 'editor', country_iso3: 'CHL', name: 'Chilean Editor' });
    const v = await visitorFor(coordinator);
    const res = await v.get('/es/countries/URY/people');
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toContain('private');
    expect(res.body).toContain('Personas de Uruguay');
    expect(res.body).toContain('Editor Uno');
    expect(res.body).toContain('Banco de Previsión Social (BPS)');
    expect(res.body).toContain('1 mar 2026');
    expect(res.body).toContain('Lectora Dos');
    expect(res.body).toContain('Invitado');
    expect(res.body).not.toContain('Chilean Editor');
    // The invite form offers only the country's institutions.
    expect(res.body).toContain(`<option value="${inst.id}">`);
  });

  it('hides another country and the list from editors and readers (404), and sends visitors to sign in', async () => {
    const coordinator = await makeUser(t.db, { role: 'coordinator', country_iso3: 'URY' });
    expect((await (await visitorFor(coordinator)).get('/en/countries/CHL/people')).statusCode).toBe(404);
    const editor = await makeUser(t.db, { role: 'editor', country_iso3: 'URY' });
    expect((await (await visitorFor(editor)).get('/en/countries/URY/people')).statusCode).toBe(404);
    const anonymous = await t.app.inject({ url: '/en/countries/URY/people' });
    expect(anonymous.statusCode).toBe(303);
    expect(anonymous.headers.location).toBe('/en/login?next=%2Fcountries%2FURY%2Fpeople');
    const secretariat = await makeUser(t.db, { role: 'secretariat' });
    expect((await (await visitorFor(secretariat)).get('/en/countries/CHL/people')).statusCode).toBe(200);
  });

  it('refuses a URY coordinator inviting into CHL, by page and by API, and creates nothing', async () => {
    const coordinator = await makeUser(t.db, { role: 'coordinator', country_iso3: 'URY' });
    const chlInst = await makeInstitution(t.db, { country_iso3: 'CHL' });
    const v = await visitorFor(coordinator);
    await v.get('/en/countries/URY/people');
    const page = await v.post('/en/countries/CHL/people', {
      name: 'Intruso',
      email: 'intruso.page@example.cl',
      role: 'editor',
      institutionId: String(chlInst.id),
      locale: 'es',
    });
    expect(page.statusCode).toBe(403);
    expect(await countUsers('intruso.page@example.cl')).toBe(0);

    const token = await createApiToken(t.app.deps, coordinator.id, 'script');
    const api = await t.app.inject({
      method: 'POST',
      url: '/api/v1/countries/CHL/invitations',
      headers: { authorization: `Bearer ${token}` },
      payload: {
        name: 'Intruso',
        email: 'intruso.api@example.cl',
        role: 'editor',
        institutionId: chlInst.id,
      },
    });
    expect(api.statusCode).toBe(403);
    expect(api.json().error).toBe('You do not have permission to do this');
    expect(await countUsers('intruso.api@example.cl')).toBe(0);
    const mails = await t.db
      .selectFrom('outbox')
      .select('id')
      .where('to_address', 'like', 'intruso%')
      .execute();
    expect(mails).toHaveLength(0);
  });

  it('shows each problem of the invite form next to its field', async () => {
    const coordinator = await makeUser(t.db, { role: 'coordinator', country_iso3: 'URY' });
    const taken = await makeUser(t.db, { role: 'reader', country_iso3: 'URY' });
    const other = await makeInstitution(t.db, { country_iso3: 'CHL' });
    const v = await visitorFor(coordinator);
    await v.get('/en/countries/URY/people');
    const res = await v.post('/en/countries/URY/people', {
      name: '',
      email: taken.email,
      role: 'editor',
      institutionId: String(other.id),
      locale: 'en',
    });
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('There is a problem');
    expect(res.body).toContain("Enter the person's name");
    expect(res.body).toContain('There is already an account with this e-mail address');
    expect(res.body).toContain("Choose one of the country's institutions");
    // A coordinator cannot make another coordinator from this form.
    const coord = await v.post('/en/countries/URY/people', {
      name: 'X',
      email: 'x.coord@example.uy',
      role: 'coordinator',
      locale: 'en',
    });
    expect(coord.statusCode).toBe(422);
    expect(await countUsers('x.coord@example.uy')).toBe(0);
  });

  it('disables an editor (sessions end), and only the Secretariat restores; all audited', async () => {
    const coordinator = await makeUser(t.db, { role: 'coordinator', country_iso3: 'URY' });
    const editor = await makeUser(t.db, { role: 'editor', country_iso3: 'URY' });
    const editorSession = await loginAs(t, editor);
    const v = await visitorFor(coordinator);
    await v.get('/en/countries/URY/people');
    const res = await v.post(`/en/countries/URY/people/${editor.id}/disable`, {});
    expect(res.statusCode).toBe(303);
    expect((await v.get(res.headers.location as string)).body).toContain('The account has been disabled');
    const row = await t.db
      .selectFrom('users')
      .select('status')
      .where('id', '=', editor.id)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe('disabled');
    expect(
      (await t.app.inject({ url: '/en/account', headers: { cookie: editorSession.cookie } })).statusCode,
    ).toBe(303);

    const restoreByCoordinator = await v.post(`/en/countries/URY/people/${editor.id}/restore`, {});
    expect(restoreByCoordinator.statusCode).toBe(403);

    const secretariat = await makeUser(t.db, { role: 'secretariat' });
    const s = await visitorFor(secretariat);
    const list = await s.get('/en/countries/URY/people');
    expect(list.body).toContain(`/en/countries/URY/people/${editor.id}/restore`);
    const restored = await s.post(`/en/countries/URY/people/${editor.id}/restore`, {});
    expect(restored.statusCode).toBe(303);
    const after = await t.db
      .selectFrom('users')
      .select('status')
      .where('id', '=', editor.id)
      .executeTakeFirstOrThrow();
    expect(after.status).toBe('active');

    const audit = await t.db
      .selectFrom('audit_log')
      .select(['action', 'actor_id', 'country_iso3', 'before', 'after'])
      .where('object_type', '=', 'user')
      .where('object_id', '=', String(editor.id))
      .orderBy('id')
      .execute();
    expect(audit.map((a) => [a.action, a.actor_id])).toEqual([
      ['user.disable', coordinator.id],
      ['user.restore', secretariat.id],
    ]);
    expect(JSON.parse(audit[0]!.after!)).toEqual({ status: 'disabled' });
    expect(audit[0]!.country_iso3).toBe('URY');
  });

  it('does not let a coordinator disable someone of another country, whatever URL is forged', async () => {
    const coordinator = await makeUser(t.db, { role: 'coordinator', country_iso3: 'URY' });
    const chileEditor = await makeUser(t.db, { role: 'editor', country_iso3: 'CHL' });
    const v = await visitorFor(coordinator);
    await v.get('/en/countries/URY/people');
    const res = await v.post(`/en/countries/URY/people/${chileEditor.id}/disable`, {});
    expect(res.statusCode).toBe(403);
    const row = await t.db
      .selectFrom('users')
      .select('status')
      .where('id', '=', chileEditor.id)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe('active');
  });
});
