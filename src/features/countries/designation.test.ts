import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeInstitution, makeUser } from '../../../test/factories.ts';
import { createTestApp, csrfFrom, form, type Login, loginAs, type TestApp } from '../../../test/helpers.ts';
import type { User } from '../../db/schema.ts';

describe('designation of National Coordinators and membership status', () => {
  let t: TestApp;
  let secretariat: User;
  let asSecretariat: Login;
  let first: User;

  const userRow = (id: number) =>
    t.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const terms = (iso3: string) =>
    t.db.selectFrom('coordinator_terms').selectAll().where('country_iso3', '=', iso3).orderBy('id').execute();

  beforeAll(async () => {
    t = await createTestApp();
    secretariat = await makeUser(t.db, { role: 'secretariat', name: 'Ana Secretaría' });
    asSecretariat = await loginAs(t, secretariat);
    const mtss = await makeInstitution(t.db, {
      country_iso3: 'PRY',
      name: 'Ministerio de Trabajo, Empleo y Seguridad Social',
    });
    first = await makeUser(t.db, {
      role: 'editor',
      country_iso3: 'PRY',
      institution_id: mtss.id,
      name: 'Carlos Benítez',
    });
  });
  afterAll(() => t.close());

  it('lets the Secretariat pick an active person of the country through the form', async () => {
    const page = await t.app.inject({
      url: '/en/countries/PRY/coordinator',
      headers: { cookie: asSecretariat.cookie },
    });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('No National Coordinator is designated at present.');
    expect(page.body).toContain(
      `<option value="${first.id}">Carlos Benítez &lt;${first.email}> — Editor</option>`,
    );
    const body = form({ _csrf: csrfFrom(page.body), mode: 'existing', userId: String(first.id) });
    const res = await t.app.inject({
      method: 'POST',
      url: '/en/countries/PRY/coordinator',
      headers: { ...body.headers, cookie: asSecretariat.cookie },
      payload: body.payload,
    });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/en/countries/PRY?notice=designated');
    expect((await userRow(first.id)).role).toBe('coordinator');
    expect(await terms('PRY')).toEqual([
      expect.objectContaining({ user_id: first.id, designated_by: secretariat.id, ended_at: null }),
    ]);
    // The person is told by e-mail, in their language.
    const mail = await t.db
      .selectFrom('outbox')
      .selectAll()
      .where('to_address', '=', first.email)
      .executeTakeFirstOrThrow();
    expect(mail.subject).toBe('You are the National Coordinator of Paraguay in SISMEL');
    const list = await t.app.inject({ url: '/en/countries' });
    const row = list.body.slice(list.body.indexOf('href="/en/countries/PRY"'));
    expect(row.slice(0, row.indexOf('</tr>'))).toContain('Carlos Benítez');
  });

  it('ends the previous term and makes the previous coordinator an editor of the same country', async () => {
    const second = await makeUser(t.db, { role: 'reader', country_iso3: 'PRY', name: 'María Giménez' });
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/countries/PRY/coordinator',
      headers: asSecretariat.headers,
      payload: { userId: second.id },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ userId: second.id, invited: false, previousUserId: first.id });
    const before = await userRow(first.id);
    expect(before).toMatchObject({ role: 'editor', country_iso3: 'PRY' });
    expect((await userRow(second.id)).role).toBe('coordinator');
    const all = await terms('PRY');
    expect(all).toHaveLength(2);
    expect(all[0]!.ended_at).toBeTruthy();
    expect(all[1]).toMatchObject({ user_id: second.id, ended_at: null });

    // The country page shows the history: both names, one current.
    const page = await t.app.inject({ url: '/en/countries/PRY' });
    const history = page.body.slice(page.body.indexOf('id="coordinators"'));
    expect(history).toContain('María Giménez');
    expect(history).toContain('Carlos Benítez');
    expect(history.match(/Current/g)).toHaveLength(1);

    const audit = await t.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'coordinator.designate')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(audit).toMatchObject({ object_type: 'country', object_id: 'PRY', actor_id: secretariat.id });
    expect(JSON.parse(audit.before!).coordinator.name).toBe('Carlos Benítez');
    expect(JSON.parse(audit.after!).coordinator.name).toBe('María Giménez');
    const roleChange = await t.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'user.role')
      .where('object_id', '=', String(first.id))
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(JSON.parse(roleChange.after!)).toEqual({ role: 'editor' });
  });

  it('refuses someone of another country, an inactive account, or the current coordinator', async () => {
    const foreign = await makeUser(t.db, { role: 'editor', country_iso3: 'BOL' });
    const disabled = await makeUser(t.db, { role: 'editor', country_iso3: 'PRY', status: 'disabled' });
    const current = (await terms('PRY')).at(-1)!.user_id;
    for (const userId of [foreign.id, disabled.id, current, secretariat.id, 999999]) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/countries/PRY/coordinator',
        headers: asSecretariat.headers,
        payload: { userId },
      });
      expect(res.statusCode, String(userId)).toBe(422);
      expect(res.json().errors[0].field).toBe('userId');
    }
    expect((await terms('PRY')).at(-1)!.user_id).toBe(current);
    expect((await userRow(foreign.id)).role).toBe('editor');
  });

  it('shows the form again with an error summary when no one is chosen', async () => {
    const body = form({ _csrf: asSecretariat.csrf, mode: 'existing', userId: '' });
    const res = await t.app.inject({
      method: 'POST',
      url: '/es/countries/PRY/coordinator',
      headers: { ...body.headers, cookie: asSecretariat.cookie },
      payload: body.payload,
    });
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('<a href="#f-userId">Elija la persona que desea designar</a>');
  });

  it('invites a new person by e-mail and designates them', async () => {
    const body = form({
      _csrf: asSecretariat.csrf,
      mode: 'invite',
      name: 'Jean Dupont',
      email: 'jean.dupont@travail.example',
      locale: 'fr',
    });
    const res = await t.app.inject({
      method: 'POST',
      url: '/en/countries/HTI/coordinator',
      headers: { ...body.headers, cookie: asSecretariat.cookie },
      payload: body.payload,
    });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/en/countries/HTI?notice=invited');
    const user = await t.db
      .selectFrom('users')
      .selectAll()
      .where('email', '=', 'jean.dupont@travail.example')
      .executeTakeFirstOrThrow();
    expect(user).toMatchObject({ role: 'coordinator', country_iso3: 'HTI', status: 'invited', locale: 'fr' });
    expect(await terms('HTI')).toEqual([expect.objectContaining({ user_id: user.id, ended_at: null })]);
    const mail = await t.db.selectFrom('outbox').selectAll().where('to_address', '=', user.email).execute();
    expect(mail.length).toBeGreaterThan(0);
  });

  it('refuses an invitation to an address that already has an account', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/countries/HTI/coordinator',
      headers: asSecretariat.headers,
      payload: { email: first.email, name: 'Someone', locale: 'es' },
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().errors.map((e: { field: string }) => e.field)).toEqual(['email']);
  });

  it('is for the Secretariat only', async () => {
    const coordinator = await makeUser(t.db, { role: 'coordinator', country_iso3: 'ARG' });
    const editor = await makeUser(t.db, { role: 'editor', country_iso3: 'ARG' });
    const login = await loginAs(t, coordinator);
    const page = await t.app.inject({
      url: '/en/countries/ARG/coordinator',
      headers: { cookie: login.cookie },
    });
    expect(page.statusCode).toBe(403);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/countries/ARG/coordinator',
      headers: login.headers,
      payload: { userId: editor.id },
    });
    expect(res.statusCode).toBe(403);
    expect((await userRow(editor.id)).role).toBe('editor');
    expect(await terms('ARG')).toEqual([]);
  });

  it('lets the Secretariat change the membership status, audited, and no one else', async () => {
    const page = await t.app.inject({
      url: '/en/countries/VEN/status',
      headers: { cookie: asSecretariat.cookie },
    });
    expect(page.statusCode).toBe(200);
    const body = form({ _csrf: csrfFrom(page.body), status: 'not_participating' });
    const res = await t.app.inject({
      method: 'POST',
      url: '/en/countries/VEN/status',
      headers: { ...body.headers, cookie: asSecretariat.cookie },
      payload: body.payload,
    });
    expect(res.statusCode).toBe(303);
    const shown = await t.app.inject({ url: '/pt/countries/VEN' });
    expect(shown.body).toContain('Não participa');
    const audit = await t.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'country.update')
      .where('object_id', '=', 'VEN')
      .executeTakeFirstOrThrow();
    expect(JSON.parse(audit.before!)).toEqual({ status: 'active' });
    expect(JSON.parse(audit.after!)).toEqual({ status: 'not_participating' });

    const bad = form({ _csrf: asSecretariat.csrf, status: 'suspended' });
    const invalid = await t.app.inject({
      method: 'POST',
      url: '/en/countries/VEN/status',
      headers: { ...bad.headers, cookie: asSecretariat.cookie },
      payload: bad.payload,
    });
    expect(invalid.statusCode).toBe(422);
    expect(invalid.body).toContain('Choose a membership status');

    const api = await t.app.inject({
      method: 'PATCH',
      url: '/api/v1/countries/VEN',
      headers: asSecretariat.headers,
      payload: { status: 'active' },
    });
    expect(api.statusCode).toBe(200);
    expect(api.json().status).toBe('active');

    const coordinator = await makeUser(t.db, { role: 'coordinator', country_iso3: 'VEN' });
    const login = await loginAs(t, coordinator);
    const denied = await t.app.inject({
      method: 'PATCH',
      url: '/api/v1/countries/VEN',
      headers: login.headers,
      payload: { status: 'withdrawn' },
    });
    expect(denied.statusCode).toBe(403);
    const row = await t.db
      .selectFrom('countries')
      .select('status')
      .where('iso3', '=', 'VEN')
      .executeTakeFirstOrThrow();
    expect(row.status).toBe('active');
  });
});
