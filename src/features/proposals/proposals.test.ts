import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { User } from '../../db/schema.ts';
import { rebuildFeed } from '../../platform/search/index.ts';
import { proposalSearchFeed } from './indexing.ts';
import { makeUser } from '../../../test/factories.ts';
import { createTestApp, form, type Login, loginAs, type TestApp } from '../../../test/helpers.ts';

let t: TestApp;
let proposerUry: User;
let editorChl: User;
let editorChl2: User;
let coordinatorMex: User;
let secretariat: User;
let reader: User;
const logins: Record<string, Login> = {};

beforeAll(async () => {
  t = await createTestApp();
  proposerUry = await makeUser(t.db, { role: 'editor', country_iso3: 'URY', name: 'Ana Pereira' });
  editorChl = await makeUser(t.db, { role: 'editor', country_iso3: 'CHL', name: 'Carlos Soto' });
  editorChl2 = await makeUser(t.db, { role: 'editor', country_iso3: 'CHL', name: 'Daniela Rojas' });
  coordinatorMex = await makeUser(t.db, { role: 'coordinator', country_iso3: 'MEX', name: 'Luis Ortega' });
  secretariat = await makeUser(t.db, { role: 'secretariat', country_iso3: null, name: 'Sofía Secretaría' });
  reader = await makeUser(t.db, { role: 'reader', country_iso3: 'URY', name: 'Rita Reader' });
  for (const [k, u] of Object.entries({
    proposerUry,
    editorChl,
    editorChl2,
    coordinatorMex,
    secretariat,
    reader,
  }))
    logins[k] = await loginAs(t, u);
});
afterAll(() => t.close());

function post(url: string, who: keyof typeof logins, fields: Record<string, string> = {}) {
  const f = form({ _csrf: logins[who]!.csrf, ...fields });
  return t.app.inject({
    method: 'POST',
    url,
    payload: f.payload,
    headers: { ...f.headers, cookie: logins[who]!.cookie },
  });
}

function get(url: string, who?: keyof typeof logins) {
  return t.app.inject({ url, headers: who ? { cookie: logins[who]!.cookie } : {} });
}

function api(
  method: 'GET' | 'POST' | 'DELETE',
  url: string,
  who: keyof typeof logins | null,
  payload?: unknown,
) {
  return t.app.inject({
    method,
    url,
    payload: payload as Record<string, unknown> | undefined,
    headers: who ? logins[who]!.headers : {},
  });
}

async function propose(
  who: keyof typeof logins = 'proposerUry',
  title = 'Measuring informal employment',
): Promise<number> {
  const res = await post('/en/proposals', who, {
    orig_locale: 'en',
    title_en: title,
    rationale_en: 'Several ministries need **comparable** figures.',
    theme: 'labour-market-information',
  });
  expect(res.statusCode).toBe(303);
  const m = /\/en\/proposals\/(\d+)\?notice=created/.exec(res.headers.location as string);
  expect(m).not.toBeNull();
  return Number(m![1]);
}

describe('proposing a theme', () => {
  it('publishes the proposal, lists it with its theme, tells the Secretariat and indexes it', async () => {
    const id = await propose('proposerUry', 'Youth transitions to work');
    const page = await get(`/en/proposals/${id}?notice=created`, 'proposerUry');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Youth transitions to work');
    expect(page.body).toContain('<strong>comparable</strong>');
    expect(page.body).toContain('Your proposal has been published');
    const list = await get('/es/proposals?theme=labour-market-information');
    expect(list.body).toContain('Youth transitions to work');
    expect(list.body).toContain('En espera de respuesta');
    const theme = await get('/en/themes/labour-market-information');
    expect(theme.body).toContain(`href="/en/proposals/${id}"`);
    const notes = await t.db
      .selectFrom('notifications')
      .select(['user_id', 'kind'])
      .where('kind', '=', 'proposal.new')
      .where('url', '=', `/proposals/${id}`)
      .execute();
    expect(notes.map((n) => n.user_id)).toEqual([secretariat.id]);
    const indexed = await t.db
      .selectFrom('search_entries')
      .select('title')
      .where('type', '=', 'proposal')
      .where('ref_id', '=', String(id))
      .execute();
    expect(indexed).toEqual([{ title: 'Youth transitions to work' }]);
    const found = await get('/en/search?q=transitions');
    expect(found.body).toContain(`href="/en/proposals/${id}"`);
    // Rebuilding the index from the data gives the same entries.
    expect(await rebuildFeed(t.db, proposalSearchFeed)).toBeGreaterThanOrEqual(1);
    const rebuilt = await t.db
      .selectFrom('search_entries')
      .select('title')
      .where('type', '=', 'proposal')
      .where('ref_id', '=', String(id))
      .execute();
    expect(rebuilt).toEqual([{ title: 'Youth transitions to work' }]);
  });

  it('shows every missing field next to it, with a 422', async () => {
    const res = await post('/fr/proposals', 'proposerUry', {
      orig_locale: 'fr',
      title_fr: '',
      rationale_fr: '',
      theme: '',
    });
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('error-summary');
    expect(res.body).toContain('Saisissez un titre dans la langue originale.');
    expect(res.body).toContain('Choisissez un thème prioritaire.');
    expect(res.body).toContain('href="#f-title_fr"');
  });

  it('is refused to a reader, and sends a visitor to sign in', async () => {
    expect((await get('/en/proposals/new', 'reader')).statusCode).toBe(403);
    const anon = await t.app.inject({ url: '/en/proposals/new' });
    expect(anon.statusCode).toBe(303);
    expect(anon.headers.location).toContain('/en/login?next=');
  });

  it('sanitises the Markdown of the rationale', async () => {
    const res = await post('/en/proposals', 'proposerUry', {
      orig_locale: 'en',
      title_en: 'Unsafe markup',
      rationale_en: 'Hello <script>alert(1)</script> [x](javascript:alert(1))',
      theme: 'labour-inspection',
    });
    const id = /\/proposals\/(\d+)/.exec(res.headers.location as string)![1];
    const page = await get(`/en/proposals/${id}`);
    expect(page.body).not.toContain('<script>alert');
    expect(page.body).not.toContain('javascript:alert');
  });
});

