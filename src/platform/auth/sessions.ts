import type { Db } from '../../db/connection.ts';
import { nowIso } from '../../db/dialect.ts';
import type { User } from '../../db/schema.ts';
import { randomToken, sha256 } from './crypto.ts';

export const SESSION_COOKIE = 'sismel_sid';
export type SessionStage = 'full' | 'totp' | 'enroll';

export interface SessionTimeouts {
  idleMinutes: number;
  absoluteHours: number;
}

export interface LoadedSession {
  id: string;
  stage: SessionStage;
  csrf: string;
  user: User;
}

/**
 * Server-side sessions. The cookie holds a random token; the table holds its hash, so a leaked
 * database does not leak live sessions. A new session (new token) is made at every login.
 */
export async function createSession(
  db: Db,
  userId: number,
  stage: SessionStage,
  timeouts: SessionTimeouts,
  userAgent?: string,
): Promise<{ token: string; csrf: string }> {
  const token = randomToken();
  const csrf = randomToken(24);
  const now = new Date();
  await db
    .insertInto('sessions')
    .values({
      id: sha256(token),
      user_id: userId,
      stage,
      csrf,
      created_at: now.toISOString(),
      last_seen_at: now.toISOString(),
      expires_at: new Date(now.getTime() + timeouts.absoluteHours * 3600_000).toISOString(),
      user_agent: userAgent?.slice(0, 300) ?? null,
    })
    .execute();
  return { token, csrf };
}

export async function loadSession(
  db: Db,
  token: string,
  timeouts: SessionTimeouts,
): Promise<LoadedSession | null> {
  const id = sha256(token);
  const row = await db.selectFrom('sessions').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) return null;
  const now = Date.now();
  const idleLimit = new Date(row.last_seen_at).getTime() + timeouts.idleMinutes * 60_000;
  if (now > idleLimit || now > new Date(row.expires_at).getTime()) {
    await db.deleteFrom('sessions').where('id', '=', id).execute();
    return null;
  }
  const user = await db
    .selectFrom('users')
    .selectAll()
    .where('id', '=', row.user_id)
    .where('deleted_at', 'is', null)
    .where('status', '=', 'active')
    .executeTakeFirst();
  if (!user) return null;
  // Touch at most once a minute to keep writes off the hot path.
  if (now - new Date(row.last_seen_at).getTime() > 60_000) {
    await db.updateTable('sessions').set({ last_seen_at: nowIso() }).where('id', '=', id).execute();
  }
  return { id, stage: row.stage, csrf: row.csrf, user };
}

export async function destroySession(db: Db, token: string): Promise<void> {
  await db.deleteFrom('sessions').where('id', '=', sha256(token)).execute();
}
