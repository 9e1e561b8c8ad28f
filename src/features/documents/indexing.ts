import type { Kysely } from 'kysely';
import type { Database, DocumentRow } from '../../db/schema.ts';
import { markdownToText } from '../../platform/content/markdown.ts';
import { parseLocalized } from '../../platform/i18n/format.ts';
import {
  removeFromIndex,
  replaceEntries,
  type SearchEntry,
  type SearchFeed,
  titleLanguages,
} from '../../platform/search/index.ts';
import { splitKeywords } from './model.ts';

export const SEARCH_TYPE = 'document';

/**
 * A document's search entries: one per language it has a title in, with its summary and the
 * text of its current files. Drafts and deleted documents have none.
 */
async function entriesFor(db: Kysely<Database>, doc: DocumentRow): Promise<SearchEntry[]> {
  if (doc.deleted_at || doc.status !== 'published') return [];
  const [themes, files, institution] = await Promise.all([
    db
      .selectFrom('document_themes')
      .innerJoin('themes', 'themes.id', 'document_themes.theme_id')
      .select('themes.code')
      .where('document_themes.document_id', '=', doc.id)
      .execute(),
    db
      .selectFrom('document_files')
      .select(['extracted_text'])
      .where('document_id', '=', doc.id)
      .where('version', '=', doc.current_version)
      .where('extraction_status', '=', 'done')
      .orderBy('id')
      .execute(),
    doc.institution_id
      ? db
          .selectFrom('institutions')
          .select(['name', 'acronym'])
          .where('id', '=', doc.institution_id)
          .executeTakeFirst()
      : Promise.resolve(undefined),
  ]);
  const title = parseLocalized(doc.title);
  const summary = parseLocalized(doc.summary);
  const extracted = files.map((f) => f.extracted_text ?? '').filter(Boolean);
  const keywords = [
    splitKeywords(doc.keywords).join(', '),
    doc.authors,
    institution ? `${institution.name} ${institution.acronym ?? ''}` : '',
  ]
    .filter(Boolean)
    .join(' · ');
  const entries: SearchEntry[] = [];
  for (const { locale, title: t } of titleLanguages(title)) {
    const about = markdownToText(summary[locale] || summary[doc.orig_locale as keyof typeof summary] || '');
    entries.push({
      type: SEARCH_TYPE,
      id: doc.id,
      locale,
      title: t,
      body: [about, ...extracted].filter(Boolean).join('\n\n'),
      keywords,
      url: `/documents/${doc.id}`,
      visibility: doc.access,
      countryIso3: doc.country_iso3,
      themes: themes.map((th) => th.code),
      section: doc.section,
      kind: doc.doc_type,
      date: doc.publication_date ?? doc.published_at,
    });
  }
  return entries;
}

/**
 * Brings a document's search entries up to date (or removes them for a draft or a deleted
 * document). Call it in the transaction that changes the document, so the index never shows
 * what the database does not.
 */
export async function reindexDocument(trx: Kysely<Database>, documentId: number): Promise<void> {
  const doc = await trx.selectFrom('documents').selectAll().where('id', '=', documentId).executeTakeFirst();
  if (!doc) {
    await removeFromIndex(trx, SEARCH_TYPE, documentId);
    return;
  }
  await replaceEntries(trx, SEARCH_TYPE, documentId, await entriesFor(trx, doc));
}

export async function unindexDocument(trx: Kysely<Database>, documentId: number): Promise<void> {
  await removeFromIndex(trx, SEARCH_TYPE, documentId);
}

/** Every published document, for rebuilding the index. */
export const documentSearchFeed: SearchFeed = {
  types: [SEARCH_TYPE],
  async *entries(db) {
    const docs = await db
      .selectFrom('documents')
      .selectAll()
      .where('deleted_at', 'is', null)
      .where('status', '=', 'published')
      .orderBy('id')
      .execute();
    for (const doc of docs) yield* await entriesFor(db, doc);
  },
};
