import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { FastifyBaseLogger, FastifyReply, FastifyRequest } from 'fastify';
import { sql } from 'kysely';
import pg from 'pg';
import type { Db } from '../../db/connection.ts';

/**
 * Live updates over Server-Sent Events.
 *
 * A channel (`meeting:12`) has local subscribers: open HTTP responses of this process. `publish`
 * writes an event to every subscriber of the channel. With PostgreSQL, several app processes may
 * serve the same site: publish then also sends `NOTIFY sismel_realtime`, and each process keeps
 * one dedicated connection that LISTENs and fans the events out to its own subscribers. The
 * publishing process delivers to its own subscribers at once and ignores its own notification.
 */

/** PostgreSQL's NOTIFY payload must stay under 8000 bytes; leave room for the envelope. */
export const MAX_PAYLOAD_BYTES = 7600;
export const NOTIFY_CHANNEL = 'sismel_realtime';

export class RealtimePayloadTooLarge extends Error {}

export interface RealtimeEvent {
  event: string;
  data: unknown;
  /** Sent as the SSE `id:`; a reconnecting EventSource sends the last one as Last-Event-ID. */
  id?: string | number;
}

export interface StreamOptions {
  /** Milliseconds a disconnected EventSource waits before it reconnects. */
  retryMs?: number;
  /**
   * Runs once the stream is subscribed, before live events are written: send the state the
   * client needs (e.g. what it missed). Live events that arrive meanwhile are held, then
   * written after, except those whose id was already sent.
   */
  prepare?: (stream: SseStream) => Promise<void>;
  /** Runs once when the stream ends, whoever ends it. */
  onClose?: (stream: SseStream) => void | Promise<void>;
}

export interface HubOptions {
  db: Db;
  /** The application's pg pool: its settings open the LISTEN connection. Absent on SQLite. */
  pool?: pg.Pool;
  log?: Pick<FastifyBaseLogger, 'warn' | 'error'>;
  heartbeatMs?: number;
  /** A client that falls this far behind is disconnected; it reconnects and catches up. */
  maxQueuedBytes?: number;
}

/** One open event stream to one browser tab. */
export class SseStream {
  readonly id = randomBytes(9).toString('base64url');
  readonly channels = new Set<string>();
  /** Events sent during `prepare`, by id, so the held copies are not sent twice. */
  private sentIds: Set<string> | null = new Set();
  private held: (Buffer | string)[] | null = [];
  private queue: (Buffer | string)[] = [];
  private queuedBytes = 0;
  private blocked = false;
  closed = false;

  constructor(
    private readonly res: ServerResponse,
    private readonly maxQueuedBytes: number,
  ) {
    res.on('drain', () => this.flush());
  }

  /** Writes an event to this stream only. */
  send(event: string, data: unknown, id?: string | number): void {
    if (id !== undefined) this.sentIds?.add(String(id));
    this.write(frame(event, data, id));
  }

  /** @internal a frame from a channel (encoded once for every subscriber): held while the stream prepares. */
  deliver(raw: Buffer, id: string | undefined): void {
    if (this.held) {
      this.held.push(raw);
      if (id !== undefined) this.held.push(`\u0000${id}`);
      return;
    }
    this.write(raw);
  }

  /** @internal */
  release(): void {
    const held = this.held ?? [];
    const sent = this.sentIds ?? new Set<string>();
    this.held = null;
    this.sentIds = null;
    for (let i = 0; i < held.length; i++) {
      const raw = held[i]!;
      const next = held[i + 1];
      if (typeof next === 'string' && next.startsWith('\u0000')) {
        i++;
        if (sent.has(next.slice(1))) continue;
      }
      this.write(raw);
    }
  }

  write(raw: Buffer | string): void {
    if (this.closed) return;
    if (this.blocked) {
      this.queue.push(raw);
      this.queuedBytes += raw.length;
      if (this.queuedBytes > this.maxQueuedBytes) this.end();
      return;
    }
    if (!this.res.write(raw)) this.blocked = true;
  }

  private flush(): void {
    this.blocked = false;
    while (this.queue.length && !this.blocked) {
      const raw = this.queue.shift()!;
      this.queuedBytes -= raw.length;
      if (!this.res.write(raw)) this.blocked = true;
    }
  }

