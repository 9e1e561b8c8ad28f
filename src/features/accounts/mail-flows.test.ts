import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { makeInstitution, makeUser, TEST_PASSWORD } from '../../../test/factories.ts';
import { createTestApp, loginAs, type TestApp } from '../../../test/helpers.ts';
import { type ReceivedMail, type SmtpPeer, startSmtpPeer } from '../../../test/smtp.ts';
import { inviteUser, resendInvitation } from './service.ts';
import { Visitor } from './test-support.ts';
import { SYSTEM_ACTOR } from '../../platform/auth/actor.ts';

function linkPath(text: string, kind: 'invitation' | 'password/reset'): string {
  const m = new RegExp(`https?://\\S+(/(en|es|fr|pt)/${kind}/[A-Za-z0-9_-]+)`).exec(text);
  if (!m) throw new Error(`No ${kind} link in: ${text}`);
  return m[1]!;
}

describe('e-mails over SMTP: invitation and password reset', () => {
  let t: TestApp;
  let smtp: SmtpPeer;
  let inbox: ReceivedMail[];

  beforeAll(async () => {
    smtp = await startSmtpPeer();
    inbox = smtp.inbox;
    t = await createTestApp({ SMTP_URL: smtp.url, BASE_URL: 'https://sismel.example' });
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });
  beforeEach(() => {
    inbox.length = 0;
  });

  async function deliver(): Promise<void> {
    await t.app.deps.jobs.runDue();
  }

  it('a coordinator invites an editor; the e-mail is in the invitee language; the link sets a password and signs in', async () => {
    const inst = await makeInstitution(t.db, {
      country_iso3: 'URY',
      name: 'Instituto Nacional de Empleo',
      acronym: 'INEFOP',
    });
    const coordinator = await makeUser(t.db, {
      role: 'coordinator',
      country_iso3: 'URY',
      name: 'Lucía Pereira',
    });
    const v = new Visitor(t);
    v.jar = (await loginAs(t, coordinator)).cookie;
    const page = await v.get('/en/countries/URY/people');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('INEFOP');
    const res = await v.post('/en/countries/URY/people', {
      name: 'Ana Gómez',
      email: 'Ana.Gomez@example.uy',
      role: 'editor',
      institutionId: String(inst.id),
      locale: 'es',
    });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/en/countries/URY/people?notice=invited');
    const listed = await v.get(res.headers.location as string);
    expect(listed.body).toContain('Ana Gómez');
    expect(listed.body).toContain('Invited');

    await deliver();
    expect(inbox).toHaveLength(1);
    const mail = inbox[0]!;
    expect(mail.to).toBe('ana.gomez@example.uy');
    expect(mail.subject).toBe('Su invitación a SISMEL');
    expect(mail.text).toContain('Hola, Ana Gómez');
    expect(mail.text).toContain('Lucía Pereira le ha invitado');
    expect(mail.text).toContain('Editor de Uruguay');
    const path = linkPath(mail.text, 'invitation');
    expect(path.startsWith('/es/invitation/')).toBe(true);
    expect(mail.text).toContain(`https://sismel.example${path}`);

    const invitee = new Visitor(t, '203.0.113.9');
    const form = await invitee.get(path);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('Acepte su invitación');
    expect(form.body).toContain('value="Ana Gómez"');
    const short = await invitee.post(path, { name: 'Ana María Gómez', password: 'short', confirm: 'short' });
    expect(short.statusCode).toBe(422);
    expect(short.body).toContain('al menos 10 caracteres');
    const done = await invitee.post(path, {
      name: 'Ana María Gómez',
      password: 'un-buen-secreto-2026',
      confirm: 'un-buen-secreto-2026',
    });
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe('/es/account?notice=welcome');
    const profile = await invitee.get(done.headers.location as string);
    expect(profile.statusCode).toBe(200);
    expect(profile.body).toContain('Bienvenido a SISMEL');
    expect(profile.body).toContain('value="Ana María Gómez"');
    expect(profile.body).toContain('Instituto Nacional de Empleo (INEFOP)');

    const row = await t.db
      .selectFrom('users')
      .selectAll()
      .where('email', '=', 'ana.gomez@example.uy')
      .executeTakeFirstOrThrow();
    expect(row.status).toBe('active');
    expect(row.last_login_at).not.toBeNull();
    // The link worked once.
    expect((await new Visitor(t).get(path)).statusCode).toBe(404);
    // And the new password signs in.
    expect((await new Visitor(t).signIn('ana.gomez@example.uy', 'un-buen-secreto-2026')).statusCode).toBe(
      303,
    );
  });

  it('re-sending an invitation makes the old link invalid', async () => {
    const { userId } = await inviteUser(t.app.deps, SYSTEM_ACTOR, {
      email: 'reader.resend@example.org',
      name: 'Reader Resend',
      role: 'reader',
      countryIso3: 'JAM',
      institutionId: null,
      locale: 'en',
    });
    const { inviteUrl } = await resendInvitation(t.app.deps, SYSTEM_ACTOR, userId);
    await deliver();
    expect(inbox.map((m) => m.to)).toEqual(['reader.resend@example.org', 'reader.resend@example.org']);
    const [first, second] = inbox.map((m) => linkPath(m.text, 'invitation'));
    expect(first).not.toBe(second);
    expect(new URL(inviteUrl).pathname).toBe(second);
    expect((await new Visitor(t).get(first!)).statusCode).toBe(404);
    expect((await new Visitor(t).get(second!)).statusCode).toBe(200);
  });

  it('an invited Secretariat member sets up two-factor sign-in right after choosing a password', async () => {
    await inviteUser(t.app.deps, SYSTEM_ACTOR, {
      email: 'new.secretariat@example.org',
      name: 'New Secretariat',
      role: 'secretariat',
      countryIso3: null,
      institutionId: null,
      locale: 'pt',
    });
    await deliver();
    expect(inbox[0]!.subject).toBe('Seu convite para o SISMEL');
    const path = linkPath(inbox[0]!.text, 'invitation');
    const v = new Visitor(t);
    await v.get(path);
    const done = await v.post(path, {
      name: 'New Secretariat',
      password: 'long-enough-pass',
      confirm: 'long-enough-pass',
    });
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe('/pt/login/setup?next=%2Faccount');
    expect((await v.get('/pt/account')).statusCode).toBe(303);
  });

  it('password reset: same answer for any address, a French e-mail with a one-hour link, all sessions end', async () => {
    const user = await makeUser(t.db, { locale: 'fr', name: 'Jean Pierre' });
    const existing = await loginAs(t, user);

    const v = new Visitor(t, '192.0.2.50');
    await v.get('/en/password/forgot');
    const unknown = await v.post('/en/password/forgot', { email: 'nobody@example.org' });
    await v.get('/en/password/forgot');
    const known = await v.post('/en/password/forgot', { email: user.email });
    expect(unknown.statusCode).toBe(303);
    expect(known.statusCode).toBe(303);
    expect(known.headers.location).toBe(unknown.headers.location);
    const sent = await v.get(known.headers.location as string);
    expect(sent.body).toContain('If an account exists for this address');

    await deliver();
    expect(inbox).toHaveLength(1);
    expect(inbox[0]!.to).toBe(user.email);
    expect(inbox[0]!.subject).toBe('Réinitialisez votre mot de passe SISMEL');
    expect(inbox[0]!.text).toContain('Bonjour Jean Pierre');
    expect(inbox[0]!.text).toContain('pendant 60 minutes');
    const path = linkPath(inbox[0]!.text, 'password/reset');
    expect(path.startsWith('/fr/password/reset/')).toBe(true);
    const token = await t.db
      .selectFrom('user_tokens')
      .selectAll()
      .where('user_id', '=', user.id)
      .executeTakeFirstOrThrow();
    const validity = new Date(token.expires_at).getTime() - new Date(token.created_at).getTime();
    expect(Math.round(validity / 60_000)).toBe(60);
    expect(path).not.toContain(token.token_hash);

    const r = new Visitor(t);
    const page = await r.get(path);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Choisissez un nouveau mot de passe');
    const mismatch = await r.post(path, { password: 'nouveau-secret-1', confirm: 'nouveau-secret-2' });
    expect(mismatch.statusCode).toBe(422);
    expect(mismatch.body).toContain('Les deux mots de passe ne correspondent pas');
    const done = await r.post(path, { password: 'nouveau-secret-1', confirm: 'nouveau-secret-1' });
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe('/fr/login?reset=1');
    expect((await r.get('/fr/login?reset=1')).body).toContain('Votre mot de passe a été modifié');

    // The session from before the reset is over; the old password no longer works; the new one does.
    expect(
      (await t.app.inject({ url: '/en/account', headers: { cookie: existing.cookie } })).statusCode,
    ).toBe(303);
    expect((await new Visitor(t).signIn(user.email, TEST_PASSWORD)).statusCode).toBe(422);
    expect((await new Visitor(t).signIn(user.email, 'nouveau-secret-1')).statusCode).toBe(303);
    // The link worked once.
    expect((await new Visitor(t).get(path)).statusCode).toBe(404);
  });

  it('an expired reset link is refused', async () => {
    const user = await makeUser(t.db);
    const v = new Visitor(t, '192.0.2.51');
    await v.get('/en/password/forgot');
    await v.post('/en/password/forgot', { email: user.email });
    await deliver();
    const path = linkPath(inbox[0]!.text, 'password/reset');
    await t.db
      .updateTable('user_tokens')
      .set({ expires_at: new Date(Date.now() - 1000).toISOString() })
      .where('user_id', '=', user.id)
      .execute();
    const res = await new Visitor(t).get(path);
    expect(res.statusCode).toBe(404);
    expect(res.body).toContain('This link is not valid any more');
  });
});