describe('supports', () => {
  it('takes one support per country; a colleague of the same country sees it and is refused clearly', async () => {
    const id = await propose();
    const first = await post(`/en/proposals/${id}/support`, 'editorChl');
    expect(first.statusCode).toBe(303);
    expect(first.headers.location).toContain('notice=supported');

    const colleague = await get(`/en/proposals/${id}`, 'editorChl2');
    expect(colleague.body).toContain('Supported by your country (given by Carlos Soto)');
    expect(colleague.body).not.toContain(`/proposals/${id}/support"`);

    const second = await post(`/en/proposals/${id}/support`, 'editorChl2');
    expect(second.statusCode).toBe(303);
    const shown = await get(second.headers.location as string, 'editorChl2');
    expect(shown.body).toContain('Your country already supports this proposal: one support per country.');

    const viaApi = await api('POST', `/api/v1/proposals/${id}/support`, 'editorChl2');
    expect(viaApi.statusCode).toBe(409);
    expect(viaApi.json().error).toBe('Your country already supports this proposal: one support per country.');

    const rows = await t.db
      .selectFrom('proposal_supports')
      .selectAll()
      .where('proposal_id', '=', id)
      .execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ country_iso3: 'CHL', user_id: editorChl.id });

    const list = await get('/en/proposals');
    expect(list.body).toContain('Supported by 1 country');
    expect(list.body).toContain('(Chile)');
  });

  it('refuses the proposing country, readers and the Secretariat', async () => {
    const id = await propose();
    expect((await api('POST', `/api/v1/proposals/${id}/support`, 'proposerUry')).statusCode).toBe(409);
    expect((await api('POST', `/api/v1/proposals/${id}/support`, 'reader')).statusCode).toBe(403);
    expect((await api('POST', `/api/v1/proposals/${id}/support`, 'secretariat')).statusCode).toBe(403);
    // Without a session or token there is no CSRF token either: refused before anything happens.
    expect((await api('POST', `/api/v1/proposals/${id}/support`, null)).statusCode).toBe(403);
    expect(
      await t.db.selectFrom('proposal_supports').select('id').where('proposal_id', '=', id).execute(),
    ).toEqual([]);
  });

  it('lets only the one who gave it withdraw the support, after which the country may support again', async () => {
    const id = await propose();
    expect((await api('POST', `/api/v1/proposals/${id}/support`, 'editorChl')).statusCode).toBe(201);
    expect((await api('DELETE', `/api/v1/proposals/${id}/support`, 'editorChl2')).statusCode).toBe(403);
    const withdrawn = await post(`/en/proposals/${id}/support/withdraw`, 'editorChl');
    expect(withdrawn.headers.location).toContain('notice=withdrawn');
    const again = await api('POST', `/api/v1/proposals/${id}/support`, 'editorChl2');
    expect(again.statusCode).toBe(201);
    expect(again.json().supports.map((s: { country: string; name: string }) => [s.country, s.name])).toEqual([
      ['CHL', 'Daniela Rojas'],
    ]);
    const p = await t.db
      .selectFrom('proposals')
      .select('support_count')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(p.support_count).toBe(1);
    const audit = await t.db
      .selectFrom('audit_log')
      .select('action')
      .where('object_type', '=', 'proposal_support')
      .where('country_iso3', '=', 'CHL')
      .execute();
    expect(audit.map((a) => a.action)).toEqual(
      expect.arrayContaining(['proposal.support', 'proposal.support_withdraw']),
    );
  });
});

