import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { makeUser } from '../../../test/factories.ts';
import { createTestApp, form, type TestApp } from '../../../test/helpers.ts';
import { buildApp } from '../../app.ts';
import type { User } from '../../db/schema.ts';
import { actorFromUser } from '../../platform/auth/actor.ts';
import { DIGEST_JOB, nextDigestSlot, sendDigests } from './jobs.ts';
import { notify, registerNotificationKind } from './service.ts';
import { type ReceivedMail, startSmtpPeer } from '../../../test/smtp.ts';

// Test kinds, with a title message that exists in every language ("Edit {name}").
registerNotificationKind({
  kind: 'test.mail-now',
  titleKey: 'countries.institution.editTitle',
  defaultFrequency: 'immediate',
});
registerNotificationKind({
  kind: 'test.mail-digest',
  titleKey: 'countries.institution.editTitle',
  defaultFrequency: 'daily',
});

const BASE = 'https://sismel.example';

function lastMondaySlot(now: Date): Date {
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), 6));
  while (d.getUTCDay() !== 1 || d.getTime() > now.getTime()) d.setUTCDate(d.getUTCDate() - 1);
  return d;
}

describe('notification e-mails over SMTP', () => {
  let t: TestApp;
  let smtp: Awaited<ReturnType<typeof startSmtpPeer>>;
  let inbox: ReceivedMail[];
  let actor: User;
  const settings = { baseUrl: BASE, secret: 'x'.repeat(40) };

  beforeAll(async () => {
    smtp = await startSmtpPeer();
    inbox = smtp.inbox;
    t = await createTestApp({ SMTP_URL: smtp.url, BASE_URL: BASE });
    actor = await makeUser(t.db, { role: 'editor', country_iso3: 'URY', name: 'Martín Suárez' });
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });
  beforeEach(() => {
    inbox.length = 0;
  });

  async function send(kind: string, userIds: number[], extra: Partial<Parameters<typeof notify>[2]> = {}) {
    await t.db.transaction().execute((trx) =>
      notify(trx, actorFromUser(actor), {
        kind,
        userIds,
        params: { name: 'Informe anual 2026' },
        url: '/consultations/12',
        ...extra,
      }),
    );
  }

  it("sends an 'immediate' notification at once, in the recipient's language, with its links", async () => {
    const ana = await makeUser(t.db, {
      role: 'coordinator',
      country_iso3: 'CHL',
      locale: 'es',
      name: 'Ana Rojas',
    });
    const john = await makeUser(t.db, {
      role: 'coordinator',
      country_iso3: 'CAN',
      locale: 'en',
      name: 'John Doe',
    });
    await send('test.mail-now', [ana.id, john.id, actor.id]);
    await t.app.deps.jobs.runDue();

    expect(inbox.map((m) => m.to).sort()).toEqual([ana.email, john.email].sort());
    const es = inbox.find((m) => m.to === ana.email)!;
    expect(es.subject).toBe('Editar Informe anual 2026');
    expect(es.text).toContain('Hola, Ana Rojas:');
    expect(es.text).toContain(`${BASE}/es/consultations/12`);
    expect(es.text).toMatch(new RegExp(`${BASE}/es/notifications/unsubscribe/[\\w.-]+`));
    expect(es.text).toContain(`${BASE}/es/notifications/preferences`);
    // Mail programs offer one-click unsubscribe (RFC 2369, RFC 8058).
    expect(es.head).toMatch(
      new RegExp(`^List-Unsubscribe: <${BASE}/es/notifications/unsubscribe/[\\w.-]+>`, 'm'),
    );
    expect(es.head).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click/m);
    const en = inbox.find((m) => m.to === john.email)!;
    expect(en.subject).toBe('Edit Informe anual 2026');
    expect(en.text).toContain('Hello John Doe,');
    expect(en.text).toContain(`${BASE}/en/consultations/12`);

    // Sent once: running the jobs again sends nothing more.
    await t.app.deps.jobs.runDue();
    expect(inbox).toHaveLength(2);
  });

  it("sends nothing to a recipient whose preference is 'off', but still shows it in the centre", async () => {
    const off = await makeUser(t.db, { role: 'coordinator', country_iso3: 'MEX', locale: 'es' });
    await t.db
      .insertInto('notification_preferences')
      .values({
        user_id: off.id,
        kind: 'test.mail-now',
        frequency: 'off',
        updated_at: new Date().toISOString(),
      })
      .execute();
    await send('test.mail-now', [off.id]);
    await t.app.deps.jobs.runDue();
    expect(inbox).toHaveLength(0);
    const rows = await t.db.selectFrom('notifications').select('id').where('user_id', '=', off.id).execute();
    expect(rows).toHaveLength(1);
    // 'off' is not a digest either.
    await sendDigests(t.db, settings, nextDigestSlot(new Date()));
    await t.app.deps.jobs.runDue();
    expect(inbox).toHaveLength(0);
  });

  it('the unsubscribe link of an e-mail works without a session and stops that kind of e-mail', async () => {
    const ana = await makeUser(t.db, {
      role: 'coordinator',
      country_iso3: 'BRA',
      locale: 'pt',
      name: 'Ana Souza',
    });
    await send('test.mail-now', [ana.id]);
    await t.app.deps.jobs.runDue();
    expect(inbox).toHaveLength(1);
    const path = new RegExp(`${BASE}(/pt/notifications/unsubscribe/[\\w.-]+)`).exec(inbox[0]!.text)![1]!;
    // The first unsubscribe link in the message is the one for this kind only.
    const page = await t.app.inject({ url: path });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Cancelar inscrição');
    const res = await t.app.inject({ method: 'POST', url: path, ...form({}) });
    expect(res.statusCode).toBe(303);
    const after = await t.app.inject({ url: res.headers.location as string });
    expect(after.body).toContain('Você não receberá mais e-mails sobre');
    inbox.length = 0;
    await send('test.mail-now', [ana.id]);
    await t.app.deps.jobs.runDue();
    expect(inbox).toHaveLength(0);
  });

  it('daily digests are grouped by theme then country, in Spanish and in English, and sent once', async () => {
    const es = await makeUser(t.db, {
      role: 'coordinator',
      country_iso3: 'URY',
      locale: 'es',
      name: 'Lucía Pereira',
    });
    const en = await makeUser(t.db, {
      role: 'coordinator',
      country_iso3: 'JAM',
      locale: 'en',
      name: 'Kim Brown',
    });
    const ids = [es.id, en.id];
    await send('test.mail-digest', ids, {
      params: { name: 'Encuesta de empleo' },
      themeCodes: ['labour-training'],
      countryIso3: 'URY',
    });
    await send('test.mail-digest', ids, {
      params: { name: 'Formación dual' },
      themeCodes: ['labour-training'],
      countryIso3: 'CHL',
    });
    await send('test.mail-digest', ids, {
      params: { name: 'Reforma laboral' },
      themeCodes: ['labour-legislation'],
      countryIso3: 'URY',
    });
    await send('test.mail-digest', ids, { params: { name: 'Boletín' } });
    await t.app.deps.jobs.runDue();
    expect(inbox).toHaveLength(0); // a digest kind waits for the digest

    const slot = nextDigestSlot(new Date());
    await sendDigests(t.db, settings, slot);
    await t.app.deps.jobs.runDue();
    expect(inbox.map((m) => m.to).sort()).toEqual([es.email, en.email].sort());

    const spanish = inbox.find((m) => m.to === es.email)!;
    expect(spanish.subject).toBe('Resumen diario de SISMEL: 4 notificaciones');
    const s = spanish.text;
    expect(s).toContain('Hola, Lucía Pereira:');
    // Themes in their order, countries alphabetically within each, "Other" last.
    const order = [
      'Formación laboral',
      'Chile',
      'Editar Formación dual',
      'Uruguay',
      'Editar Encuesta de empleo',
      'Legislación laboral',
      'Uruguay',
      'Editar Reforma laboral',
      'Otros',
      'Regional o varios países',
      'Editar Boletín',
    ];
    let at = -1;
    for (const piece of order) {
      const next = s.indexOf(piece, at + 1);
      expect(next, `"${piece}" after position ${at}`).toBeGreaterThan(at);
      at = next;
    }
    expect(s).toContain(`${BASE}/es/consultations/12`);
    expect(s).toMatch(new RegExp(`${BASE}/es/notifications/unsubscribe/[\\w.-]+`));

    const english = inbox.find((m) => m.to === en.email)!;
    expect(english.subject).toBe('SISMEL daily summary: 4 notifications');
    const e = english.text;
    expect(e.indexOf('Labour training')).toBeLessThan(e.indexOf('Labour legislation'));
    expect(e.indexOf('Labour legislation')).toBeLessThan(e.indexOf('Regional or several countries'));
    expect(e).toContain('Edit Formación dual');
    expect(e).toContain(`${BASE}/en/consultations/12`);

    // Once per period: the same slot again sends nothing, and neither does the next slot
    // without anything new.
    inbox.length = 0;
    expect(await sendDigests(t.db, settings, slot)).toBe(0);
    expect(await sendDigests(t.db, settings, new Date(slot.getTime() + 24 * 3600_000))).toBe(0);
    await t.app.deps.jobs.runDue();
    expect(inbox).toHaveLength(0);
  });

  it('weekly digests go out on Mondays only, in the reader language', async () => {
    const weekly = await makeUser(t.db, {
      role: 'coordinator',
      country_iso3: 'HTI',
      locale: 'en',
      name: 'Weekly Reader',
    });
    await t.db
      .insertInto('notification_preferences')
      .values({
        user_id: weekly.id,
        kind: 'test.mail-digest',
        frequency: 'weekly',
        updated_at: new Date().toISOString(),
      })
      .execute();
    await send('test.mail-digest', [weekly.id], {
      params: { name: 'Inspección' },
      themeCodes: ['labour-legislation'],
      countryIso3: 'HTI',
    });
    const monday = lastMondaySlot(new Date());
    const tuesday = new Date(monday.getTime() + 24 * 3600_000);
    // A Tuesday slot (in the past or future, it does not matter) sends daily digests only.
    await sendDigests(t.db, settings, tuesday);
    await t.app.deps.jobs.runDue();
    expect(inbox.filter((m) => m.to === weekly.email)).toHaveLength(0);

    await sendDigests(t.db, settings, monday);
    await t.app.deps.jobs.runDue();
    const mails = inbox.filter((m) => m.to === weekly.email);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toBe('SISMEL weekly summary: 1 notification');
    expect(mails[0]!.text).toContain('Labour legislation');
    expect(mails[0]!.text).toContain('Haiti');
    expect(mails[0]!.text).toContain('Edit Inspección');

    inbox.length = 0;
    await sendDigests(t.db, settings, monday);
    await t.app.deps.jobs.runDue();
    expect(inbox).toHaveLength(0);
  });

  it('a digest that fell due while the server was down is sent on the next start, and one run stays scheduled', async () => {
    const user = await makeUser(t.db, {
      role: 'coordinator',
      country_iso3: 'URY',
      locale: 'es',
      name: 'Rosa Díaz',
    });
    await send('test.mail-digest', [user.id], {
      params: { name: 'Pendiente' },
      themeCodes: ['labour-training'],
    });

    const pending = await t.db
      .selectFrom('jobs')
      .select(['id', 'run_at'])
      .where('kind', '=', DIGEST_JOB)
      .where('status', '=', 'queued')
      .execute();
    expect(pending).toHaveLength(1);
    // The server was down when this run fell due (an hour ago).
    const missed = new Date(Date.now() - 3600_000);
    await t.db
      .updateTable('jobs')
      .set({ run_at: missed.toISOString(), payload: JSON.stringify({ slot: missed.toISOString() }) })
      .where('id', '=', pending[0]!.id)
      .execute();

    // "Restart": a new application over the same database.
    await t.app.close();
    t.app = await buildApp({ config: t.config, handle: t.handle, logger: false });
    await t.app.ready();
    const afterStart = await t.db
      .selectFrom('jobs')
      .select('id')
      .where('kind', '=', DIGEST_JOB)
      .where('status', '=', 'queued')
      .execute();
    expect(afterStart).toHaveLength(1);

    await t.app.deps.jobs.runDue();
    const mail = inbox.find((m) => m.to === user.email);
    expect(mail?.subject).toBe('Resumen diario de SISMEL: 1 notificación');
    expect(mail?.text).toContain('Editar Pendiente');

    const next = await t.db
      .selectFrom('jobs')
      .select(['run_at', 'payload'])
      .where('kind', '=', DIGEST_JOB)
      .where('status', '=', 'queued')
      .execute();
    expect(next).toHaveLength(1);
    expect(new Date(next[0]!.run_at).getTime()).toBeGreaterThan(Date.now());
    expect(new Date(next[0]!.run_at).getUTCHours()).toBe(6);
  });
});
