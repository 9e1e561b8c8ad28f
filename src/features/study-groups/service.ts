import type { Kysely } from 'kysely';
import type { AppDeps } from '../../app.ts';
import type { Db } from '../../db/connection.ts';
import { nowIso } from '../../db/dialect.ts';
import type { Database } from '../../db/schema.ts';
import { audit } from '../../platform/audit/audit.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { assertCan, can, ForbiddenError } from '../../platform/auth/policy.ts';
import { FieldErrors, HttpError, NotFoundError } from '../../platform/http/errors.ts';
import { cleanLocalized, type Localized } from '../../platform/i18n/format.ts';
import { isLocale } from '../../platform/i18n/locales.ts';
import { canReadDocument } from '../documents/policy.ts';
import { reindexGroupMeetings } from '../meetings/indexing.ts';
import { insertMessage, messageLocale, removeMessage } from './discussion.ts';
import { reindexGroup } from './indexing.ts';
import { MAX_DESCRIPTION, MAX_POST, MAX_TITLE, type StudyGroup } from './model.ts';
import { notifyJoinDecided, notifyJoinRequested, notifyThreadPost } from './notify.ts';
import { studyGroupRepository } from './repository.ts';

export type { GroupForSection, GroupSection } from './sections.ts';
export { registerGroupSection } from './sections.ts';

type Tx = Kysely<Database>;

// ---------------------------------------------------------------------------------------------
// The agreed interface other features call.

export interface CreateStudyGroupInput {
  /** Per-language title, or a text in `origLocale`. */
  title: Localized | string;
  /** Per-language Markdown, or a text in `origLocale`. */
  description: Localized | string;
  origLocale: string;
  themeId: number | null;
  proposalId: number | null;
  /** The moderator; becomes the group's first member, for their country and institution. */
  moderatorId: number;
}

function localized(v: Localized | string, origLocale: string): Localized {
  if (typeof v === 'string') return v.trim() && isLocale(origLocale) ? { [origLocale]: v.trim() } : {};
  return cleanLocalized(v);
}

/**
 * Creates a study group in the caller's transaction (the proposals feature calls it when the
 * Secretariat accepts a proposal), with the moderator as its first member. Returns the group id.
 */
