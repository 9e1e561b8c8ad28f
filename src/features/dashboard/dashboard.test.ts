import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeUser, TEST_PASSWORD } from '../../../test/factories.ts';
import { createTestApp, form, loginAs, type TestApp } from '../../../test/helpers.ts';
import type { User } from '../../db/schema.ts';
import { actorFromUser } from '../../platform/auth/actor.ts';
import type { Dashboard } from './model.ts';
import { dashboardFor } from './service.ts';

const DAY = 86_400_000;
const iso = (offsetMs: number) => new Date(Date.now() + offsetMs).toISOString();
const day = (offsetDays: number) => iso(offsetDays * DAY).slice(0, 10);
const json = (text: string) => JSON.stringify({ en: text });

interface ApiItem {
  kind: string;
  id: string;
  title: string;
  url: string | null;
  urgency: string;
  countryIso3: string | null;
  facts: Record<string, unknown>;
}
interface ApiGroup {
  key: string;
  total: number;
  items: ApiItem[];
}

describe('dashboard', () => {
  let t: TestApp;
  let coordUry: User;
  let coordChl: User;
  let editorUry: User;
  let otherEditorUry: User;
  let editorChl: User;
  let secretariat: User;
  let admin: User;
  let reader: User;
  const ids: Record<string, number | string> = {};

  async function dashboardOf(user: User): Promise<Dashboard> {
    return dashboardFor(t, actorFromUser(user));
  }
  function itemsOf(d: Dashboard, key: string) {
    return d.groups.find((g) => g.key === key)?.items ?? [];
  }
  function titlesOf(d: Dashboard, key: string) {
    return itemsOf(d, key).map((i) => i.title.text);
  }
  async function api(user: User): Promise<{ groups: ApiGroup[]; total: number; urgent: number }> {
    const login = await loginAs(t, user);
    const res = await t.app.inject({ url: '/api/v1/dashboard', headers: { cookie: login.cookie } });
    expect(res.statusCode).toBe(200);
    return res.json();
  }
  async function page(user: User, locale = 'en') {
    const login = await loginAs(t, user);
    return t.app.inject({ url: `/${locale}/dashboard`, headers: { cookie: login.cookie } });
  }

  beforeAll(async () => {
    t = await createTestApp();
    const db = t.db;
    const now = iso(0);
    coordUry = await makeUser(db, {
      role: 'coordinator',
      country_iso3: 'URY',
      name: 'Coordinadora URY',
      last_login_at: iso(-DAY),
    });
    coordChl = await makeUser(db, {
      role: 'coordinator',
      country_iso3: 'CHL',
      name: 'Coordinadora CHL',
      last_login_at: iso(-90 * DAY),
    });
    editorUry = await makeUser(db, { role: 'editor', country_iso3: 'URY', name: 'Editor URY' });
    otherEditorUry = await makeUser(db, { role: 'editor', country_iso3: 'URY', name: 'Other editor URY' });
    editorChl = await makeUser(db, { role: 'editor', country_iso3: 'CHL', name: 'Editor CHL' });
    secretariat = await makeUser(db, { role: 'secretariat', name: 'Secretaría' });
    admin = await makeUser(db, { role: 'admin', name: 'Admin' });
    reader = await makeUser(db, { role: 'reader', name: 'Reader' });
    await db
      .insertInto('coordinator_terms')
      .values([
        { country_iso3: 'URY', user_id: coordUry.id, started_at: iso(-200 * DAY) },
        { country_iso3: 'CHL', user_id: coordChl.id, started_at: iso(-200 * DAY) },
      ])
      .execute();

    // Invitations not accepted: one in each country.
    await makeUser(db, {
      role: 'editor',
      country_iso3: 'URY',
      name: 'Invited Uruguayan',
      status: 'invited',
      password_hash: null,
      created_at: iso(-5 * DAY),
    });
    await makeUser(db, {
      role: 'editor',
      country_iso3: 'CHL',
      name: 'Invited Chilean',
      status: 'invited',
      password_hash: null,
    });

    // Consultations.
    const consultation = async (title: string, country: string, extra: Record<string, unknown> = {}) =>
      (
        await db
          .insertInto('consultations')
          .values({ title: json(title), country_iso3: country, created_at: now, updated_at: now, ...extra })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    ids.overdue = await consultation('Chile asks everyone, overdue', 'CHL', { deadline: day(-3) });
    ids.later = await consultation('Chile asks everyone, later', 'CHL', { deadline: day(30) });
    const toChile = await consultation('Mexico asks Chile only', 'MEX', { addressed_all: 0 });
    await db
      .insertInto('consultation_countries')
      .values({ consultation_id: toChile, country_iso3: 'CHL' })
      .execute();
    const answered = await consultation('Chile asks, Uruguay answered', 'CHL');
    await db
      .insertInto('consultation_answers')
      .values({
        consultation_id: answered,
        country_iso3: 'URY',
        author_id: editorUry.id,
        created_at: now,
        updated_at: now,
      })
      .execute();
    await consultation('Chile asks, closed', 'CHL', { state: 'closed' });

    // A study group of Uruguay's coordinator, with a meeting under way and one in ten days.
    const group = async (title: string, moderator: number, members: User[]) => {
      const g = await db
        .insertInto('study_groups')
        .values({ title: json(title), moderator_id: moderator, created_at: now, updated_at: now })
        .returning('id')
        .executeTakeFirstOrThrow();
      for (const m of members) {
        await db
          .insertInto('study_group_members')
          .values({
            group_id: g.id,
            user_id: m.id,
            country_iso3: m.country_iso3,
            status: 'member',
            requested_at: now,
          })
          .execute();
      }
      return g.id;
    };
    const meeting = async (groupId: number, title: string, startsAt: string) =>
      db
        .insertInto('meetings')
        .values({
          group_id: groupId,
          title: json(title),
          starts_at: startsAt,
          host_tz: 'UTC',
          duration_minutes: 90,
          video_room: randomBytes(8).toString('hex'),
          created_at: now,
          updated_at: now,
        })
        .execute();
    const uryGroup = await group('Youth employment group', secretariat.id, [coordUry]);
    await meeting(uryGroup, 'Meeting under way', iso(-10 * 60_000));
    await meeting(uryGroup, 'Meeting in ten days', iso(10 * DAY));
    const chlGroup = await group('Chilean group', secretariat.id, [coordChl]);
    await meeting(chlGroup, 'Chilean meeting tomorrow', iso(DAY));

    // Cooperation: Uruguay's offer with Chile's interest; Chile's request agreed with Uruguay.
    const item = async (
      kind: 'offer' | 'request',
      country: string,
      title: string,
      extra: Record<string, unknown> = {},
    ) =>
      (
        await db
          .insertInto('cooperation_items')
          .values({
            kind,
            country_iso3: country,
            title: json(title),
            contact_name: 'Contact',
            contact_email: 'contact@example.org',
            created_at: now,
            updated_at: now,
            ...extra,
          })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    const offer = await item('offer', 'URY', 'Uruguay offers training', { created_by: otherEditorUry.id });
    await db
      .insertInto('cooperation_interests')
      .values({
        item_id: offer,
        country_iso3: 'CHL',
        user_id: coordChl.id,
        message: 'Interested',
        created_at: now,
        updated_at: now,
      })
      .execute();
    await item('offer', 'URY', 'Uruguay offers without interest');
    await item('request', 'CHL', 'Chile request agreed with Uruguay', {
      status: 'agreed',
      partner_country_iso3: 'URY',
    });

    // Uploads: one left with warnings, one replaced by a later applied upload, one of Chile.
    const upload = async (
      id: string,
      by: User,
      country: string,
      status: string,
      createdAt: string,
      report = {},
    ) =>
      db
        .insertInto('stat_imports')
        .values({
          id,
          countries: JSON.stringify([country]),
          uploaded_by: by.id,
          filename: `${id}.csv`,
          format: 'csv',
          status: status as 'validated',
          report: JSON.stringify(report),
          created_at: createdAt,
        })
        .execute();
    await upload('ury-warnings', editorUry, 'URY', 'validated', iso(-2 * DAY), {
      warningCount: 3,
      errorCount: 0,
    });
    await upload('ury-old', editorUry, 'URY', 'invalid', iso(-9 * DAY), { errorCount: 2 });
    await upload('ury-fixed', editorUry, 'URY', 'applied', iso(-8 * DAY));
    await upload('chl-failed', editorChl, 'CHL', 'failed', iso(-1 * DAY));
    // A later upload of Uruguay's data replaces only uploads of the same countries: ury-warnings stays.

    // Observations: one indicator stale for Uruguay, one fresh.
    const [stale, fresh] = await db
      .selectFrom('stat_indicators')
      .select(['id', 'code'])
      .where('frequency', '=', 'A')
      .orderBy('sort_order')
      .limit(2)
      .execute();
    ids.staleCode = stale!.code;
    ids.freshCode = fresh!.code;
    const obs = (indicator: number, country: string, period: string) => ({
      indicator_id: indicator,
      country_iso3: country,
      period,
      value: 1,
      created_at: now,
      updated_at: now,
    });
    await db
      .insertInto('stat_observations')
      .values([
        obs(stale!.id, 'URY', '2019'),
        obs(stale!.id, 'URY', '2020'),
        obs(fresh!.id, 'URY', String(new Date().getUTCFullYear() - 1)),
        obs(stale!.id, 'CHL', '2018'),
      ])
      .execute();

    // Documents whose text could not be extracted.
    const document = async (title: string, country: string, by: User, status: 'failed' | 'done') => {
      const d = await db
        .insertInto('documents')
        .values({
          title: json(title),
          doc_type: 'report',
          section: 'studies',
          country_iso3: country,
          access: 'public',
          status: 'published',
          current_version: 1,
          created_by: by.id,
          created_at: now,
          updated_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await db
        .insertInto('document_files')
        .values({
          document_id: d.id,
          version: 1,
          original_name: `${title}.pdf`,
          kind: 'pdf',
          content_type: 'application/pdf',
          size_bytes: 10,
          sha256: randomBytes(32).toString('hex'),
          extraction_status: status,
          extraction_error: status === 'failed' ? 'encrypted' : null,
          uploaded_by: by.id,
          created_at: now,
        })
        .execute();
      return d.id;
    };
    ids.uryDoc = await document('Uruguay scanned report', 'URY', editorUry, 'failed');
    await document('Uruguay good report', 'URY', editorUry, 'done');
    await document('Chile scanned report', 'CHL', editorChl, 'failed');

    // The Secretariat's side: proposals, undelivered mail, a failed job.
    await db
      .insertInto('proposals')
      .values([
        {
          title: json('Proposal waiting'),
          rationale: json('Why'),
          country_iso3: 'URY',
          created_by: coordUry.id,
          status: 'submitted',
          created_at: now,
          updated_at: now,
        },
        {
          title: json('Proposal accepted'),
          rationale: json('Why'),
          country_iso3: 'URY',
          created_by: coordUry.id,
          status: 'accepted',
          created_at: now,
          updated_at: now,
        },
      ])
      .execute();
    const mail = await db
      .insertInto('outbox')
      .values({
        to_address: 'lost@example.org',
        subject: 'Mail that bounced',
        text_body: 'x',
        created_at: now,
        error: 'mailbox unavailable',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    ids.mail = mail.id;
    await db
      .insertInto('outbox')
      .values({
        to_address: 'fine@example.org',
        subject: 'Mail still queued',
        text_body: 'x',
        created_at: now,
      })
      .execute();
    await db
      .insertInto('jobs')
      .values({
        kind: 'mail.deliver',
        payload: JSON.stringify({ outboxId: mail.id }),
        status: 'failed',
        attempts: 5,
        run_at: now,
        last_error: 'connection refused',
        created_at: now,
        updated_at: now,
      })
      .execute();
  });
  afterAll(() => t.close());

  it("shows a coordinator each kind of item of their own country, and nothing of another country's", async () => {
    const d = await dashboardOf(coordUry);
    expect(titlesOf(d, 'invitations')).toEqual(['Invited Uruguayan']);
    expect(titlesOf(d, 'consultations')).toEqual([
      'Chile asks everyone, overdue',
      'Chile asks everyone, later',
    ]);
    expect(titlesOf(d, 'meetings')).toEqual(['Meeting under way']);
    expect(itemsOf(d, 'cooperation').map((i) => [i.kind, i.title.text])).toEqual([
      ['cooperationInterest', 'Uruguay offers training'],
      ['cooperationAgreed', 'Chile request agreed with Uruguay'],
    ]);
    expect(itemsOf(d, 'cooperation').map((i) => i.href)).toEqual([
      expect.stringMatching(/^\/cooperation\/offers\/\d+#coop-interest$/),
      expect.stringMatching(/^\/cooperation\/requests\/\d+#coop-manage$/),
    ]);
    expect(itemsOf(d, 'cooperation')[1]!.facts.partner).toBe('CHL');
    expect(titlesOf(d, 'imports')).toEqual(['ury-warnings.csv']);
    expect(itemsOf(d, 'imports')[0]!.facts).toMatchObject({ status: 'validated', warnings: 3 });
    expect(itemsOf(d, 'staleIndicators').map((i) => i.facts.code)).toEqual([ids.staleCode]);
    expect(itemsOf(d, 'staleIndicators')[0]!.facts.latestPeriod).toBe('2020');
    expect(titlesOf(d, 'documents')).toEqual(['Uruguay scanned report']);
    // The hemisphere belongs to the Secretariat.
    for (const key of [
      'countriesWithoutCoordinator',
      'inactiveCoordinators',
      'proposals',
      'failedMail',
      'failedJobs',
    ])
      expect(itemsOf(d, key)).toEqual([]);
    // Nothing of Chile's own business.
    const all = d.groups.flatMap((g) => g.items.map((i) => i.title.text)).join('|');
    for (const other of [
      'Invited Chilean',
      'Mexico asks Chile only',
      'Chilean meeting',
      'chl-failed',
      'Chile scanned',
    ])
      expect(all).not.toContain(other);
  });

  it('puts the overdue consultation and the meeting under way at the top', async () => {
    const d = await dashboardOf(coordUry);
    expect(d.urgent).toBe(2);
    expect(
      d.groups
        .slice(0, 2)
        .map((g) => g.key)
        .sort(),
    ).toEqual(['consultations', 'meetings']);
    expect(itemsOf(d, 'consultations').map((i) => i.urgency)).toEqual(['overdue', 'waiting']);
    expect(itemsOf(d, 'meetings')[0]!.urgency).toBe('today');
    expect(d.groups.at(-1)!.key).toBe('staleIndicators');
  });

  it("shows the other coordinator their own country's items", async () => {
    const d = await dashboardOf(coordChl);
    expect(titlesOf(d, 'invitations')).toEqual(['Invited Chilean']);
    expect(titlesOf(d, 'consultations')).toEqual(['Mexico asks Chile only']);
    expect(titlesOf(d, 'meetings')).toEqual(['Chilean meeting tomorrow']);
    expect(titlesOf(d, 'cooperation')).toEqual(['Chile request agreed with Uruguay']);
    expect(titlesOf(d, 'imports')).toEqual(['chl-failed.csv']);
    expect(titlesOf(d, 'documents')).toEqual(['Chile scanned report']);
    expect(itemsOf(d, 'staleIndicators').map((i) => i.facts.latestPeriod)).toEqual(['2018']);
    const all = d.groups.flatMap((g) => g.items.map((i) => i.title.text)).join('|');
    for (const other of [
      'Uruguay offers',
      'Invited Uruguayan',
      'ury-',
      'Uruguay scanned',
      'Chile asks everyone',
      'Meeting under way',
    ])
      expect(all).not.toContain(other);
  });

  it('shows an editor what is theirs: their uploads and documents, and the consultations of their country', async () => {
    const d = await dashboardOf(editorUry);
    expect(titlesOf(d, 'consultations')).toEqual([
      'Chile asks everyone, overdue',
      'Chile asks everyone, later',
    ]);
    expect(titlesOf(d, 'imports')).toEqual(['ury-warnings.csv']);
    expect(titlesOf(d, 'documents')).toEqual(['Uruguay scanned report']);
    // Invitations and the age of the country's data are the coordinator's.
    expect(itemsOf(d, 'invitations')).toEqual([]);
    expect(itemsOf(d, 'staleIndicators')).toEqual([]);
    // Cooperation items someone else created are not theirs.
    expect(itemsOf(d, 'cooperation')).toEqual([]);

    const other = await dashboardOf(otherEditorUry);
    expect(titlesOf(other, 'cooperation')).toEqual(['Uruguay offers training']);
    expect(itemsOf(other, 'imports')).toEqual([]);
    expect(itemsOf(other, 'documents')).toEqual([]);
  });

  it('gives the Secretariat the hemisphere: countries without a coordinator, inactive coordinators, proposals, mail and jobs', async () => {
    const d = await dashboardOf(secretariat);
    const active = await t.db.selectFrom('countries').select('iso3').where('status', '=', 'active').execute();
    const noCoordinator = d.groups.find((g) => g.key === 'countriesWithoutCoordinator')!;
    expect(noCoordinator.total).toBe(active.filter((c) => c.iso3 !== 'URY' && c.iso3 !== 'CHL').length);
    expect(noCoordinator.items.map((i) => i.id)).not.toContain('URY');
    expect(noCoordinator.items).toHaveLength(10);
    expect(noCoordinator.moreHref).toBe('/countries');
    expect(itemsOf(d, 'inactiveCoordinators').map((i) => [i.title.text, i.countryIso3])).toEqual([
      ['Coordinadora CHL', 'CHL'],
    ]);
    expect(titlesOf(d, 'proposals')).toEqual(['Proposal waiting']);
    expect(itemsOf(d, 'failedMail').map((i) => [i.title.text, i.href])).toEqual([
      ['Mail that bounced', `/admin/outbox/${ids.mail}`],
    ]);
    expect(itemsOf(d, 'failedJobs').map((i) => [i.title.text, i.href])).toEqual([
      ['mail.deliver', `/admin/outbox/${ids.mail}`],
    ]);
    expect(itemsOf(d, 'consultations')).toEqual([]);
    expect(itemsOf(d, 'invitations')).toEqual([]);

    const tech = await dashboardOf(admin);
    expect(tech.groups.map((g) => g.key).sort()).toEqual(['failedJobs', 'failedMail']);
  });

  it('renders the page with headings and counts per group, and links to where each item is dealt with', async () => {
    const res = await page(coordUry);
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toContain('no-store');
    const html = res.body;
    expect(html).toContain('<h1>My work</h1>');
    expect(html).toContain("Consultations waiting for your country's answer");
    expect(html).toMatch(/<h2 id="dash-consultations">[^<]*<span class="dash-count">2 items<\/span><\/h2>/);
    expect(html).toContain(`href="/en/consultations/${ids.overdue}#answer-form-heading"`);
    expect(html).toContain('href="/en/countries/URY/people"');
    expect(html).toContain(`href="/en/statistics/entry/${ids.staleCode}/URY"`);
    expect(html).toContain('href="/en/statistics/imports/ury-warnings"');
    expect(html).toContain(`href="/en/documents/${ids.uryDoc}#doc-manage"`);
    expect(html).toContain('3 warnings to review before applying.');
    expect(html).toContain('Overdue');
    expect(html).toContain('href="/en/help/coordinator-manual-dashboard"');
    expect(html).toContain('aria-current="page">My work</a>');
  });

  it('speaks Spanish, French and Portuguese', async () => {
    const es = (await page(coordUry, 'es')).body;
    expect(es).toContain('<h1>Mi trabajo</h1>');
    expect(es).toContain('Consultas que esperan la respuesta de su país');
    expect(es).toContain('Vencido');
    expect((await page(coordUry, 'fr')).body).toContain('<h1>Mon travail</h1>');
    expect((await page(coordUry, 'pt')).body).toContain('Convites ainda não aceitos');
  });

  it('says "Nothing needs you today" when nothing does', async () => {
    const res = await page(reader);
    expect(res.body).toContain('Nothing needs you today');
    expect(res.body).not.toContain('class="dash-group"');
    expect((await page(reader, 'es')).body).toContain('Hoy no hay nada pendiente');
  });

  it('sends anonymous visitors to sign in, and shows the menu entry only to those it is for', async () => {
    const anon = await t.app.inject({ url: '/en/dashboard' });
    expect(anon.statusCode).toBe(303);
    expect(anon.headers.location).toBe('/en/login?next=%2Fdashboard');
    expect((await page(secretariat)).body).toContain(
      '<a href="/en/dashboard" aria-current="page">My work</a>',
    );
    const readerPage = await page(reader);
    expect(readerPage.statusCode).toBe(200);
    expect(readerPage.body).not.toContain('My work</a>');
  });

  it('serves the same items as JSON, and refuses anonymous callers', async () => {
    const body = await api(coordUry);
    const consultations = body.groups.find((g) => g.key === 'consultations')!;
    expect(consultations.total).toBe(2);
    expect(consultations.items[0]).toMatchObject({
      kind: 'consultation',
      id: String(ids.overdue),
      title: 'Chile asks everyone, overdue',
      url: `/consultations/${ids.overdue}#answer-form-heading`,
      urgency: 'overdue',
      countryIso3: 'CHL',
    });
    expect(body.urgent).toBe(2);
    const chl = await api(coordChl);
    expect(JSON.stringify(chl)).not.toContain('Uruguay offers');
    expect(JSON.stringify(chl)).not.toContain('Invited Uruguayan');

    const token = await t.app.inject({ url: '/api/v1/dashboard' });
    expect(token.statusCode).toBe(401);
    const spec = (await t.app.inject({ url: '/api/openapi.json' })).json();
    expect(spec.paths['/api/v1/dashboard'].get.tags).toEqual(['dashboard']);
  });

  it('lands coordinators, editors and the Secretariat on the dashboard after signing in, unless a page was asked for', async () => {
    const signIn = async (user: User, next?: string) => {
      const first = await t.app.inject({ url: '/es/login' });
      const cookie = first.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
      const csrf = /name="_csrf" value="([^"]+)"/.exec(first.body)![1]!;
      const body = form({ email: user.email, password: TEST_PASSWORD, _csrf: csrf });
      return t.app.inject({
        method: 'POST',
        url: `/es/login${next ? `?next=${encodeURIComponent(next)}` : ''}`,
        payload: body.payload,
        headers: { ...body.headers, cookie },
      });
    };
    const coordinator = await signIn(coordUry);
    expect(coordinator.statusCode).toBe(303);
    expect(coordinator.headers.location).toBe('/es/dashboard');
    expect((await signIn(editorUry)).headers.location).toBe('/es/dashboard');
    expect((await signIn(coordUry, '/documents')).headers.location).toBe('/es/documents');
    expect((await signIn(reader)).headers.location).toBe('/es');
  });
});
