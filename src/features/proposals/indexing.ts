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
import { type Proposal, SEARCH_TYPE } from './model.ts';

/**
 * A proposal in the search index: public, one entry per language it has a title in, with its
 * rationale and the Secretariat's reasons. Removed proposals leave the index.
 */
function entriesFor(p: Proposal, themeCode: string | null): SearchEntry[] {
  if (p.deleted_at) return [];
  const title = parseLocalized(p.title);
  const rationale = parseLocalized(p.rationale);
  const reasons = parseLocalized(p.decision_reasons);
  const orig = p.orig_locale as keyof typeof rationale;
  const out: SearchEntry[] = [];
  for (const { locale, title: t } of titleLanguages(title)) {
    const body = [
      rationale[locale] || rationale[orig] || '',
      reasons[locale] || (p.decision_locale ? reasons[p.decision_locale as keyof typeof reasons] : '') || '',
    ]
      .map((s) => markdownToText(s))
      .filter(Boolean)
      .join('\n\n');
    out.push({
      type: SEARCH_TYPE,
      id: p.id,
      locale,
      title: t,
      body,
      url: `/proposals/${p.id}`,
      visibility: 'public',
      countryIso3: p.country_iso3,
      themes: themeCode ? [themeCode] : [],
      date: p.created_at,
    });
  }
  return out;
}

async function themeCodeOf(db: Kysely<Database>, themeId: number | null): Promise<string | null> {
  if (!themeId) return null;
  const row = await db.selectFrom('themes').select('code').where('id', '=', themeId).executeTakeFirst();
  return row?.code ?? null;
}

/** Brings the proposal's entries up to date; call in the transaction that changed it. */
export async function reindexProposal(trx: Kysely<Database>, id: number): Promise<void> {
  const p = await trx.selectFrom('proposals').selectAll().where('id', '=', id).executeTakeFirst();
  await replaceEntries(trx, SEARCH_TYPE, id, p ? entriesFor(p, await themeCodeOf(trx, p.theme_id)) : []);
}

export const proposalSearchFeed: SearchFeed = {
  types: [SEARCH_TYPE],
  async *entries(db: Db) {
    const themes = new Map(
      (await db.selectFrom('themes').select(['id', 'code']).execute()).map((t) => [t.id, t.code] as const),
    );
    const rows = await db
      .selectFrom('proposals')
      .selectAll()
      .where('deleted_at', 'is', null)
      .orderBy('id')
      .execute();
    for (const p of rows) yield* entriesFor(p, p.theme_id ? (themes.get(p.theme_id) ?? null) : null);
  },
};
