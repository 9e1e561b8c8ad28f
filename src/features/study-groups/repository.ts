import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { StudyGroup, StudyGroupMember, StudyGroupThread } from './model.ts';

export interface GroupListFilters {
  status?: 'active' | 'closed' | null;
  /** Theme code. */
  theme?: string | null;
  /** Groups with an approved member of this country. */
  country?: string | null;
}

export interface GroupListRow extends StudyGroup {
  theme_code: string | null;
  theme_name: string | null;
  theme_orig_locale: string | null;
  member_count: number;
  country_count: number;
}

export interface MemberRow extends StudyGroupMember {
  user_name: string;
  user_email: string;
  institution_name: string | null;
  institution_acronym: string | null;
}

export interface PostRow {
  id: number;
  thread_id: number;
  user_id: number;
  body: string;
  locale: string;
  created_at: string;
  updated_at: string;
  user_name: string;
  user_country: string | null;
}

export interface SharedDocumentRow {
  link_id: number;
  group_id: number;
  document_id: number;
  added_by: number;
  added_at: string;
  is_output: number;
  added_by_name: string;
  // the library document, for the reader's visibility check and the listing
  title: string;
  orig_locale: string;
  doc_type: string;
  country_iso3: string | null;
  institution_id: number | null;
  access: 'public' | 'members' | 'country';
  status: 'draft' | 'published';
  publication_date: string | null;
  deleted_at: string | null;
}

