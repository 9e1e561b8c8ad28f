/**
 * Realtime benchmark: N clients (default 1,000) hold the live room of one meeting open over
 * Server-Sent Events; one participant posts M messages (default 100) through the API, one after
 * the other, and every client notes when each message reaches it. Reports the delivery latency
 * (from just before the POST until the event is read by a client) over every message × client,
 * the time until a message has reached all clients, how long the clients took to connect and
 * until every client listed everyone present (arrivals are announced together, a few times a
 * second at most, so it also counts the presence events each client received), and the server's
 * memory (resident and heap) before and with the clients connected.
 *
 *   npm run bench:realtime                                   SQLite, 1,000 clients, 100 messages
 *   npm run bench:realtime -- --engine postgres --clients 500 --messages 50
 *
 * The server runs in a child process (bench/realtime/server.ts) on 127.0.0.1 with a fresh
 * database (a temporary SQLite file, or a schema of its own on BENCH_POSTGRES_URL, dropped at the
 * end). The run is bounded: each message waits at most 10 s for its deliveries, the whole run at
 * most --max-seconds (default 300).
 */
import { type ChildProcess, fork } from 'node:child_process';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { connectSse, type SseConnection } from '../../src/platform/realtime/sse-client.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const { values } = parseArgs({
  options: {
    engine: { type: 'string', default: 'sqlite' },
    clients: { type: 'string', default: '1000' },
    messages: { type: 'string', default: '100' },
    'gap-ms': { type: 'string', default: '50' },
    'max-seconds': { type: 'string', default: '300' },
  },
});
const CLIENTS = Number(values.clients);
const MESSAGES = Number(values.messages);
const GAP_MS = Number(values['gap-ms']);
const deadline = Date.now() + Number(values['max-seconds']) * 1000;

