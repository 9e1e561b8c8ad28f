import type { Kysely } from 'kysely';
import type { Db } from '../../db/connection.ts';
import type { Database } from '../../db/schema.ts';
import { markdownToText } from '../../platform/content/markdown.ts';
import { parseLocalized } from '../../platform/i18n/format.ts';
import { isLocale, type Locale } from '../../platform/i18n/locales.ts';
import {
  replaceEntries,
  type SearchEntry,
  type SearchFeed,
  type Visibility,
  titleLanguages,
} from '../../platform/search/index.ts';
import { type Meeting, SEARCH_TYPE } from './model.ts';

/** What indexing needs of the meeting's study group. */
interface GroupOfMeeting {
  deleted_at: string | null;
  theme_code: string | null;
}

/**
 * Who may find the meeting: whoever may read its page. The page (title, agenda, minutes) is open
 * to everyone, like its group's page; what only some may see (the live room's conversation, who
 * registered, who attended, the video room) is never indexed.
 */
export function meetingSearchVisibility(_m: Meeting): Visibility {
  return 'public';
}

/**
 * A meeting's search entries: one per language it has a title in, with its agenda and, once
 * published, its minutes. A meeting whose page is gone (deleted, or its group removed) has none;
 * a cancelled one keeps them, as its page stays listed, with the kind `cancelled`.
 */
function entriesFor(m: Meeting, group: GroupOfMeeting | undefined): SearchEntry[] {
  if (m.deleted_at || !group || group.deleted_at) return [];
  const title = parseLocalized(m.title);
  const agenda = parseLocalized(m.agenda);
  const orig = (isLocale(m.orig_locale) ? m.orig_locale : 'en') as Locale;
  let minutes = '';
  if (m.minutes_published_at) {
    const text = parseLocalized(m.minutes);
    const lang = m.minutes_locale && isLocale(m.minutes_locale) ? m.minutes_locale : orig;
    minutes = markdownToText(text[lang] || Object.values(text).find(Boolean) || '');
  }
  const entries: SearchEntry[] = [];
  for (const { locale, title: t } of titleLanguages(title)) {
    entries.push({
      type: SEARCH_TYPE,
      id: m.id,
      locale,
      title: t,
      body: [markdownToText(agenda[locale] || agenda[orig] || ''), minutes].filter(Boolean).join('\n\n'),
      url: `/meetings/${m.id}`,
      visibility: meetingSearchVisibility(m),
      themes: group.theme_code ? [group.theme_code] : [],
      // Shown with the result (`search.kind.meeting.cancelled`), as the page shows it.
      kind: m.status === 'cancelled' ? 'cancelled' : null,
      date: m.starts_at,
    });
  }
  return entries;
}

function groupOf(db: Kysely<Database>, groupId: number): Promise<GroupOfMeeting | undefined> {
  return db
    .selectFrom('study_groups as g')
    .leftJoin('themes', 'themes.id', 'g.theme_id')
    .select(['g.deleted_at', 'themes.code as theme_code'])
    .where('g.id', '=', groupId)
    .executeTakeFirst();
}

/**
 * Brings a meeting's entries up to date, in the transaction that schedules, changes, cancels,
 * deletes or restores it, or publishes its minutes.
 */
export async function reindexMeeting(trx: Kysely<Database>, id: number): Promise<void> {
  const m = await trx.selectFrom('meetings').selectAll().where('id', '=', id).executeTakeFirst();
  await replaceEntries(trx, SEARCH_TYPE, id, m ? entriesFor(m, await groupOf(trx, m.group_id)) : []);
}

/**
 * Brings the entries of every meeting of a group up to date: for when the group itself is removed
 * (or restored), which takes its meetings' pages with it.
 */
export async function reindexGroupMeetings(trx: Kysely<Database>, groupId: number): Promise<void> {
  const rows = await trx.selectFrom('meetings').select('id').where('group_id', '=', groupId).execute();
  for (const r of rows) await reindexMeeting(trx, r.id);
}

/** Every meeting whose page can be read, for rebuilding the index. */
export const meetingSearchFeed: SearchFeed = {
  types: [SEARCH_TYPE],
  async *entries(db: Db) {
    const rows = await db
      .selectFrom('meetings')
      .innerJoin('study_groups as g', 'g.id', 'meetings.group_id')
      .leftJoin('themes', 'themes.id', 'g.theme_id')
      .selectAll('meetings')
      .select(['g.deleted_at as group_deleted_at', 'themes.code as theme_code'])
      .where('meetings.deleted_at', 'is', null)
      .where('g.deleted_at', 'is', null)
      .orderBy('meetings.id')
      .execute();
    for (const { group_deleted_at, theme_code, ...m } of rows) {
      yield* entriesFor(m, { deleted_at: group_deleted_at, theme_code });
    }
  },
};
