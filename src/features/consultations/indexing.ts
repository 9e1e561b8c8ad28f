import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { markdownToText } from '../../platform/content/markdown.ts';
import { parseLocalized } from '../../platform/i18n/format.ts';
import { isLocale, type Locale } from '../../platform/i18n/locales.ts';
import {
  removeFromIndex,
  replaceEntries,
  type SearchEntry,
  type SearchFeed,
  titleLanguages,
} from '../../platform/search/index.ts';
import type { Consultation } from './model.ts';

export const SEARCH_TYPE = 'consultation';

/**
 * A consultation's search entries: one per language it has a title in, with its question and
 * the text of its answers. Members only, like the consultation itself; deleted ones have none.
 */
async function entriesFor(db: Kysely<Database>, c: Consultation): Promise<SearchEntry[]> {
  if (c.deleted_at) return [];
  const [themes, answers, institution] = await Promise.all([
    db
      .selectFrom('consultation_themes')
      .innerJoin('themes', 'themes.id', 'consultation_themes.theme_id')
      .select('themes.code')
      .where('consultation_themes.consultation_id', '=', c.id)
      .execute(),
    db
      .selectFrom('consultation_answers')
      .select(['body', 'orig_locale'])
      .where('consultation_id', '=', c.id)
      .where('deleted_at', 'is', null)
      .orderBy('id')
      .execute(),
    c.institution_id
      ? db
          .selectFrom('institutions')
          .select(['name', 'acronym'])
          .where('id', '=', c.institution_id)
          .executeTakeFirst()
      : Promise.resolve(undefined),
  ]);
  const title = parseLocalized(c.title);
  const body = parseLocalized(c.body);
  const orig = (isLocale(c.orig_locale) ? c.orig_locale : 'en') as Locale;
  const answerText = answers.map((a) => {
    const text = parseLocalized(a.body);
    return markdownToText(text[a.orig_locale as Locale] ?? Object.values(text).find(Boolean) ?? '');
  });
  const entries: SearchEntry[] = [];
  for (const { locale, title: t } of titleLanguages(title)) {
    entries.push({
      type: SEARCH_TYPE,
      id: c.id,
      locale,
      title: t,
      body: [markdownToText(body[locale] || body[orig] || ''), ...answerText].filter(Boolean).join('\n\n'),
      keywords: institution ? `${institution.name} ${institution.acronym ?? ''}`.trim() : null,
      url: `/consultations/${c.id}`,
      visibility: 'members',
      countryIso3: c.country_iso3,
      themes: themes.map((th) => th.code),
      date: c.created_at,
    });
  }
  return entries;
}

/** Brings a consultation's entries up to date, in the transaction that changes it or its answers. */
export async function reindexConsultation(trx: Kysely<Database>, id: number): Promise<void> {
  const c = await trx.selectFrom('consultations').selectAll().where('id', '=', id).executeTakeFirst();
  if (!c) {
    await removeFromIndex(trx, SEARCH_TYPE, id);
    return;
  }
  await replaceEntries(trx, SEARCH_TYPE, id, await entriesFor(trx, c));
}

/** Every consultation, for rebuilding the index. */
export const consultationSearchFeed: SearchFeed = {
  types: [SEARCH_TYPE],
  async *entries(db) {
    const rows = await db
      .selectFrom('consultations')
      .selectAll()
      .where('deleted_at', 'is', null)
      .orderBy('id')
      .execute();
    for (const c of rows) yield* await entriesFor(db, c);
  },
};
