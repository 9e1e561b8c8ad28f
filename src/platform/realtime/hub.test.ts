import http from 'node:http';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, engine, POSTGRES_URL, type TestDatabase } from '../../../test/helpers.ts';
import { connect, type DatabaseHandle } from '../../db/connection.ts';
import { RealtimeHub, RealtimePayloadTooLarge } from './hub.ts';
import { connectSse } from './sse-client.ts';

/** A bare server whose /events/:channel streams that channel (the prepare hook sends a hello). */
async function serve(hub: RealtimeHub): Promise<{ app: FastifyInstance; base: string }> {
  const app = Fastify({ logger: false });
  app.get<{ Params: { channel: string } }>('/events/:channel', async (request, reply) => {
    await hub.stream(request, reply, [request.params.channel], {
      prepare: async (stream) => {
        stream.send('hello', { channel: request.params.channel }, 'h1');
        // Something published while the stream prepares is held, then sent after.
        await hub.publish(request.params.channel, 'during', { n: 1 }, 'd1');
        stream.send('backlog', { n: 0 }, 'd1');
      },
    });
  });
  app.addHook('preClose', async () => hub.endAll());
  await app.listen({ host: '127.0.0.1', port: 0 });
  return { app, base: `http://127.0.0.1:${(app.server.address() as { port: number }).port}` };
}

describe('realtime hub (Server-Sent Events)', () => {
  let t: TestDatabase;
  let hub: RealtimeHub;
  let server: { app: FastifyInstance; base: string };
  beforeAll(async () => {
    t = await createTestDatabase();
    hub = new RealtimeHub({ db: t.db, pool: t.handle.pool });
    server = await serve(hub);
  });
  afterAll(async () => {
    await server?.app.close();
    await hub?.close();
    await t?.close();
  });

  it('streams published events to a subscriber over HTTP', async () => {
    const sse = await connectSse(`${server.base}/events/meeting:1`);
    expect(sse.status).toBe(200);
    expect(sse.headers['content-type']).toMatch(/^text\/event-stream/);
    expect(sse.headers['cache-control']).toContain('no-store');
    await sse.waitFor((e) => e.event === 'hello');
    await hub.publish('meeting:1', 'message', { text: 'Buenos días' }, 7);
    await hub.publish('meeting:2', 'message', { text: 'not for this channel' }, 8);
    const got = await sse.waitFor((e) => e.event === 'message');
    expect(JSON.parse(got.data)).toEqual({ text: 'Buenos días' });
    expect(got.id).toBe('7');
    // The event published during preparation was not sent twice: the backlog had it already.
    expect(sse.events.map((e) => e.event)).toEqual(['hello', 'backlog', 'message']);
    expect(hub.localSubscribers('meeting:1')).toBe(1);
    sse.close();
    await sse.closed;
    await vi_waitUntil(() => hub.localSubscribers('meeting:1') === 0);
  });

  it('refuses a payload too large for NOTIFY', async () => {
    const big = 'x'.repeat(9000);
    if (engine === 'postgres') {
      await expect(hub.publish('meeting:1', 'message', { big })).rejects.toBeInstanceOf(
        RealtimePayloadTooLarge,
      );
    } else {
      await expect(hub.publish('meeting:1', 'message', { big })).resolves.toBeUndefined();
    }
  });

  it('disconnects a client that stops reading instead of buffering without limit', async () => {
    const local = new RealtimeHub({ db: t.db, maxQueuedBytes: 64 * 1024 });
    const s = await serve(local);
    try {
      const closed = new Promise<void>((resolve, reject) => {
        const req = http.get(`${s.base}/events/slow`, (res) => {
          res.pause(); // never reads
          res.socket.on('close', () => resolve());
        });
        req.on('error', reject);
      });
      await vi_waitUntil(() => local.localSubscribers('slow') === 1);
      const chunk = 'y'.repeat(4000);
      for (let i = 0; i < 2000 && local.localSubscribers('slow') > 0; i++) {
        await local.publish('slow', 'fill', { chunk });
        if (i % 50 === 0) await new Promise((r) => setImmediate(r));
      }
      expect(local.localSubscribers('slow')).toBe(0);
      await closed;
    } finally {
      await s.app.close();
      await local.close();
    }
  });

  it.runIf(engine === 'postgres')(
    'delivers across two processes on the same PostgreSQL schema, and not to another schema',
    async () => {
      // A second "process": its own pool, hub and server on the same schema.
      const other: DatabaseHandle = connect(POSTGRES_URL, { schema: t.schema, poolSize: 2 });
      const otherHub = new RealtimeHub({ db: other.db, pool: other.pool });
      const otherServer = await serve(otherHub);
      // A third on another schema (another test file's database) must not hear it.
      const foreign = await createTestDatabase();
      const foreignHub = new RealtimeHub({ db: foreign.db, pool: foreign.handle.pool });
      const foreignServer = await serve(foreignHub);
      try {
        const remote = await connectSse(`${otherServer.base}/events/meeting:5`);
        const stranger = await connectSse(`${foreignServer.base}/events/meeting:5`);
        await remote.waitFor((e) => e.event === 'hello');
        await stranger.waitFor((e) => e.event === 'hello');
        await hub.publish('meeting:5', 'message', { text: 'from the first process' }, 42);
        const got = await remote.waitFor((e) => e.event === 'message');
        expect(JSON.parse(got.data)).toEqual({ text: 'from the first process' });
        expect(got.id).toBe('42');
        // And back the other way.
        const local = await connectSse(`${server.base}/events/meeting:5`);
        await local.waitFor((e) => e.event === 'hello');
        await otherHub.publish('meeting:5', 'presence', { userId: 3, state: 'join' });
        await local.waitFor((e) => e.event === 'presence');
        await new Promise((r) => setTimeout(r, 200));
        expect(stranger.events.filter((e) => e.event === 'message' || e.event === 'presence')).toEqual([]);
        remote.close();
        stranger.close();
        local.close();
      } finally {
        await otherServer.app.close();
        await otherHub.close();
        await other.close();
        await foreignServer.app.close();
        await foreignHub.close();
        await foreign.close();
      }
    },
  );
});

async function vi_waitUntil(check: () => boolean, timeoutMs = 3000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}
