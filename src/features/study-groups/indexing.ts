import type { Kysely } from 'kysely';
import type { Db } from '../../db/connection.ts';
import type { Database } from '../../db/schema.ts';
import { markdownToText } from '../../platform/content/markdown.ts';
import { parseLocalized } from '../../platform/i18n/format.ts';
import {
  replaceEntries,
  type SearchEntry,
  type SearchFeed,
  titleLanguages,
} from '../../platform/search/index.ts';
import { SEARCH_TYPE, type StudyGroup } from './model.ts';

/**
 * A study group in the search index: one public entry per language it has a title in, with its
 * description and, as keywords, the names of its member countries' institutions. Discussions are
 * for members and stay out of the index.
 */
function entriesFor(
  group: StudyGroup,
  themeCode: string | null,
  memberCountries: string[],
  institutions: string[],
): SearchEntry[] {
  if (group.deleted_at) return [];
  const title = parseLocalized(group.title);
  const description = parseLocalized(group.description);
  const out: SearchEntry[] = [];
  for (const { locale, title: t } of titleLanguages(title)) {
    const about = description[locale] || description[group.orig_locale as keyof typeof description] || '';
    out.push({
      type: SEARCH_TYPE,
      id: group.id,
      locale,
      title: t,
      body: markdownToText(about),
      keywords: [...memberCountries, ...institutions].join(' · '),
      url: `/study-groups/${group.id}`,
      visibility: 'public',
      themes: themeCode ? [themeCode] : [],
      date: group.created_at,
    });
  }
  return out;
}

async function detailsOf(db: Kysely<Database>, group: StudyGroup) {
  const [theme, members] = await Promise.all([
    group.theme_id
      ? db.selectFrom('themes').select('code').where('id', '=', group.theme_id).executeTakeFirst()
      : Promise.resolve(undefined),
    db
      .selectFrom('study_group_members')
      .leftJoin('institutions', 'institutions.id', 'study_group_members.institution_id')
      .select(['study_group_members.country_iso3', 'institutions.name', 'institutions.acronym'])
      .where('study_group_members.group_id', '=', group.id)
      .where('study_group_members.status', '=', 'member')
      .execute(),
  ]);
  const countries = [...new Set(members.map((m) => m.country_iso3).filter((c): c is string => !!c))];
  const institutions = [
    ...new Set(members.filter((m) => m.name).map((m) => `${m.name}${m.acronym ? ` ${m.acronym}` : ''}`)),
  ];
  return entriesFor(group, theme?.code ?? null, countries, institutions);
}

/** Brings the group's entries up to date; call in the transaction that changed it. */
export async function reindexGroup(trx: Kysely<Database>, groupId: number): Promise<void> {
  const group = await trx.selectFrom('study_groups').selectAll().where('id', '=', groupId).executeTakeFirst();
  await replaceEntries(trx, SEARCH_TYPE, groupId, group ? await detailsOf(trx, group) : []);
}

export const studyGroupSearchFeed: SearchFeed = {
  types: [SEARCH_TYPE],
  async *entries(db: Db) {
    const groups = await db
      .selectFrom('study_groups')
      .selectAll()
      .where('deleted_at', 'is', null)
      .orderBy('id')
      .execute();
    for (const g of groups) yield* await detailsOf(db, g);
  },
};
