import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeUser } from '../../../test/factories.ts';
import {
  createTestApp,
  csrfFrom,
  form,
  type Login,
  loginAs,
  type TestApp,
  makeApiToken,
} from '../../../test/helpers.ts';
import type { User } from '../../db/schema.ts';
import { actorFromUser } from '../../platform/auth/actor.ts';
import { type MeetingInput, meetingService } from './service.ts';
import { makeGroup, parseIcs } from './test-support.ts';

describe('deleting and restoring meetings', () => {
  let t: TestApp;
  let moderator: User;
  let member: User;
  let otherModerator: User;
  let secretariat: User;
  let groupId: number;
  let asModerator: Login;
  let asMember: Login;
  let asOtherModerator: Login;
  let asSecretariat: Login;
  let service: ReturnType<typeof meetingService>;

  const nextMonth = new Date(Date.now() + 30 * 86400_000).toISOString().slice(0, 10);
  const input = (title: string, agenda = ''): MeetingInput => ({
    title,
    agenda,
    origLocale: 'en',
    start: `${nextMonth}T10:00`,
    timezone: 'America/Montevideo',
    duration: '90',
    capacity: '',
    embedVideo: false,
  });

  const get = (url: string, login?: Login | null) => t.app.inject({ url, headers: login?.headers ?? {} });

  const post = (url: string, login: Login) => {
    const f = form({});
    return t.app.inject({
      method: 'POST',
      url,
      payload: f.payload,
      headers: { ...f.headers, ...login.headers },
    });
  };

  async function searchUrls(q: string, login?: Login | null): Promise<string[]> {
    const res = await get(`/api/v1/search?q=${encodeURIComponent(q)}&type=meeting`, login);
    expect(res.statusCode, res.body).toBe(200);
    return (res.json() as { results: { url: string }[] }).results.map((r) => r.url);
  }

  async function groupFeedUids(): Promise<string[]> {
    const res = await get(`/en/study-groups/${groupId}/calendar.ics`);
    expect(res.statusCode).toBe(200);
    return parseIcs(res.body).events.map((e) => e.get('UID')!);
  }

  /** The member's private calendar feed (they registered for the meetings). */
  async function memberFeedUids(): Promise<string[]> {
    const list = await get('/en/meetings', asMember);
    const url = /value="(http[^"]+\/calendar\/users\/[^"]+\.ics)[^"]*"/.exec(list.body)![1]!;
    const res = await get(new URL(url).pathname);
    expect(res.statusCode).toBe(200);
    return parseIcs(res.body).events.map((e) => e.get('UID')!);
  }

  /** Everywhere a meeting shows: its page and API, the group's page, the list, search, calendars, the live room. */
  async function whereItShows(id: number, title: string, word: string) {
    const uid = `meeting-${id}@localhost`;
    return {
      page: (await get(`/en/meetings/${id}`)).statusCode,
      api: (await get(`/api/v1/meetings/${id}`)).statusCode,
      ics: (await get(`/en/meetings/${id}.ics`)).statusCode,
      groupPage: (await get(`/en/study-groups/${groupId}`)).body.includes(title),
      list: (await get('/en/meetings')).body.includes(title),
      search: (await searchUrls(word, asSecretariat)).includes(`/en/meetings/${id}`),
      groupFeed: (await groupFeedUids()).includes(uid),
      memberFeed: (await memberFeedUids()).includes(uid),
      live: (await get(`/en/meetings/${id}/live`, asMember)).statusCode,
    };
  }

  const shown = {
    page: 200,
    api: 200,
    ics: 200,
    groupPage: true,
    list: true,
    search: true,
    groupFeed: true,
    memberFeed: true,
    live: 200,
  };
  const gone = {
    page: 404,
    api: 404,
    ics: 404,
    groupPage: false,
    list: false,
    search: false,
    groupFeed: false,
    memberFeed: false,
    live: 404,
  };

  const audits = (id: number, action: string) =>
    t.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', action)
      .where('object_type', '=', 'meeting')
      .where('object_id', '=', String(id))
      .execute();

  async function registeredMeeting(title: string, agenda = ''): Promise<number> {
    const id = await service.schedule(actorFromUser(moderator), groupId, input(title, agenda));
    await service.register(actorFromUser(member), id);
    return id;
  }

  beforeAll(async () => {
    t = await createTestApp();
    moderator = await makeUser(t.db, { name: 'Lucía Pereira', country_iso3: 'URY' });
    member = await makeUser(t.db, { name: 'Camila Rojas', country_iso3: 'CHL' });
    otherModerator = await makeUser(t.db, { name: 'Ana Souza', role: 'coordinator', country_iso3: 'BRA' });
    secretariat = await makeUser(t.db, { role: 'secretariat', name: 'Ana Secretaría' });
    groupId = await makeGroup(t.db, moderator.id, [member.id]);
    await makeGroup(t.db, otherModerator.id, [], 'Labour inspection');
    service = meetingService({ db: t.db, realtime: t.app.deps.realtime });
    asModerator = await loginAs(t, moderator);
    asMember = await loginAs(t, member);
    asOtherModerator = await loginAs(t, otherModerator);
    asSecretariat = await loginAs(t, secretariat);
  });
  afterAll(() => t.close());

  it('the moderator deletes a meeting after a confirmation page: it is gone from every place, those registered are told, and the audit trail has it', async () => {
    const title = 'Harmonising occupational codes';
    const id = await registeredMeeting(title, 'Crosswalk between ISCO revisions');
    const before = await whereItShows(id, title, 'crosswalk');
    expect(before).toMatchObject(shown);

    // The meeting page leads to a page that asks first; it needs no JavaScript.
    const page = await get(`/en/meetings/${id}`, asModerator);
    expect(page.body).toContain(`href="/en/meetings/${id}/delete"`);
    expect((await get(`/en/meetings/${id}`, asMember)).body).not.toContain(`/meetings/${id}/delete`);
    const confirm = await get(`/en/meetings/${id}/delete`, asModerator);
    expect(confirm.statusCode).toBe(200);
    expect(confirm.body).toContain('Delete this meeting?');
    expect(confirm.body).toContain(title);
    expect(confirm.body).toContain('Those registered are told that the meeting is cancelled.');
    expect(confirm.body).toContain(`action="/en/meetings/${id}/delete"`);
    expect(confirm.body).not.toContain('data-confirm');
    expect(confirm.body).toContain(`href="/en/meetings/${id}"`);
    // Without the CSRF token of the form, nothing happens.
    const f = form({ _csrf: csrfFrom(confirm.body) });
    const noToken = await t.app.inject({
      method: 'POST',
      url: `/en/meetings/${id}/delete`,
      payload: form({}).payload,
      headers: { ...form({}).headers, cookie: asModerator.cookie },
    });
    expect(noToken.statusCode).toBe(403);
    expect(await whereItShows(id, title, 'crosswalk')).toMatchObject(shown);

    const done = await t.app.inject({
      method: 'POST',
      url: `/en/meetings/${id}/delete`,
      payload: f.payload,
      headers: { ...f.headers, cookie: asModerator.cookie },
    });
    expect(done.statusCode, done.body).toBe(303);
    expect(done.headers.location).toBe('/en/meetings?done=deleted');
    expect((await get('/en/meetings?done=deleted', asModerator)).body).toContain(
      'The meeting has been deleted. The Secretariat can restore it.',
    );

    expect(await whereItShows(id, title, 'crosswalk')).toEqual(gone);
    // Gone for the moderator too, and from the search whoever asks.
    expect((await get(`/en/meetings/${id}`, asModerator)).statusCode).toBe(404);
    expect(await searchUrls('crosswalk')).toEqual([]);
    // The live room's stream lets no newcomer in, and nobody posts there any more.
    expect((await get(`/meetings/${id}/events`, asMember)).statusCode).toBe(404);
    const message = await t.app.inject({
      method: 'POST',
      url: `/api/v1/meetings/${id}/messages`,
      payload: { body: 'Anyone here?' },
      headers: asMember.headers,
    });
    expect(message.statusCode).toBe(404);

    // The registered member is told, with the group's page to go to.
    const told = await t.db
      .selectFrom('notifications')
      .select(['user_id', 'url'])
      .where('kind', '=', 'meeting.cancelled')
      .where('params', 'like', '%Harmonising occupational codes%')
      .execute();
    expect(told).toEqual([{ user_id: member.id, url: `/study-groups/${groupId}` }]);

    const [row] = await audits(id, 'meeting.delete');
    expect(row).toBeDefined();
    expect(row!.actor_id).toBe(moderator.id);
    expect(JSON.parse(row!.after!)).toMatchObject({ deletedAt: expect.any(String) });
    const stored = await t.db
      .selectFrom('meetings')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(stored.deleted_by).toBe(moderator.id);
  });

  it('refuses a member or another group’s moderator who forges the form or the API, and nothing changes', async () => {
    const title = 'Youth employment indicators';
    const id = await registeredMeeting(title, 'Neet rates by sex');
    const memberToken = await makeApiToken(t.db, member.id);
    const otherToken = await makeApiToken(t.db, otherModerator.id);
    for (const login of [asMember, asOtherModerator]) {
      // The confirmation page is not even shown to them.
      expect((await get(`/en/meetings/${id}/delete`, login)).statusCode).toBe(404);
      expect((await post(`/en/meetings/${id}/delete`, login)).statusCode).toBe(403);
    }
    for (const token of [memberToken, otherToken]) {
      const res = await t.app.inject({
        method: 'DELETE',
        url: `/api/v1/meetings/${id}`,
        headers: { authorization: `Bearer ${token}` },
      });
      expect(res.statusCode).toBe(403);
    }
    const anonymous = await t.app.inject({ method: 'DELETE', url: `/api/v1/meetings/${id}` });
    expect([401, 403]).toContain(anonymous.statusCode);

    expect(await whereItShows(id, title, 'neet')).toMatchObject(shown);
    expect(await audits(id, 'meeting.delete')).toEqual([]);
    const stored = await t.db
      .selectFrom('meetings')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(stored.deleted_at).toBeNull();
    expect(
      await t.db
        .selectFrom('notifications')
        .select('id')
        .where('kind', '=', 'meeting.cancelled')
        .where('params', 'like', '%Youth employment indicators%')
        .execute(),
    ).toEqual([]);
  });

  it('lets only the Secretariat see a deleted meeting and restore it; it is back everywhere', async () => {
    const title = 'Minimum wage monitoring';
    const id = await registeredMeeting(title, 'Compliance surveys in agriculture');
    const del = await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/meetings/${id}`,
      headers: { authorization: `Bearer ${await makeApiToken(t.db, moderator.id)}` },
    });
    expect(del.statusCode, del.body).toBe(204);
    expect(await whereItShows(id, title, 'compliance')).toEqual(gone);

    // The moderator may not bring it back, through the page or the API.
    expect((await post(`/en/meetings/${id}/restore`, asModerator)).statusCode).toBe(403);
    const forged = await t.app.inject({
      method: 'POST',
      url: `/api/v1/meetings/${id}/restore`,
      headers: { authorization: `Bearer ${await makeApiToken(t.db, moderator.id)}` },
    });
    expect(forged.statusCode).toBe(403);
    expect((await get('/en/meetings/deleted', asModerator)).statusCode).toBe(404);
    expect(await whereItShows(id, title, 'compliance')).toEqual(gone);

    // The Secretariat finds it in the list of deleted meetings, and on its page.
    const index = await get('/en/meetings', asSecretariat);
    expect(index.body).toContain('href="/en/meetings/deleted"');
    const list = await get('/en/meetings/deleted', asSecretariat);
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain(title);
    expect(list.body).toContain(`action="/en/meetings/${id}/restore"`);
    const page = await get(`/en/meetings/${id}`, asSecretariat);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('This meeting was deleted on');
    expect(page.body).toContain(`action="/en/meetings/${id}/restore"`);
    expect(page.body).not.toContain(`/meetings/${id}/live`);

    const restored = await post(`/en/meetings/${id}/restore`, asSecretariat);
    expect(restored.statusCode, restored.body).toBe(303);
    expect(restored.headers.location).toBe(`/en/meetings/${id}?done=restored`);
    expect((await get(`/en/meetings/${id}?done=restored`, asSecretariat)).body).toContain(
      'The meeting has been restored.',
    );
    // Back everywhere, the member's registration with it.
    expect(await whereItShows(id, title, 'compliance')).toMatchObject(shown);
    expect(await searchUrls('compliance')).toEqual([`/en/meetings/${id}`]);
    expect((await get(`/api/v1/meetings/${id}`, asMember)).json().registration).toBe('registered');
    expect((await get('/en/meetings/deleted', asSecretariat)).body).not.toContain(title);

    // Through the API as well.
    await service.remove(actorFromUser(moderator), id);
    const api = await t.app.inject({
      method: 'POST',
      url: `/api/v1/meetings/${id}/restore`,
      headers: { authorization: `Bearer ${await makeApiToken(t.db, secretariat.id)}` },
    });
    expect(api.statusCode, api.body).toBe(200);
    expect(api.json()).toMatchObject({ id, status: 'scheduled' });
    expect(await whereItShows(id, title, 'compliance')).toMatchObject(shown);

    const deletes = await audits(id, 'meeting.delete');
    const restores = await audits(id, 'meeting.restore');
    expect(deletes.map((a) => a.actor_id)).toEqual([moderator.id, moderator.id]);
    expect(restores.map((a) => a.actor_id)).toEqual([secretariat.id, secretariat.id]);
    expect(JSON.parse(restores[0]!.before!)).toMatchObject({ deletedAt: expect.any(String) });
    expect(JSON.parse(restores[0]!.after!)).toEqual({ deletedAt: null });
  });

  it('tells nobody again when a cancelled meeting is deleted', async () => {
    const id = await registeredMeeting('Social dialogue statistics');
    await service.cancel(actorFromUser(moderator), id);
    await service.remove(actorFromUser(secretariat), id);
    const told = await t.db
      .selectFrom('notifications')
      .select('url')
      .where('kind', '=', 'meeting.cancelled')
      .where('params', 'like', '%Social dialogue statistics%')
      .execute();
    expect(told).toEqual([{ url: `/meetings/${id}` }]);
  });

  const restoredNotices = (id: number) =>
    t.db
      .selectFrom('notifications')
      .select(['user_id', 'url'])
      .where('kind', '=', 'meeting.restored')
      .where('url', '=', `/meetings/${id}`)
      .orderBy('user_id')
      .execute();

  it('restoring a meeting still ahead tells those registered or waiting, once, in their language, with a link to its page', async () => {
    const seated = await makeUser(t.db, { name: 'Rosa Méndez', locale: 'es', country_iso3: 'PER' });
    const waiting = await makeUser(t.db, { name: 'Jean Baptiste', locale: 'fr', country_iso3: 'HTI' });
    const leftOut = await makeUser(t.db, { name: 'Paulo Lima', locale: 'pt', country_iso3: 'BRA' });
    const bystander = await makeUser(t.db, { name: 'Mary Brown', country_iso3: 'JAM' });
    const group = await makeGroup(
      t.db,
      moderator.id,
      [seated.id, waiting.id, leftOut.id, bystander.id],
      'Wage gaps',
    );
    const title = 'Gender pay gap measurement';
    const id = await service.schedule(actorFromUser(moderator), group, { ...input(title), capacity: '1' });
    expect(await service.register(actorFromUser(seated), id)).toBe('registered');
    expect(await service.register(actorFromUser(waiting), id)).toBe('waitlisted');
    await service.register(actorFromUser(leftOut), id);
    await service.unregister(actorFromUser(leftOut), id);
    await service.remove(actorFromUser(moderator), id);
    expect(await restoredNotices(id)).toEqual([]);
    // The e-mails sent so far (scheduled, cancelled) go out first.
    await t.app.deps.jobs.runDue();
    const sentBefore = await t.db
      .selectFrom('outbox')
      .select((eb) => eb.fn.max('id').as('id'))
      .executeTakeFirstOrThrow();

    const restored = await post(`/en/meetings/${id}/restore`, asSecretariat);
    expect(restored.statusCode, restored.body).toBe(303);
    // Restoring it again changes nothing and tells nobody a second time.
    await service.restore(actorFromUser(secretariat), id);
    const url = `/meetings/${id}`;
    expect(await restoredNotices(id)).toEqual([
      { user_id: seated.id, url },
      { user_id: waiting.id, url },
    ]);

    // By e-mail at once, in each one's language, with the meeting's page in it.
    await t.app.deps.jobs.runDue();
    const restoredMails = await t.db
      .selectFrom('outbox')
      .select(['to_address', 'subject', 'text_body'])
      .where('id', '>', Number(sentBefore.id ?? 0))
      .orderBy('id')
      .execute();
    expect(restoredMails.map((m) => [m.to_address, m.subject])).toEqual([
      [seated.email, `La reunión «${title}» vuelve a estar programada`],
      [waiting.email, `La réunion « ${title} » est rétablie`],
    ]);
    expect(restoredMails[0]!.text_body).toContain(`/es/meetings/${id}\n`);
    expect(restoredMails[1]!.text_body).toContain(`/fr/meetings/${id}\n`);

    // In the notification centre: the notice opens the meeting's page, which is there again.
    const asSeated = await loginAs(t, seated);
    const centre = await get('/es/notifications', asSeated);
    expect(centre.body).toContain(`La reunión «${title}» vuelve a estar programada`);
    const notice = await t.db
      .selectFrom('notifications')
      .select('id')
      .where('kind', '=', 'meeting.restored')
      .where('user_id', '=', seated.id)
      .executeTakeFirstOrThrow();
    expect(centre.body).toContain(`action="/es/notifications/${notice.id}/open"`);
    const open = await post(`/es/notifications/${notice.id}/open`, asSeated);
    expect(open.statusCode).toBe(303);
    expect(open.headers.location).toBe(`/es/meetings/${id}`);
    const page = await get(open.headers.location as string, asSeated);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(title);

    // One can choose how to hear of it, as for the other meeting notices.
    const prefs = await get('/en/notifications/preferences', asSeated);
    expect(prefs.body).toContain('A meeting I registered for is on again after being cancelled');
  });

  it('restoring a meeting that is over, or that was cancelled before it was deleted, tells nobody', async () => {
    const over = await registeredMeeting('Labour force survey redesign');
    await t.db
      .updateTable('meetings')
      .set({ starts_at: new Date(Date.now() - 3 * 86400_000).toISOString() })
      .where('id', '=', over)
      .execute();
    await service.remove(actorFromUser(moderator), over);
    await service.restore(actorFromUser(secretariat), over);

    const cancelled = await registeredMeeting('Child labour survey methods');
    await service.cancel(actorFromUser(moderator), cancelled);
    await service.remove(actorFromUser(moderator), cancelled);
    await service.restore(actorFromUser(secretariat), cancelled);

    for (const id of [over, cancelled]) {
      expect((await get(`/en/meetings/${id}`)).statusCode).toBe(200);
      expect(await restoredNotices(id)).toEqual([]);
    }
  });

  it('documents deleting and restoring in OpenAPI', async () => {
    const doc = (await get('/api/openapi.json')).json();
    expect(doc.paths['/api/v1/meetings/{id}'].delete.tags).toEqual(['meetings']);
    expect(doc.paths['/api/v1/meetings/{id}'].delete.responses['204']).toBeDefined();
    expect(doc.paths['/api/v1/meetings/{id}/restore'].post.tags).toEqual(['meetings']);
  });
});