  /** Ends the response; the browser reconnects after the retry delay. */
  end(): void {
    if (this.closed) return;
    this.closed = true;
    this.queue = [];
    // A client that does not read would never let a graceful end finish.
    if (this.blocked) this.res.destroy();
    else this.res.end();
  }
}

function frame(event: string, data: unknown, id?: string | number): string {
  return `${id === undefined ? '' : `id: ${String(id).replace(/[\r\n]/g, '')}\n`}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

export class RealtimeHub {
  /** Identifies this hub (process) in notifications, so it skips its own. */
  readonly origin = randomBytes(9).toString('base64url');
  private readonly channels = new Map<string, Set<SseStream>>();
  private readonly streams = new Set<SseStream>();
  private readonly heartbeat: NodeJS.Timeout;
  private listener: pg.Client | undefined;
  private listening: Promise<void> | undefined;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private scope: Promise<string> | undefined;
  private closing = false;
  private readonly heartbeatHooks = new Set<() => void | Promise<void>>();
  /** Close hooks still running: the app waits for them before its database closes. */
  private readonly pendingHooks = new Set<Promise<void>>();

  constructor(private readonly options: HubOptions) {
    this.heartbeat = setInterval(() => this.beat(), options.heartbeatMs ?? 25_000);
    this.heartbeat.unref();
  }

  get distributed(): boolean {
    return this.options.pool !== undefined;
  }

  /** Runs with every heartbeat (e.g. to mark this process's presence rows as still alive). */
  onHeartbeat(fn: () => void | Promise<void>): () => void {
    this.heartbeatHooks.add(fn);
    return () => this.heartbeatHooks.delete(fn);
  }

  /** Number of open streams of this process on a channel. */
  localSubscribers(channel: string): number {
    return this.channels.get(channel)?.size ?? 0;
  }

  /**
   * Turns the reply into an event stream subscribed to `channels`, kept open until the client
   * leaves or the app closes. The route must not send anything else.
   */
  async stream(
    request: FastifyRequest,
    reply: FastifyReply,
    channels: string[],
    options: StreamOptions = {},
  ): Promise<SseStream> {
    if (this.distributed) await this.ensureListening();
    reply.hijack();
    const res = reply.raw;
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(reply.getHeaders())) if (typeof v === 'string') headers[k] = v;
    res.writeHead(200, {
      ...headers,
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store, no-transform',
      'x-accel-buffering': 'no',
      connection: 'keep-alive',
    });
    request.raw.socket.setNoDelay(true);
    request.raw.socket.setKeepAlive(true);
    const stream = new SseStream(res, this.options.maxQueuedBytes ?? 1024 * 1024);
    stream.write(`retry: ${options.retryMs ?? 3000}\n\n`);
    this.streams.add(stream);
    for (const channel of channels) {
      let set = this.channels.get(channel);
      if (!set) {
        set = new Set();
        this.channels.set(channel, set);
      }
      set.add(stream);
      stream.channels.add(channel);
    }
    let cleaned = false;
    const cleanup = () => {
      if (cleaned) return;
      cleaned = true;
      stream.closed = true;
      this.streams.delete(stream);
      for (const channel of stream.channels) {
        const set = this.channels.get(channel);
        set?.delete(stream);
        if (set?.size === 0) this.channels.delete(channel);
      }
      if (options.onClose) {
        const hook: Promise<void> = Promise.resolve()
          .then(() => options.onClose!(stream))
          .catch((err) => this.options.log?.error({ err }, 'realtime: stream close hook failed'))
          .finally(() => this.pendingHooks.delete(hook));
        this.pendingHooks.add(hook);
      }
    };
    res.on('close', cleanup);
    res.on('error', cleanup);
    try {
      await options.prepare?.(stream);
    } catch (err) {
      this.options.log?.error({ err }, 'realtime: stream preparation failed');
      stream.end();
    }
    stream.release();
    return stream;
  }

  /**
   * Sends an event to every subscriber of the channel, in this process and (PostgreSQL) in the
   * others. Call it after the change it announces has committed.
   */
  async publish(channel: string, event: string, data: unknown, id?: string | number): Promise<void> {
    const raw = frame(event, data, id);
    if (this.distributed) {
      const payload = JSON.stringify({
        s: await this.currentScope(),
        o: this.origin,
        c: channel,
        e: event,
        d: data,
        i: id,
      });
      if (Buffer.byteLength(payload) > MAX_PAYLOAD_BYTES)
        throw new RealtimePayloadTooLarge(`realtime payload over ${MAX_PAYLOAD_BYTES} bytes`);
      this.dispatch(channel, raw, id);
      await sql`select pg_notify(${NOTIFY_CHANNEL}, ${payload})`.execute(this.options.db);
      return;
    }
    this.dispatch(channel, raw, id);
  }

  private dispatch(channel: string, raw: string, id: string | number | undefined): void {
    const set = this.channels.get(channel);
    if (!set) return;
    const key = id === undefined ? undefined : String(id);
    const bytes = Buffer.from(raw);
    for (const stream of set) stream.deliver(bytes, key);
  }

  private beat(): void {
    for (const stream of this.streams) stream.write(': heartbeat\n\n');
    for (const hook of this.heartbeatHooks) {
      Promise.resolve()
        .then(hook)
        .catch((err) => this.options.log?.warn({ err }, 'realtime: heartbeat hook failed'));
    }
  }

  /**
   * Several schemas of one database (one per test file) share NOTIFY channels; the schema in
   * each notification keeps them apart.
   */
  private currentScope(): Promise<string> {
    this.scope ??= sql<{ s: string }>`select current_schema() as s`
      .execute(this.options.db)
      .then((r) => r.rows[0]?.s ?? 'public');
    return this.scope;
  }

  private ensureListening(): Promise<void> {
    if (this.listening) return this.listening;
    this.listening = this.listen().catch((err) => {
      this.listening = undefined;
      throw err;
    });
    return this.listening;
  }

  private async listen(): Promise<void> {
    const scope = await this.currentScope();
    const client = new pg.Client({ ...(this.options.pool!.options as pg.ClientConfig) });
    client.on('notification', (msg) => {
      if (msg.channel !== NOTIFY_CHANNEL || !msg.payload) return;
      let m: { s: string; o: string; c: string; e: string; d: unknown; i?: string | number };
      try {
        m = JSON.parse(msg.payload);
      } catch {
        return;
      }
      if (m.s !== scope || m.o === this.origin) return;
      this.dispatch(m.c, frame(m.e, m.d, m.i), m.i);
    });
    const lost = (err?: Error) => {
      if (this.listener !== client) return;
      this.listener = undefined;
      this.listening = undefined;
      client.removeAllListeners('end');
      client.end().catch(() => {});
      if (this.closing) return;
      this.options.log?.warn({ err }, 'realtime: LISTEN connection lost; reconnecting');
      // Events published while we were away are lost to our clients: end their streams, and
      // each EventSource reconnects with Last-Event-ID and catches up from the database.
      for (const stream of [...this.streams]) stream.end();
      this.reconnectTimer = setTimeout(() => {
        this.ensureListening().catch((e) =>
          this.options.log?.error({ err: e }, 'realtime: reconnect failed'),
        );
      }, 1000);
      this.reconnectTimer.unref();
    };
    client.on('error', (err) => lost(err));
    client.on('end', () => lost());
    await client.connect();
    this.listener = client;
    await client.query(`LISTEN ${NOTIFY_CHANNEL}`);
  }

  /** Ends every open stream (the app is closing: open responses would hold it up). */
  endAll(): void {
    for (const stream of [...this.streams]) stream.end();
  }

  async close(): Promise<void> {
    this.closing = true;
    clearInterval(this.heartbeat);
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.endAll();
    // Each ended stream runs its close hook (which may use the database) once its socket closes.
    const until = Date.now() + 5000;
    while ((this.streams.size > 0 || this.pendingHooks.size > 0) && Date.now() < until) {
      await Promise.race([Promise.allSettled([...this.pendingHooks]), new Promise((r) => setTimeout(r, 20))]);
    }
    await this.listening?.catch(() => {});
    const client = this.listener;
    this.listener = undefined;
    if (client) {
      client.removeAllListeners('end');
      await client.end().catch(() => {});
    }
  }
}
