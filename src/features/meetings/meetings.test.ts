import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeUser } from '../../../test/factories.ts';
import {
  createTestApp,
  form,
  loginAs,
  type Login,
  type TestApp,
  makeApiToken,
} from '../../../test/helpers.ts';
import type { User } from '../../db/schema.ts';
import { REMINDER_JOB } from './model.ts';
import { localToUtc, formatMeetingTime } from './time.ts';
import { makeGroup, parseIcs } from './test-support.ts';

describe('meeting times', () => {
  it('converts the host’s local time to UTC and shows it in each viewer’s zone', () => {
    const r = localToUtc('2027-03-04T10:00', 'America/Montevideo');
    expect(r.ok && r.utc.toISOString()).toBe('2027-03-04T13:00:00.000Z');
    const iso = r.ok ? r.utc.toISOString() : '';
    expect(formatMeetingTime(iso, 'en', 'UTC')).toContain('13:00 UTC');
    // Mexico City keeps UTC−6 all year since 2022.
    expect(formatMeetingTime(iso, 'en', 'America/Mexico_City')).toContain('07:00');
    // Before 2022 it kept summer time: the same 10:00 in Montevideo was 08:00 in Mexico City.
    const old = localToUtc('2021-07-01T10:00', 'America/Montevideo');
    expect(old.ok && formatMeetingTime(old.utc.toISOString(), 'en', 'America/Mexico_City')).toContain(
      '08:00',
    );
  });

  it('follows daylight saving time, and refuses a time skipped by the clocks', () => {
    const summer = localToUtc('2027-07-01T10:00', 'America/New_York');
    const winter = localToUtc('2027-01-14T10:00', 'America/New_York');
    expect(summer.ok && summer.utc.toISOString()).toBe('2027-07-01T14:00:00.000Z');
    expect(winter.ok && winter.utc.toISOString()).toBe('2027-01-14T15:00:00.000Z');
    expect(localToUtc('2027-03-14T02:30', 'America/New_York')).toEqual({ ok: false, reason: 'nonexistent' });
    // Clocks go back: 01:30 happens twice; the first is taken.
    const twice = localToUtc('2027-11-07T01:30', 'America/New_York');
    expect(twice.ok && twice.utc.toISOString()).toBe('2027-11-07T05:30:00.000Z');
    // Santiago de Chile (southern summer time).
    const santiago = localToUtc('2027-01-14T10:00', 'America/Santiago');
    expect(santiago.ok && santiago.utc.toISOString()).toBe('2027-01-14T13:00:00.000Z');
    expect(localToUtc('2027-02-30T10:00', 'UTC')).toEqual({ ok: false, reason: 'format' });
    expect(localToUtc('2027-02-03T10:00', 'Mars/Olympus')).toEqual({ ok: false, reason: 'zone' });
  });
});

