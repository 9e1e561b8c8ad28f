import type { Selectable } from 'kysely';
import type {
  StudyGroupDocumentsTable,
  StudyGroupMembersTable,
  StudyGroupPostsTable,
  StudyGroupsTable,
  StudyGroupThreadsTable,
} from '../../db/schema.ts';

export type StudyGroup = Selectable<StudyGroupsTable>;
export type StudyGroupMember = Selectable<StudyGroupMembersTable>;
export type StudyGroupThread = Selectable<StudyGroupThreadsTable>;
export type StudyGroupPost = Selectable<StudyGroupPostsTable>;
export type StudyGroupDocument = Selectable<StudyGroupDocumentsTable>;

export const GROUP_STATUSES = ['active', 'closed'] as const;
export type GroupStatus = (typeof GROUP_STATUSES)[number];

export const SEARCH_TYPE = 'study_group';

export const PAGE_SIZE = 20;
export const POSTS_PER_PAGE = 20;

export const MAX_TITLE = 300;
export const MAX_DESCRIPTION = 20_000;
export const MAX_POST = 20_000;
