import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeUser, TEST_PASSWORD } from '../../../test/factories.ts';
import { cookiesFrom, createTestApp, csrfFrom, form, loginAs, type TestApp } from '../../../test/helpers.ts';
import { SESSION_COOKIE } from '../../platform/auth/sessions.ts';

/** GETs the sign-in form, posts the credentials; returns the response and the cookie jar after it. */
async function signInWith(
  t: TestApp,
  email: string,
  password: string,
  opts: { jar?: string; ip?: string; next?: string } = {},
) {
  const url = `/en/login${opts.next ? `?next=${encodeURIComponent(opts.next)}` : ''}`;
  const page = await t.app.inject({
    url,
    headers: opts.jar ? { cookie: opts.jar } : {},
    remoteAddress: opts.ip,
  });
  let jar = cookiesFrom(page, opts.jar ?? '');
  const res = await t.app.inject({
    method: 'POST',
    url,
    remoteAddress: opts.ip,
    ...form({ _csrf: csrfFrom(page.body), email, password }),
    headers: { ...form({}).headers, cookie: jar },
  });
  jar = cookiesFrom(res, jar);
  return { res, jar };
}

describe('sign-in', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ LOGIN_MAX_ATTEMPTS: '3', LOGIN_LOCK_MINUTES: '15' });
  });
  afterAll(() => t.close());

  it('shows the sign-in form in the reader language', async () => {
    const res = await t.app.inject({ url: '/es/login' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Iniciar sesión');
    expect(res.body).toContain('name="_csrf"');
  });

  it('signs a user in with a HttpOnly, SameSite=Lax session cookie and goes to the local next page', async () => {
    const user = await makeUser(t.db, { role: 'editor' });
    const { res, jar } = await signInWith(t, user.email.toUpperCase(), TEST_PASSWORD, { next: '/account' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/en/account');
    const cookie = res.cookies.find((c) => c.name === SESSION_COOKIE)!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe('Lax');
    const account = await t.app.inject({ url: '/en/account', headers: { cookie: jar } });
    expect(account.statusCode).toBe(200);
    expect(account.body).toContain(user.email);
    const row = await t.db
      .selectFrom('users')
      .select('last_login_at')
      .where('id', '=', user.id)
      .executeTakeFirstOrThrow();
    expect(row.last_login_at).not.toBeNull();
  });

  it('ignores a next parameter that leaves the site', async () => {
    const user = await makeUser(t.db);
    for (const next of ['//evil.example/x', 'https://evil.example', '/\\evil.example']) {
      const { res } = await signInWith(t, user.email, TEST_PASSWORD, { next });
      expect(res.statusCode).toBe(303);
      expect(res.headers.location).toBe('/en/dashboard');
    }
  });

  it('gives one generic message for a wrong password and for an unknown e-mail', async () => {
    const user = await makeUser(t.db);
    const wrong = await signInWith(t, user.email, 'not-the-password');
    const unknown = await signInWith(t, 'nobody@example.org', 'not-the-password');
    for (const { res } of [wrong, unknown]) {
      expect(res.statusCode).toBe(422);
      expect(res.body).toContain('The e-mail address or the password is not correct');
      expect(res.cookies.find((c) => c.name === SESSION_COOKIE)).toBeUndefined();
    }
  });

  it('does not sign in a disabled or invited account', async () => {
    const disabled = await makeUser(t.db, { status: 'disabled' });
    const invited = await makeUser(t.db, { status: 'invited' });
    for (const u of [disabled, invited]) {
      const { res } = await signInWith(t, u.email, TEST_PASSWORD);
      expect(res.statusCode).toBe(422);
    }
  });

  it('locks the account after too many wrong passwords and says when to try again', async () => {
    const user = await makeUser(t.db);
    await signInWith(t, user.email, 'wrong-1');
    await signInWith(t, user.email, 'wrong-2');
    const third = await signInWith(t, user.email, 'wrong-3');
    expect(third.res.statusCode).toBe(429);
    expect(third.res.body).toContain('This account is locked for a while');
    expect(third.res.body).toMatch(/Try again in 15 minutes/);
    // Even the right password is refused while the lock lasts.
    const right = await signInWith(t, user.email, TEST_PASSWORD);
    expect(right.res.statusCode).toBe(429);
    expect(right.res.body).toMatch(/Try again in 1[45] minutes/);
    const row = await t.db
      .selectFrom('users')
      .select('locked_until')
      .where('id', '=', user.id)
      .executeTakeFirstOrThrow();
    expect(new Date(row.locked_until!).getTime()).toBeGreaterThan(Date.now() + 14 * 60_000);
    const audited = await t.db
      .selectFrom('audit_log')
      .select('action')
      .where('object_id', '=', String(user.id))
      .where('action', '=', 'user.lock')
      .execute();
    expect(audited).toHaveLength(1);

    // When the lock has passed, the right password works again.
    await t.db
      .updateTable('users')
      .set({ locked_until: new Date(Date.now() - 1000).toISOString() })
      .where('id', '=', user.id)
      .execute();
    const later = await signInWith(t, user.email, TEST_PASSWORD);
    expect(later.res.statusCode).toBe(303);
  });

  it('rate-limits sign-in attempts per address', async () => {
    const ip = '198.51.100.7';
    const page = await t.app.inject({ url: '/en/login', remoteAddress: ip });
    const jar = cookiesFrom(page);
    const csrf = csrfFrom(page.body);
    const statuses: number[] = [];
    for (let i = 0; i < 31; i++) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/en/login',
        remoteAddress: ip,
        payload: form({ _csrf: csrf, email: `nobody${i}@example.org`, password: 'x' }).payload,
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: jar },
      });
      statuses.push(res.statusCode);
      if (res.statusCode === 429) {
        expect(res.body).toContain('Too many attempts');
        break;
      }
    }
    expect(statuses.slice(0, 30).every((s) => s === 422)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
    // Another address is not affected.
    const user = await makeUser(t.db);
    const { res } = await signInWith(t, user.email, TEST_PASSWORD, { ip: '198.51.100.8' });
    expect(res.statusCode).toBe(303);
  });

  it('makes a new session at sign-in: the cookie from before no longer works', async () => {
    const user = await makeUser(t.db);
    // A session the browser already had (someone else's, or planted), with its CSRF token.
    const before = await loginAs(t, await makeUser(t.db));
    const res = await t.app.inject({
      method: 'POST',
      url: '/en/login',
      ...form({ _csrf: before.csrf, email: user.email, password: TEST_PASSWORD }),
      headers: { ...form({}).headers, cookie: before.cookie },
    });
    expect(res.statusCode).toBe(303);
    const jar = cookiesFrom(res, before.cookie);
    expect(jar).not.toContain(before.cookie);
    const old = await t.app.inject({ url: '/en/account', headers: { cookie: before.cookie } });
    expect(old.statusCode).toBe(303);
    expect(old.headers.location).toBe('/en/login?next=%2Faccount');
    const fresh = await t.app.inject({ url: '/en/account', headers: { cookie: jar } });
    expect(fresh.statusCode).toBe(200);
    expect(fresh.body).toContain(user.email);
  });

  it('signs out: the session ends on the server', async () => {
    const user = await makeUser(t.db);
    const login = await loginAs(t, user);
    const res = await t.app.inject({
      method: 'POST',
      url: '/en/logout',
      ...form({ _csrf: login.csrf }),
      headers: { ...form({}).headers, cookie: login.cookie },
    });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/en/login?signedOut=1');
    const after = await t.app.inject({ url: '/en/account', headers: { cookie: login.cookie } });
    expect(after.statusCode).toBe(303);
  });

  it('refuses a form posted without the CSRF token', async () => {
    const user = await makeUser(t.db);
    const login = await loginAs(t, user);
    const logout = await t.app.inject({
      method: 'POST',
      url: '/en/logout',
      ...form({}),
      headers: { ...form({}).headers, cookie: login.cookie },
    });
    expect(logout.statusCode).toBe(403);
    const signIn = await t.app.inject({
      method: 'POST',
      url: '/en/login',
      ...form({ email: user.email, password: TEST_PASSWORD }),
    });
    expect(signIn.statusCode).toBe(403);
    expect(signIn.cookies.find((c) => c.name === SESSION_COOKIE)).toBeUndefined();
  });

  it('ends a session after the idle timeout and after the absolute timeout', async () => {
    const user = await makeUser(t.db);
    const idle = await loginAs(t, user);
    const absolute = await loginAs(t, user);
    const ok = await t.app.inject({ url: '/en/account', headers: { cookie: idle.cookie } });
    expect(ok.statusCode).toBe(200);
    const longAgo = new Date(Date.now() - (t.config.sessionIdleMinutes + 1) * 60_000).toISOString();
    const sessions = await t.db
      .selectFrom('sessions')
      .select(['id', 'created_at'])
      .where('user_id', '=', user.id)
      .orderBy('created_at')
      .execute();
    expect(sessions).toHaveLength(2);
    await t.db
      .updateTable('sessions')
      .set({ last_seen_at: longAgo })
      .where('id', '=', sessions[0]!.id)
      .execute();
    await t.db
      .updateTable('sessions')
      .set({ expires_at: new Date(Date.now() - 1000).toISOString() })
      .where('id', '=', sessions[1]!.id)
      .execute();
    for (const s of [idle, absolute]) {
      const res = await t.app.inject({ url: '/en/account', headers: { cookie: s.cookie } });
      expect(res.statusCode).toBe(303);
      expect(res.headers.location).toMatch(/^\/en\/login/);
    }
    const left = await t.db.selectFrom('sessions').select('id').where('user_id', '=', user.id).execute();
    expect(left).toHaveLength(0);
  });
});
