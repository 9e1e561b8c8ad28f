import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nowIso } from '../../db/dialect.ts';
import type { User } from '../../db/schema.ts';
import { SYSTEM_ACTOR } from '../../platform/auth/actor.ts';
import { indexEntry } from '../../platform/search/index.ts';
import { makeUser } from '../../../test/factories.ts';
import { createTestApp, form, type Login, loginAs, type TestApp } from '../../../test/helpers.ts';
import { registerGroupSection } from './sections.ts';
import { createStudyGroup } from './service.ts';

let t: TestApp;
let moderator: User;
let chl: User;
let chl2: User;
let mex: User;
let hti: User;
let secretariat: User;
let reader: User;
let groupId: number;
const logins: Record<string, Login> = {};

beforeAll(async () => {
  t = await createTestApp();
  moderator = await makeUser(t.db, { role: 'editor', country_iso3: 'URY', name: 'Ana Pereira' });
  chl = await makeUser(t.db, { role: 'editor', country_iso3: 'CHL', name: 'Carlos Soto' });
  chl2 = await makeUser(t.db, { role: 'editor', country_iso3: 'CHL', name: 'Daniela Rojas' });
  mex = await makeUser(t.db, { role: 'coordinator', country_iso3: 'MEX', name: 'Luis Ortega' });
  hti = await makeUser(t.db, { role: 'editor', country_iso3: 'HTI', name: 'Marie Joseph' });
  secretariat = await makeUser(t.db, { role: 'secretariat', country_iso3: null, name: 'Sofía Secretaría' });
  reader = await makeUser(t.db, { role: 'reader', country_iso3: 'URY', name: 'Rita Reader' });
  for (const [k, u] of Object.entries({ moderator, chl, chl2, mex, hti, secretariat, reader }))
    logins[k] = await loginAs(t, u);
  const theme = await t.db
    .selectFrom('themes')
    .select('id')
    .where('code', '=', 'youth-employment')
    .executeTakeFirstOrThrow();
  groupId = await t.db.transaction().execute((trx) =>
    createStudyGroup(trx, SYSTEM_ACTOR, {
      title: { en: 'Youth employment measurement', es: 'Medición del empleo juvenil' },
      description: { en: 'Comparing **NEET** rates.' },
      origLocale: 'en',
      themeId: theme.id,
      proposalId: null,
      moderatorId: moderator.id,
    }),
  );
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

function api(method: 'GET' | 'POST', url: string, who: keyof typeof logins | null, payload?: unknown) {
  return t.app.inject({
    method,
    url,
    payload: payload as Record<string, unknown> | undefined,
    headers: who ? logins[who]!.headers : {},
  });
}

async function memberIdOf(userId: number): Promise<number> {
  const row = await t.db
    .selectFrom('study_group_members')
    .select('id')
    .where('group_id', '=', groupId)
    .where('user_id', '=', userId)
    .orderBy('id', 'desc')
    .executeTakeFirstOrThrow();
  return row.id;
}

async function makeDocument(
  title: string,
  access: 'public' | 'members' | 'country',
  country = 'URY',
): Promise<number> {
  const now = nowIso();
  const row = await t.db
    .insertInto('documents')
    .values({
      title: JSON.stringify({ en: title }),
      orig_locale: 'en',
      doc_type: 'report',
      section: 'studies',
      country_iso3: country,
      institution_id: null,
      publication_date: '2026-05-01',
      external_url: null,
      access,
      status: 'published',
      published_at: now,
      created_by: null,
      updated_by: null,
      created_at: now,
      updated_at: now,
      deleted_at: null,
      deleted_by: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await t.db.transaction().execute((trx) =>
    indexEntry(trx, {
      type: 'document',
      id: row.id,
      locale: 'en',
      title,
      body: title,
      url: `/documents/${row.id}`,
      visibility: access,
      countryIso3: country,
      kind: 'report',
    }),
  );
  return row.id;
}

describe('the group page', () => {
  it('shows the description, the moderator and the member countries to everyone', async () => {
    const res = await get(`/es/study-groups/${groupId}`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Medición del empleo juvenil');
    expect(res.body).toContain('<strong>NEET</strong>');
    expect(res.body).toContain('Ana Pereira (Uruguay)');
    expect(res.body).toContain('Países miembros (1)');
    expect(res.body).toContain('Inicie sesión para unirse a este grupo');
    const list = await get('/en/study-groups?theme=youth-employment');
    expect(list.body).toContain('Youth employment measurement');
    expect(list.body).toContain('1 member from 1 country');
    const theme = await get('/en/themes/youth-employment');
    expect(theme.body).toContain(`href="/en/study-groups/${groupId}"`);
    const secretariatView = await get(`/en/study-groups/${groupId}`, 'secretariat');
    expect(secretariatView.body).toContain('As the Secretariat, you can act as this group’s moderator.');
  });
});

describe('joining', () => {
  it('join → approve → member, with the moderator and the requester told', async () => {
    const page = await get(`/en/study-groups/${groupId}`, 'chl');
    expect(page.body).toContain(`action="/en/study-groups/${groupId}/join"`);
    const join = await post(`/en/study-groups/${groupId}/join`, 'chl');
    expect(join.statusCode).toBe(303);
    expect(join.headers.location).toBe(`/en/study-groups/${groupId}?notice=requested`);
    expect((await get(join.headers.location as string, 'chl')).body).toContain(
      'Your request to join is waiting for the moderator.',
    );

    const twice = await api('POST', `/api/v1/study-groups/${groupId}/join`, 'chl');
    expect(twice.statusCode).toBe(409);

    const asked = await t.db
      .selectFrom('notifications')
      .select(['user_id', 'url'])
      .where('kind', '=', 'group.join_requested')
      .execute();
    expect(asked).toEqual([{ user_id: moderator.id, url: `/study-groups/${groupId}/members` }]);

    const members = await get(`/en/study-groups/${groupId}/members`, 'moderator');
    expect(members.body).toContain('Requests to join (1)');
    expect(members.body).toContain('Carlos Soto');
    const mid = await memberIdOf(chl.id);
    const approve = await post(`/en/study-groups/${groupId}/members/${mid}/approve`, 'moderator');
    expect(approve.statusCode).toBe(303);
    expect(approve.headers.location).toBe(`/en/study-groups/${groupId}/members?notice=approved`);

    const after = await get(`/en/study-groups/${groupId}`, 'chl');
    expect(after.body).toContain('You are a member of this group.');
    expect(after.body).toContain('Member countries (2)');
    const told = await t.db
      .selectFrom('notifications')
      .select(['user_id', 'params'])
      .where('kind', '=', 'group.join_decided')
      .execute();
    expect(told).toHaveLength(1);
    expect(told[0]!.user_id).toBe(chl.id);
    expect(JSON.parse(told[0]!.params)).toMatchObject({ decision: 'approved' });
    const audit = await t.db
      .selectFrom('audit_log')
      .select('action')
      .where('object_type', '=', 'study_group_member')
      .where('object_id', '=', String(mid))
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['study_group.join_request', 'study_group.join_approve']);
  });

  it('refuses an approval by anyone but the moderator or the Secretariat', async () => {
    await api('POST', `/api/v1/study-groups/${groupId}/join`, 'mex');
    const mid = await memberIdOf(mex.id);
    // chl is a member but not the moderator.
    expect((await post(`/en/study-groups/${groupId}/members/${mid}/approve`, 'chl')).statusCode).toBe(403);
    expect(
      (await api('POST', `/api/v1/study-groups/${groupId}/members/${mid}/approve`, 'mex')).statusCode,
    ).toBe(403);
    expect(
      (await api('POST', `/api/v1/study-groups/${groupId}/members/${mid}/decline`, 'hti')).statusCode,
    ).toBe(403);
    const row = await t.db
      .selectFrom('study_group_members')
      .select('status')
      .where('id', '=', mid)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe('requested');
    // The Secretariat may act for the group.
    const ok = await api('POST', `/api/v1/study-groups/${groupId}/members/${mid}/approve`, 'secretariat');
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ status: 'member', country: 'MEX', userId: mex.id });
  });

  it('refuses readers, lets a member leave, and keeps the moderator in', async () => {
    expect((await api('POST', `/api/v1/study-groups/${groupId}/join`, 'reader')).statusCode).toBe(403);
    const decline = await api('POST', `/api/v1/study-groups/${groupId}/join`, 'chl2');
    expect(decline.statusCode).toBe(201);
    const declined = await api(
      'POST',
      `/api/v1/study-groups/${groupId}/members/${decline.json().id}/decline`,
      'moderator',
    );
    expect(declined.json().status).toBe('declined');

    const left = await post(`/en/study-groups/${groupId}/leave`, 'mex');
    expect(left.headers.location).toBe(`/en/study-groups/${groupId}?notice=left`);
    const moderatorLeaves = await post(`/en/study-groups/${groupId}/leave`, 'moderator');
    expect(moderatorLeaves.headers.location).toBe(`/en/study-groups/${groupId}?problem=moderatorLeaves`);
    const page = await get(moderatorLeaves.headers.location as string, 'moderator');
    expect(page.body).toContain('The moderator cannot leave the group');
    // Mexico comes back.
    expect((await api('POST', `/api/v1/study-groups/${groupId}/join`, 'mex')).statusCode).toBe(201);
    await api(
      'POST',
      `/api/v1/study-groups/${groupId}/members/${await memberIdOf(mex.id)}/approve`,
      'moderator',
    );
  });
});

describe('discussions', () => {
  let threadId: number;

  it('are opened and answered by members only, and the members are told', async () => {
    const outsider = await post(`/en/study-groups/${groupId}/threads`, 'hti', {
      title: 'Spam',
      body: 'Hello',
    });
    expect(outsider.statusCode).toBe(403);
    expect((await get(`/en/study-groups/${groupId}/threads/new`, 'hti')).statusCode).toBe(403);

    const res = await post(`/en/study-groups/${groupId}/threads`, 'chl', {
      title: 'NEET definitions',
      body: 'Which age band do you use? <script>x()</script>',
    });
    expect(res.statusCode).toBe(303);
    threadId = Number(/threads\/(\d+)/.exec(res.headers.location as string)![1]);
    const page = await get(res.headers.location as string, 'moderator');
    expect(page.body).toContain('NEET definitions');
    expect(page.body).toContain('Which age band do you use?');
    expect(page.body).not.toContain('<script>x()');

    const reply = await post(`/en/study-groups/${groupId}/threads/${threadId}/posts`, 'moderator', {
      body: '15 to 24.',
    });
    expect(reply.statusCode).toBe(303);
    const empty = await post(`/en/study-groups/${groupId}/threads/${threadId}/posts`, 'moderator', {
      body: '',
    });
    expect(empty.statusCode).toBe(422);
    expect(empty.body).toContain('Write your message.');

    const told = await t.db
      .selectFrom('notifications')
      .select('user_id')
      .where('kind', '=', 'group.thread_post')
      .where('url', '=', `/study-groups/${groupId}/threads/${threadId}`)
      .execute();
    const ids = told.map((n) => n.user_id);
    expect(ids).toContain(moderator.id);
    expect(ids).toContain(chl.id);
    expect(ids).not.toContain(hti.id);
  });

  it('are hidden from non-members: pages, API reads and writes', async () => {
    expect((await get(`/en/study-groups/${groupId}/threads/${threadId}`, 'hti')).statusCode).toBe(403);
    const anon = await get(`/en/study-groups/${groupId}/threads/${threadId}`);
    expect(anon.statusCode).toBe(303);
    const groupPage = await get(`/en/study-groups/${groupId}`, 'hti');
    expect(groupPage.body).not.toContain('NEET definitions');
    expect(groupPage.body).toContain('Discussions are open to the group’s members (1 discussion).');
    expect((await api('GET', `/api/v1/threads/${threadId}`, 'hti')).statusCode).toBe(404);
    expect((await api('POST', `/api/v1/threads/${threadId}/posts`, 'hti', { body: 'x' })).statusCode).toBe(
      403,
    );

    const read = await api('GET', `/api/v1/threads/${threadId}`, 'chl');
    expect(read.statusCode).toBe(200);
    expect(read.json().posts.map((p: { body: string }) => p.body)).toEqual([
      'Which age band do you use? <script>x()</script>',
      '15 to 24.',
    ]);
    const viaApi = await api('POST', `/api/v1/threads/${threadId}/posts`, 'mex', {
      body: 'Mexico uses 15–29.',
    });
    expect(viaApi.statusCode).toBe(201);
    const thread = await api('POST', `/api/v1/study-groups/${groupId}/threads`, 'mex', {
      title: 'Sources',
      body: 'Surveys',
    });
    expect(thread.statusCode).toBe(201);
  });
});

describe('shared documents and outputs', () => {
  let publicDoc: number;
  let membersDoc: number;
  let countryDoc: number;

  beforeAll(async () => {
    publicDoc = await makeDocument('Youth labour market report', 'public');
    membersDoc = await makeDocument('Draft NEET methodology note', 'members');
    countryDoc = await makeDocument('Chilean internal survey notes', 'country', 'CHL');
  });

  it('are shared by members, only when they may read the document', async () => {
    const outsider = await api('POST', `/api/v1/study-groups/${groupId}/documents`, 'hti', {
      documentId: publicDoc,
    });
    expect(outsider.statusCode).toBe(403);
    // The moderator (Uruguay) cannot share a Chile-only document they cannot open.
    const hidden = await post(`/en/study-groups/${groupId}/documents`, 'moderator', {
      document_id: String(countryDoc),
    });
    expect(hidden.statusCode).toBe(422);
    expect(hidden.body).toContain(
      'There is no published library document with this number that you may open.',
    );

    for (const id of [publicDoc, membersDoc]) {
      const res = await post(`/en/study-groups/${groupId}/documents`, 'moderator', {
        document_id: String(id),
      });
      expect(res.headers.location).toBe(`/en/study-groups/${groupId}/documents?notice=shared`);
    }
    const byChile = await api('POST', `/api/v1/study-groups/${groupId}/documents`, 'chl', {
      documentId: countryDoc,
    });
    expect(byChile.statusCode).toBe(201);
    const again = await api('POST', `/api/v1/study-groups/${groupId}/documents`, 'chl', {
      documentId: publicDoc,
    });
    expect(again.statusCode).toBe(422);
  });

  it('respect each viewer’s rights on the group page', async () => {
    const visitor = await get(`/en/study-groups/${groupId}`);
    expect(visitor.body).toContain('Youth labour market report');
    expect(visitor.body).not.toContain('Draft NEET methodology note');
    expect(visitor.body).not.toContain('Chilean internal survey notes');
    expect(visitor.body).toContain('2 other shared documents are restricted to some members.');

    const uruguay = await get(`/en/study-groups/${groupId}`, 'moderator');
    expect(uruguay.body).toContain('Draft NEET methodology note');
    expect(uruguay.body).not.toContain('Chilean internal survey notes');

    const chile = await get(`/en/study-groups/${groupId}`, 'chl');
    expect(chile.body).toContain('Chilean internal survey notes');

    const apiVisitor = await api('GET', `/api/v1/study-groups/${groupId}`, null);
    expect(apiVisitor.json().documents.map((d: { documentId: number }) => d.documentId)).toEqual([publicDoc]);
    expect(apiVisitor.json().threads).toEqual([]);
  });

  it('become outputs when the moderator marks them', async () => {
    const link = await t.db
      .selectFrom('study_group_documents')
      .select('id')
      .where('group_id', '=', groupId)
      .where('document_id', '=', publicDoc)
      .executeTakeFirstOrThrow();
    expect(
      (await post(`/en/study-groups/${groupId}/documents/${link.id}/output`, 'chl', { output: '1' }))
        .statusCode,
    ).toBe(403);
    const res = await post(`/en/study-groups/${groupId}/documents/${link.id}/output`, 'moderator', {
      output: '1',
    });
    expect(res.headers.location).toBe(`/en/study-groups/${groupId}/documents?notice=outputMarked`);
    const page = await get(`/en/study-groups/${groupId}`);
    const outputs = page.body.slice(
      page.body.indexOf('id="sg-outputs"'),
      page.body.indexOf('id="sg-documents"'),
    );
    expect(outputs).toContain('Youth labour market report');
    const detail = await api('GET', `/api/v1/study-groups/${groupId}`, null);
    expect(detail.json().documents[0]).toMatchObject({ documentId: publicDoc, output: true });
  });

  it('can be found from the search box of the documents page', async () => {
    const res = await get(`/en/study-groups/${groupId}/documents?q=methodology`, 'chl');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Draft NEET methodology note');
    expect(res.body).toContain('Already shared');
  });
});

describe('sections from other features', () => {
  it('appear on the group page with the reader’s membership', async () => {
    registerGroupSection<{ member: boolean }>({
      id: 'test-section',
      order: 35,
      async load(_deps, _actor, group) {
        return { member: group.viewerIsMember };
      },
      render(data) {
        return <h2>{data.member ? 'Section for a member' : 'Section for a visitor'}</h2>;
      },
    });
    expect((await get(`/en/study-groups/${groupId}`)).body).toContain('Section for a visitor');
    expect((await get(`/en/study-groups/${groupId}`, 'chl')).body).toContain('Section for a member');
  });
});

describe('API', () => {
  it('lists and reads groups, with filters, and appears in the OpenAPI document', async () => {
    const list = await api('GET', '/api/v1/study-groups?country=CHL', null);
    expect(list.statusCode).toBe(200);
    const item = list.json().items.find((g: { id: number }) => g.id === groupId);
    expect(item).toMatchObject({ theme: 'youth-employment', status: 'active' });
    expect(item.countries).toEqual(['CHL', 'MEX', 'URY']);
    expect((await api('GET', '/api/v1/study-groups?country=JAM', null)).json().items).toEqual([]);
    expect((await api('GET', '/api/v1/study-groups/999999', null)).statusCode).toBe(404);

    const spec = (await t.app.inject({ url: '/api/openapi.json' })).json();
    for (const path of [
      '/api/v1/study-groups',
      '/api/v1/study-groups/{id}',
      '/api/v1/study-groups/{id}/join',
      '/api/v1/study-groups/{id}/members/{memberId}/approve',
      '/api/v1/study-groups/{id}/members/{memberId}/decline',
      '/api/v1/study-groups/{id}/leave',
      '/api/v1/study-groups/{id}/threads',
      '/api/v1/threads/{id}/posts',
      '/api/v1/study-groups/{id}/documents',
    ])
      expect(spec.paths[path], path).toBeDefined();
    expect(spec.paths['/api/v1/study-groups/{id}/join'].post.tags).toEqual(['study-groups']);
  });
});

describe('removing a group', () => {
  it('is for the Secretariat only, and takes the group out of the lists and the search', async () => {
    const id = await t.db.transaction().execute((trx) =>
      createStudyGroup(trx, SYSTEM_ACTOR, {
        title: 'Group to remove',
        description: '',
        origLocale: 'en',
        themeId: null,
        proposalId: null,
        moderatorId: moderator.id,
      }),
    );
    expect((await post(`/en/study-groups/${id}/delete`, 'moderator')).statusCode).toBe(403);
    const res = await post(`/en/study-groups/${id}/delete`, 'secretariat');
    expect(res.headers.location).toBe('/en/study-groups?notice=deleted');
    expect((await get(`/en/study-groups/${id}`)).statusCode).toBe(404);
    expect((await get('/en/study-groups')).body).not.toContain('Group to remove');
    const indexed = await t.db
      .selectFrom('search_entries')
      .select('id')
      .where('type', '=', 'study_group')
      .where('ref_id', '=', String(id))
      .execute();
    expect(indexed).toEqual([]);
    const row = await t.db
      .selectFrom('study_groups')
      .select('deleted_at')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row.deleted_at).not.toBeNull();
  });
});