describe('meetings', () => {
  let t: TestApp;
  let moderator: User;
  let chile: User;
  let mexico: User;
  let brazil: User;
  let secretariat: User;
  let groupId: number;
  let otherGroupId: number;
  let asModerator: Login;
  let asChile: Login;
  let asMexico: Login;
  let asBrazil: Login;

  const meetingForm = (over: Record<string, string> = {}) =>
    form({
      title: 'Measuring informal employment',
      agenda: '1. Household surveys\n2. Administrative records',
      orig_locale: 'en',
      start: '2027-03-04T10:00',
      timezone: 'America/Montevideo',
      duration: '90',
      capacity: '',
      ...over,
    });

  async function schedule(login: Login, over: Record<string, string> = {}, group = groupId) {
    const f = meetingForm(over);
    return t.app.inject({
      method: 'POST',
      url: `/en/study-groups/${group}/meetings/new`,
      payload: f.payload,
      headers: { ...f.headers, ...login.headers },
    });
  }

  async function scheduled(over: Record<string, string> = {}, group = groupId): Promise<number> {
    const res = await schedule(asModerator, over, group);
    expect(res.statusCode, res.body).toBe(303);
    return Number(/\/meetings\/(\d+)/.exec(res.headers.location as string)![1]);
  }

  beforeAll(async () => {
    t = await createTestApp();
    moderator = await makeUser(t.db, { name: 'Lucía Pereira', timezone: 'America/Montevideo' });
    chile = await makeUser(t.db, { name: 'Camila Rojas', country_iso3: 'CHL', timezone: 'America/Santiago' });
    mexico = await makeUser(t.db, {
      name: 'Jorge Hernández',
      role: 'coordinator',
      country_iso3: 'MEX',
      timezone: 'America/Mexico_City',
    });
    brazil = await makeUser(t.db, { name: 'Ana Souza', country_iso3: 'BRA', timezone: 'America/Sao_Paulo' });
    secretariat = await makeUser(t.db, { role: 'secretariat', name: 'Ana Secretaría' });
    groupId = await makeGroup(t.db, moderator.id, [chile.id, mexico.id]);
    otherGroupId = await makeGroup(t.db, brazil.id, [], 'Labour inspection');
    asModerator = await loginAs(t, moderator);
    asChile = await loginAs(t, chile);
    asMexico = await loginAs(t, mexico);
    asBrazil = await loginAs(t, brazil);
  });
  afterAll(() => t.close());

  it('shows a meeting at 10:00 in Montevideo as 13:00 UTC to visitors and 07:00 to a viewer in Mexico City', async () => {
    const id = await scheduled();
    const anon = await t.app.inject({ url: `/en/meetings/${id}` });
    expect(anon.statusCode).toBe(200);
    expect(anon.body).toContain('Thu, Mar 4, 2027, 13:00 UTC');
    // The host's time, named.
    expect(anon.body).toContain('10:00 GMT-3 <span class="meta">(America/Montevideo)</span>');
    const mx = await t.app.inject({ url: `/es/meetings/${id}`, headers: asMexico.headers });
    expect(mx.body).toContain('07:00');
    expect(mx.body).toContain('(America/Mexico_City)');
    expect(mx.body).not.toContain('13:00 UTC');
  });

  it('keeps the wall-clock time across daylight saving changes for viewers', async () => {
    const newYork = await makeUser(t.db, { role: 'reader', timezone: 'America/New_York' });
    const asNy = await loginAs(t, newYork);
    const july = await scheduled({ start: '2027-07-01T10:00' });
    const january = await scheduled({ start: '2027-01-14T10:00' });
    expect((await t.app.inject({ url: `/en/meetings/${july}`, headers: asNy.headers })).body).toContain(
      '09:00 EDT',
    );
    expect((await t.app.inject({ url: `/en/meetings/${january}`, headers: asNy.headers })).body).toContain(
      '08:00 EST',
    );
  });

  it('explains bad times next to the field', async () => {
    const gap = await schedule(asModerator, { start: '2027-03-14T02:30', timezone: 'America/New_York' });
    expect(gap.statusCode).toBe(422);
    expect(gap.body).toContain('This time does not exist in America/New_York');
    const past = await schedule(asModerator, { start: '2020-01-01T10:00' });
    expect(past.statusCode).toBe(422);
    expect(past.body).toContain('The start must be in the future');
    const zone = await schedule(asModerator, { timezone: 'Mars/Olympus', duration: '5' });
    expect(zone.statusCode).toBe(422);
    expect(zone.body).toContain('Choose a time zone from the list');
    expect(zone.body).toContain('Enter a duration between 15 and 720 minutes');
  });

  it('lets only the moderator and the Secretariat schedule; forged requests are refused', async () => {
    // A member of the group, and the moderator of another group.
    expect((await schedule(asChile)).statusCode).toBe(403);
    expect((await schedule(asBrazil)).statusCode).toBe(403);
    // The form is not even shown to them.
    const page = await t.app.inject({
      url: `/en/study-groups/${groupId}/meetings/new`,
      headers: asChile.headers,
    });
    expect(page.statusCode).toBe(404);
    // Through the API: anonymous, a member with a token, the Secretariat.
    const body = {
      title: 'API meeting',
      start: '2027-05-06T09:30',
      timezone: 'America/Santiago',
      durationMinutes: 60,
      capacity: 20,
    };
    const before = await t.db.selectFrom('meetings').select('id').execute();
    const anon = await t.app.inject({
      method: 'POST',
      url: `/api/v1/study-groups/${groupId}/meetings`,
      payload: body,
    });
    expect([401, 403]).toContain(anon.statusCode);
    const chileToken = await makeApiToken(t.db, chile.id);
    const forged = await t.app.inject({
      method: 'POST',
      url: `/api/v1/study-groups/${groupId}/meetings`,
      payload: body,
      headers: { authorization: `Bearer ${chileToken}` },
    });
    expect(forged.statusCode).toBe(403);
    expect(await t.db.selectFrom('meetings').select('id').execute()).toEqual(before);
    const secToken = await makeApiToken(t.db, secretariat.id);
    const ok = await t.app.inject({
      method: 'POST',
      url: `/api/v1/study-groups/${groupId}/meetings`,
      payload: body,
      headers: { authorization: `Bearer ${secToken}` },
    });
    expect(ok.statusCode, ok.body).toBe(201);
    const json = ok.json();
    expect(json.startsAt).toBe('2027-05-06T13:30:00.000Z');
    expect(json.hostTimezone).toBe('America/Santiago');
    expect(json.videoUrl).toMatch(/^https:\/\/meet\.jit\.si\/sismel-[a-z2-7]{26}$/);
    const count = await t.db
      .selectFrom('meetings')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const audits = await t.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'meeting.schedule')
      .execute();
    expect(audits.length).toBe(Number(count.n));
    // Group members are told.
    const told = await t.db
      .selectFrom('notifications')
      .select('user_id')
      .where('kind', '=', 'meeting.scheduled')
      .where('url', '=', `/meetings/${json.id}`)
      .execute();
    expect(told.map((n) => n.user_id).sort()).toEqual([moderator.id, chile.id, mexico.id].sort());
  });

  it('fills the seats, then the waiting list, and gives a freed seat to the first in line', async () => {
    const id = await scheduled({ capacity: '1' });
    const register = (login: Login) =>
      t.app.inject({
        method: 'POST',
        url: `/en/meetings/${id}/register`,
        payload: form({}).payload,
        headers: { ...form({}).headers, ...login.headers },
      });
    const first = await register(asChile);
    expect(first.headers.location).toContain('done=registered');
    const second = await register(asMexico);
    expect(second.headers.location).toContain('done=waitlisted');
    // Someone outside the group may not register.
    expect((await register(asBrazil)).statusCode).toBe(403);
    const page = await t.app.inject({ url: `/en/meetings/${id}`, headers: asMexico.headers });
    expect(page.body).toContain('1 of 1 seats taken');
    expect(page.body).toContain('1 person waiting');
    expect(page.body).toContain('On the waiting list');
    // Only registered people see the video room.
    expect(page.body).not.toContain('meet.jit.si');
    expect((await t.app.inject({ url: `/en/meetings/${id}`, headers: asChile.headers })).body).toContain(
      'meet.jit.si/sismel-',
    );
    // Chile gives the seat back: Mexico takes it and is told.
    const off = await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/meetings/${id}/register`,
      headers: asChile.headers,
    });
    expect(off.statusCode).toBe(200);
    expect(off.json()).toEqual({ registration: null, registered: 1, waitlisted: 0 });
    const mx = await t.app.inject({ url: `/api/v1/meetings/${id}`, headers: asMexico.headers });
    expect(mx.json().registration).toBe('registered');
    expect(mx.json().videoUrl).toContain('meet.jit.si');
    const promoted = await t.db
      .selectFrom('notifications')
      .select('user_id')
      .where('kind', '=', 'meeting.promoted')
      .where('url', '=', `/meetings/${id}`)
      .execute();
    expect(promoted.map((p) => p.user_id)).toEqual([mexico.id]);
    // Lowering the seats below those registered is refused.
    const f = meetingForm({ capacity: '0' });
    const low = await t.app.inject({
      method: 'POST',
      url: `/en/meetings/${id}/edit`,
      payload: f.payload,
      headers: { ...f.headers, ...asModerator.headers },
    });
    expect(low.statusCode).toBe(422);
  });

  it('serves .ics files and calendar feeds with the right meetings and fields', async () => {
    const id = await scheduled({
      title: 'Calendar check',
      start: '2027-06-10T15:00',
      timezone: 'America/Mexico_City',
      duration: '45',
    });
    const other = await scheduled({ title: 'Another group', start: '2027-06-11T15:00' }, otherGroupId).catch(
      () => null,
    );
    expect(other).toBeNull(); // the moderator of this group does not run the other one
    const otherId = await (async () => {
      const f = meetingForm({ title: 'Inspection meeting' });
      const res = await t.app.inject({
        method: 'POST',
        url: `/en/study-groups/${otherGroupId}/meetings/new`,
        payload: f.payload,
        headers: { ...f.headers, ...asBrazil.headers },
      });
      return Number(/\/meetings\/(\d+)/.exec(res.headers.location as string)![1]);
    })();

    const res = await t.app.inject({ url: `/en/meetings/${id}.ics` });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/calendar/);
    const { calendar, events } = parseIcs(res.body);
    expect(calendar.get('VERSION')).toBe('2.0');
    expect(events).toHaveLength(1);
    const ev = events[0]!;
    expect(ev.get('SUMMARY')).toBe('Calendar check');
    expect(ev.get('DTSTART')).toBe('20270610T210000Z');
    expect(ev.get('DTEND')).toBe('20270610T214500Z');
    expect(ev.get('UID')).toBe(`meeting-${id}@localhost`);
    expect(ev.get('STATUS')).toBe('CONFIRMED');
    expect(ev.get('DESCRIPTION')).toContain('America/Mexico_City');
    // Visitors do not get the video room.
    expect(res.body).not.toContain('meet.jit.si');
    const api = await t.app.inject({ url: `/api/v1/meetings/${id}.ics` });
    expect(parseIcs(api.body).events[0]!.get('DTSTART')).toBe('20270610T210000Z');

    // The group's feed lists its meetings and not the other group's.
    const feed = parseIcs((await t.app.inject({ url: `/en/study-groups/${groupId}/calendar.ics` })).body);
    const uids = feed.events.map((e) => e.get('UID'));
    expect(uids).toContain(`meeting-${id}@localhost`);
    expect(uids).not.toContain(`meeting-${otherId}@localhost`);

    // The user's private feed: the meetings they registered for, with the video room.
    await t.app.inject({ method: 'POST', url: `/api/v1/meetings/${id}/register`, headers: asChile.headers });
    const list = await t.app.inject({ url: '/en/meetings', headers: asChile.headers });
    const url = /value="(http[^"]+\/calendar\/users\/[^"]+\.ics)[^"]*"/.exec(list.body)![1]!;
    const mine = await t.app.inject({ url: new URL(url).pathname });
    expect(mine.statusCode).toBe(200);
    const mineEvents = parseIcs(mine.body).events;
    expect(mineEvents.map((e) => e.get('UID'))).toEqual([`meeting-${id}@localhost`]);
    expect(mineEvents[0]!.get('LOCATION')).toMatch(/^https:\/\/meet\.jit\.si\/sismel-/);
    // A new address retires the old one.
    await t.app.inject({
      method: 'POST',
      url: '/en/meetings/calendar-token',
      payload: form({}).payload,
      headers: { ...form({}).headers, ...asChile.headers },
    });
    expect((await t.app.inject({ url: new URL(url).pathname })).statusCode).toBe(404);
    expect((await t.app.inject({ url: '/calendar/users/not-a-token-at-all-really.ics' })).statusCode).toBe(
      404,
    );
  });

  it('queues a reminder 24 hours before, and a moved meeting’s old reminder sends nothing', async () => {
    const start = new Date(Date.now() + 3 * 86400_000);
    start.setUTCSeconds(0, 0);
    const local = start.toISOString().slice(0, 16);
    const id = await scheduled({ title: 'Reminder check', start: local, timezone: 'UTC' });
    await t.app.inject({ method: 'POST', url: `/api/v1/meetings/${id}/register`, headers: asChile.headers });
    const jobs = () =>
      t.db
        .selectFrom('jobs')
        .selectAll()
        .where('kind', '=', REMINDER_JOB)
        .where('payload', 'like', `%"meetingId":${id},%`)
        .orderBy('id')
        .execute();
    const [first] = await jobs();
    expect(first!.run_at).toBe(new Date(start.getTime() - 24 * 3600_000).toISOString());
    expect(first!.status).toBe('queued');

    // The moderator moves the meeting a day later.
    const moved = new Date(start.getTime() + 86400_000).toISOString().slice(0, 16);
    const f = meetingForm({ title: 'Reminder check', start: moved, timezone: 'UTC' });
    const edit = await t.app.inject({
      method: 'POST',
      url: `/en/meetings/${id}/edit`,
      payload: f.payload,
      headers: { ...f.headers, ...asModerator.headers },
    });
    expect(edit.statusCode, edit.body).toBe(303);
    const both = await jobs();
    expect(both).toHaveLength(2);
    expect(both[1]!.run_at).toBe(new Date(start.getTime()).toISOString());

    const reminders = () =>
      t.db
        .selectFrom('notifications')
        .select('user_id')
        .where('kind', '=', 'meeting.reminder')
        .where('url', '=', `/meetings/${id}`)
        .execute();
    // Time passes: the old reminder's hour comes. It does nothing.
    await t.db
      .updateTable('jobs')
      .set({ run_at: new Date(Date.now() - 1000).toISOString() })
      .where('id', '=', both[0]!.id)
      .execute();
    await t.app.deps.jobs.runDue();
    expect(await reminders()).toEqual([]);
    // Then the new one: the registered person is reminded, by e-mail in their language.
    await t.db
      .updateTable('jobs')
      .set({ run_at: new Date(Date.now() - 1000).toISOString() })
      .where('id', '=', both[1]!.id)
      .execute();
    await t.app.deps.jobs.runDue();
    expect((await reminders()).map((r) => r.user_id)).toEqual([chile.id]);
    await t.app.deps.jobs.runDue();
    const mail = await t.db
      .selectFrom('outbox')
      .selectAll()
      .where('to_address', '=', chile.email)
      .orderBy('id', 'desc')
      .executeTakeFirst();
    expect(mail?.subject ?? '').toContain('Reminder check');
  });

  it('publishes minutes (sanitised) and records attendance once the meeting has started', async () => {
    const id = await scheduled({ title: 'Past meeting' });
    await t.app.inject({ method: 'POST', url: `/api/v1/meetings/${id}/register`, headers: asChile.headers });
    await t.app.inject({ method: 'POST', url: `/api/v1/meetings/${id}/register`, headers: asMexico.headers });
    // Before it starts, there is nothing to record.
    const early = await t.app.inject({
      method: 'PUT',
      url: `/api/v1/meetings/${id}/minutes`,
      payload: { minutes: 'Too early', locale: 'en' },
      headers: asModerator.headers,
    });
    expect(early.statusCode).toBe(409);
    // Time passes.
    await t.db
      .updateTable('meetings')
      .set({ starts_at: new Date(Date.now() - 3 * 3600_000).toISOString() })
      .where('id', '=', id)
      .execute();
    const minutes = await t.app.inject({
      method: 'PUT',
      url: `/api/v1/meetings/${id}/minutes`,
      payload: {
        minutes: '## Agreed\n\n- Share survey questionnaires\n\n<script>alert(1)</script>',
        locale: 'en',
      },
      headers: asModerator.headers,
    });
    expect(minutes.statusCode, minutes.body).toBe(200);
    // A member may not write the minutes.
    const forged = await t.app.inject({
      method: 'PUT',
      url: `/api/v1/meetings/${id}/minutes`,
      payload: { minutes: 'Mine', locale: 'en' },
      headers: asChile.headers,
    });
    expect(forged.statusCode).toBe(403);
    const f = form({ attended: [String(chile.id)] });
    const att = await t.app.inject({
      method: 'POST',
      url: `/en/meetings/${id}/attendance`,
      payload: f.payload,
      headers: { ...f.headers, ...asModerator.headers },
    });
    expect(att.statusCode).toBe(303);
    const unknown = await t.app.inject({
      method: 'PUT',
      url: `/api/v1/meetings/${id}/attendance`,
      payload: { userIds: [brazil.id] },
      headers: asModerator.headers,
    });
    expect(unknown.statusCode).toBe(422);
    // The moderator's pages, hidden from members.
    for (const path of ['edit', 'minutes', 'attendance']) {
      const own = await t.app.inject({ url: `/en/meetings/${id}/${path}`, headers: asModerator.headers });
      expect(own.statusCode, path).toBe(200);
      const theirs = await t.app.inject({ url: `/en/meetings/${id}/${path}`, headers: asChile.headers });
      expect(theirs.statusCode, path).toBe(404);
    }
    const attendanceForm = await t.app.inject({
      url: `/en/meetings/${id}/attendance`,
      headers: asModerator.headers,
    });
    expect(attendanceForm.body).toMatch(new RegExp(`value="${chile.id}" checked`));
    expect(attendanceForm.body).toContain('Jorge Hernández');
    const forgedAttendance = await t.app.inject({
      method: 'PUT',
      url: `/api/v1/meetings/${id}/attendance`,
      payload: { userIds: [chile.id, mexico.id] },
      headers: asChile.headers,
    });
    expect(forgedAttendance.statusCode).toBe(403);
    const page = await t.app.inject({ url: `/en/meetings/${id}`, headers: asMexico.headers });
    expect(page.body).toContain('Share survey questionnaires');
    expect(page.body).not.toContain('<script>alert');
    expect(page.body).toContain('Camila Rojas');
    expect(page.body).toContain('recorded by the moderator');
    const rows = await t.db
      .selectFrom('meeting_attendance')
      .selectAll()
      .where('meeting_id', '=', id)
      .execute();
    expect(rows.map((r) => r.user_id)).toEqual([chile.id]);
  });

  it('keeps the conversation: a message posted without JavaScript shows on the live page', async () => {
    const id = await scheduled({ title: 'Live check' });
    await t.app.inject({ method: 'POST', url: `/api/v1/meetings/${id}/register`, headers: asChile.headers });
    // Not registered: the room is hidden.
    expect(
      (await t.app.inject({ url: `/en/meetings/${id}/live`, headers: asMexico.headers })).statusCode,
    ).toBe(404);
    expect((await t.app.inject({ url: `/en/meetings/${id}/live` })).statusCode).toBe(303);
    const f = form({ body: 'Hola a todos <b>desde Chile</b>' });
    const post = await t.app.inject({
      method: 'POST',
      url: `/es/meetings/${id}/messages`,
      payload: f.payload,
      headers: { ...f.headers, ...asChile.headers },
    });
    expect(post.statusCode).toBe(303);
    expect(post.headers.location).toMatch(new RegExp(`^/es/meetings/${id}/live#m-\\d+$`));
    const live = await t.app.inject({ url: `/es/meetings/${id}/live`, headers: asModerator.headers });
    expect(live.statusCode).toBe(200);
    expect(live.body).toContain('Hola a todos &lt;b>desde Chile&lt;/b>');
    expect(live.body).not.toContain('<b>desde');
    expect(live.body).toContain('Camila Rojas');
    expect(live.body).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    const empty = form({ body: '   ' });
    const bad = await t.app.inject({
      method: 'POST',
      url: `/en/meetings/${id}/messages`,
      payload: empty.payload,
      headers: { ...empty.headers, ...asChile.headers },
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toContain('Write a message');
  });

  it('documents its API in OpenAPI under the meetings tag', async () => {
    const doc = (await t.app.inject({ url: '/api/openapi.json' })).json();
    for (const path of [
      '/api/v1/study-groups/{id}/meetings',
      '/api/v1/meetings/{id}',
      '/api/v1/meetings/{id}.ics',
      '/api/v1/meetings/{id}/register',
      '/api/v1/meetings/{id}/messages',
      '/api/v1/meetings/{id}/minutes',
      '/api/v1/meetings/{id}/attendance',
    ]) {
      expect(doc.paths[path], path).toBeDefined();
    }
    expect(doc.paths['/api/v1/study-groups/{id}/meetings'].post.tags).toEqual(['meetings']);
    expect(doc.paths['/api/v1/meetings/{id}/register'].delete).toBeDefined();
  });
});
