import { generate } from 'otplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeUser, TEST_PASSWORD } from '../../../test/factories.ts';
import { createTestApp, type TestApp } from '../../../test/helpers.ts';
import { actorFromUser } from '../../platform/auth/actor.ts';
import { regenerateRecoveryCodes } from './service.ts';
import { Visitor } from './test-support.ts';
import { newTotpSecret } from './totp.ts';

const now = () => Math.floor(Date.now() / 1000);

describe('two-factor sign-in', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  async function userWithTotp(role: 'editor' | 'secretariat' = 'editor') {
    const secret = newTotpSecret();
    const user = await makeUser(t.db, { role, totp_secret: secret, totp_enabled: 1 });
    return { user, secret };
  }

  it('sends the Secretariat to set up two-factor sign-in at first sign-in, and nowhere else before that', async () => {
    const user = await makeUser(t.db, { role: 'secretariat' });
    const v = new Visitor(t);
    const res = await v.signIn(user.email, TEST_PASSWORD);
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/en/login/setup');

    // Half-way: no access to signed-in pages yet.
    const account = await v.get('/en/account');
    expect(account.statusCode).toBe(303);
    expect(account.headers.location).toMatch(/^\/en\/login/);

    const setup = await v.get('/en/login/setup');
    expect(setup.statusCode).toBe(200);
    expect(setup.body).toContain('src="data:image/svg+xml;base64,');
    const shown = /<code class="secret">([A-Z2-7 ]+)<\/code>/.exec(setup.body)![1]!.replace(/ /g, '');
    const stored = await t.db
      .selectFrom('users')
      .select(['totp_secret', 'totp_enabled'])
      .where('id', '=', user.id)
      .executeTakeFirstOrThrow();
    expect(stored.totp_secret).toBe(shown);
    expect(stored.totp_enabled).toBe(0);

    // Reloading keeps the same secret (what was scanned stays valid).
    const again = await v.get('/en/login/setup');
    expect(again.body).toContain(/<code class="secret">([A-Z2-7 ]+)<\/code>/.exec(setup.body)![1]);

    const wrong = await v.post('/en/login/setup', { code: '000000' });
    expect(wrong.statusCode).toBe(422);
    expect(wrong.body).toContain('The code is not correct');

    const halfCookie = v.jar;
    const done = await v.post('/en/login/setup', { code: await generate({ secret: shown }) });
    expect(done.statusCode).toBe(200);
    const codes = [...done.body.matchAll(/<li><code>([a-z0-9]{5}-[a-z0-9]{5})<\/code><\/li>/g)].map(
      (m) => m[1]!,
    );
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    expect(v.jar).not.toBe(halfCookie);

    const rows = await t.db
      .selectFrom('recovery_codes')
      .select('code_hash')
      .where('user_id', '=', user.id)
      .execute();
    expect(rows).toHaveLength(10);
    expect(rows.map((r) => r.code_hash)).not.toContain(codes[0]);
    const enabled = await t.db
      .selectFrom('users')
      .select('totp_enabled')
      .where('id', '=', user.id)
      .executeTakeFirstOrThrow();
    expect(enabled.totp_enabled).toBe(1);

    const profile = await v.get('/en/account');
    expect(profile.statusCode).toBe(200);
    expect(profile.body).toContain('10 recovery codes left.');
    expect(profile.body).toContain('required for your role and cannot be turned off');

    // Turning it off is refused for the Secretariat, whatever is posted.
    const off = await v.post('/en/account/two-factor/disable', { disablePassword: TEST_PASSWORD });
    expect(off.statusCode).toBe(403);
    const still = await t.db
      .selectFrom('users')
      .select('totp_enabled')
      .where('id', '=', user.id)
      .executeTakeFirstOrThrow();
    expect(still.totp_enabled).toBe(1);
  });

  it('asks for the code after the password, accepts it once, and refuses a replayed code', async () => {
    const { user, secret } = await userWithTotp();
    const v = new Visitor(t);
    const res = await v.signIn(user.email, TEST_PASSWORD);
    expect(res.headers.location).toBe('/en/login/code');
    expect((await v.get('/en/account')).statusCode).toBe(303);

    const page = await v.get('/en/login/code');
    expect(page.body).toContain('Enter your sign-in code');
    const bad = await v.post('/en/login/code', { code: '123456' });
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toContain('The code is not correct');

    const code = await generate({ secret });
    const ok = await v.post('/en/login/code', { code });
    expect(ok.statusCode).toBe(303);
    expect(ok.headers.location).toBe('/en/dashboard');
    expect((await v.get('/en/account')).statusCode).toBe(200);

    // The same code cannot be used for a second sign-in.
    const other = new Visitor(t);
    await other.signIn(user.email, TEST_PASSWORD);
    await other.get('/en/login/code');
    const replay = await other.post('/en/login/code', { code });
    expect(replay.statusCode).toBe(422);
    // The next period's code is accepted (a phone clock a little ahead).
    const next = await other.post('/en/login/code', { code: await generate({ secret, epoch: now() + 30 }) });
    expect(next.statusCode).toBe(303);
  });

  it('accepts a recovery code once', async () => {
    const { user } = await userWithTotp();
    const codes = await regenerateRecoveryCodes(t.app.deps, actorFromUser(user));
    const v = new Visitor(t);
    await v.signIn(user.email, TEST_PASSWORD);
    await v.get('/en/login/code');
    const ok = await v.post('/en/login/code', { code: codes[3]!.toUpperCase() });
    expect(ok.statusCode).toBe(303);
    expect((await v.get('/en/account')).body).toContain('9 recovery codes left.');

    const w = new Visitor(t);
    await w.signIn(user.email, TEST_PASSWORD);
    await w.get('/en/login/code');
    const reused = await w.post('/en/login/code', { code: codes[3]! });
    expect(reused.statusCode).toBe(422);
  });

  it('locks the account after too many wrong codes', async () => {
    const { user } = await userWithTotp();
    const v = new Visitor(t);
    await v.signIn(user.email, TEST_PASSWORD);
    await v.get('/en/login/code');
    let last = await v.post('/en/login/code', { code: '000000' });
    for (let i = 1; i < t.config.loginMaxAttempts && last.statusCode === 422; i++) {
      last = await v.post('/en/login/code', { code: '000000' });
    }
    expect(last.statusCode).toBe(429);
    expect(last.body).toContain('This account is locked for a while');
    // The half-way session is gone; the password alone no longer gets through either.
    expect((await v.get('/en/login/code')).statusCode).toBe(303);
    const again = await new Visitor(t).signIn(user.email, TEST_PASSWORD);
    expect(again.statusCode).toBe(429);
  });

  it('lets an editor turn two-factor sign-in on from the profile and off with the password', async () => {
    const user = await makeUser(t.db, { role: 'editor' });
    const v = new Visitor(t);
    await v.signIn(user.email, TEST_PASSWORD);
    const profile = await v.get('/en/account');
    expect(profile.body).toContain('Set up two-factor sign-in');
    const setup = await v.get('/en/account/two-factor');
    const secret = /<code class="secret">([A-Z2-7 ]+)<\/code>/.exec(setup.body)![1]!.replace(/ /g, '');
    const done = await v.post('/en/account/two-factor', { code: await generate({ secret }) });
    expect(done.statusCode).toBe(200);
    expect(done.body).toContain('Two-factor sign-in is now on.');

    await v.get('/en/account');
    const wrongPassword = await v.post('/en/account/two-factor/disable', {
      disablePassword: 'nope-nope-nope',
    });
    expect(wrongPassword.statusCode).toBe(422);
    expect(wrongPassword.body).toContain('The current password is not correct');
    const off = await v.post('/en/account/two-factor/disable', { disablePassword: TEST_PASSWORD });
    expect(off.statusCode).toBe(303);
    const row = await t.db
      .selectFrom('users')
      .select(['totp_enabled', 'totp_secret'])
      .where('id', '=', user.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ totp_enabled: 0, totp_secret: null });
    const codes = await t.db
      .selectFrom('recovery_codes')
      .select('id')
      .where('user_id', '=', user.id)
      .execute();
    expect(codes).toHaveLength(0);
    // Next sign-in goes straight through.
    const next = await new Visitor(t).signIn(user.email, TEST_PASSWORD);
    expect(next.headers.location).toBe('/en/dashboard');
  });

  it('makes new recovery codes from the profile; the old ones stop working', async () => {
    const { user } = await userWithTotp();
    const old = await regenerateRecoveryCodes(t.app.deps, actorFromUser(user));
    const v = new Visitor(t);
    await v.signIn(user.email, TEST_PASSWORD);
    await v.get('/en/login/code');
    await v.post('/en/login/code', { code: old[0]! });
    await v.get('/en/account');
    const fresh = await v.post('/en/account/recovery-codes', {});
    expect(fresh.statusCode).toBe(200);
    expect(fresh.body).toContain('The old ones no longer work');
    const w = new Visitor(t);
    await w.signIn(user.email, TEST_PASSWORD);
    await w.get('/en/login/code');
    expect((await w.post('/en/login/code', { code: old[1]! })).statusCode).toBe(422);
  });
});
