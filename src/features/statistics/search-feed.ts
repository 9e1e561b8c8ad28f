import type { Db } from '../../db/connection.ts';
import { parseLocalized } from '../../platform/i18n/format.ts';
import { type SearchEntry, type SearchFeed, titleLanguages } from '../../platform/search/index.ts';

export const INDICATOR_TYPE = 'indicator';

/**
 * Indicators in the site search: one entry per language with a name, with the definition and
 * the notes as text, so "desempleo juvenil" finds the youth unemployment rate.
 */
export async function indicatorEntries(db: Db): Promise<SearchEntry[]> {
  const rows = await db
    .selectFrom('stat_indicators')
    .select(['code', 'ilostat_code', 'name', 'definition', 'notes', 'topic', 'updated_at'])
    .orderBy('sort_order')
    .execute();
  const out: SearchEntry[] = [];
  for (const row of rows) {
    const name = parseLocalized(row.name);
    const definition = parseLocalized(row.definition);
    const notes = parseLocalized(row.notes);
    for (const { locale, title } of titleLanguages(name)) {
      out.push({
        type: INDICATOR_TYPE,
        id: row.code,
        locale,
        title,
        body: [definition[locale], notes[locale]].filter(Boolean).join('\n\n'),
        keywords: [row.code, row.ilostat_code, row.topic].filter(Boolean).join(' '),
        url: `/statistics/indicators/${row.code}`,
        visibility: 'public',
        themes: ['labour-market-information'],
        section: 'statistics',
        date: row.updated_at,
      });
    }
  }
  return out;
}

export const indicatorSearchFeed: SearchFeed = { types: [INDICATOR_TYPE], entries: indicatorEntries };
