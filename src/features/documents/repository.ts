import type { ExpressionBuilder, Kysely, SelectQueryBuilder } from 'kysely';
import type { Db } from '../../db/connection.ts';
import type { Database, DocumentFile, DocumentRow } from '../../db/schema.ts';
import type { ManageScope, ReadScope } from './policy.ts';

export interface ListFilters {
  section?: string | null;
  theme?: string | null;
  country?: string | null;
  type?: string | null;
  lang?: string | null;
  year?: string | null;
}

type DocQuery = SelectQueryBuilder<Database, 'documents', object>;

/** Published, not deleted, and open to this reader. */
function visible(q: DocQuery, scope: ReadScope): DocQuery {
  q = q.where('documents.deleted_at', 'is', null).where('documents.status', '=', 'published');
  if (scope.all) return q;
  return q.where((eb: ExpressionBuilder<Database, 'documents'>) => {
    const ors = [eb('documents.access', '=', 'public')];
    if (scope.signedIn) ors.push(eb('documents.access', '=', 'members'));
    if (scope.country) {
      ors.push(
        eb.and([eb('documents.access', '=', 'country'), eb('documents.country_iso3', '=', scope.country)]),
      );
    }
    return eb.or(ors);
  });
}

function filtered(q: DocQuery, f: ListFilters): DocQuery {
  if (f.section) q = q.where('documents.section', '=', f.section);
  if (f.country) q = q.where('documents.country_iso3', '=', f.country);
  if (f.type) q = q.where('documents.doc_type', '=', f.type);
  if (f.lang) q = q.where('documents.orig_locale', '=', f.lang);
  if (f.year) q = q.where('documents.publication_date', 'like', `${f.year}%`);
  if (f.theme) {
    const code = f.theme;
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('document_themes')
          .innerJoin('themes', 'themes.id', 'document_themes.theme_id')
          .select('document_themes.document_id')
          .whereRef('document_themes.document_id', '=', 'documents.id')
          .where('themes.code', '=', code),
      ),
    );
  }
  return q;
}

