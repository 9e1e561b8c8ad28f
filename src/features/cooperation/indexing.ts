import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { markdownToText } from '../../platform/content/markdown.ts';
import { parseLocalized } from '../../platform/i18n/format.ts';
import {
  replaceEntries,
  type SearchEntry,
  type SearchFeed,
  titleLanguages,
} from '../../platform/search/index.ts';
import { type CooperationItem, itemPath, type Kind } from './model.ts';

export const SEARCH_TYPES: Record<Kind, string> = {
  offer: 'cooperation_offer',
  request: 'cooperation_request',
};

/** One public entry per language the item has a title in; withdrawn items have none. */
async function entriesFor(db: Kysely<Database>, item: CooperationItem): Promise<SearchEntry[]> {
  if (item.deleted_at) return [];
  const [themes, institution] = await Promise.all([
    db
      .selectFrom('cooperation_item_themes as cit')
      .innerJoin('themes', 'themes.id', 'cit.theme_id')
      .select('themes.code')
      .where('cit.item_id', '=', item.id)
      .execute(),
    item.institution_id
      ? db
          .selectFrom('institutions')
          .select(['name', 'acronym'])
          .where('id', '=', item.institution_id)
          .executeTakeFirst()
      : Promise.resolve(undefined),
  ]);
  const title = parseLocalized(item.title);
  const description = parseLocalized(item.description);
  const keywords = [
    institution ? `${institution.name} ${institution.acronym ?? ''}`.trim() : '',
    item.contact_name,
    item.other_languages ?? '',
  ]
    .filter(Boolean)
    .join(' · ');
  const entries: SearchEntry[] = [];
  for (const { locale, title: text } of titleLanguages(title)) {
    entries.push({
      type: SEARCH_TYPES[item.kind],
      id: item.id,
      locale,
      title: text,
      body: markdownToText(
        description[locale] || description[item.orig_locale as keyof typeof description] || '',
      ),
      keywords,
      url: itemPath(item),
      visibility: 'public',
      countryIso3: item.country_iso3,
      themes: themes.map((t) => t.code),
      date: item.created_at,
    });
  }
  return entries;
}

/** Brings an item's search entries up to date, in the transaction that changed it. */
export async function reindexItem(trx: Kysely<Database>, id: number): Promise<void> {
  const item = await trx.selectFrom('cooperation_items').selectAll().where('id', '=', id).executeTakeFirst();
  if (!item) return;
  await replaceEntries(trx, SEARCH_TYPES[item.kind], id, await entriesFor(trx, item));
}

/** Every offer and request, for rebuilding the index. */
export const cooperationSearchFeed: SearchFeed = {
  types: Object.values(SEARCH_TYPES),
  async *entries(db) {
    const items = await db
      .selectFrom('cooperation_items')
      .selectAll()
      .where('deleted_at', 'is', null)
      .orderBy('id')
      .execute();
    for (const item of items) yield* await entriesFor(db, item);
  },
};
