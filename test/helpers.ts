import { randomBytes } from 'node:crypto';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../src/app.ts';
import { type Config, loadConfig } from '../src/config.ts';
import { connect, type DatabaseHandle, type Db } from '../src/db/connection.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import type { User } from '../src/db/schema.ts';
import { seedReferenceData } from '../src/db/seed.ts';
import { newApiTokenValue } from '../src/platform/auth/api-tokens.ts';
import { setArgon2Memory } from '../src/platform/auth/crypto.ts';
import { createSession, SESSION_COOKIE } from '../src/platform/auth/sessions.ts';

export type Engine = 'sqlite' | 'postgres';
export const engine: Engine = process.env.TEST_DATABASE === 'postgres' ? 'postgres' : 'sqlite';
export const POSTGRES_URL = process.env.TEST_POSTGRES_URL || 'postgres://postgres@127.0.0.1:5432/test';

export interface TestDatabase {
  handle: DatabaseHandle;
  db: Db;
  url: string;
  schema?: string;
  close(): Promise<void>;
}

/** A fresh, migrated database with the reference data, on the engine chosen by TEST_DATABASE. */
export async function createTestDatabase(): Promise<TestDatabase> {
  setArgon2Memory(1024);
  if (engine === 'postgres') {
    // Named after the run, so the global teardown drops them all at the end (test/global-setup.ts).
    const schema = `t_${process.env.SISMEL_TEST_RUN ?? 'adhoc'}_${randomBytes(6).toString('hex')}`;
    const admin = connect(POSTGRES_URL, { poolSize: 1 });
    await admin.db.schema.createSchema(schema).execute();
    await admin.close();
    const handle = connect(POSTGRES_URL, { schema, poolSize: 5 });
    // The migrator lists the tables of every schema; another test run dropping its schemas at
    // that moment makes the listing fail. That is not our schema's problem: try again.
    for (let attempt = 1; ; attempt++) {
      try {
        await migrateToLatest(handle.db);
        break;
      } catch (err) {
        const raced = (err as { code?: string }).code === '3F000' && !String(err).includes(schema);
        if (!raced || attempt >= 5) throw err;
        await new Promise((r) => setTimeout(r, 200 * attempt));
      }
    }
    await seedReferenceData(handle.db);
    return {
      handle,
      db: handle.db,
      url: POSTGRES_URL,
      schema,
      async close() {
        await handle.close();
      },
    };
  }
  const handle = connect('sqlite::memory:');
  await migrateToLatest(handle.db);
  await seedReferenceData(handle.db);
  return { handle, db: handle.db, url: 'sqlite::memory:', close: () => handle.close() };
}

export interface TestApp extends TestDatabase {
  app: FastifyInstance;
  config: Config;
}

export async function createTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const tdb = await createTestDatabase();
  const config = loadConfig({
    NODE_ENV: 'test',
    SESSION_SECRET: 'x'.repeat(40),
    SEED_DEMO: 'false',
    RUN_JOBS: 'false',
    ...env,
  });
  const app = await buildApp({ config, handle: tdb.handle, logger: false });
  await app.ready();
  return {
    ...tdb,
    app,
    config,
    async close() {
      await app.close();
      await tdb.close();
    },
  };
}

export interface Login {
  cookie: string;
  csrf: string;
  /** Headers for app.inject: the session cookie and the CSRF token. */
  headers: Record<string, string>;
}

/** Signs a user in directly (a full session, past 2FA). */
export async function loginAs(t: TestDatabase & { config: Config }, user: Pick<User, 'id'>): Promise<Login> {
  const { token, csrf } = await createSession(t.db, user.id, 'full', {
    idleMinutes: t.config.sessionIdleMinutes,
    absoluteHours: t.config.sessionAbsoluteHours,
  });
  const cookie = `${SESSION_COOKIE}=${token}`;
  return { cookie, csrf, headers: { cookie, 'x-csrf-token': csrf } };
}

/** A personal API token for a user (as the account page would make one). */
export async function makeApiToken(db: Db, userId: number): Promise<string> {
  const { token, prefix, hash } = newApiTokenValue();
  await db
    .insertInto('api_tokens')
    .values({ user_id: userId, name: 'test', prefix, token_hash: hash, created_at: new Date().toISOString() })
    .execute();
  return token;
}

/** Cookies set by a response, as a Cookie header value. */
export function cookiesFrom(res: LightMyRequestResponse, previous = ''): string {
  const jar = new Map<string, string>();
  for (const part of previous.split(/;\s*/).filter(Boolean)) {
    const [k, ...v] = part.split('=');
    jar.set(k!, v.join('='));
  }
  for (const c of res.cookies) {
    if (c.value === '' || (c.expires && c.expires.getTime() < Date.now())) jar.delete(c.name);
    else jar.set(c.name, c.value);
  }
  return [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
}

/** The value of the hidden _csrf field in a rendered form. */
export function csrfFrom(html: string): string {
  const m = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!m) throw new Error('No CSRF field in page');
  return m[1]!;
}

/** Form-encodes a body for app.inject. */
export function form(fields: Record<string, string | string[]>): {
  payload: string;
  headers: Record<string, string>;
} {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const x of Array.isArray(v) ? v : [v]) p.append(k, x);
  return { payload: p.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } };
}