export function documentRepository(db: Kysely<Database>) {
  return {
    byId(id: number): Promise<DocumentRow | undefined> {
      return db.selectFrom('documents').selectAll().where('id', '=', id).executeTakeFirst();
    },

    async listVisible(scope: ReadScope, f: ListFilters, page: number, perPage: number) {
      const base = filtered(visible(db.selectFrom('documents'), scope), f);
      const [rows, count] = await Promise.all([
        base
          .selectAll('documents')
          .orderBy('documents.publication_date', (ob) => ob.desc().nullsLast())
          .orderBy('documents.published_at', 'desc')
          .orderBy('documents.id', 'desc')
          .limit(perPage)
          .offset((page - 1) * perPage)
          .execute(),
        base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
      ]);
      return { rows, total: Number(count.n) };
    },

    /** Newest published documents first, for feeds. */
    latestVisible(scope: ReadScope, f: ListFilters, limit: number) {
      return filtered(visible(db.selectFrom('documents'), scope), f)
        .selectAll('documents')
        .orderBy('documents.published_at', 'desc')
        .orderBy('documents.id', 'desc')
        .limit(limit)
        .execute();
    },

    async countsBySection(scope: ReadScope): Promise<Map<string, number>> {
      const rows = await visible(db.selectFrom('documents'), scope)
        .select(['documents.section', (eb) => eb.fn.countAll<number>().as('n')])
        .groupBy('documents.section')
        .execute();
      return new Map(rows.map((r) => [r.section, Number(r.n)]));
    },

    async countsByCountry(scope: ReadScope): Promise<{ iso3: string; n: number }[]> {
      const rows = await visible(db.selectFrom('documents'), scope)
        .where('documents.country_iso3', 'is not', null)
        .select(['documents.country_iso3', (eb) => eb.fn.countAll<number>().as('n')])
        .groupBy('documents.country_iso3')
        .execute();
      return rows.map((r) => ({ iso3: r.country_iso3!, n: Number(r.n) }));
    },

    async years(scope: ReadScope): Promise<string[]> {
      const rows = await visible(db.selectFrom('documents'), scope)
        .where('documents.publication_date', 'is not', null)
        .select('documents.publication_date')
        .distinct()
        .execute();
      return [...new Set(rows.map((r) => r.publication_date!.slice(0, 4)))].sort().reverse();
    },

    /** Documents an editor, coordinator or the Secretariat may manage (drafts and, for the Secretariat, deleted ones). */
    async listManaged(scope: ManageScope, opts: { deleted: boolean; page: number; perPage: number }) {
      let q = db.selectFrom('documents');
      q = opts.deleted ? q.where('deleted_at', 'is not', null) : q.where('deleted_at', 'is', null);
      if (!scope.all) {
        q = q.where('country_iso3', '=', scope.country);
        if (scope.institutionId !== null) {
          const inst = scope.institutionId;
          q = q.where((eb) => eb.or([eb('institution_id', 'is', null), eb('institution_id', '=', inst)]));
        }
      }
      const [rows, count] = await Promise.all([
        q
          .selectAll()
          .orderBy('updated_at', 'desc')
          .orderBy('id', 'desc')
          .limit(opts.perPage)
          .offset((opts.page - 1) * opts.perPage)
          .execute(),
        q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
      ]);
      return { rows, total: Number(count.n) };
    },

    themesOf(ids: number[]) {
      if (ids.length === 0) return Promise.resolve([]);
      return db
        .selectFrom('document_themes')
        .innerJoin('themes', 'themes.id', 'document_themes.theme_id')
        .select([
          'document_themes.document_id',
          'themes.id',
          'themes.code',
          'themes.name',
          'themes.orig_locale',
        ])
        .where('document_themes.document_id', 'in', ids)
        .orderBy('themes.sort_order')
        .execute();
    },

    /** Files of the given documents' current versions. */
    currentFilesOf(ids: number[]): Promise<DocumentFile[]> {
      if (ids.length === 0) return Promise.resolve([]);
      return db
        .selectFrom('document_files')
        .innerJoin('documents', 'documents.id', 'document_files.document_id')
        .selectAll('document_files')
        .where('document_files.document_id', 'in', ids)
        .whereRef('document_files.version', '=', 'documents.current_version')
        .orderBy('document_files.id')
        .execute();
    },

    filesOf(documentId: number): Promise<DocumentFile[]> {
      return db
        .selectFrom('document_files')
        .selectAll()
        .where('document_id', '=', documentId)
        .orderBy('version', 'desc')
        .orderBy('id')
        .execute();
    },

    fileById(id: number): Promise<DocumentFile | undefined> {
      return db.selectFrom('document_files').selectAll().where('id', '=', id).executeTakeFirst();
    },

    async countDownload(fileId: number): Promise<void> {
      await db
        .updateTable('document_files')
        .set((eb) => ({ download_count: eb('download_count', '+', 1) }))
        .where('id', '=', fileId)
        .execute();
    },

    institution(id: number) {
      return db
        .selectFrom('institutions')
        .select(['id', 'name', 'acronym', 'country_iso3', 'can_publish', 'deleted_at'])
        .where('id', '=', id)
        .executeTakeFirst();
    },

    institutionsOf(country: string) {
      return db
        .selectFrom('institutions')
        .select(['id', 'name', 'acronym', 'can_publish'])
        .where('country_iso3', '=', country)
        .where('deleted_at', 'is', null)
        .orderBy('name')
        .execute();
    },

    themes() {
      return db
        .selectFrom('themes')
        .select(['id', 'code', 'name', 'orig_locale'])
        .where('active', '=', 1)
        .orderBy('sort_order')
        .orderBy('id')
        .execute();
    },

    themeByCode(code: string) {
      return db
        .selectFrom('themes')
        .select(['id', 'code', 'name', 'orig_locale'])
        .where('code', '=', code)
        .executeTakeFirst();
    },

    countryExists(iso3: string) {
      return db.selectFrom('countries').select('iso3').where('iso3', '=', iso3).executeTakeFirst();
    },

    countries() {
      return db.selectFrom('countries').select(['iso3', 'status']).orderBy('iso3').execute();
    },

    section(code: string) {
      return db.selectFrom('document_sections').selectAll().where('code', '=', code).executeTakeFirst();
    },

    sections() {
      return db.selectFrom('document_sections').selectAll().execute();
    },
  };
}

export type DocumentRepository = ReturnType<typeof documentRepository>;

/** The repository on a transaction or on the database. */
export function repoFor(db: Db | Kysely<Database>): DocumentRepository {
  return documentRepository(db);
}