describe('comments', () => {
  it('are written by signed-in people and shown to everyone', async () => {
    const id = await propose();
    const res = await post(`/en/proposals/${id}/comments`, 'reader', {
      body: 'We would **join** this group.',
    });
    expect(res.statusCode).toBe(303);
    const page = await get(`/en/proposals/${id}`);
    expect(page.body).toContain('We would <strong>join</strong> this group.');
    expect(page.body).toContain('Rita Reader');
    const empty = await post(`/en/proposals/${id}/comments`, 'reader', { body: '  ' });
    expect(empty.statusCode).toBe(422);
    expect(empty.body).toContain('Write your comment.');
    const anon = await t.app.inject({
      method: 'POST',
      url: `/api/v1/proposals/${id}/comments`,
      payload: { body: 'x' },
    });
    expect(anon.statusCode).toBe(403);
    const signedOut = await t.app.inject({
      method: 'POST',
      url: `/en/proposals/${id}/comments`,
      ...form({ body: 'x' }),
    });
    expect(signedOut.statusCode).toBe(403);
    const count = await t.db
      .selectFrom('proposal_comments')
      .select('id')
      .where('proposal_id', '=', id)
      .execute();
    expect(count).toHaveLength(1);
  });
});

describe('the official answer', () => {
  it('is given only by the Secretariat: a forged decision is refused', async () => {
    const id = await propose();
    const forged = await post(`/en/proposals/${id}/decision`, 'coordinatorMex', {
      status: 'accepted',
      orig_locale: 'en',
      reasons_en: 'Because I say so',
    });
    expect(forged.statusCode).toBe(403);
    expect((await get(`/en/proposals/${id}/decision`, 'proposerUry')).statusCode).toBe(403);
    const viaApi = await api('POST', `/api/v1/proposals/${id}/decision`, 'proposerUry', {
      status: 'accepted',
      reasons: { en: 'Mine' },
      origLocale: 'en',
    });
    expect(viaApi.statusCode).toBe(403);
    const p = await t.db
      .selectFrom('proposals')
      .select(['status', 'group_id'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(p).toEqual({ status: 'submitted', group_id: null });
    expect(
      await t.db.selectFrom('study_groups').select('id').where('proposal_id', '=', id).execute(),
    ).toEqual([]);
  });

  it('needs reasons in the chosen language', async () => {
    const id = await propose();
    const res = await post(`/es/proposals/${id}/decision`, 'secretariat', {
      status: 'accepted',
      orig_locale: 'es',
    });
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('Indique los motivos en el idioma elegido.');
  });

  it('under evaluation, then accepted: creates exactly one group moderated by the proposer and tells the supporters', async () => {
    const id = await propose('proposerUry', 'Skills for the green transition');
    await post(`/en/proposals/${id}/support`, 'editorChl');
    await post(`/en/proposals/${id}/support`, 'coordinatorMex');

    const evaluating = await post(`/en/proposals/${id}/decision`, 'secretariat', {
      status: 'under_evaluation',
      orig_locale: 'en',
      reasons_en: 'We are consulting the member states.',
    });
    expect(evaluating.headers.location).toContain('notice=decided');
    expect(
      await t.db.selectFrom('study_groups').select('id').where('proposal_id', '=', id).execute(),
    ).toEqual([]);

    const accepted = await post(`/en/proposals/${id}/decision`, 'secretariat', {
      status: 'accepted',
      orig_locale: 'en',
      reasons_en: 'A shared priority of **three** countries.',
      moderator_id: String(proposerUry.id),
    });
    expect(accepted.statusCode).toBe(303);
    const groups = await t.db.selectFrom('study_groups').selectAll().where('proposal_id', '=', id).execute();
    expect(groups).toHaveLength(1);
    const group = groups[0]!;
    expect(group.moderator_id).toBe(proposerUry.id);
    expect(JSON.parse(group.title)).toEqual({ en: 'Skills for the green transition' });
    const members = await t.db
      .selectFrom('study_group_members')
      .selectAll()
      .where('group_id', '=', group.id)
      .execute();
    expect(members).toHaveLength(1);
    expect(members[0]).toMatchObject({
      user_id: proposerUry.id,
      country_iso3: 'URY',
      role: 'moderator',
      status: 'member',
    });

    const page = await get(`/en/proposals/${id}`);
    expect(page.body).toContain('A shared priority of <strong>three</strong> countries.');
    expect(page.body).toContain(`href="/en/study-groups/${group.id}"`);
    expect(page.body).toContain('Earlier answers');
    expect(page.body).toContain('Supports are closed');

    const decided = await t.db
      .selectFrom('notifications')
      .select('user_id')
      .where('kind', '=', 'proposal.decided')
      .where('url', '=', `/proposals/${id}`)
      .execute();
    const perUser = new Map<number, number>();
    for (const n of decided) perUser.set(n.user_id, (perUser.get(n.user_id) ?? 0) + 1);
    expect(perUser).toEqual(
      new Map([
        [proposerUry.id, 2],
        [editorChl.id, 2],
        [coordinatorMex.id, 2],
      ]),
    );

    // A second acceptance cannot make a second group.
    const again = await api('POST', `/api/v1/proposals/${id}/decision`, 'secretariat', {
      status: 'accepted',
      reasons: { en: 'Again' },
      origLocale: 'en',
    });
    expect(again.statusCode).toBe(409);
    expect(
      await t.db.selectFrom('study_groups').select('id').where('proposal_id', '=', id).execute(),
    ).toHaveLength(1);
    const audit = await t.db
      .selectFrom('audit_log')
      .select('action')
      .where('object_type', '=', 'proposal')
      .where('object_id', '=', String(id))
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['proposal.create', 'proposal.decide', 'proposal.decide']);
  });

  it('accepts with a moderator the Secretariat chooses; the proposer’s country is still a member', async () => {
    const id = await propose();
    await api('POST', `/api/v1/proposals/${id}/support`, 'coordinatorMex');
    const res = await api('POST', `/api/v1/proposals/${id}/decision`, 'secretariat', {
      status: 'accepted',
      reasons: { es: 'Aceptada.' },
      origLocale: 'es',
      moderatorId: coordinatorMex.id,
    });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.status).toBe('accepted');
    expect(body.decisions).toHaveLength(1);
    const group = await t.db
      .selectFrom('study_groups')
      .selectAll()
      .where('id', '=', body.groupId)
      .executeTakeFirstOrThrow();
    expect(group.moderator_id).toBe(coordinatorMex.id);
    const members = await t.db
      .selectFrom('study_group_members')
      .select(['user_id', 'role', 'country_iso3'])
      .where('group_id', '=', group.id)
      .orderBy('id')
      .execute();
    expect(members).toEqual([
      { user_id: coordinatorMex.id, role: 'moderator', country_iso3: 'MEX' },
      { user_id: proposerUry.id, role: 'member', country_iso3: 'URY' },
    ]);
  });
});

