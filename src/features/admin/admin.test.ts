import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeUser } from '../../../test/factories.ts';
import { createTestApp, type Login, loginAs, type TestApp } from '../../../test/helpers.ts';
import type { User } from '../../db/schema.ts';
import { auditDiff } from './diff.ts';

describe('administration', () => {
  let t: TestApp;
  let secretariat: User;
  let admin: User;
  let coordinator: User;
  let asSecretariat: Login;
  let asAdmin: Login;
  let asCoordinator: Login;

  beforeAll(async () => {
    t = await createTestApp();
    secretariat = await makeUser(t.db, { role: 'secretariat', name: 'Ana Secretaría' });
    admin = await makeUser(t.db, { role: 'admin', name: 'Tomás Admin', timezone: 'America/Montevideo' });
    coordinator = await makeUser(t.db, { role: 'coordinator', country_iso3: 'URY', name: 'Lucía Pereira' });
    asSecretariat = await loginAs(t, secretariat);
    asAdmin = await loginAs(t, admin);
    asCoordinator = await loginAs(t, coordinator);
    const rows = [
      {
        at: '2026-01-10T12:00:00.000Z',
        actor_id: coordinator.id,
        actor_label: `Lucía Pereira <${coordinator.email}>`,
        action: 'institution.update',
        object_type: 'institution',
        object_id: '7',
        country_iso3: 'URY',
        before: JSON.stringify({ name: 'INEFOP', can_publish: 1, website: null }),
        after: JSON.stringify({ name: 'Instituto Nacional de Empleo', can_publish: 0, website: null }),
        request_id: 'req-1',
      },
      {
        at: '2026-02-01T08:00:00.000Z',
        actor_id: secretariat.id,
        actor_label: `Ana Secretaría <${secretariat.email}>`,
        action: 'country.update',
        object_type: 'country',
        object_id: 'VEN',
        country_iso3: 'VEN',
        before: JSON.stringify({ status: 'active' }),
        after: JSON.stringify({ status: 'not_participating' }),
        request_id: null,
      },
    ];
    await t.db.insertInto('audit_log').values(rows).execute();
    // 55 more entries to need a second page.
    await t.db
      .insertInto('audit_log')
      .values(
        Array.from({ length: 55 }, (_, i) => ({
          at: `2025-06-${String((i % 28) + 1).padStart(2, '0')}T00:00:${String(i).padStart(2, '0')}.000Z`,
          actor_id: null,
          actor_label: null,
          action: 'theme.update',
          object_type: 'theme',
          object_id: String(i),
          country_iso3: null,
          before: null,
          after: JSON.stringify({ code: `t${i}` }),
          request_id: null,
        })),
      )
      .execute();
    await t.db
      .insertInto('outbox')
      .values([
        {
          to_address: 'a@example.org',
          subject: 'Invitation to SISMEL',
          text_body: 'Hello,\nset your password.',
          created_at: '2026-01-01T00:00:00.000Z',
        },
        {
          to_address: 'b@example.org',
          subject: 'Delivered message',
          text_body: 'Done',
          created_at: '2026-01-02T00:00:00.000Z',
          sent_at: '2026-01-02T00:01:00.000Z',
        },
        {
          to_address: 'c@example.org',
          subject: 'Bounced message',
          text_body: 'Oops',
          created_at: '2026-01-03T00:00:00.000Z',
          error: '550 mailbox unavailable',
        },
      ])
      .execute();
  });
  afterAll(() => t.close());

  it('shows the Administration entry in the navigation to the Secretariat and the administrator only', async () => {
    const sec = await t.app.inject({ url: '/en', headers: { cookie: asSecretariat.cookie } });
    expect(sec.body).toContain('<a href="/en/admin">Administration</a>');
    const adm = await t.app.inject({ url: '/es', headers: { cookie: asAdmin.cookie } });
    expect(adm.body).toContain('<a href="/es/admin">Administración</a>');
    const coord = await t.app.inject({ url: '/en', headers: { cookie: asCoordinator.cookie } });
    expect(coord.body).not.toContain('href="/en/admin"');
    const anon = await t.app.inject({ url: '/en' });
    expect(anon.body).not.toContain('href="/en/admin"');
  });

  it('has a home page with links to what each role manages', async () => {
    const sec = await t.app.inject({ url: '/fr/admin', headers: { cookie: asSecretariat.cookie } });
    expect(sec.statusCode).toBe(200);
    expect(sec.body).toContain('href="/fr/admin/audit"');
    expect(sec.body).toContain('href="/fr/admin/outbox"');
    expect(sec.body).toContain('États membres et coordonnateurs nationaux');
    const adm = await t.app.inject({ url: '/en/admin', headers: { cookie: asAdmin.cookie } });
    expect(adm.body).toContain('href="/en/admin/audit"');
    expect(adm.body).not.toContain('Member states and National Coordinators');
  });

  it('sends anonymous visitors to sign in and refuses everyone else', async () => {
    const anon = await t.app.inject({ url: '/en/admin/audit' });
    expect(anon.statusCode).toBe(303);
    expect(anon.headers.location).toBe('/en/login?next=%2Fadmin%2Faudit');
    for (const url of ['/en/admin', '/en/admin/audit', '/en/admin/outbox', '/en/admin/outbox/1']) {
      const res = await t.app.inject({ url, headers: { cookie: asCoordinator.cookie } });
      expect(res.statusCode, url).toBe(403);
      expect(res.body).not.toContain('Invitation to SISMEL');
      expect(res.body).not.toContain('INEFOP');
    }
  });

  it('lists the audit trail newest first, paginated, with a field-by-field diff in <details>', async () => {
    const res = await t.app.inject({ url: '/en/admin/audit', headers: { cookie: asAdmin.cookie } });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('57 entries');
    const list = res.body.indexOf('<ol class="audit-list">');
    const first = res.body.indexOf('<code>country.update</code>', list);
    const second = res.body.indexOf('<code>institution.update</code>', list);
    expect(list).toBeGreaterThan(0);
    expect(first).toBeGreaterThan(list);
    expect(second).toBeGreaterThan(first);
    expect(res.body.match(/<details class="audit-entry">/g)).toHaveLength(50);
    expect(res.body).toContain('Page 1 of 2');
    expect(res.body).toContain('href="/en/admin/audit?page=2"');
    const entry = res.body.slice(
      res.body.lastIndexOf('<details', second),
      res.body.indexOf('</details>', second),
    );
    expect(entry).toContain('Lucía Pereira');
    expect(entry).toMatch(
      /<tr class="diff-changed"><th scope="row"><code>name<\/code><span class="badge badge--warn">changed<\/span><\/th><td>INEFOP<\/td><td>Instituto Nacional de Empleo<\/td><\/tr>/,
    );
    expect(entry).toMatch(
      /<tr><th scope="row"><code>website<\/code><\/th><td><span class="meta">\(empty\)<\/span><\/td>/,
    );
    // Times are shown in the reader's time zone.
    expect(res.body).toMatch(/Jan 10, 2026, 9:00\s?AM/);

    const page2 = await t.app.inject({ url: '/en/admin/audit?page=2', headers: { cookie: asAdmin.cookie } });
    expect(page2.body.match(/<details class="audit-entry">/g)).toHaveLength(7);
  });

  it('filters by actor, action, object type, country and dates', async () => {
    const get = async (qs: string) => {
      const res = await t.app.inject({
        url: `/en/admin/audit?${qs}`,
        headers: { cookie: asSecretariat.cookie },
      });
      expect(res.statusCode, qs).toBe(200);
      return res.body;
    };
    expect(await get('actor=luc%C3%ADa')).toContain('1 entry');
    expect(await get(`actor=${secretariat.id}`)).toContain('1 entry');
    expect(await get('action=theme.update')).toContain('55 entries');
    expect(await get('objectType=country')).toContain('1 entry');
    const ury = await get('country=URY');
    expect(ury).toContain('1 entry');
    expect(ury).toContain('institution.update');
    expect(await get('from=2026-01-01&to=2026-01-10')).toContain('1 entry');
    expect(await get('from=2026-01-11')).toContain('1 entry');
    expect(await get('to=2025-12-31')).toContain('55 entries');
    const none = await get('actor=nobody');
    expect(none).toContain('Nothing matches these filters.');
    // The filters stay in the form and in the page links.
    const kept = await get('action=theme.update');
    expect(kept).toContain('<option value="theme.update" selected>');
    expect(kept).toContain('href="/en/admin/audit?action=theme.update&amp;page=2"');
  });

  it('explains a bad date filter next to the field', async () => {
    const res = await t.app.inject({
      url: '/es/admin/audit?from=2026-02-30&to=x',
      headers: { cookie: asSecretariat.cookie },
    });
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('<a href="#f-from">Indique una fecha válida, como 2026-03-31</a>');
    expect(res.body).toContain('<a href="#f-to">');
  });

  it('lists the outbox with each message status and opens one message', async () => {
    const res = await t.app.inject({ url: '/en/admin/outbox', headers: { cookie: asSecretariat.cookie } });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('3 messages');
    expect(res.body.indexOf('Bounced message')).toBeLessThan(res.body.indexOf('Invitation to SISMEL'));
    const row = (s: string) => {
      const i = res.body.indexOf(s);
      return res.body.slice(i, res.body.indexOf('</tr>', i));
    };
    expect(row('Invitation to SISMEL')).toContain('Pending');
    expect(row('Delivered message')).toContain('Sent');
    expect(row('Bounced message')).toContain('Error');

    const pending = await t.app.inject({
      url: '/en/admin/outbox?status=pending',
      headers: { cookie: asSecretariat.cookie },
    });
    expect(pending.body).toContain('1 message');
    expect(pending.body).not.toContain('Delivered message');

    const id = (
      await t.db
        .selectFrom('outbox')
        .select('id')
        .where('subject', '=', 'Bounced message')
        .executeTakeFirstOrThrow()
    ).id;
    const one = await t.app.inject({ url: `/en/admin/outbox/${id}`, headers: { cookie: asAdmin.cookie } });
    expect(one.statusCode).toBe(200);
    expect(one.body).toContain('<pre class="mail-body">Oops</pre>');
    expect(one.body).toContain('550 mailbox unavailable');
    expect(
      (await t.app.inject({ url: '/en/admin/outbox/999999', headers: { cookie: asAdmin.cookie } }))
        .statusCode,
    ).toBe(404);
  });

  it('serves the audit trail and the outbox through the API to staff only', async () => {
    const audit = await t.app.inject({
      url: '/api/v1/audit?country=URY',
      headers: { cookie: asAdmin.cookie },
    });
    expect(audit.statusCode).toBe(200);
    const body = audit.json();
    expect(body).toMatchObject({ total: 1, page: 1, pages: 1 });
    expect(body.items[0]).toMatchObject({
      action: 'institution.update',
      actorId: coordinator.id,
      before: { name: 'INEFOP', can_publish: 1 },
      after: { name: 'Instituto Nacional de Empleo', can_publish: 0 },
      requestId: 'req-1',
    });
    const paged = (
      await t.app.inject({ url: '/api/v1/audit?perPage=10&page=6', headers: { cookie: asAdmin.cookie } })
    ).json();
    expect(paged).toMatchObject({ total: 57, pages: 6, perPage: 10 });
    expect(paged.items).toHaveLength(7);

    const outbox = await t.app.inject({
      url: '/api/v1/outbox?status=error',
      headers: { cookie: asSecretariat.cookie },
    });
    expect(outbox.json().items).toEqual([
      expect.objectContaining({ to: 'c@example.org', status: 'error', error: '550 mailbox unavailable' }),
    ]);

    expect((await t.app.inject({ url: '/api/v1/audit' })).statusCode).toBe(401);
    expect(
      (await t.app.inject({ url: '/api/v1/audit', headers: { cookie: asCoordinator.cookie } })).statusCode,
    ).toBe(403);
    expect(
      (await t.app.inject({ url: '/api/v1/outbox', headers: { cookie: asCoordinator.cookie } })).statusCode,
    ).toBe(403);
    const doc = (await t.app.inject({ url: '/api/openapi.json' })).json();
    expect(doc.paths['/api/v1/audit'].get.tags).toEqual(['admin']);
  });
});