export async function createStudyGroup(trx: Tx, actor: Actor, input: CreateStudyGroupInput): Promise<number> {
  assertCan(actor, 'group.create');
  const origLocale = isLocale(input.origLocale) ? input.origLocale : 'en';
  const title = localized(input.title, origLocale);
  const description = localized(input.description, origLocale);
  if (!title[origLocale]) throw new Error('A study group needs a title in its original language');
  const moderator = await trx
    .selectFrom('users')
    .select(['id', 'country_iso3', 'institution_id', 'status', 'deleted_at'])
    .where('id', '=', input.moderatorId)
    .executeTakeFirst();
  if (!moderator || moderator.deleted_at || moderator.status === 'disabled')
    throw new Error('The moderator must be an active user');
  const now = nowIso();
  const row = await trx
    .insertInto('study_groups')
    .values({
      title: JSON.stringify(title),
      description: JSON.stringify(description),
      orig_locale: origLocale,
      theme_id: input.themeId,
      proposal_id: input.proposalId,
      moderator_id: moderator.id,
      status: 'active',
      created_at: now,
      updated_at: now,
      deleted_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await trx
    .insertInto('study_group_members')
    .values({
      group_id: row.id,
      user_id: moderator.id,
      country_iso3: moderator.country_iso3,
      institution_id: moderator.institution_id,
      role: 'moderator',
      status: 'member',
      requested_at: now,
      decided_at: now,
      decided_by: actor.id > 0 ? actor.id : null,
    })
    .execute();
  await audit(trx, actor, {
    action: 'study_group.create',
    objectType: 'study_group',
    objectId: row.id,
    countryIso3: moderator.country_iso3,
    after: {
      title,
      description,
      origLocale,
      themeId: input.themeId,
      proposalId: input.proposalId,
      moderatorId: moderator.id,
    },
  });
  await reindexGroup(trx, row.id);
  return row.id;
}

/**
 * Adds a person as an approved member in the caller's transaction (used when a proposal is
 * accepted with a moderator other than its proposer: the proposer's country joins at once).
 * Nothing happens when the person is already a member.
 */
export async function addGroupMember(trx: Tx, actor: Actor, groupId: number, userId: number): Promise<void> {
  if (!(await canModerate(trx, actor, groupId))) throw new ForbiddenError('group.moderate');
  if (await isGroupMember(trx, groupId, userId)) return;
  const user = await trx
    .selectFrom('users')
    .select(['id', 'country_iso3', 'institution_id'])
    .where('id', '=', userId)
    .executeTakeFirstOrThrow();
  const now = nowIso();
  await trx
    .updateTable('study_group_members')
    .set({ status: 'left', decided_at: now, decided_by: actor.id > 0 ? actor.id : null })
    .where('group_id', '=', groupId)
    .where('user_id', '=', userId)
    .where('status', '=', 'requested')
    .execute();
  const row = await trx
    .insertInto('study_group_members')
    .values({
      group_id: groupId,
      user_id: user.id,
      country_iso3: user.country_iso3,
      institution_id: user.institution_id,
      role: 'member',
      status: 'member',
      requested_at: now,
      decided_at: now,
      decided_by: actor.id > 0 ? actor.id : null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await audit(trx, actor, {
    action: 'study_group.member_add',
    objectType: 'study_group_member',
    objectId: row.id,
    countryIso3: user.country_iso3,
    after: { groupId, userId, status: 'member' },
  });
  await reindexGroup(trx, groupId);
}

/** True when the person is an approved member of the group (the moderator is one). */
export async function isGroupMember(db: Kysely<Database>, groupId: number, userId: number): Promise<boolean> {
  const row = await db
    .selectFrom('study_group_members')
    .innerJoin('study_groups', 'study_groups.id', 'study_group_members.group_id')
    .select('study_group_members.id')
    .where('study_group_members.group_id', '=', groupId)
    .where('study_group_members.user_id', '=', userId)
    .where('study_group_members.status', '=', 'member')
    .where('study_groups.deleted_at', 'is', null)
    .executeTakeFirst();
  return !!row;
}

/** True when the person moderates the group. (The Secretariat may also act as moderator: `canModerate`.) */
export async function isGroupModerator(
  db: Kysely<Database>,
  groupId: number,
  userId: number,
): Promise<boolean> {
  const row = await db
    .selectFrom('study_groups')
    .select('id')
    .where('id', '=', groupId)
    .where('moderator_id', '=', userId)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  return !!row;
}

/** The user ids of the group's approved members, moderator included. */
export async function groupMemberIds(db: Kysely<Database>, groupId: number): Promise<number[]> {
  const rows = await db
    .selectFrom('study_group_members')
    .select('user_id')
    .where('group_id', '=', groupId)
    .where('status', '=', 'member')
    .orderBy('id')
    .execute();
  return [...new Set(rows.map((r) => r.user_id))];
}

/** The moderator, or the Secretariat acting for the group. */
export async function canModerate(
  db: Kysely<Database>,
  actor: Actor | null,
  groupId: number,
): Promise<boolean> {
  if (!actor) return false;
  if (can(actor, 'group.moderate')) return true;
  return isGroupModerator(db, groupId, actor.id);
}

/** Members take part in the discussions and share documents; the Secretariat may too. */
export async function canParticipate(
  db: Kysely<Database>,
  actor: Actor | null,
  groupId: number,
): Promise<boolean> {
  if (!actor || !can(actor, 'group.participate')) return false;
  if (can(actor, 'group.moderate')) return true;
  return isGroupMember(db, groupId, actor.id);
}

// ---------------------------------------------------------------------------------------------
// The group's own use cases.

async function groupOr404(db: Kysely<Database>, id: number): Promise<StudyGroup> {
  const group = await studyGroupRepository(db).byId(id);
  if (!group) throw new NotFoundError();
  return group;
}

/** What a post's text is checked against. */
const POST_ERRORS = { required: 'studyGroups.error.postRequired', tooLong: 'studyGroups.error.tooLong' };

function assertActive(group: StudyGroup): void {
  if (group.status !== 'active') throw new HttpError(409, 'studyGroups.error.closed');
}

export function studyGroupService(deps: Pick<AppDeps, 'db'>) {
  const db: Db = deps.db;
  const repo = studyGroupRepository(db);

  return {
    /** A coordinator or editor asks to join, for their country and institution. */
    async requestToJoin(actor: Actor, groupId: number): Promise<number> {
      const group = await groupOr404(db, groupId);
      assertCan(actor, 'group.join', { countryIso3: actor.countryIso3 });
      assertActive(group);
      return db.transaction().execute(async (trx) => {
        const current = await studyGroupRepository(trx).currentMembership(groupId, actor.id);
        if (current)
          throw new HttpError(
            409,
            current.status === 'member'
              ? 'studyGroups.error.alreadyMember'
              : 'studyGroups.error.alreadyRequested',
          );
        const now = nowIso();
        const row = await trx
          .insertInto('study_group_members')
          .values({
            group_id: groupId,
            user_id: actor.id,
            country_iso3: actor.countryIso3,
            institution_id: actor.institutionId,
            role: 'member',
            status: 'requested',
            requested_at: now,
            decided_at: null,
            decided_by: null,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await audit(trx, actor, {
          action: 'study_group.join_request',
          objectType: 'study_group_member',
          objectId: row.id,
          countryIso3: actor.countryIso3,
          after: { groupId, userId: actor.id, institutionId: actor.institutionId, status: 'requested' },
        });
        await notifyJoinRequested(trx, actor, group);
        return row.id;
      });
    },

    /** The moderator (or the Secretariat) approves or declines a pending request. */
    async decideJoin(actor: Actor, groupId: number, memberId: number, approve: boolean): Promise<void> {
      const group = await groupOr404(db, groupId);
      if (!(await canModerate(db, actor, groupId))) throw new ForbiddenError('group.moderate');
      await db.transaction().execute(async (trx) => {
        const member = await studyGroupRepository(trx).memberById(memberId);
        if (!member || member.group_id !== groupId) throw new NotFoundError();
        if (member.status !== 'requested') throw new HttpError(409, 'studyGroups.error.notPending');
        const status = approve ? 'member' : 'declined';
        const now = nowIso();
        await trx
          .updateTable('study_group_members')
          .set({ status, decided_at: now, decided_by: actor.id })
          .where('id', '=', memberId)
          .execute();
        await audit(trx, actor, {
          action: approve ? 'study_group.join_approve' : 'study_group.join_decline',
          objectType: 'study_group_member',
          objectId: memberId,
          countryIso3: member.country_iso3,
          before: { status: member.status },
          after: { status },
        });
        if (approve) await reindexGroup(trx, groupId);
        await notifyJoinDecided(trx, actor, group, member.user_id, approve);
      });
    },

    /** A member leaves (the moderator hands the group over first), or withdraws a pending request. */
    async leave(actor: Actor, groupId: number): Promise<void> {
      const group = await groupOr404(db, groupId);
      await db.transaction().execute(async (trx) => {
        const current = await studyGroupRepository(trx).currentMembership(groupId, actor.id);
        if (!current) throw new HttpError(409, 'studyGroups.error.notMember');
        if (group.moderator_id === actor.id) throw new HttpError(409, 'studyGroups.error.moderatorLeaves');
        await trx
          .updateTable('study_group_members')
          .set({ status: 'left', decided_at: nowIso(), decided_by: actor.id })
          .where('id', '=', current.id)
          .execute();
        await audit(trx, actor, {
          action: 'study_group.leave',
          objectType: 'study_group_member',
          objectId: current.id,
          countryIso3: current.country_iso3,
          before: { status: current.status },
          after: { status: 'left' },
        });
        await reindexGroup(trx, groupId);
      });
    },

    /** The moderator edits the description; the Secretariat may also change the moderator or close the group. */
    async update(
      actor: Actor,
      groupId: number,
      input: { title: Localized; description: Localized; status?: 'active' | 'closed'; moderatorId?: number },
    ): Promise<void> {
      const group = await groupOr404(db, groupId);
      if (!(await canModerate(db, actor, groupId))) throw new ForbiddenError('group.moderate');
      const secretariat = can(actor, 'group.moderate');
      const errors = new FieldErrors();
      const title = localized(input.title, group.orig_locale);
      const description = localized(input.description, group.orig_locale);
      if (!title[group.orig_locale as keyof Localized])
        errors.add(`title_${group.orig_locale}`, 'studyGroups.error.titleRequired');
      errors.maxLengths('studyGroups.error.tooLong', [
        { name: 'title', values: title, max: MAX_TITLE },
        { name: 'description', values: description, max: MAX_DESCRIPTION },
      ]);
      const status = secretariat && input.status ? input.status : group.status;
      let moderatorId = group.moderator_id;
      if (secretariat && input.moderatorId && input.moderatorId !== group.moderator_id) {
        if (!(await isGroupMember(db, groupId, input.moderatorId)))
          errors.add('moderator_id', 'studyGroups.error.moderator');
        moderatorId = input.moderatorId;
      }
      errors.throwIfAny();
      await db.transaction().execute(async (trx) => {
        const now = nowIso();
        await trx
          .updateTable('study_groups')
          .set({
            title: JSON.stringify(title),
            description: JSON.stringify(description),
            status,
            moderator_id: moderatorId,
            updated_at: now,
          })
          .where('id', '=', groupId)
          .execute();
        if (moderatorId !== group.moderator_id) {
          await trx
            .updateTable('study_group_members')
            .set({ role: 'member' })
            .where('group_id', '=', groupId)
            .where('user_id', '=', group.moderator_id)
            .execute();
          await trx
            .updateTable('study_group_members')
            .set({ role: 'moderator' })
            .where('group_id', '=', groupId)
            .where('user_id', '=', moderatorId)
            .where('status', '=', 'member')
            .execute();
        }
        await audit(trx, actor, {
          action: 'study_group.update',
          objectType: 'study_group',
          objectId: groupId,
          before: {
            title: group.title,
            description: group.description,
            status: group.status,
            moderatorId: group.moderator_id,
          },
          after: { title, description, status, moderatorId },
        });
        await reindexGroup(trx, groupId);
      });
    },

    /** The Secretariat removes a group (softly; it can be restored from the audit trail's record). */
    async remove(actor: Actor, groupId: number): Promise<void> {
      const group = await groupOr404(db, groupId);
      assertCan(actor, 'group.create');
      await db.transaction().execute(async (trx) => {
        const now = nowIso();
        await trx
          .updateTable('study_groups')
          .set({ deleted_at: now, updated_at: now })
          .where('id', '=', groupId)
          .execute();
        await audit(trx, actor, {
          action: 'study_group.delete',
          objectType: 'study_group',
          objectId: groupId,
          before: group,
        });
        await reindexGroup(trx, groupId);
        // Its meetings' pages go with it: so do their search entries.
        await reindexGroupMeetings(trx, groupId);
      });
    },

    /** A member opens a discussion thread with its first post. */
    async createThread(
      actor: Actor,
      groupId: number,
      input: { title: string; body: string; locale: string },
    ): Promise<number> {
      const group = await groupOr404(db, groupId);
      if (!(await canParticipate(db, actor, groupId))) throw new ForbiddenError('group.participate');
      assertActive(group);
      const errors = new FieldErrors();
      const title = errors.requiredText('title', input.title, MAX_TITLE, {
        required: 'studyGroups.error.threadTitleRequired',
        tooLong: 'studyGroups.error.tooLong',
      });
      const body = errors.requiredText('body', input.body, MAX_POST, POST_ERRORS);
      errors.throwIfAny();
      const locale = messageLocale(actor, input.locale);
      return db.transaction().execute(async (trx) => {
        const now = nowIso();
        const thread = await trx
          .insertInto('study_group_threads')
          .values({
            group_id: groupId,
            title,
            locale,
            created_by: actor.id,
            post_count: 1,
            last_post_at: now,
            created_at: now,
            updated_at: now,
            deleted_at: null,
            deleted_by: null,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        const postId = await insertMessage(
          trx,
          { table: 'study_group_posts', thread_id: thread.id },
          actor,
          { body, locale },
          now,
        );
        await audit(trx, actor, {
          action: 'study_group.thread_create',
          objectType: 'study_group_thread',
          objectId: thread.id,
          countryIso3: actor.countryIso3,
          after: { groupId, title, postId, body },
        });
        await notifyThreadPost(trx, actor, group, thread.id, title);
        return thread.id;
      });
    },

    /** A member answers in a thread. */
    async addPost(
      actor: Actor,
      threadId: number,
      input: { body: string; locale: string },
    ): Promise<{ postId: number; groupId: number }> {
      const thread = await repo.thread(threadId);
      if (!thread) throw new NotFoundError();
      const group = await groupOr404(db, thread.group_id);
      if (!(await canParticipate(db, actor, group.id))) throw new ForbiddenError('group.participate');
      assertActive(group);
      const errors = new FieldErrors();
      const body = errors.requiredText('body', input.body, MAX_POST, POST_ERRORS);
      errors.throwIfAny();
      const locale = messageLocale(actor, input.locale);
      return db.transaction().execute(async (trx) => {
        const now = nowIso();
        const postId = await insertMessage(
          trx,
          { table: 'study_group_posts', thread_id: threadId },
          actor,
          { body, locale },
          now,
        );
        await trx
          .updateTable('study_group_threads')
          .set((eb) => ({ post_count: eb('post_count', '+', 1), last_post_at: now, updated_at: now }))
          .where('id', '=', threadId)
          .execute();
        await audit(trx, actor, {
          action: 'study_group.post_create',
          objectType: 'study_group_post',
          objectId: postId,
          countryIso3: actor.countryIso3,
          after: { threadId, groupId: group.id, body },
        });
        await notifyThreadPost(trx, actor, group, threadId, thread.title);
        return { postId, groupId: group.id };
      });
    },

    /** The author or the moderator removes a post (softly). */
    async removePost(actor: Actor, postId: number): Promise<{ threadId: number; groupId: number }> {
      const post = await db
        .selectFrom('study_group_posts')
        .selectAll()
        .where('id', '=', postId)
        .where('deleted_at', 'is', null)
        .executeTakeFirst();
      if (!post) throw new NotFoundError();
      const thread = await repo.thread(post.thread_id);
      if (!thread) throw new NotFoundError();
      if (post.user_id !== actor.id && !(await canModerate(db, actor, thread.group_id)))
        throw new ForbiddenError('group.moderate');
      await db.transaction().execute(async (trx) => {
        const now = nowIso();
        await removeMessage(trx, 'study_group_posts', postId, actor, now);
        await trx
          .updateTable('study_group_threads')
          .set((eb) => ({ post_count: eb('post_count', '-', 1), updated_at: now }))
          .where('id', '=', thread.id)
          .execute();
        await audit(trx, actor, {
          action: 'study_group.post_delete',
          objectType: 'study_group_post',
          objectId: postId,
          before: post,
        });
      });
      return { threadId: thread.id, groupId: thread.group_id };
    },

    /** A member shares a library document they may read. */
    async shareDocument(actor: Actor, groupId: number, documentId: number): Promise<number> {
      const group = await groupOr404(db, groupId);
      if (!(await canParticipate(db, actor, groupId))) throw new ForbiddenError('group.participate');
      assertActive(group);
      const doc = await db
        .selectFrom('documents')
        .selectAll()
        .where('id', '=', documentId)
        .executeTakeFirst();
      const errors = new FieldErrors();
      if (!doc || !canReadDocument(actor, doc) || doc.status !== 'published' || doc.deleted_at)
        errors.add('document_id', 'studyGroups.error.documentNotFound');
      else if (await repo.documentLinkFor(groupId, documentId))
        errors.add('document_id', 'studyGroups.error.documentShared');
      errors.throwIfAny();
      return db.transaction().execute(async (trx) => {
        const row = await trx
          .insertInto('study_group_documents')
          .values({
            group_id: groupId,
            document_id: documentId,
            added_by: actor.id,
            added_at: nowIso(),
            is_output: 0,
            output_marked_by: null,
            output_marked_at: null,
            removed_at: null,
            removed_by: null,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await audit(trx, actor, {
          action: 'study_group.document_share',
          objectType: 'study_group_document',
          objectId: row.id,
          countryIso3: actor.countryIso3,
          after: { groupId, documentId },
        });
        return row.id;
      });
    },

    /** The moderator marks a shared document as one of the group's outputs (or takes the mark off). */
    async markOutput(actor: Actor, groupId: number, linkId: number, isOutput: boolean): Promise<void> {
      await groupOr404(db, groupId);
      if (!(await canModerate(db, actor, groupId))) throw new ForbiddenError('group.moderate');
      const link = await repo.documentLink(linkId);
      if (!link || link.group_id !== groupId) throw new NotFoundError();
      await db.transaction().execute(async (trx) => {
        const now = nowIso();
        await trx
          .updateTable('study_group_documents')
          .set({ is_output: isOutput ? 1 : 0, output_marked_by: actor.id, output_marked_at: now })
          .where('id', '=', linkId)
          .execute();
        await audit(trx, actor, {
          action: isOutput ? 'study_group.output_mark' : 'study_group.output_unmark',
          objectType: 'study_group_document',
          objectId: linkId,
          before: { isOutput: link.is_output === 1 },
          after: { isOutput },
        });
      });
    },

    /** The member who shared it, or the moderator, takes a document off the group's list. */
    async unshareDocument(actor: Actor, groupId: number, linkId: number): Promise<void> {
      await groupOr404(db, groupId);
      const link = await repo.documentLink(linkId);
      if (!link || link.group_id !== groupId) throw new NotFoundError();
      const mayRemove =
        ((await canParticipate(db, actor, groupId)) && link.added_by === actor.id) ||
        (await canModerate(db, actor, groupId));
      if (!mayRemove) throw new ForbiddenError('group.participate');
      await db.transaction().execute(async (trx) => {
        await trx
          .updateTable('study_group_documents')
          .set({ removed_at: nowIso(), removed_by: actor.id })
          .where('id', '=', linkId)
          .execute();
        await audit(trx, actor, {
          action: 'study_group.document_unshare',
          objectType: 'study_group_document',
          objectId: linkId,
          before: link,
        });
      });
    },
  };
}

export type StudyGroupService = ReturnType<typeof studyGroupService>;
