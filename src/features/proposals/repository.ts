import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { studyGroupRepository } from '../study-groups/repository.ts';
import type { Proposal, ProposalStatus } from './model.ts';

export interface ProposalFilters {
  status?: ProposalStatus | null;
  /** Theme code. */
  theme?: string | null;
  /** Proposals made by this country. */
  country?: string | null;
  sort?: 'newest' | 'supports';
}

export interface ProposalListRow extends Proposal {
  theme_code: string | null;
  theme_name: string | null;
  theme_orig_locale: string | null;
  author_name: string;
}

export interface SupportRow {
  id: number;
  proposal_id: number;
  country_iso3: string;
  user_id: number;
  user_name: string;
  institution_name: string | null;
  created_at: string;
}

export interface CommentRow {
  id: number;
  proposal_id: number;
  user_id: number;
  body: string;
  locale: string;
  created_at: string;
  user_name: string;
  user_country: string | null;
}

export function proposalRepository(db: Kysely<Database>) {
  function listQuery(f: ProposalFilters) {
    let q = db
      .selectFrom('proposals')
      .leftJoin('themes', 'themes.id', 'proposals.theme_id')
      .innerJoin('users', 'users.id', 'proposals.created_by')
      .where('proposals.deleted_at', 'is', null);
    if (f.status) q = q.where('proposals.status', '=', f.status);
    if (f.theme) q = q.where('themes.code', '=', f.theme);
    if (f.country) q = q.where('proposals.country_iso3', '=', f.country);
    return q;
  }

  return {
    byId(id: number): Promise<Proposal | undefined> {
      return db
        .selectFrom('proposals')
        .selectAll()
        .where('id', '=', id)
        .where('deleted_at', 'is', null)
        .executeTakeFirst();
    },

    async list(
      f: ProposalFilters,
      page: number,
      perPage: number,
    ): Promise<{ rows: ProposalListRow[]; total: number }> {
      const base = listQuery(f);
      let q = base
        .selectAll('proposals')
        .select([
          'themes.code as theme_code',
          'themes.name as theme_name',
          'themes.orig_locale as theme_orig_locale',
          'users.name as author_name',
        ]);
      if (f.sort === 'supports') q = q.orderBy('proposals.support_count', 'desc');
      const [rows, count] = await Promise.all([
        q
          .orderBy('proposals.created_at', 'desc')
          .orderBy('proposals.id', 'desc')
          .limit(perPage)
          .offset((page - 1) * perPage)
          .execute(),
        base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
      ]);
      return { rows: rows as ProposalListRow[], total: Number(count.n) };
    },

    /** Current (not withdrawn) supports of these proposals, oldest first. */
    supportsOf(proposalIds: number[]): Promise<SupportRow[]> {
      if (proposalIds.length === 0) return Promise.resolve([]);
      return db
        .selectFrom('proposal_supports as s')
        .innerJoin('users as u', 'u.id', 's.user_id')
        .leftJoin('institutions as i', 'i.id', 's.institution_id')
        .select([
          's.id',
          's.proposal_id',
          's.country_iso3',
          's.user_id',
          'u.name as user_name',
          'i.name as institution_name',
          's.created_at',
        ])
        .where('s.proposal_id', 'in', proposalIds)
        .where('s.withdrawn_at', 'is', null)
        .orderBy('s.created_at')
        .orderBy('s.id')
        .execute();
    },

    /** The country's current support of the proposal, if any. */
    supportOfCountry(proposalId: number, country: string) {
      return db
        .selectFrom('proposal_supports')
        .selectAll()
        .where('proposal_id', '=', proposalId)
        .where('country_iso3', '=', country)
        .where('withdrawn_at', 'is', null)
        .executeTakeFirst();
    },

    async comments(
      proposalId: number,
      page: number,
      perPage: number,
    ): Promise<{ rows: CommentRow[]; total: number }> {
      const base = db
        .selectFrom('proposal_comments as c')
        .where('c.proposal_id', '=', proposalId)
        .where('c.deleted_at', 'is', null);
      const [rows, count] = await Promise.all([
        base
          .innerJoin('users as u', 'u.id', 'c.user_id')
          .select([
            'c.id',
            'c.proposal_id',
            'c.user_id',
            'c.body',
            'c.locale',
            'c.created_at',
            'u.name as user_name',
            'u.country_iso3 as user_country',
          ])
          .orderBy('c.created_at')
          .orderBy('c.id')
          .limit(perPage)
          .offset((page - 1) * perPage)
          .execute(),
        base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
      ]);
      return { rows, total: Number(count.n) };
    },

    comment(id: number) {
      return db
        .selectFrom('proposal_comments')
        .selectAll()
        .where('id', '=', id)
        .where('deleted_at', 'is', null)
        .executeTakeFirst();
    },

    decisions(proposalId: number) {
      return db
        .selectFrom('proposal_decisions as d')
        .innerJoin('users as u', 'u.id', 'd.decided_by')
        .selectAll('d')
        .select('u.name as decided_by_name')
        .where('d.proposal_id', '=', proposalId)
        .orderBy('d.decided_at')
        .orderBy('d.id')
        .execute();
    },

    /** The active priority themes: the same choice as for study groups. */
    themes() {
      return studyGroupRepository(db).themes();
    },

    person(id: number) {
      return db
        .selectFrom('users')
        .leftJoin('institutions', 'institutions.id', 'users.institution_id')
        .select([
          'users.id',
          'users.name',
          'users.role',
          'users.country_iso3',
          'users.status',
          'institutions.name as institution_name',
          'institutions.acronym as institution_acronym',
        ])
        .where('users.id', '=', id)
        .executeTakeFirst();
    },

    /** Who may be chosen as the group's moderator: active coordinators and editors of these countries. */
    moderatorCandidates(countries: string[]) {
      if (countries.length === 0) return Promise.resolve([]);
      return db
        .selectFrom('users')
        .select(['id', 'name', 'country_iso3', 'role'])
        .where('country_iso3', 'in', countries)
        .where('role', 'in', ['coordinator', 'editor'])
        .where('status', '=', 'active')
        .where('deleted_at', 'is', null)
        .orderBy('country_iso3')
        .orderBy('name')
        .limit(500)
        .execute();
    },
  };
}

export type ProposalRepository = ReturnType<typeof proposalRepository>;