describe('audit diff', () => {
  it('compares objects field by field', () => {
    expect(auditDiff(JSON.stringify({ a: 1, b: 'x' }), JSON.stringify({ a: 2, b: 'x', c: true }))).toEqual([
      { field: 'a', before: '1', after: '2', changed: true },
      { field: 'b', before: 'x', after: 'x', changed: false },
      { field: 'c', before: null, after: 'true', changed: true },
    ]);
  });

  it('shows a creation (no before) and a deletion (no after) as all changed', () => {
    expect(auditDiff(null, JSON.stringify({ name: 'A' }))).toEqual([
      { field: 'name', before: null, after: 'A', changed: true },
    ]);
    expect(auditDiff(JSON.stringify({ name: 'A' }), null)).toEqual([
      { field: 'name', before: 'A', after: null, changed: true },
    ]);
    expect(auditDiff(null, null)).toEqual([]);
  });

  it('shows nested values as JSON and plain values as one row', () => {
    expect(auditDiff(JSON.stringify({ c: { id: 1 } }), JSON.stringify({ c: { id: 2 } }))[0]).toMatchObject({
      before: '{"id":1}',
      after: '{"id":2}',
      changed: true,
    });
    expect(auditDiff('"old"', '"new"')).toEqual([{ field: '', before: 'old', after: 'new', changed: true }]);
  });
});
