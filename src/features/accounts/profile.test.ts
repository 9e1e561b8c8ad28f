import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeUser, TEST_PASSWORD } from '../../../test/factories.ts';
import { createTestApp, loginAs, type TestApp } from '../../../test/helpers.ts';
import { Visitor } from './test-support.ts';

describe('profile', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  async function signedIn(user: { id: number }) {
    const v = new Visitor(t);
    v.jar = (await loginAs(t, user)).cookie;
    await v.get('/en/account');
    return v;
  }

  it('saves name, language and time zone; the language then drives / and the time zone must exist', async () => {
    const user = await makeUser(t.db, { name: 'Old Name' });
    const v = await signedIn(user);
    const bad = await v.post('/en/account/profile', {
      name: 'New Name',
      locale: 'es',
      timezone: 'Mars/Olympus',
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toContain('Enter a time zone like America/Montevideo');
    expect(bad.body).toContain('value="Mars/Olympus"');
    const ok = await v.post('/en/account/profile', {
      name: 'New Name',
      locale: 'es',
      timezone: 'America/Montevideo',
    });
    expect(ok.statusCode).toBe(303);
    expect(ok.headers.location).toBe('/es/account?notice=profile');
    const page = await v.get('/es/account?notice=profile');
    expect(page.body).toContain('Sus datos se han guardado.');
    expect(page.body).toContain('value="New Name"');
    const home = await t.app.inject({ url: '/', headers: { cookie: v.jar, 'accept-language': 'fr' } });
    expect(home.headers.location).toBe('/es');
    const audit = await t.db
      .selectFrom('audit_log')
      .select(['before', 'after'])
      .where('action', '=', 'user.update')
      .where('object_id', '=', String(user.id))
      .executeTakeFirstOrThrow();
    expect(JSON.parse(audit.before!).name).toBe('Old Name');
    expect(JSON.parse(audit.after!).timezone).toBe('America/Montevideo');
  });

  it('changes the password after checking the current one, and ends the other sessions', async () => {
    const user = await makeUser(t.db);
    const other = await loginAs(t, user);
    const v = await signedIn(user);
    const wrong = await v.post('/en/account/password', {
      current: 'wrong-wrong',
      password: 'brand-new-password',
      confirm: 'brand-new-password',
    });
    expect(wrong.statusCode).toBe(422);
    expect(wrong.body).toContain('The current password is not correct');
    const ok = await v.post('/en/account/password', {
      current: TEST_PASSWORD,
      password: 'brand-new-password',
      confirm: 'brand-new-password',
    });
    expect(ok.statusCode).toBe(303);
    expect((await v.get('/en/account?notice=password')).statusCode).toBe(200);
    expect((await t.app.inject({ url: '/en/account', headers: { cookie: other.cookie } })).statusCode).toBe(
      303,
    );
    expect((await new Visitor(t).signIn(user.email, 'brand-new-password')).statusCode).toBe(303);
  });

  it('creates a personal API token shown once, lists it by prefix, and revokes it', async () => {
    const user = await makeUser(t.db);
    const v = await signedIn(user);
    const empty = await v.post('/en/account/tokens', { tokenName: '' });
    expect(empty.statusCode).toBe(422);
    expect(empty.body).toContain('Enter a name for the token');
    const created = await v.post('/en/account/tokens', { tokenName: 'Monthly import' });
    expect(created.statusCode).toBe(200);
    expect(created.headers['cache-control']).toContain('no-store');
    const token = /<code class="secret" id="new-token">(sml_[A-Za-z0-9_-]+)<\/code>/.exec(created.body)![1]!;
    const me = await t.app.inject({ url: '/api/v1/me', headers: { authorization: `Bearer ${token}` } });
    expect(me.json().id).toBe(user.id);

    const page = await v.get('/en/account');
    expect(page.body).toContain('Monthly import');
    expect(page.body).toContain(token.slice(0, 10));
    expect(page.body).not.toContain(token);
    const id = (
      await t.db
        .selectFrom('api_tokens')
        .select('id')
        .where('user_id', '=', user.id)
        .executeTakeFirstOrThrow()
    ).id;
    const revoked = await v.post(`/en/account/tokens/${id}/revoke`, {});
    expect(revoked.statusCode).toBe(303);
    expect(
      (await t.app.inject({ url: '/api/v1/me', headers: { authorization: `Bearer ${token}` } })).statusCode,
    ).toBe(401);
  });

  it('is for signed-in people only', async () => {
    const res = await t.app.inject({ url: '/fr/account' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/fr/login?next=%2Faccount');
  });
});
