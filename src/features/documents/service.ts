import type { Kysely } from 'kysely';
import type { AppDeps } from '../../app.ts';
import { nowIso } from '../../db/dialect.ts';
import type { Database, DocumentRow } from '../../db/schema.ts';
import { audit } from '../../platform/audit/audit.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { assertCan, ForbiddenError, isSecretariat } from '../../platform/auth/policy.ts';
import { type FileKind, fileStore, type StagedFile } from '../../platform/files/index.ts';
import { FieldErrors, NotFoundError } from '../../platform/http/errors.ts';
import { isHttpUrl } from '../../platform/http/form.ts';
import { cleanLocalized, type Localized } from '../../platform/i18n/format.ts';
import { isLocale, LOCALES } from '../../platform/i18n/locales.ts';
import { enqueue } from '../../platform/jobs/queue.ts';
import { reindexDocument, unindexDocument } from './indexing.ts';
import { isAccess, isDocType, isSection, isStatus, splitKeywords } from './model.ts';
import { canReadDocument } from './policy.ts';
import { documentRepository } from './repository.ts';

export const EXTRACT_JOB = 'documents.extract';

/** What a form or an API call says about a document. Absent fields of a PATCH are undefined. */
export interface DocumentInput {
  title?: Localized;
  summary?: Localized;
  origLocale?: string;
  docType?: string;
  section?: string;
  themes?: string[];
  countryIso3?: string | null;
  institutionId?: number | null;
  authors?: string;
  publicationDate?: string | null;
  keywords?: string;
  externalUrl?: string | null;
  access?: string;
  status?: string;
}

/** A file received and checked by content, staged on disk but not yet stored. */
export interface Upload {
  staged: StagedFile;
  name: string;
  kind: FileKind;
  contentType: string;
}

const MAX_TITLE = 300;
const MAX_SUMMARY = 10_000;

/** The values a document will have after the input is applied to `before` (or to nothing). */
interface Resolved {
  title: Localized;
  summary: Localized;
  origLocale: string;
  docType: string;
  section: string;
  themes: string[];
  countryIso3: string | null;
  institutionId: number | null;
  authors: string;
  publicationDate: string | null;
  keywords: string;
  externalUrl: string | null;
  access: string;
  status: string;
}

