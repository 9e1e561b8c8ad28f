import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeUser } from '../../../test/factories.ts';
import {
  createTestApp,
  engine,
  type Login,
  loginAs,
  POSTGRES_URL,
  type TestApp,
} from '../../../test/helpers.ts';
import { buildApp } from '../../app.ts';
import { connect, type DatabaseHandle } from '../../db/connection.ts';
import type { User } from '../../db/schema.ts';
import { actorFromUser } from '../../platform/auth/actor.ts';
import { connectSse, type SseConnection, type SseEvent } from '../../platform/realtime/sse-client.ts';
import { meetingService } from './service.ts';
import { makeGroup } from './test-support.ts';

async function listen(app: FastifyInstance): Promise<string> {
  await app.listen({ host: '127.0.0.1', port: 0 });
  return `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
}

const events = (sse: SseConnection, name: string) =>
  sse.events.filter((e) => e.event === name).map((e) => JSON.parse(e.data));

interface Person {
  userId: number;
  name: string;
  region: string | null;
}

/** Each arrival and departure a stream was told of, in order (events carry several). */
const changes = (sse: SseConnection) =>
  events(sse, 'presence').flatMap((c: { joined: Person[]; left: number[] }) => [
    ...c.left.map((userId) => ({ userId, state: 'leave' })),
    ...c.joined.map((p) => ({ ...p, state: 'join' })),
  ]);

/** Who the stream's client shows as present: the list it got, then each change applied. */
function shown(sse: SseConnection): number[] {
  const present = new Set<number>();
  for (const e of sse.events) {
    const data = e.event.startsWith('presence') ? JSON.parse(e.data) : null;
    if (e.event === 'presence-list') {
      present.clear();
      for (const p of data.people as Person[]) present.add(p.userId);
    } else if (e.event === 'presence') {
      for (const id of data.left as number[]) present.delete(id);
      for (const p of data.joined as Person[]) present.add(p.userId);
    }
  }
  return [...present].sort((a, b) => a - b);
}

const arrived = (id: number) => (e: SseEvent) =>
  e.event === 'presence' && (JSON.parse(e.data).joined as Person[]).some((p) => p.userId === id);
const departed = (id: number) => (e: SseEvent) =>
  e.event === 'presence' && (JSON.parse(e.data).left as number[]).includes(id);

async function until(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 10_000) {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('live meeting room over Server-Sent Events', () => {
  let t: TestApp;
  let base: string;
  let moderator: User;
  let chile: User;
  let mexico: User;
  let brazil: User;
  let asModerator: Login;
  let asChile: Login;
  let asMexico: Login;
  let meetingId: number;
  const open: SseConnection[] = [];

  async function sse(
    login: Login,
    path = `/meetings/${meetingId}/events`,
    headers: Record<string, string> = {},
    at = base,
  ) {
    const c = await connectSse(`${at}${path}`, { headers: { cookie: login.cookie, ...headers } });
    open.push(c);
    return c;
  }

  async function say(login: Login, body: string, app: FastifyInstance = t.app) {
    const res = await app.inject({
      method: 'POST',
      url: `/api/v1/meetings/${meetingId}/messages`,
      payload: { body },
      headers: login.headers,
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { id: number; body: string };
  }

  beforeAll(async () => {
    t = await createTestApp();
    base = await listen(t.app);
    moderator = await makeUser(t.db, { name: 'Lucía Pereira' });
    chile = await makeUser(t.db, { name: 'Camila Rojas', country_iso3: 'CHL' });
    mexico = await makeUser(t.db, { name: 'Jorge Hernández', country_iso3: 'MEX' });
    brazil = await makeUser(t.db, { name: 'Ana Souza', country_iso3: 'BRA' });
    const groupId = await makeGroup(t.db, moderator.id, [chile.id, mexico.id, brazil.id]);
    const service = meetingService({ db: t.db, realtime: t.app.deps.realtime });
    // Starts in ten minutes: presence in the room already counts as attendance.
    const start = new Date(Date.now() + 10 * 60_000).toISOString().slice(0, 16);
    meetingId = await service.schedule(actorFromUser(moderator), groupId, {
      title: 'Live room check',
      agenda: '',
      origLocale: 'en',
      start,
      timezone: 'UTC',
      duration: '60',
      capacity: '',
      embedVideo: true,
    });
    await service.register(actorFromUser(chile), meetingId);
    await service.register(actorFromUser(mexico), meetingId);
    asModerator = await loginAs(t, moderator);
    asChile = await loginAs(t, chile);
    asMexico = await loginAs(t, mexico);
  });
  afterAll(async () => {
    for (const c of open) c.close();
    await t.close();
  });

  it('streams messages and presence to everyone in the room, and records who was there', async () => {
    const cl = await sse(asChile);
    expect(cl.status).toBe(200);
    expect(cl.headers['content-type']).toMatch(/^text\/event-stream/);
    const first = await cl.waitFor((e) => e.event === 'presence-list');
    expect(JSON.parse(first.data).people).toEqual([{ userId: chile.id, name: 'Camila Rojas', region: 'CL' }]);

    const mx = await sse(asMexico);
    await mx.waitFor((e) => e.event === 'presence-list');
    const joined = await cl.waitFor(arrived(mexico.id));
    expect(JSON.parse(joined.data)).toEqual({
      joined: [{ userId: mexico.id, name: 'Jorge Hernández', region: 'MX' }],
      left: [],
    });

    const sent = await say(asModerator, 'Bienvenidos, empezamos en cinco minutos');
    for (const c of [cl, mx]) {
      const got = await c.waitFor((e) => e.event === 'message');
      expect(got.id).toBe(String(sent.id));
      expect(JSON.parse(got.data)).toMatchObject({
        body: 'Bienvenidos, empezamos en cinco minutos',
        name: 'Lucía Pereira',
      });
    }

    // A second tab of the same person: no second "join", and closing one tab is no "leave".
    const mx2 = await sse(asMexico);
    await mx2.waitFor((e) => e.event === 'presence-list');
    mx.close();
    await mx.closed;
    await new Promise((r) => setTimeout(r, 400));
    expect(
      changes(cl)
        .filter((p) => p.userId === mexico.id)
        .map((p) => p.state),
    ).toEqual(['join']);
    mx2.close();
    const left = await cl.waitFor(departed(mexico.id));
    expect(JSON.parse(left.data)).toEqual({ joined: [], left: [mexico.id] });

    const attendance = await t.db
      .selectFrom('meeting_attendance')
      .selectAll()
      .where('meeting_id', '=', meetingId)
      .execute();
    expect(attendance.map((a) => [a.user_id, a.source]).sort()).toEqual(
      // The moderator posted in the room without opening it: that counts too.
      [
        [moderator.id, 'live'],
        [chile.id, 'live'],
        [mexico.id, 'live'],
      ].sort(),
    );
    cl.close();
  });

  it('sends what a reconnecting client missed (Last-Event-ID)', async () => {
    const a = await say(asChile, 'primero');
    const b = await say(asChile, 'segundo');
    const c = await say(asChile, 'tercero');
    const again = await sse(asMexico, `/meetings/${meetingId}/events`, { 'last-event-id': String(a.id) });
    await again.waitFor((e) => e.event === 'message' && e.id === String(c.id));
    expect(events(again, 'message').map((m) => m.id)).toEqual([b.id, c.id]);
    again.close();
  });

  it('keeps the room closed to those not registered and to visitors', async () => {
    const anon = await connectSse(`${base}/meetings/${meetingId}/events`);
    expect(anon.status).toBe(404);
    anon.close();
    const asBrazil = await loginAs(t, brazil);
    const outsider = await sse(asBrazil);
    expect(outsider.status).toBe(404);
    const post = await t.app.inject({
      method: 'POST',
      url: `/api/v1/meetings/${meetingId}/messages`,
      payload: { body: 'hola' },
      headers: asBrazil.headers,
    });
    expect(post.statusCode).toBe(403);
    // Without the CSRF header, a signed-in browser's post is refused.
    const forged = await t.app.inject({
      method: 'POST',
      url: `/api/v1/meetings/${meetingId}/messages`,
      payload: { body: 'hola' },
      headers: { cookie: asChile.cookie },
    });
    expect(forged.statusCode).toBe(403);
  });

  it('announces many quick arrivals and departures in a few events, and every list ends right', async () => {
    const host = await makeUser(t.db, { name: 'Moderadora de la sala grande' });
    const crowd = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        makeUser(t.db, { name: `Participante ${String(i + 1).padStart(2, '0')}`, country_iso3: 'URY' }),
      ),
    );
    const groupId = await makeGroup(
      t.db,
      host.id,
      crowd.map((u) => u.id),
    );
    const service = meetingService({ db: t.db, realtime: t.app.deps.realtime });
    const roomId = await service.schedule(actorFromUser(host), groupId, {
      title: 'Sala grande',
      agenda: '',
      origLocale: 'es',
      start: new Date(Date.now() + 10 * 60_000).toISOString().slice(0, 16),
      timezone: 'UTC',
      duration: '60',
      capacity: '',
      embedVideo: false,
    });
    for (const u of crowd) await service.register(actorFromUser(u), roomId);
    const logins = await Promise.all(crowd.map((u) => loginAs(t, u)));
    const path = `/meetings/${roomId}/events`;
    const truth = async () =>
      (
        await t.db
          .selectFrom('meeting_presence')
          .select('user_id')
          .distinct()
          .where('meeting_id', '=', roomId)
          .execute()
      )
        .map((r) => r.user_id)
        .sort((a, b) => a - b);

    const watcher = await sse(await loginAs(t, host), path);
    await watcher.waitFor((e) => e.event === 'presence-list');
    await until(() => changes(watcher).length > 0, 'the host is announced');
    const before = events(watcher, 'presence').length;

    // Forty people arrive at once.
    const started = Date.now();
    const streams = await Promise.all(logins.map((l) => sse(l, path)));
    const everyone = [host.id, ...crowd.map((u) => u.id)].sort((a, b) => a - b);
    await until(() => shown(watcher).length === everyone.length, 'the host sees everyone');
    const elapsed = Date.now() - started;
    expect(shown(watcher)).toEqual(everyone);
    // One event per announcement interval at most, not one per arrival.
    const arrivals = events(watcher, 'presence').length - before;
    expect(arrivals).toBeLessThanOrEqual(Math.ceil(elapsed / 250) + 1);
    expect(arrivals).toBeLessThan(crowd.length / 4);
    expect(await truth()).toEqual(everyone);
    // Every newcomer ends up with the same list, whenever it came in.
    for (const c of streams) await until(() => shown(c).length === everyone.length, 'newcomers see everyone');
    for (const c of streams) expect(shown(c)).toEqual(everyone);

    // Half of them leave at once.
    const leaving = streams.slice(0, 20);
    const mark = events(watcher, 'presence').length;
    const leftAt = Date.now();
    for (const c of leaving) c.close();
    await Promise.all(leaving.map((c) => c.closed));
    const staying = [host.id, ...crowd.slice(20).map((u) => u.id)].sort((a, b) => a - b);
    await until(async () => (await truth()).length === staying.length, 'their presence is gone');
    await until(() => shown(watcher).length === staying.length, 'the host sees them go');
    expect(shown(watcher)).toEqual(staying);
    expect(events(watcher, 'presence').length - mark).toBeLessThanOrEqual(
      Math.ceil((Date.now() - leftAt) / 250) + 1,
    );
    for (const c of streams.slice(20)) {
      await until(() => shown(c).length === staying.length, 'those who stay see them go');
      expect(shown(c)).toEqual(staying);
    }
    for (const c of [watcher, ...streams.slice(20)]) c.close();
  });

  it.runIf(engine === 'postgres')(
    'reaches a room open on another app process sharing the PostgreSQL database',
    async () => {
      const handle: DatabaseHandle = connect(POSTGRES_URL, { schema: t.schema, poolSize: 3 });
      const other = await buildApp({ config: t.config, handle, logger: false });
      const otherBase = await listen(other);
      try {
        // Chile has the room open on the other process; Mexico on this one.
        const cl = await sse(asChile, `/meetings/${meetingId}/events`, {}, otherBase);
        await cl.waitFor((e) => e.event === 'presence-list');
        const mx = await sse(asMexico);
        await mx.waitFor((e) => e.event === 'presence-list');
        await cl.waitFor(arrived(mexico.id));
        // A message posted through this process reaches the other, and the other way round.
        const here = await say(asModerator, 'desde el proceso A');
        const got = await cl.waitFor((e) => e.event === 'message' && e.id === String(here.id));
        expect(JSON.parse(got.data).body).toBe('desde el proceso A');
        const there = await say(asChile, 'desde el proceso B', other);
        await mx.waitFor((e) => e.event === 'message' && e.id === String(there.id));
        // Presence is shared too: the room lists both, whichever process is asked.
        const page = await other.inject({
          url: `/en/meetings/${meetingId}/live`,
          headers: asModerator.headers,
        });
        expect(page.body).toContain('Camila Rojas');
        expect(page.body).toContain('Jorge Hernández');
        cl.close();
        mx.close();
      } finally {
        await other.close();
        await handle.close();
      }
    },
  );
});