export function studyGroupRepository(db: Kysely<Database>) {
  function listQuery(f: GroupListFilters) {
    let q = db
      .selectFrom('study_groups')
      .leftJoin('themes', 'themes.id', 'study_groups.theme_id')
      .where('study_groups.deleted_at', 'is', null);
    if (f.status) q = q.where('study_groups.status', '=', f.status);
    if (f.theme) q = q.where('themes.code', '=', f.theme);
    if (f.country) {
      const country = f.country;
      q = q.where((eb) =>
        eb.exists(
          eb
            .selectFrom('study_group_members as m')
            .select('m.id')
            .whereRef('m.group_id', '=', 'study_groups.id')
            .where('m.status', '=', 'member')
            .where('m.country_iso3', '=', country),
        ),
      );
    }
    return q;
  }

  return {
    /** The active priority themes, in their order, for filters and forms. */
    themes() {
      return db
        .selectFrom('themes')
        .select(['id', 'code', 'name', 'orig_locale'])
        .where('active', '=', 1)
        .orderBy('sort_order')
        .orderBy('code')
        .execute();
    },

    byId(id: number): Promise<StudyGroup | undefined> {
      return db
        .selectFrom('study_groups')
        .selectAll()
        .where('id', '=', id)
        .where('deleted_at', 'is', null)
        .executeTakeFirst();
    },

    async list(
      f: GroupListFilters,
      page: number,
      perPage: number,
    ): Promise<{ rows: GroupListRow[]; total: number }> {
      const base = listQuery(f);
      const [rows, count] = await Promise.all([
        base
          .selectAll('study_groups')
          .select([
            'themes.code as theme_code',
            'themes.name as theme_name',
            'themes.orig_locale as theme_orig_locale',
          ])
          .select((eb) => [
            eb
              .selectFrom('study_group_members as m')
              .select((e) => e.fn.countAll<number>().as('n'))
              .whereRef('m.group_id', '=', 'study_groups.id')
              .where('m.status', '=', 'member')
              .as('member_count'),
            eb
              .selectFrom('study_group_members as m')
              .select((e) => e.fn.count<number>('m.country_iso3').distinct().as('n'))
              .whereRef('m.group_id', '=', 'study_groups.id')
              .where('m.status', '=', 'member')
              .as('country_count'),
          ])
          .orderBy('study_groups.status', 'asc')
          .orderBy('study_groups.created_at', 'desc')
          .orderBy('study_groups.id', 'desc')
          .limit(perPage)
          .offset((page - 1) * perPage)
          .execute(),
        base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
      ]);
      return {
        rows: rows.map((r) => ({
          ...r,
          member_count: Number(r.member_count ?? 0),
          country_count: Number(r.country_count ?? 0),
        })) as GroupListRow[],
        total: Number(count.n),
      };
    },

    /** Every membership row of the group (requests and former members too), oldest first. */
    members(groupId: number): Promise<MemberRow[]> {
      return db
        .selectFrom('study_group_members')
        .innerJoin('users', 'users.id', 'study_group_members.user_id')
        .leftJoin('institutions', 'institutions.id', 'study_group_members.institution_id')
        .selectAll('study_group_members')
        .select([
          'users.name as user_name',
          'users.email as user_email',
          'institutions.name as institution_name',
          'institutions.acronym as institution_acronym',
        ])
        .where('study_group_members.group_id', '=', groupId)
        .orderBy('study_group_members.requested_at')
        .orderBy('study_group_members.id')
        .execute();
    },

    memberById(id: number): Promise<StudyGroupMember | undefined> {
      return db.selectFrom('study_group_members').selectAll().where('id', '=', id).executeTakeFirst();
    },

    /** The person's pending request or membership, if any. */
    currentMembership(groupId: number, userId: number): Promise<StudyGroupMember | undefined> {
      return db
        .selectFrom('study_group_members')
        .selectAll()
        .where('group_id', '=', groupId)
        .where('user_id', '=', userId)
        .where('status', 'in', ['requested', 'member'])
        .orderBy('id', 'desc')
        .executeTakeFirst();
    },

    /** Groups where the person is an approved member. */
    groupIdsOf(userId: number): Promise<number[]> {
      return db
        .selectFrom('study_group_members')
        .innerJoin('study_groups', 'study_groups.id', 'study_group_members.group_id')
        .select('study_group_members.group_id')
        .where('study_group_members.user_id', '=', userId)
        .where('study_group_members.status', '=', 'member')
        .where('study_groups.deleted_at', 'is', null)
        .execute()
        .then((rows) => rows.map((r) => r.group_id));
    },

    async threads(groupId: number, page: number, perPage: number) {
      const base = db
        .selectFrom('study_group_threads')
        .where('study_group_threads.group_id', '=', groupId)
        .where('study_group_threads.deleted_at', 'is', null);
      const [rows, count] = await Promise.all([
        base
          .innerJoin('users', 'users.id', 'study_group_threads.created_by')
          .selectAll('study_group_threads')
          .select('users.name as author_name')
          .orderBy('study_group_threads.last_post_at', 'desc')
          .orderBy('study_group_threads.id', 'desc')
          .limit(perPage)
          .offset((page - 1) * perPage)
          .execute(),
        base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
      ]);
      return { rows, total: Number(count.n) };
    },

    thread(id: number): Promise<StudyGroupThread | undefined> {
      return db
        .selectFrom('study_group_threads')
        .selectAll()
        .where('id', '=', id)
        .where('deleted_at', 'is', null)
        .executeTakeFirst();
    },

    async posts(
      threadId: number,
      page: number,
      perPage: number,
    ): Promise<{ rows: PostRow[]; total: number }> {
      const base = db
        .selectFrom('study_group_posts')
        .where('study_group_posts.thread_id', '=', threadId)
        .where('study_group_posts.deleted_at', 'is', null);
      const [rows, count] = await Promise.all([
        base
          .innerJoin('users', 'users.id', 'study_group_posts.user_id')
          .select([
            'study_group_posts.id',
            'study_group_posts.thread_id',
            'study_group_posts.user_id',
            'study_group_posts.body',
            'study_group_posts.locale',
            'study_group_posts.created_at',
            'study_group_posts.updated_at',
            'users.name as user_name',
            'users.country_iso3 as user_country',
          ])
          .orderBy('study_group_posts.created_at')
          .orderBy('study_group_posts.id')
          .limit(perPage)
          .offset((page - 1) * perPage)
          .execute(),
        base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
      ]);
      return { rows, total: Number(count.n) };
    },

    /** Library documents shared with the group (not yet filtered by what the reader may see). */
    documents(groupId: number): Promise<SharedDocumentRow[]> {
      return db
        .selectFrom('study_group_documents as l')
        .innerJoin('documents as d', 'd.id', 'l.document_id')
        .innerJoin('users as u', 'u.id', 'l.added_by')
        .select([
          'l.id as link_id',
          'l.group_id',
          'l.document_id',
          'l.added_by',
          'l.added_at',
          'l.is_output',
          'u.name as added_by_name',
          'd.title',
          'd.orig_locale',
          'd.doc_type',
          'd.country_iso3',
          'd.institution_id',
          'd.access',
          'd.status',
          'd.publication_date',
          'd.deleted_at',
        ])
        .where('l.group_id', '=', groupId)
        .where('l.removed_at', 'is', null)
        .orderBy('l.is_output', 'desc')
        .orderBy('l.added_at', 'desc')
        .orderBy('l.id', 'desc')
        .execute();
    },

    documentLink(id: number) {
      return db
        .selectFrom('study_group_documents')
        .selectAll()
        .where('id', '=', id)
        .where('removed_at', 'is', null)
        .executeTakeFirst();
    },

    documentLinkFor(groupId: number, documentId: number) {
      return db
        .selectFrom('study_group_documents')
        .selectAll()
        .where('group_id', '=', groupId)
        .where('document_id', '=', documentId)
        .where('removed_at', 'is', null)
        .executeTakeFirst();
    },
  };
}

export type StudyGroupRepository = ReturnType<typeof studyGroupRepository>;
