import { randomBytes } from 'node:crypto';
import type { Db } from '../src/db/connection.ts';
import { nowIso } from '../src/db/dialect.ts';
import type { Institution, Role, User } from '../src/db/schema.ts';
import { hashPassword } from '../src/platform/auth/crypto.ts';

export const TEST_PASSWORD = 'correct-horse-battery';

export async function makeInstitution(db: Db, overrides: Partial<Institution> = {}): Promise<Institution> {
  const now = nowIso();
  return db
    .insertInto('institutions')
    .values({
      country_iso3: 'URY',
      name: `Institution ${randomBytes(3).toString('hex')}`,
      acronym: null,
      website: null,
      created_at: now,
      updated_at: now,
      deleted_at: null,
      ...overrides,
      id: undefined,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export interface UserOverrides extends Partial<Omit<User, 'id'>> {
  password?: string;
}

/** A user with sensible defaults: an active editor of Uruguay with a known password. */
export async function makeUser(db: Db, overrides: UserOverrides = {}): Promise<User> {
  const now = nowIso();
  const { password, ...rest } = overrides;
  const role: Role = rest.role ?? 'editor';
  const country =
    rest.country_iso3 !== undefined
      ? rest.country_iso3
      : role === 'coordinator' || role === 'editor'
        ? 'URY'
        : null;
  let institutionId = rest.institution_id ?? null;
  if (institutionId === null && country && (role === 'editor' || role === 'coordinator')) {
    institutionId = (await makeInstitution(db, { country_iso3: country })).id;
  }
  return db
    .insertInto('users')
    .values({
      email: `${role}.${randomBytes(4).toString('hex')}@example.org`,
      name: `Test ${role}`,
      status: 'active',
      locale: 'en',
      password_hash: await hashPassword(password ?? TEST_PASSWORD),
      created_at: now,
      updated_at: now,
      deleted_at: null,
      ...rest,
      role,
      country_iso3: country,
      institution_id: institutionId,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}
