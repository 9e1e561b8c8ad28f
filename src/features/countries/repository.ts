import type { Kysely } from 'kysely';
import type { Db } from '../../db/connection.ts';
import type { CountriesTable, Database, Institution, User } from '../../db/schema.ts';

export type CountryStatus = CountriesTable['status'];
export const COUNTRY_STATUSES: CountryStatus[] = ['active', 'not_participating', 'withdrawn'];

export interface CountryRow {
  iso3: string;
  iso2: string;
  status: CountryStatus;
  updated_at: string;
  coordinator_id: number | null;
  coordinator_name: string | null;
  coordinator_email: string | null;
  institution_count: number;
}

export interface CoordinatorTermRow {
  id: number;
  user_id: number;
  user_name: string;
  started_at: string;
  ended_at: string | null;
  designated_by_name: string | null;
}

type Q = Db | Kysely<Database>;

function countriesQuery(db: Q) {
  return db
    .selectFrom('countries')
    .leftJoin('coordinator_terms as term', (j) =>
      j.onRef('term.country_iso3', '=', 'countries.iso3').on('term.ended_at', 'is', null),
    )
    .leftJoin('users as coordinator', 'coordinator.id', 'term.user_id')
    .select((eb) => [
      'countries.iso3',
      'countries.iso2',
      'countries.status',
      'countries.updated_at',
      'coordinator.id as coordinator_id',
      'coordinator.name as coordinator_name',
      'coordinator.email as coordinator_email',
      eb
        .selectFrom('institutions')
        .select((e) => e.fn.countAll<number>().as('n'))
        .whereRef('institutions.country_iso3', '=', 'countries.iso3')
        .where('institutions.deleted_at', 'is', null)
        .as('institution_count'),
    ]);
}

function normalise(r: Omit<CountryRow, 'institution_count'> & { institution_count: unknown }): CountryRow {
  return { ...r, institution_count: Number(r.institution_count ?? 0) };
}

/** Kysely queries for countries, institutions and coordinator terms. No permission logic here. */
export function countriesRepository(db: Q) {
  return {
    async listCountries(): Promise<CountryRow[]> {
      const rows = await countriesQuery(db).orderBy('countries.iso3').execute();
      return rows.map(normalise);
    },

    async findCountry(iso3: string): Promise<CountryRow | undefined> {
      const row = await countriesQuery(db).where('countries.iso3', '=', iso3).executeTakeFirst();
      return row ? normalise(row) : undefined;
    },

    setCountryStatus(iso3: string, status: CountryStatus, now: string) {
      return db.updateTable('countries').set({ status, updated_at: now }).where('iso3', '=', iso3).execute();
    },

    listInstitutions(iso3: string, opts: { deleted?: boolean } = {}): Promise<Institution[]> {
      return db
        .selectFrom('institutions')
        .selectAll()
        .where('country_iso3', '=', iso3)
        .where('deleted_at', opts.deleted ? 'is not' : 'is', null)
        .orderBy('name')
        .orderBy('id')
        .execute();
    },

    findInstitution(id: number): Promise<Institution | undefined> {
      return db.selectFrom('institutions').selectAll().where('id', '=', id).executeTakeFirst();
    },

    /** A live institution of the country with this name (case-insensitive), to refuse duplicates. */
    findInstitutionByName(iso3: string, name: string): Promise<Institution | undefined> {
      return db
        .selectFrom('institutions')
        .selectAll()
        .where('country_iso3', '=', iso3)
        .where('deleted_at', 'is', null)
        .where((eb) => eb(eb.fn('lower', ['name']), '=', name.toLowerCase()))
        .executeTakeFirst();
    },

    insertInstitution(values: {
      country_iso3: string;
      name: string;
      acronym: string | null;
      website: string | null;
      can_publish: number;
      now: string;
    }): Promise<Institution> {
      const { now, ...rest } = values;
      return db
        .insertInto('institutions')
        .values({ ...rest, created_at: now, updated_at: now, deleted_at: null })
        .returningAll()
        .executeTakeFirstOrThrow();
    },

    updateInstitution(
      id: number,
      values: Partial<
        Pick<Institution, 'name' | 'acronym' | 'website' | 'can_publish' | 'deleted_at' | 'updated_at'>
      >,
    ): Promise<Institution> {
      return db
        .updateTable('institutions')
        .set(values)
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
    },

    coordinatorHistory(iso3: string): Promise<CoordinatorTermRow[]> {
      return db
        .selectFrom('coordinator_terms as term')
        .innerJoin('users as u', 'u.id', 'term.user_id')
        .leftJoin('users as by', 'by.id', 'term.designated_by')
        .select([
          'term.id',
          'term.user_id',
          'u.name as user_name',
          'term.started_at',
          'term.ended_at',
          'by.name as designated_by_name',
        ])
        .where('term.country_iso3', '=', iso3)
        .orderBy('term.started_at', 'desc')
        .orderBy('term.id', 'desc')
        .execute();
    },

    openTerm(iso3: string) {
      return db
        .selectFrom('coordinator_terms')
        .selectAll()
        .where('country_iso3', '=', iso3)
        .where('ended_at', 'is', null)
        .executeTakeFirst();
    },

    endOpenTerms(iso3: string, now: string) {
      return db
        .updateTable('coordinator_terms')
        .set({ ended_at: now })
        .where('country_iso3', '=', iso3)
        .where('ended_at', 'is', null)
        .execute();
    },

    insertTerm(values: {
      country_iso3: string;
      user_id: number;
      designated_by: number | null;
      started_at: string;
    }) {
      return db
        .insertInto('coordinator_terms')
        .values({ ...values, ended_at: null })
        .returning('id')
        .executeTakeFirstOrThrow();
    },

    findUser(id: number): Promise<User | undefined> {
      return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
    },

    findUserByEmail(email: string): Promise<User | undefined> {
      return db
        .selectFrom('users')
        .selectAll()
        .where((eb) => eb(eb.fn('lower', ['email']), '=', email.toLowerCase()))
        .executeTakeFirst();
    },

    /** People of the country who could be designated: active accounts, not deleted. */
    candidateCoordinators(iso3: string) {
      return db
        .selectFrom('users')
        .select(['id', 'name', 'email', 'role'])
        .where('country_iso3', '=', iso3)
        .where('status', '=', 'active')
        .where('deleted_at', 'is', null)
        .where('role', 'in', ['coordinator', 'editor', 'reader'])
        .orderBy('name')
        .orderBy('id')
        .execute();
    },

    /** Other users still holding the coordinator role for the country (normally the previous one). */
    otherCoordinators(iso3: string, exceptUserId: number) {
      return db
        .selectFrom('users')
        .selectAll()
        .where('country_iso3', '=', iso3)
        .where('role', '=', 'coordinator')
        .where('id', '!=', exceptUserId)
        .execute();
    },

    setUserRole(id: number, values: { role: User['role']; country_iso3: string | null; now: string }) {
      return db
        .updateTable('users')
        .set({ role: values.role, country_iso3: values.country_iso3, updated_at: values.now })
        .where('id', '=', id)
        .execute();
    },
  };
}
