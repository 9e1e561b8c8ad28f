/**
 * The server side of the realtime benchmark, run as a child process of run.ts (so its memory is
 * its own): a fresh database with N users who are members of one study group and registered for
 * one of its meetings (starting in ten minutes), a signed-in session for each, and the app on
 * 127.0.0.1. It tells the parent the port and the sessions, then answers memory questions.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { buildApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { connect, type DatabaseHandle } from '../../src/db/connection.ts';
import { nowIso } from '../../src/db/dialect.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { seedReferenceData } from '../../src/db/seed.ts';
import { actorFromUser, SYSTEM_ACTOR } from '../../src/platform/auth/actor.ts';
import { hashPassword, setArgon2Memory } from '../../src/platform/auth/crypto.ts';
import { createSession, SESSION_COOKIE } from '../../src/platform/auth/sessions.ts';
import { meetingService } from '../../src/features/meetings/service.ts';
import { createStudyGroup } from '../../src/features/study-groups/service.ts';

const clients = Number(process.env.BENCH_CLIENTS || 1000);
const engine = process.env.BENCH_ENGINE === 'postgres' ? 'postgres' : 'sqlite';
const pgUrl = process.env.BENCH_POSTGRES_URL || 'postgres://postgres@127.0.0.1:5432/test';
const COUNTRIES = ['URY', 'CHL', 'MEX', 'BRA', 'CAN', 'HTI', 'JAM', 'ARG', 'PER', 'COL'];

function peakRssMb(): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync('/proc/self/status', 'utf8'));
    return m ? Number(m[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

function memory() {
  const m = process.memoryUsage();
  return { rssMb: m.rss / 1048576, heapUsedMb: m.heapUsed / 1048576, peakRssMb: peakRssMb() };
}

async function main() {
  setArgon2Memory(1024);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sismel-bench-rt-'));
  let handle: DatabaseHandle;
  let schema: string | undefined;
  if (engine === 'postgres') {
    schema = `bench_rt_${process.pid}`;
    const admin = connect(pgUrl, { poolSize: 1 });
    await sql`drop schema if exists ${sql.id(schema)} cascade`.execute(admin.db);
    await admin.db.schema.createSchema(schema).execute();
    await admin.close();
    handle = connect(pgUrl, { schema, poolSize: 10 });
  } else {
    handle = connect(`sqlite:${path.join(dir, 'bench.db')}`);
  }
  const db = handle.db;
  await migrateToLatest(db);
  await seedReferenceData(db);

  const now = nowIso();
  const hash = await hashPassword('bench-password-0');
  const ids: number[] = [];
  for (let i = 0; i < clients; i += 200) {
    const rows = await db
      .insertInto('users')
      .values(
        Array.from({ length: Math.min(200, clients - i) }, (_, k) => ({
          email: `bench${i + k}@bench.example`,
          name: `Participant ${i + k + 1}`,
          role: 'editor' as const,
          country_iso3: COUNTRIES[(i + k) % COUNTRIES.length]!,
          institution_id: null,
          password_hash: hash,
          status: 'active' as const,
          created_at: now,
          updated_at: now,
          deleted_at: null,
          totp_secret: null,
          locked_until: null,
          last_login_at: null,
        })),
      )
      .returning('id')
      .execute();
    ids.push(...rows.map((r) => r.id));
  }
  const users = await db.selectFrom('users').selectAll().where('id', 'in', ids.slice(0, 1)).execute();
  const moderator = users[0]!;
  const groupId = await db.transaction().execute((trx) =>
    createStudyGroup(trx, SYSTEM_ACTOR, {
      title: 'Realtime benchmark group',
      description: '',
      origLocale: 'en',
      themeId: null,
      proposalId: null,
      moderatorId: moderator.id,
    }),
  );
  for (let i = 1; i < ids.length; i += 500) {
    await db
      .insertInto('study_group_members')
      .values(
        ids.slice(i, i + 500).map((id, k) => ({
          group_id: groupId,
          user_id: id,
          country_iso3: COUNTRIES[(i + k) % COUNTRIES.length]!,
          institution_id: null,
          role: 'member' as const,
          status: 'member' as const,
          requested_at: now,
          decided_at: now,
          decided_by: null,
        })),
      )
      .execute();
  }

  const config = loadConfig({
    NODE_ENV: 'production',
    SESSION_SECRET: 'bench-secret-'.repeat(4),
    SEED_DEMO: 'false',
    RUN_JOBS: 'false',
    LOG_LEVEL: 'warn',
    DATA_DIR: dir,
    PORT: '0',
  });
  const app = await buildApp({ config, handle, logger: { level: 'warn' } });
  const service = meetingService({ db, realtime: app.deps.realtime });
  const start = new Date(Date.now() + 10 * 60_000).toISOString().slice(0, 16);
  const meetingId = await service.schedule(actorFromUser(moderator), groupId, {
    title: 'Realtime benchmark',
    agenda: '',
    origLocale: 'en',
    start,
    timezone: 'UTC',
    duration: '120',
    capacity: '',
    embedVideo: false,
  });
  for (let i = 0; i < ids.length; i += 500) {
    await db
      .insertInto('meeting_registrations')
      .values(
        ids.slice(i, i + 500).map((id) => ({
          meeting_id: meetingId,
          user_id: id,
          status: 'registered' as const,
          created_at: now,
          updated_at: now,
        })),
      )
      .execute();
  }
  const timeouts = { idleMinutes: 60, absoluteHours: 12 };
  const sessions: { cookie: string; csrf: string }[] = [];
  for (const id of ids) {
    const s = await createSession(db, id, 'full', timeouts);
    sessions.push({ cookie: `${SESSION_COOKIE}=${s.token}`, csrf: s.csrf });
  }
  await app.listen({ host: '127.0.0.1', port: 0 });
  const port = (app.server.address() as { port: number }).port;
  if (global.gc) global.gc();
  process.send!({ type: 'ready', port, meetingId, sessions, memory: memory(), engine });

  process.on('message', async (msg: { type: string }) => {
    if (msg.type === 'memory') {
      process.send!({ type: 'memory', memory: memory() });
    } else if (msg.type === 'stop') {
      await app.close();
      await handle.close();
      if (schema) {
        const admin = connect(pgUrl, { poolSize: 1 });
        await sql`drop schema if exists ${sql.id(schema)} cascade`.execute(admin.db);
        await admin.close();
      }
      fs.rmSync(dir, { recursive: true, force: true });
      process.exit(0);
    }
  });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