export function documentService(deps: AppDeps) {
  const db = deps.db;
  const store = fileStore(deps.config.filesDir);

  async function themeIds(trx: Kysely<Database>, codes: string[]): Promise<Map<string, number>> {
    if (codes.length === 0) return new Map();
    const rows = await trx.selectFrom('themes').select(['id', 'code']).where('code', 'in', codes).execute();
    return new Map(rows.map((r) => [r.code, r.id]));
  }

  /** Checks every field and collects every problem, so the reader sees them all at once. */
  async function validate(
    trx: Kysely<Database>,
    actor: Actor,
    v: Resolved,
    errors: FieldErrors,
  ): Promise<Map<string, number>> {
    if (!isLocale(v.origLocale)) errors.add('orig_locale', 'documents.error.origLocale');
    const origTitle = isLocale(v.origLocale) ? v.title[v.origLocale] : undefined;
    if (!origTitle)
      errors.add(`title_${isLocale(v.origLocale) ? v.origLocale : 'en'}`, 'documents.error.titleRequired');
    for (const locale of LOCALES) {
      if ((v.title[locale]?.length ?? 0) > MAX_TITLE)
        errors.add(`title_${locale}`, 'documents.error.titleTooLong', { max: MAX_TITLE });
      if ((v.summary[locale]?.length ?? 0) > MAX_SUMMARY) {
        errors.add(`summary_${locale}`, 'documents.error.summaryTooLong', { max: MAX_SUMMARY });
      }
    }
    if (!isDocType(v.docType)) errors.add('doc_type', 'documents.error.type');
    if (!isSection(v.section)) errors.add('section', 'documents.error.section');
    if (!isAccess(v.access)) errors.add('access', 'documents.error.access');
    if (!isStatus(v.status)) errors.add('status', 'documents.error.status');
    if (v.publicationDate !== null && !/^\d{4}-\d{2}-\d{2}$/.test(v.publicationDate)) {
      errors.add('publication_date', 'documents.error.date');
    } else if (v.publicationDate !== null && Number.isNaN(Date.parse(`${v.publicationDate}T00:00:00Z`))) {
      errors.add('publication_date', 'documents.error.date');
    }
    if (v.externalUrl !== null && !isHttpUrl(v.externalUrl))
      errors.add('external_url', 'documents.error.url');
    if (v.authors.length > 1000) errors.add('authors', 'documents.error.tooLong');
    if (v.keywords.length > 1000) errors.add('keywords', 'documents.error.tooLong');
    const ids = await themeIds(trx, v.themes);
    if (ids.size !== new Set(v.themes).size) errors.add('themes', 'documents.error.theme');

    if (v.countryIso3 !== null && !(await documentRepository(trx).countryExists(v.countryIso3))) {
      errors.add('country_iso3', 'documents.error.country');
    }
    if (v.access === 'country' && v.countryIso3 === null)
      errors.add('access', 'documents.error.countryAccess');
    if (v.institutionId !== null) {
      const inst = await documentRepository(trx).institution(v.institutionId);
      if (!inst || inst.deleted_at || inst.country_iso3 !== v.countryIso3) {
        errors.add('institution_id', 'documents.error.institution');
      } else if (v.status === 'published' && inst.can_publish !== 1) {
        errors.add('institution_id', 'documents.error.cannotPublish');
      }
    } else if (!isSecretariat(actor) && v.countryIso3 !== null && actor.role === 'editor') {
      errors.add('institution_id', 'documents.error.institution');
    }
    return ids;
  }

  async function setThemes(trx: Kysely<Database>, documentId: number, ids: Iterable<number>): Promise<void> {
    await trx.deleteFrom('document_themes').where('document_id', '=', documentId).execute();
    const values = [...new Set(ids)].map((theme_id) => ({ document_id: documentId, theme_id }));
    if (values.length) await trx.insertInto('document_themes').values(values).execute();
  }

  async function addFiles(
    trx: Kysely<Database>,
    actor: Actor,
    documentId: number,
    version: number,
    uploads: Upload[],
  ) {
    const ids: number[] = [];
    for (const u of uploads) {
      const row = await trx
        .insertInto('document_files')
        .values({
          document_id: documentId,
          version,
          original_name: u.name.slice(0, 255) || 'document',
          kind: u.kind,
          content_type: u.contentType,
          size_bytes: u.staged.size,
          sha256: u.staged.sha256,
          extraction_error: null,
          extracted_text: null,
          extracted_at: null,
          uploaded_by: actor.id > 0 ? actor.id : null,
          created_at: nowIso(),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await enqueue(trx, EXTRACT_JOB, { fileId: row.id });
      ids.push(row.id);
    }
    return ids;
  }

  async function commitUploads(uploads: Upload[]): Promise<void> {
    for (const u of uploads) await store.commit(u.staged);
  }

  async function discardUploads(uploads: Upload[]): Promise<void> {
    for (const u of uploads) await store.discard(u.staged).catch(() => undefined);
  }

  function snapshot(doc: DocumentRow, themes?: string[]) {
    return { ...doc, themes };
  }

  /** Loads a document the actor may read, or answers 404 as if it did not exist. */
  async function readable(actor: Actor | null, id: number): Promise<DocumentRow> {
    const doc = await documentRepository(db).byId(id);
    if (!doc || !canReadDocument(actor, doc)) throw new NotFoundError();
    return doc;
  }

  return {
    readable,

    /**
     * Creates a document with its first files. `errors` may already hold problems found while
     * reading the upload (a refused file type), so everything is reported together.
     */
    async create(
      actor: Actor,
      input: DocumentInput,
      uploads: Upload[],
      errors = new FieldErrors(),
    ): Promise<number> {
      try {
        const v: Resolved = {
          title: cleanLocalized(input.title),
          summary: cleanLocalized(input.summary),
          origLocale: input.origLocale ?? 'en',
          docType: input.docType ?? '',
          section: input.section ?? '',
          themes: input.themes ?? [],
          // Editors and coordinators publish for their own country (and editors for their institution).
          countryIso3:
            input.countryIso3 !== undefined
              ? input.countryIso3
              : isSecretariat(actor)
                ? null
                : actor.countryIso3,
          institutionId:
            input.institutionId !== undefined
              ? input.institutionId
              : isSecretariat(actor)
                ? null
                : actor.institutionId,
          authors: input.authors?.trim() ?? '',
          publicationDate: input.publicationDate ?? null,
          keywords: splitKeywords(input.keywords ?? '').join(', '),
          externalUrl: input.externalUrl ?? null,
          access: input.access ?? 'public',
          status: input.status ?? 'draft',
        };
        assertCan(actor, 'document.create', { countryIso3: v.countryIso3, institutionId: v.institutionId });
        if (!isSecretariat(actor) && v.countryIso3 === null) throw new ForbiddenError('document.create');
        const ids = await validate(db, actor, v, errors);
        if (uploads.length === 0 && v.externalUrl === null && !errors.has('files'))
          errors.add('files', 'documents.error.fileOrLink');
        errors.throwIfAny();
        await commitUploads(uploads);
        return await db.transaction().execute(async (trx) => {
          const now = nowIso();
          const doc = await trx
            .insertInto('documents')
            .values({
              title: JSON.stringify(v.title),
              summary: JSON.stringify(v.summary),
              orig_locale: v.origLocale,
              doc_type: v.docType,
              section: v.section,
              country_iso3: v.countryIso3,
              institution_id: v.institutionId,
              authors: v.authors,
              publication_date: v.publicationDate,
              keywords: v.keywords,
              external_url: v.externalUrl,
              access: v.access as DocumentRow['access'],
              status: v.status as DocumentRow['status'],
              published_at: v.status === 'published' ? now : null,
              current_version: uploads.length ? 1 : 0,
              created_by: actor.id > 0 ? actor.id : null,
              updated_by: actor.id > 0 ? actor.id : null,
              created_at: now,
              updated_at: now,
              deleted_at: null,
              deleted_by: null,
            })
            .returningAll()
            .executeTakeFirstOrThrow();
          await setThemes(trx, doc.id, ids.values());
          const fileIds = await addFiles(trx, actor, doc.id, 1, uploads);
          await audit(trx, actor, {
            action: 'document.create',
            objectType: 'document',
            objectId: doc.id,
            countryIso3: doc.country_iso3,
            after: { ...snapshot(doc, v.themes), files: fileIds },
          });
          await reindexDocument(trx, doc.id);
          return doc.id;
        });
      } catch (err) {
        await discardUploads(uploads);
        throw err;
      }
    },

    /** Changes the metadata (and the state: draft or published). */
    async update(actor: Actor, id: number, input: DocumentInput): Promise<void> {
      const before = await readable(actor, id);
      if (before.deleted_at) throw new NotFoundError();
      assertCan(actor, 'document.update', {
        countryIso3: before.country_iso3,
        institutionId: before.institution_id,
      });
      const repo = documentRepository(db);
      const beforeThemes = (await repo.themesOf([id])).map((t) => t.code);
      const v: Resolved = {
        title:
          input.title !== undefined ? cleanLocalized(input.title) : (JSON.parse(before.title) as Localized),
        summary:
          input.summary !== undefined
            ? cleanLocalized(input.summary)
            : (JSON.parse(before.summary) as Localized),
        origLocale: input.origLocale ?? before.orig_locale,
        docType: input.docType ?? before.doc_type,
        section: input.section ?? before.section,
        themes: input.themes ?? beforeThemes,
        countryIso3: input.countryIso3 !== undefined ? input.countryIso3 : before.country_iso3,
        institutionId: input.institutionId !== undefined ? input.institutionId : before.institution_id,
        authors: input.authors !== undefined ? input.authors.trim() : before.authors,
        publicationDate:
          input.publicationDate !== undefined ? input.publicationDate : before.publication_date,
        keywords: input.keywords !== undefined ? splitKeywords(input.keywords).join(', ') : before.keywords,
        externalUrl: input.externalUrl !== undefined ? input.externalUrl : before.external_url,
        access: input.access ?? before.access,
        status: input.status ?? before.status,
      };
      // Moving a document is a write for its new owner too: nobody moves one into another country.
      assertCan(actor, 'document.update', { countryIso3: v.countryIso3, institutionId: v.institutionId });
      if (!isSecretariat(actor) && v.countryIso3 === null) throw new ForbiddenError('document.update');
      const errors = new FieldErrors();
      const ids = await validate(db, actor, v, errors);
      errors.throwIfAny();
      await db.transaction().execute(async (trx) => {
        const now = nowIso();
        const after = await trx
          .updateTable('documents')
          .set({
            title: JSON.stringify(v.title),
            summary: JSON.stringify(v.summary),
            orig_locale: v.origLocale,
            doc_type: v.docType,
            section: v.section,
            country_iso3: v.countryIso3,
            institution_id: v.institutionId,
            authors: v.authors,
            publication_date: v.publicationDate,
            keywords: v.keywords,
            external_url: v.externalUrl,
            access: v.access as DocumentRow['access'],
            status: v.status as DocumentRow['status'],
            published_at: v.status === 'published' ? (before.published_at ?? now) : before.published_at,
            updated_by: actor.id > 0 ? actor.id : null,
            updated_at: now,
          })
          .where('id', '=', id)
          .returningAll()
          .executeTakeFirstOrThrow();
        await setThemes(trx, id, ids.values());
        await audit(trx, actor, {
          action: 'document.update',
          objectType: 'document',
          objectId: id,
          countryIso3: after.country_iso3,
          before: snapshot(before, beforeThemes),
          after: snapshot(after, v.themes),
        });
        await reindexDocument(trx, id);
      });
    },

    /** Uploads a new version: its files become the current ones; earlier versions stay downloadable. */
    async addVersion(
      actor: Actor,
      id: number,
      uploads: Upload[],
      errors = new FieldErrors(),
    ): Promise<number> {
      try {
        const before = await readable(actor, id);
        if (before.deleted_at) throw new NotFoundError();
        assertCan(actor, 'document.update', {
          countryIso3: before.country_iso3,
          institutionId: before.institution_id,
        });
        if (uploads.length === 0 && !errors.has('files')) errors.add('files', 'documents.error.fileRequired');
        errors.throwIfAny();
        await commitUploads(uploads);
        return await db.transaction().execute(async (trx) => {
          const version = before.current_version + 1;
          await trx
            .updateTable('documents')
            .set({
              current_version: version,
              updated_at: nowIso(),
              updated_by: actor.id > 0 ? actor.id : null,
            })
            .where('id', '=', id)
            .execute();
          const fileIds = await addFiles(trx, actor, id, version, uploads);
          await audit(trx, actor, {
            action: 'document.version',
            objectType: 'document',
            objectId: id,
            countryIso3: before.country_iso3,
            before: { current_version: before.current_version },
            after: { current_version: version, files: fileIds },
          });
          await reindexDocument(trx, id);
          return version;
        });
      } catch (err) {
        await discardUploads(uploads);
        throw err;
      }
    },

    async remove(actor: Actor, id: number): Promise<void> {
      const before = await readable(actor, id);
      if (before.deleted_at) throw new NotFoundError();
      assertCan(actor, 'document.update', {
        countryIso3: before.country_iso3,
        institutionId: before.institution_id,
      });
      await db.transaction().execute(async (trx) => {
        const now = nowIso();
        await trx
          .updateTable('documents')
          .set({ deleted_at: now, deleted_by: actor.id > 0 ? actor.id : null, updated_at: now })
          .where('id', '=', id)
          .execute();
        await audit(trx, actor, {
          action: 'document.delete',
          objectType: 'document',
          objectId: id,
          countryIso3: before.country_iso3,
          before: { deleted_at: null },
          after: { deleted_at: now },
        });
        await unindexDocument(trx, id);
      });
    },

    async restore(actor: Actor, id: number): Promise<void> {
      const before = await documentRepository(db).byId(id);
      if (!before || (!before.deleted_at && !canReadDocument(actor, before))) throw new NotFoundError();
      assertCan(actor, 'document.restore', { countryIso3: before.country_iso3 });
      if (!before.deleted_at) return;
      await db.transaction().execute(async (trx) => {
        await trx
          .updateTable('documents')
          .set({ deleted_at: null, deleted_by: null, updated_at: nowIso() })
          .where('id', '=', id)
          .execute();
        await audit(trx, actor, {
          action: 'document.restore',
          objectType: 'document',
          objectId: id,
          countryIso3: before.country_iso3,
          before: { deleted_at: before.deleted_at },
          after: { deleted_at: null },
        });
        await reindexDocument(trx, id);
      });
    },

    /** A section's introduction, per language (Secretariat). */
    async updateSectionIntro(
      actor: Actor,
      code: string,
      intro: Localized,
      origLocale: string,
    ): Promise<void> {
      assertCan(actor, 'page.manage');
      if (!isSection(code)) throw new NotFoundError();
      const errors = new FieldErrors();
      if (!isLocale(origLocale)) errors.add('orig_locale', 'documents.error.origLocale');
      const value = cleanLocalized(intro);
      errors.maxLengths('documents.error.summaryTooLong', [
        { name: 'intro', values: value, max: MAX_SUMMARY },
      ]);
      errors.throwIfAny();
      await db.transaction().execute(async (trx) => {
        const before = await documentRepository(trx).section(code);
        const now = nowIso();
        const row = {
          intro: JSON.stringify(value),
          orig_locale: origLocale,
          updated_by: actor.id > 0 ? actor.id : null,
          updated_at: now,
        };
        if (before) await trx.updateTable('document_sections').set(row).where('code', '=', code).execute();
        else
          await trx
            .insertInto('document_sections')
            .values({ code, ...row })
            .execute();
        await audit(trx, actor, {
          action: 'document.section.update',
          objectType: 'document_section',
          objectId: code,
          before: before ? { intro: before.intro, orig_locale: before.orig_locale } : undefined,
          after: { intro: row.intro, orig_locale: origLocale },
        });
      });
    },
  };
}

export type DocumentService = ReturnType<typeof documentService>;
