import type { Db } from '../../db/connection.ts';
import { nowIso } from '../../db/dialect.ts';
import type { User } from '../../db/schema.ts';
import { randomToken, sha256 } from './crypto.ts';

export const API_TOKEN_PREFIX = 'sml_';

export function newApiTokenValue(): { token: string; prefix: string; hash: string } {
  const token = API_TOKEN_PREFIX + randomToken(30);
  return { token, prefix: token.slice(0, 10), hash: sha256(token) };
}

/** The active user behind a personal API token, or null. */
export async function userForApiToken(db: Db, token: string): Promise<User | null> {
  if (!token.startsWith(API_TOKEN_PREFIX)) return null;
  const row = await db
    .selectFrom('api_tokens')
    .innerJoin('users', 'users.id', 'api_tokens.user_id')
    .selectAll('users')
    .select(['api_tokens.id as token_id', 'api_tokens.last_used_at as token_last_used'])
    .where('api_tokens.token_hash', '=', sha256(token))
    .where('api_tokens.revoked_at', 'is', null)
    .where('users.deleted_at', 'is', null)
    .where('users.status', '=', 'active')
    .executeTakeFirst();
  if (!row) return null;
  const { token_id, token_last_used, ...user } = row;
  if (!token_last_used || Date.now() - new Date(token_last_used).getTime() > 60_000) {
    await db.updateTable('api_tokens').set({ last_used_at: nowIso() }).where('id', '=', token_id).execute();
  }
  return user as User;
}