interface Memory {
  rssMb: number;
  heapUsedMb: number;
  peakRssMb: number;
}
interface Ready {
  type: 'ready';
  port: number;
  meetingId: number;
  sessions: { cookie: string; csrf: string }[];
  memory: Memory;
  engine: string;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

function ask<T>(child: ChildProcess, type: string, reply: string): Promise<T> {
  return new Promise((resolve) => {
    const on = (msg: { type: string }) => {
      if (msg.type !== reply) return;
      child.off('message', on);
      resolve(msg as T);
    };
    child.on('message', on);
    if (type) child.send({ type });
  });
}

async function main() {
  const child = fork(path.join(here, 'server.ts'), [], {
    env: { ...process.env, BENCH_CLIENTS: String(CLIENTS), BENCH_ENGINE: values.engine },
    execArgv: [...process.execArgv, '--expose-gc'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  server = child;
  const killer = setTimeout(
    () => {
      console.error('benchmark over its time limit: stopping');
      child.kill('SIGKILL');
      process.exit(2);
    },
    deadline - Date.now() + 60_000,
  );
  killer.unref();
  const seedStart = Date.now();
  const ready = await ask<Ready>(child, '', 'ready');
  console.log(
    `seeded ${CLIENTS} participants on ${ready.engine} in ${((Date.now() - seedStart) / 1000).toFixed(1)} s`,
  );
  const base = `http://127.0.0.1:${ready.port}`;
  const agent = new http.Agent({ keepAlive: true, maxSockets: CLIENTS + 10 });

  // Connect every client; a client is in once it has the presence list, and the room has settled
  // once every client lists everyone (the list it got, then the arrivals and departures announced).
  const connectStart = performance.now();
  const conns: SseConnection[] = [];
  const arrivals = new Map<string, number[]>();
  let inRoom = 0;
  let complete = 0;
  let presenceEvents = 0;
  for (let i = 0; i < CLIENTS; i += 50) {
    const batch = await Promise.all(
      ready.sessions.slice(i, i + 50).map(async (s) => {
        const seen = new Set<number>();
        const count = (apply: () => void) => {
          const was = seen.size === CLIENTS;
          apply();
          complete += Number(seen.size === CLIENTS) - Number(was);
        };
        const c = await connectSse(`${base}/meetings/${ready.meetingId}/events`, {
          headers: { cookie: s.cookie },
          agent,
          // Only the arrival times matter: keeping 100,000s of events would load the clients' heap.
          keepEvents: false,
          onEvent: (e) => {
            if (e.event === 'presence-list') {
              inRoom++;
              const people = (JSON.parse(e.data) as { people: { userId: number }[] }).people;
              count(() => {
                seen.clear();
                for (const p of people) seen.add(p.userId);
              });
              return;
            }
            if (e.event === 'presence') {
              presenceEvents++;
              const change = JSON.parse(e.data) as { joined: { userId: number }[]; left: number[] };
              count(() => {
                for (const id of change.left) seen.delete(id);
                for (const p of change.joined) seen.add(p.userId);
              });
              return;
            }
            if (e.event !== 'message') return;
            const tag = /"body":"(bench-\d+)"/.exec(e.data)?.[1];
            if (tag) arrivals.get(tag)?.push(performance.now());
          },
        });
        if (c.status !== 200) throw new Error(`stream refused: ${c.status}`);
        return c;
      }),
    );
    conns.push(...batch);
  }
  while (inRoom < CLIENTS && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  if (inRoom < CLIENTS) throw new Error(`only ${inRoom} of ${CLIENTS} clients got into the room`);
  const connectMs = performance.now() - connectStart;
  while (complete < CLIENTS && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  if (complete < CLIENTS) throw new Error(`only ${complete} of ${CLIENTS} clients list everyone present`);
  const settledMs = performance.now() - connectStart;
  const connected = (await ask<{ memory: Memory }>(child, 'memory', 'memory')).memory;
  console.log(
    `${CLIENTS} clients connected in ${(connectMs / 1000).toFixed(1)} s; all list everyone after ${(settledMs / 1000).toFixed(1)} s`,
  );

  // Post the messages, one at a time, each once the previous has reached everyone.
  const poster = ready.sessions[0]!;
  const latencies: number[] = [];
  const toAll: number[] = [];
  const postMs: number[] = [];
  let lost = 0;
  for (let n = 0; n < MESSAGES && Date.now() < deadline; n++) {
    const tag = `bench-${n}`;
    const got: number[] = [];
    arrivals.set(tag, got);
    const t0 = performance.now();
    const res = await fetch(`${base}/api/v1/meetings/${ready.meetingId}/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: poster.cookie, 'x-csrf-token': poster.csrf },
      body: JSON.stringify({ body: tag }),
    });
    postMs.push(performance.now() - t0);
    if (res.status !== 201) throw new Error(`post refused: ${res.status} ${await res.text()}`);
    const waitEnd = performance.now() + 10_000;
    while (got.length < CLIENTS && performance.now() < waitEnd) await new Promise((r) => setTimeout(r, 2));
    lost += CLIENTS - got.length;
    for (const t of got) latencies.push(t - t0);
    if (got.length) toAll.push(Math.max(...got) - t0);
    arrivals.delete(tag);
    if (GAP_MS) await new Promise((r) => setTimeout(r, GAP_MS));
  }
  const after = (await ask<{ memory: Memory }>(child, 'memory', 'memory')).memory;
  for (const c of conns) c.close();
  agent.destroy();

  latencies.sort((a, b) => a - b);
  toAll.sort((a, b) => a - b);
  postMs.sort((a, b) => a - b);
  const result = {
    date: new Date().toISOString().slice(0, 10),
    machine: `${os.cpus().length} × ${os.cpus()[0]?.model.trim()}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`,
    engine: ready.engine,
    clients: CLIENTS,
    messages: toAll.length,
    deliveries: latencies.length,
    lost,
    connectSeconds: +(connectMs / 1000).toFixed(2),
    settledSeconds: +(settledMs / 1000).toFixed(2),
    presenceEventsPerClient: +(presenceEvents / CLIENTS).toFixed(1),
    deliveryMs: {
      p50: +percentile(latencies, 50).toFixed(1),
      p95: +percentile(latencies, 95).toFixed(1),
      p99: +percentile(latencies, 99).toFixed(1),
      max: +(latencies[latencies.length - 1] ?? Number.NaN).toFixed(1),
    },
    toAllMs: { p50: +percentile(toAll, 50).toFixed(1), p95: +percentile(toAll, 95).toFixed(1) },
    postMs: { p50: +percentile(postMs, 50).toFixed(1), p95: +percentile(postMs, 95).toFixed(1) },
    serverMemoryMb: {
      idle: { rss: Math.round(ready.memory.rssMb), heap: Math.round(ready.memory.heapUsedMb) },
      connected: { rss: Math.round(connected.rssMb), heap: Math.round(connected.heapUsedMb) },
      afterMessages: { rss: Math.round(after.rssMb), heap: Math.round(after.heapUsedMb) },
      peakRss: Math.round(after.peakRssMb),
    },
  };
  console.log(JSON.stringify(result, null, 2));
  console.log(
    `p95 delivery ${result.deliveryMs.p95} ms (goal ≤ 250 ms): ${result.deliveryMs.p95 <= 250 && lost === 0 ? 'met' : 'NOT met'}`,
  );
  child.send({ type: 'stop' });
  await new Promise((r) => child.once('exit', r));
}

let server: ChildProcess | undefined;

main().catch((err) => {
  console.error(err);
  server?.kill('SIGKILL');
  process.exit(1);
});