describe('API', () => {
  it('creates, lists and reads proposals, and appears in the OpenAPI document', async () => {
    const created = await api('POST', '/api/v1/proposals', 'coordinatorMex', {
      title: { es: 'Inspección laboral digital', en: 'Digital labour inspection' },
      rationale: { es: 'Compartir **herramientas**.' },
      origLocale: 'es',
      theme: 'labour-inspection',
    });
    expect(created.statusCode).toBe(201);
    const p = created.json();
    expect(p).toMatchObject({
      country: 'MEX',
      status: 'submitted',
      theme: 'labour-inspection',
      supportCount: 0,
    });
    const bad = await api('POST', '/api/v1/proposals', 'coordinatorMex', {
      title: { en: 'x' },
      rationale: { en: '' },
      origLocale: 'en',
      theme: 'nope',
    });
    expect(bad.statusCode).toBe(422);
    expect(
      bad
        .json()
        .errors.map((e: { field: string }) => e.field)
        .sort(),
    ).toEqual(['rationale_en', 'theme']);

    const list = await api('GET', '/api/v1/proposals?theme=labour-inspection&status=submitted', null);
    expect(list.statusCode).toBe(200);
    expect(list.json().items.map((i: { id: number }) => i.id)).toContain(p.id);
    const one = await api('GET', `/api/v1/proposals/${p.id}`, null);
    expect(one.json().title.en).toBe('Digital labour inspection');
    expect((await api('GET', '/api/v1/proposals/999999', null)).statusCode).toBe(404);

    const comment = await api('POST', `/api/v1/proposals/${p.id}/comments`, 'editorChl', {
      body: 'Good idea',
    });
    expect(comment.statusCode).toBe(201);

    const spec = (await t.app.inject({ url: '/api/openapi.json' })).json();
    for (const path of [
      '/api/v1/proposals',
      '/api/v1/proposals/{id}',
      '/api/v1/proposals/{id}/support',
      '/api/v1/proposals/{id}/comments',
      '/api/v1/proposals/{id}/decision',
    ])
      expect(spec.paths[path], path).toBeDefined();
    expect(spec.paths['/api/v1/proposals/{id}/support'].delete.tags).toEqual(['proposals']);
  });
});
