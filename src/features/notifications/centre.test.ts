import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeUser } from '../../../test/factories.ts';
import { createTestApp, form, loginAs, type TestApp } from '../../../test/helpers.ts';
import { nowIso } from '../../db/dialect.ts';
import type { User } from '../../db/schema.ts';
import { actorFromUser, SYSTEM_ACTOR } from '../../platform/auth/actor.ts';
import { Visitor } from '../accounts/test-support.ts';
import { seedNotificationsDemo } from './demo.ts';
import {
  coordinatorsOf,
  type NotificationInput,
  notify,
  peopleOf,
  registerNotificationKind,
  secretariatUsers,
} from './service.ts';
import { ALL_KINDS, unsubscribeToken } from './tokens.ts';

// Test kinds, with title messages that exist in every language.
registerNotificationKind({
  kind: 'test.centre',
  titleKey: 'countries.institution.editTitle',
  defaultFrequency: 'off',
});
registerNotificationKind({
  kind: 'test.centre-other',
  titleKey: 'countries.institution.removeTitle',
  labelKey: 'countries.institution.removeTitle',
  defaultFrequency: 'weekly',
});

describe('notify() and the recipient helpers', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const send = (actor: User | null, input: Partial<NotificationInput> & { userIds: number[] }) =>
    t.db.transaction().execute((trx) =>
      notify(trx, actor ? actorFromUser(actor) : null, {
        kind: 'test.centre',
        params: { name: 'X' },
        url: '/consultations/1',
        ...input,
      }),
    );

  it('writes one notification per recipient, never to the actor, nor to disabled or deleted users', async () => {
    const actor = await makeUser(t.db, { role: 'editor', country_iso3: 'URY' });
    const a = await makeUser(t.db, { role: 'coordinator', country_iso3: 'CHL' });
    const b = await makeUser(t.db, { role: 'editor', country_iso3: 'MEX' });
    const disabled = await makeUser(t.db, { role: 'editor', country_iso3: 'MEX', status: 'disabled' });
    const deleted = await makeUser(t.db, { role: 'editor', country_iso3: 'MEX', deleted_at: nowIso() });
    await send(actor, {
      userIds: [a.id, b.id, a.id, actor.id, disabled.id, deleted.id],
      countryIso3: 'URY',
      themeCodes: ['labour-training', 'labour-training'],
    });
    const rows = await t.db
      .selectFrom('notifications')
      .selectAll()
      .where('kind', '=', 'test.centre')
      .orderBy('user_id')
      .execute();
    expect(rows.map((r) => r.user_id)).toEqual([a.id, b.id]);
    expect(rows[0]!.actor_id).toBe(actor.id);
    expect(rows[0]!.country_iso3).toBe('URY');
    expect(JSON.parse(rows[0]!.themes)).toEqual(['labour-training']);
    expect(JSON.parse(rows[0]!.params)).toEqual({ name: 'X' });
  });

  it('refuses an unknown kind and a link that leaves the site', async () => {
    const u = await makeUser(t.db);
    await expect(send(null, { kind: 'nope.unknown', userIds: [u.id] })).rejects.toThrow(
      /Unknown notification kind/,
    );
    await expect(send(null, { userIds: [u.id], url: '//evil.example/x' })).rejects.toThrow(/local path/);
  });

  it('rolls back with the caller transaction', async () => {
    const u = await makeUser(t.db);
    await expect(
      t.db.transaction().execute(async (trx) => {
        await notify(trx, SYSTEM_ACTOR, { kind: 'test.centre', userIds: [u.id], params: {}, url: '/x' });
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    const rows = await t.db.selectFrom('notifications').select('id').where('user_id', '=', u.id).execute();
    expect(rows).toHaveLength(0);
  });

  it('finds coordinators, people of countries and the Secretariat', async () => {
    const cUry = await makeUser(t.db, { role: 'coordinator', country_iso3: 'URY' });
    const cHti = await makeUser(t.db, { role: 'coordinator', country_iso3: 'HTI' });
    const eHti = await makeUser(t.db, { role: 'editor', country_iso3: 'HTI' });
    const gone = await makeUser(t.db, { role: 'coordinator', country_iso3: 'HTI', status: 'disabled' });
    const sec = await makeUser(t.db, { role: 'secretariat' });
    await t.db.transaction().execute(async (trx) => {
      const hti = await coordinatorsOf(trx, ['HTI']);
      expect(hti).toContain(cHti.id);
      expect(hti).not.toContain(cUry.id);
      expect(hti).not.toContain(eHti.id);
      expect(hti).not.toContain(gone.id);
      const all = await coordinatorsOf(trx, 'all');
      expect(all).toEqual(expect.arrayContaining([cUry.id, cHti.id]));
      expect(all).not.toContain(sec.id);
      expect(await coordinatorsOf(trx, [])).toEqual([]);
      const people = await peopleOf(trx, ['HTI']);
      expect(people).toEqual(expect.arrayContaining([cHti.id, eHti.id]));
      expect(people).not.toContain(gone.id);
      expect(await peopleOf(trx, ['HTI'], ['editor'])).toEqual([eHti.id]);
      const secretariat = await secretariatUsers(trx);
      expect(secretariat).toContain(sec.id);
      expect(secretariat).not.toContain(cUry.id);
    });
  });
});

describe('the notification centre, preferences and unsubscribe pages', () => {
  let t: TestApp;
  let me: User;
  let other: User;
  let asker: User;

  beforeAll(async () => {
    t = await createTestApp();
    me = await makeUser(t.db, {
      role: 'coordinator',
      country_iso3: 'CHL',
      locale: 'es',
      name: 'Camila Rojas',
    });
    other = await makeUser(t.db, { role: 'coordinator', country_iso3: 'MEX' });
    asker = await makeUser(t.db, { role: 'editor', country_iso3: 'URY' });
    for (let i = 1; i <= 23; i++) {
      await t.db.transaction().execute((trx) =>
        notify(trx, actorFromUser(asker), {
          kind: 'test.centre',
          userIds: [me.id, other.id],
          params: { name: `Consulta ${i}` },
          url: `/consultations/${i}`,
          countryIso3: 'URY',
        }),
      );
    }
  });
  afterAll(() => t.close());

  async function visitor(user: User): Promise<Visitor> {
    const v = new Visitor(t);
    v.jar = (await loginAs(t, user)).cookie;
    return v;
  }

  it('sends anonymous visitors to sign in', async () => {
    const res = await t.app.inject({ url: '/es/notifications' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/es/login?next=%2Fnotifications');
    const prefs = await t.app.inject({ url: '/en/notifications/preferences' });
    expect(prefs.statusCode).toBe(303);
  });

  it('lists newest first, paginated, with the unread count in the header', async () => {
    const v = await visitor(me);
    const page = await v.get('/es/notifications');
    expect(page.statusCode).toBe(200);
    expect(page.headers['cache-control']).toContain('no-store');
    expect(page.body).toContain('23 notificaciones sin leer');
    expect(page.body).toContain('class="notif-count" aria-hidden="true">23<');
    expect(page.body.indexOf('Editar Consulta 23')).toBeGreaterThan(-1);
    expect(page.body.indexOf('Editar Consulta 23')).toBeLessThan(page.body.indexOf('Editar Consulta 22'));
    expect(page.body).not.toContain('Editar Consulta 3<');
    expect(page.body).toContain('Página 1 de 2');
    const second = await v.get('/es/notifications?page=2');
    expect(second.body).toContain('Editar Consulta 3<');
    expect(second.body).toContain('Editar Consulta 1<');
  });

  it('opening a notification marks it read and goes to its page (no JavaScript: a form and a 303)', async () => {
    const v = await visitor(me);
    const page = await v.get('/es/notifications');
    const id = (
      await t.db
        .selectFrom('notifications')
        .select('id')
        .where('user_id', '=', me.id)
        .where('url', '=', '/consultations/23')
        .executeTakeFirstOrThrow()
    ).id;
    expect(page.body).toContain(`action="/es/notifications/${id}/open"`);
    const res = await v.post(`/es/notifications/${id}/open`, {}, page);
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/es/consultations/23');
    const again = await v.get('/es/notifications?unread=1');
    expect(again.body).toContain('22 notificaciones sin leer');
    expect(again.body).not.toContain('Editar Consulta 23<');
  });

  it("refuses to mark someone else's notification (404), on the page and in the API", async () => {
    const theirs = await t.db
      .selectFrom('notifications')
      .select('id')
      .where('user_id', '=', other.id)
      .executeTakeFirstOrThrow();
    const v = await visitor(me);
    const page = await v.get('/es/notifications');
    const res = await v.post(`/es/notifications/${theirs.id}/open`, {}, page);
    expect(res.statusCode).toBe(404);
    const login = await loginAs(t, me);
    const api = await t.app.inject({
      method: 'POST',
      url: `/api/v1/notifications/${theirs.id}/read`,
      headers: login.headers,
    });
    expect(api.statusCode).toBe(404);
    const still = await t.db
      .selectFrom('notifications')
      .select('read_at')
      .where('id', '=', theirs.id)
      .executeTakeFirstOrThrow();
    expect(still.read_at).toBeNull();
  });

  it('refuses a forged form without the CSRF token', async () => {
    const login = await loginAs(t, me);
    const res = await t.app.inject({
      method: 'POST',
      url: '/es/notifications/read-all',
      headers: { cookie: login.cookie, ...form({}).headers },
      payload: form({}).payload,
    });
    expect(res.statusCode).toBe(403);
  });

  it('the API lists (with the unread filter), marks one read and marks all read', async () => {
    const login = await loginAs(t, other);
    const anon = await t.app.inject({ url: '/api/v1/notifications' });
    expect(anon.statusCode).toBe(401);
    const list = await t.app.inject({
      url: '/api/v1/notifications?unread=true&pageSize=5',
      headers: login.headers,
    });
    expect(list.statusCode).toBe(200);
    const body = list.json();
    expect(body.total).toBe(23);
    expect(body.items).toHaveLength(5);
    expect(body.items[0].title).toBe('Edit Consulta 23');
    expect(body.items[0].url).toBe('/consultations/23');
    const one = await t.app.inject({
      method: 'POST',
      url: `/api/v1/notifications/${body.items[0].id}/read`,
      headers: login.headers,
    });
    expect(one.statusCode).toBe(200);
    expect(one.json().readAt).not.toBeNull();
    const unread = await t.app.inject({ url: '/api/v1/notifications?unread=true', headers: login.headers });
    expect(unread.json().total).toBe(22);
    const all = await t.app.inject({
      method: 'POST',
      url: '/api/v1/notifications/read-all',
      headers: login.headers,
    });
    expect(all.json()).toEqual({ marked: 22 });
    const none = await t.app.inject({ url: '/api/v1/notifications?unread=true', headers: login.headers });
    expect(none.json().total).toBe(0);
    const everything = await t.app.inject({ url: '/api/v1/notifications', headers: login.headers });
    expect(everything.json().total).toBe(23);
  });

  it('"mark all as read" works from the page', async () => {
    const v = await visitor(me);
    const page = await v.get('/es/notifications');
    const res = await v.post('/es/notifications/read-all', {}, page);
    expect(res.statusCode).toBe(303);
    const after = await v.get(res.headers.location as string);
    expect(after.body).toContain('Todas sus notificaciones están marcadas como leídas.');
    expect(after.body).toContain('No hay notificaciones sin leer');
    expect(after.body).not.toContain('class="notif-count"');
  });

  it('the preferences page shows each kind with four choices and saves them without JavaScript', async () => {
    const v = await visitor(me);
    const page = await v.get('/es/notifications/preferences');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('¿Eliminar …?'); // a kind's label
    expect(page.body).toMatch(/name="pref\.test\.centre" value="off" checked/);
    expect(page.body).toMatch(/name="pref\.test\.centre-other" value="weekly" checked/);
    for (const label of ['De inmediato', 'Resumen diario', 'Resumen semanal', 'Desactivado'])
      expect(page.body).toContain(label);
    const res = await v.post(
      '/es/notifications/preferences',
      { 'pref.test.centre': 'daily', 'pref.test.centre-other': 'off' },
      page,
    );
    expect(res.statusCode).toBe(303);
    const saved = await v.get(res.headers.location as string);
    expect(saved.body).toContain('Sus ajustes se han guardado.');
    expect(saved.body).toMatch(/name="pref\.test\.centre" value="daily" checked/);
    expect(saved.body).toMatch(/name="pref\.test\.centre-other" value="off" checked/);
    const audit = await t.db
      .selectFrom('audit_log')
      .select(['action', 'after'])
      .where('action', '=', 'notifications.preferences')
      .where('object_id', '=', String(me.id))
      .executeTakeFirstOrThrow();
    expect(JSON.parse(audit.after!)).toMatchObject({ 'test.centre': 'daily', 'test.centre-other': 'off' });

    const bad = await v.post('/es/notifications/preferences', { 'pref.test.centre': 'hourly' }, saved);
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toContain('class="error-summary"');
    expect(bad.body).toContain('Elija de inmediato, resumen diario, resumen semanal o desactivado.');
  });

  it('the API reads and changes preferences', async () => {
    const login = await loginAs(t, other);
    const get = await t.app.inject({ url: '/api/v1/notifications/preferences', headers: login.headers });
    expect(get.json().items).toEqual(
      expect.arrayContaining([
        { kind: 'test.centre', frequency: 'off' },
        { kind: 'test.centre-other', frequency: 'weekly' },
      ]),
    );
    const put = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/notifications/preferences',
      headers: login.headers,
      payload: { items: [{ kind: 'test.centre', frequency: 'immediate' }] },
    });
    expect(put.statusCode).toBe(200);
    expect(put.json().items).toEqual(
      expect.arrayContaining([{ kind: 'test.centre', frequency: 'immediate' }]),
    );
    const unknown = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/notifications/preferences',
      headers: login.headers,
      payload: { items: [{ kind: 'no.such.kind', frequency: 'off' }] },
    });
    expect(unknown.statusCode).toBe(422);
    const anon = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/notifications/preferences',
      payload: { items: [] },
    });
    expect(anon.statusCode).toBe(401);
  });

  it('one-click unsubscribe works without a session (also RFC 8058 POST) and refuses a forged token', async () => {
    const secret = t.config.sessionSecret;
    const target = await makeUser(t.db, { role: 'coordinator', country_iso3: 'BRA', locale: 'pt' });
    const token = unsubscribeToken(secret, { userId: target.id, kind: 'test.centre-other' });

    const page = await t.app.inject({ url: `/fr/notifications/unsubscribe/${token}` });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Ne plus recevoir de courriels sur « Retirer …');
    // A mail client's one-click POST: no cookie, no CSRF token.
    const oneClick = await t.app.inject({
      method: 'POST',
      url: `/fr/notifications/unsubscribe/${token}`,
      ...form({ 'List-Unsubscribe': 'One-Click' }),
    });
    expect(oneClick.statusCode).toBe(200);
    const prefs = await t.db
      .selectFrom('notification_preferences')
      .select(['kind', 'frequency'])
      .where('user_id', '=', target.id)
      .execute();
    expect(prefs).toEqual([{ kind: 'test.centre-other', frequency: 'off' }]);
    const done = await t.app.inject({ url: `/fr/notifications/unsubscribe/${token}` });
    expect(done.body).toContain('Vous ne recevrez plus de courriels sur');

    // Every kind at once.
    const all = unsubscribeToken(secret, { userId: target.id, kind: ALL_KINDS });
    const res = await t.app.inject({
      method: 'POST',
      url: `/en/notifications/unsubscribe/${all}`,
      ...form({}),
    });
    expect(res.statusCode).toBe(303);
    const everything = await t.db
      .selectFrom('notification_preferences')
      .select('frequency')
      .where('user_id', '=', target.id)
      .execute();
    expect(everything.length).toBeGreaterThanOrEqual(2);
    expect(everything.every((p) => p.frequency === 'off')).toBe(true);

    // Forged: another user's id with this signature, a token signed with another secret, garbage.
    const victim = await makeUser(t.db, { role: 'coordinator', country_iso3: 'CAN' });
    const [, kindPart, sig] = token.split('.');
    const forged = [
      `${victim.id}.${kindPart}.${sig}`,
      unsubscribeToken('another-secret-that-is-long-enough-000000', { userId: victim.id, kind: ALL_KINDS }),
      'not-a-token',
    ];
    for (const f of forged) {
      const get = await t.app.inject({ url: `/en/notifications/unsubscribe/${f}` });
      expect(get.statusCode).toBe(404);
      expect(get.body).toContain('This unsubscribe link is not valid.');
      const post = await t.app.inject({
        method: 'POST',
        url: `/en/notifications/unsubscribe/${f}`,
        ...form({ 'List-Unsubscribe': 'One-Click' }),
      });
      expect(post.statusCode).toBe(404);
    }
    const untouched = await t.db
      .selectFrom('notification_preferences')
      .select('kind')
      .where('user_id', '=', victim.id)
      .execute();
    expect(untouched).toEqual([]);
  });

  it('the CSRF exemption is for the unsubscribe route only', async () => {
    const login = await loginAs(t, me);
    const res = await t.app.inject({
      method: 'POST',
      url: '/en/notifications/preferences',
      headers: { cookie: login.cookie, ...form({}).headers },
      payload: form({ 'pref.test.centre': 'off' }).payload,
    });
    expect(res.statusCode).toBe(403);
  });

  it('the API is in the OpenAPI document under its tag', async () => {
    const doc = (await t.app.inject({ url: '/api/openapi.json' })).json();
    for (const path of [
      '/api/v1/notifications',
      '/api/v1/notifications/{id}/read',
      '/api/v1/notifications/read-all',
      '/api/v1/notifications/preferences',
    ]) {
      const ops = Object.values(doc.paths[path] ?? {}) as { tags?: string[] }[];
      expect(ops.length, path).toBeGreaterThan(0);
      for (const op of ops) expect(op.tags).toEqual(['notifications']);
    }
    expect(Object.keys(doc.paths['/api/v1/notifications/preferences'])).toEqual(
      expect.arrayContaining(['get', 'put']),
    );
  });

  it('the demo gives the Chilean coordinator daily digests and the reader no e-mail', async () => {
    const chl = await makeUser(t.db, {
      role: 'coordinator',
      country_iso3: 'CHL',
      email: 'coordinator.chl@sismel.example',
    });
    const reader = await makeUser(t.db, { role: 'reader', email: 'reader@sismel.example' });
    await seedNotificationsDemo(t.db);
    const prefs = await t.db
      .selectFrom('notification_preferences')
      .select(['user_id', 'kind', 'frequency'])
      .where('user_id', 'in', [chl.id, reader.id])
      .where('kind', '=', 'test.centre')
      .orderBy('user_id')
      .execute();
    expect(prefs).toEqual([
      { user_id: chl.id, kind: 'test.centre', frequency: 'daily' },
      { user_id: reader.id, kind: 'test.centre', frequency: 'off' },
    ]);
  });
});
