import { type Kysely, sql } from 'kysely';
import type { Db } from '../../db/connection.ts';
import { nowIso } from '../../db/dialect.ts';
import type { Database, NewUser, User, UserUpdate } from '../../db/schema.ts';

type Q = Kysely<Database>;

/** A row of the people list of a country. */
export interface PersonRow {
  id: number;
  email: string;
  name: string;
  role: User['role'];
  status: User['status'];
  locale: string;
  institution_id: number | null;
  institution_name: string | null;
  institution_acronym: string | null;
  last_login_at: string | null;
  created_at: string;
}

export function accountsRepository(db: Q | Db) {
  return {
    userById(id: number) {
      return db
        .selectFrom('users')
        .selectAll()
        .where('id', '=', id)
        .where('deleted_at', 'is', null)
        .executeTakeFirst();
    },

    userByEmail(email: string) {
      return db
        .selectFrom('users')
        .selectAll()
        .where(sql<string>`lower(email)`, '=', email.toLowerCase())
        .where('deleted_at', 'is', null)
        .executeTakeFirst();
    },

    async updateUser(id: number, values: UserUpdate): Promise<void> {
      await db
        .updateTable('users')
        .set({ ...values, updated_at: nowIso() })
        .where('id', '=', id)
        .execute();
    },

    insertUser(values: NewUser) {
      return db.insertInto('users').values(values).returningAll().executeTakeFirstOrThrow();
    },

    countryExists(iso3: string) {
      return db.selectFrom('countries').select('iso3').where('iso3', '=', iso3).executeTakeFirst();
    },

    institutionById(id: number) {
      return db
        .selectFrom('institutions')
        .selectAll()
        .where('id', '=', id)
        .where('deleted_at', 'is', null)
        .executeTakeFirst();
    },

    institutionByName(countryIso3: string, name: string) {
      return db
        .selectFrom('institutions')
        .selectAll()
        .where('country_iso3', '=', countryIso3)
        .where('deleted_at', 'is', null)
        .where((eb) =>
          eb.or([
            eb(sql<string>`lower(name)`, '=', name.toLowerCase()),
            eb(sql<string>`lower(acronym)`, '=', name.toLowerCase()),
          ]),
        )
        .executeTakeFirst();
    },

    institutionsOfCountry(countryIso3: string) {
      return db
        .selectFrom('institutions')
        .select(['id', 'name', 'acronym'])
        .where('country_iso3', '=', countryIso3)
        .where('deleted_at', 'is', null)
        .orderBy('name')
        .execute();
    },

    async countUsersOfCountry(countryIso3: string): Promise<number> {
      const row = await db
        .selectFrom('users')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('country_iso3', '=', countryIso3)
        .where('deleted_at', 'is', null)
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },

    usersOfCountry(countryIso3: string, limit: number, offset: number): Promise<PersonRow[]> {
      return db
        .selectFrom('users')
        .leftJoin('institutions', 'institutions.id', 'users.institution_id')
        .select([
          'users.id',
          'users.email',
          'users.name',
          'users.role',
          'users.status',
          'users.locale',
          'users.institution_id',
          'institutions.name as institution_name',
          'institutions.acronym as institution_acronym',
          'users.last_login_at',
          'users.created_at',
        ])
        .where('users.country_iso3', '=', countryIso3)
        .where('users.deleted_at', 'is', null)
        .orderBy('users.name')
        .orderBy('users.id')
        .limit(limit)
        .offset(offset)
        .execute();
    },

    // --- one-time tokens (invitation, password reset) ---

    async insertUserToken(values: {
      user_id: number;
      purpose: 'invite' | 'reset';
      token_hash: string;
      created_by: number | null;
      expires_at: string;
    }): Promise<void> {
      await db
        .insertInto('user_tokens')
        .values({ ...values, created_at: nowIso() })
        .execute();
    },

    /** An unused, unexpired token of this purpose, by the hash of its value. */
    liveUserToken(purpose: 'invite' | 'reset', tokenHash: string) {
      return db
        .selectFrom('user_tokens')
        .selectAll()
        .where('token_hash', '=', tokenHash)
        .where('purpose', '=', purpose)
        .where('used_at', 'is', null)
        .where('expires_at', '>', nowIso())
        .executeTakeFirst();
    },

    /** Marks every open token of this purpose for the user as used, so only a newer one works. */
    async closeUserTokens(userId: number, purpose: 'invite' | 'reset'): Promise<void> {
      await db
        .updateTable('user_tokens')
        .set({ used_at: nowIso() })
        .where('user_id', '=', userId)
        .where('purpose', '=', purpose)
        .where('used_at', 'is', null)
        .execute();
    },

    // --- recovery codes ---

    async replaceRecoveryCodes(userId: number, hashes: string[]): Promise<void> {
      await db.deleteFrom('recovery_codes').where('user_id', '=', userId).execute();
      await db
        .insertInto('recovery_codes')
        .values(hashes.map((code_hash) => ({ user_id: userId, code_hash })))
        .execute();
    },

    async deleteRecoveryCodes(userId: number): Promise<void> {
      await db.deleteFrom('recovery_codes').where('user_id', '=', userId).execute();
    },

    /** Uses up a recovery code; true when an unused code with this hash existed. */
    async consumeRecoveryCode(userId: number, codeHash: string): Promise<boolean> {
      const result = await db
        .updateTable('recovery_codes')
        .set({ used_at: nowIso() })
        .where('user_id', '=', userId)
        .where('code_hash', '=', codeHash)
        .where('used_at', 'is', null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },

    async countUnusedRecoveryCodes(userId: number): Promise<number> {
      const row = await db
        .selectFrom('recovery_codes')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('user_id', '=', userId)
        .where('used_at', 'is', null)
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },

    // --- personal API tokens ---

    insertApiToken(values: { user_id: number; name: string; prefix: string; token_hash: string }) {
      return db
        .insertInto('api_tokens')
        .values({ ...values, created_at: nowIso() })
        .returning(['id', 'name', 'prefix', 'created_at'])
        .executeTakeFirstOrThrow();
    },

    apiTokensOf(userId: number) {
      return db
        .selectFrom('api_tokens')
        .select(['id', 'name', 'prefix', 'created_at', 'last_used_at'])
        .where('user_id', '=', userId)
        .where('revoked_at', 'is', null)
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .execute();
    },

    liveApiToken(userId: number, id: number) {
      return db
        .selectFrom('api_tokens')
        .select(['id', 'name', 'prefix', 'created_at', 'last_used_at'])
        .where('id', '=', id)
        .where('user_id', '=', userId)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
    },

    async revokeApiToken(id: number): Promise<void> {
      await db.updateTable('api_tokens').set({ revoked_at: nowIso() }).where('id', '=', id).execute();
    },

    // --- sessions ---

    async deleteSessionsExcept(userId: number, keepSessionId: string | null): Promise<void> {
      let q = db.deleteFrom('sessions').where('user_id', '=', userId);
      if (keepSessionId) q = q.where('id', '!=', keepSessionId);
      await q.execute();
    },
  };
}

export type AccountsRepository = ReturnType<typeof accountsRepository>;
