import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppDeps } from '../../app.ts';
import type { DocumentFile, DocumentRow } from '../../db/schema.ts';
import type { FileStore } from '../../platform/files/index.ts';
import { NotFoundError } from '../../platform/http/errors.ts';
import { requireActor } from '../../platform/http/guards.ts';
import { type Localized, parseLocalized } from '../../platform/i18n/format.ts';
import {
  idParams,
  localeSchema,
  localizedSchema,
  pageAnswer,
  pageSchema,
  pagingQuery,
} from '../../platform/http/schemas.ts';
import { ACCESS_LEVELS, DOC_TYPES, PAGE_SIZE, SECTIONS, STATUSES, splitKeywords } from './model.ts';
import { readScope } from './policy.ts';
import type { DocumentRepository } from './repository.ts';
import type { DocumentInput, DocumentService } from './service.ts';
import { inputFromFields, readMultipart } from './upload.ts';
import { parseFilters } from './filters.ts';

const TAGS = ['documents'];

const fileSchema = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    version: { type: 'integer' },
    name: { type: 'string' },
    kind: { type: 'string' },
    contentType: { type: 'string' },
    size: { type: 'integer' },
    sha256: { type: 'string' },
    downloads: { type: 'integer' },
    url: { type: 'string', description: 'Download address (an attachment, after the access check).' },
    extraction: {
      type: 'object',
      properties: {
        status: { type: 'string', enum: ['queued', 'running', 'done', 'failed'] },
        error: {
          type: ['string', 'null'],
          description: 'Why the text could not be read, in the reader’s language.',
        },
        truncated: { type: 'boolean' },
      },
    },
  },
} as const;

const documentSchema = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    title: localizedSchema,
    summary: localizedSchema,
    origLocale: { type: 'string' },
    type: { type: 'string', enum: [...DOC_TYPES] },
    section: { type: 'string', enum: [...SECTIONS] },
    themes: { type: 'array', items: { type: 'string' } },
    country: { type: ['string', 'null'] },
    institutionId: { type: ['integer', 'null'] },
    authors: { type: 'string' },
    publicationDate: { type: ['string', 'null'] },
    keywords: { type: 'array', items: { type: 'string' } },
    externalUrl: { type: ['string', 'null'] },
    access: { type: 'string', enum: [...ACCESS_LEVELS] },
    status: { type: 'string', enum: [...STATUSES] },
    publishedAt: { type: ['string', 'null'] },
    createdAt: { type: 'string' },
    updatedAt: { type: 'string' },
    deletedAt: { type: ['string', 'null'] },
    currentVersion: { type: 'integer' },
    url: { type: 'string' },
    files: { type: 'array', items: fileSchema },
  },
} as const;

const MULTIPART_FIELDS = `Fields: \`title_en\`, \`title_es\`, \`title_fr\`, \`title_pt\` (a title in the original language is required), \`summary_<locale>\` (Markdown), \`orig_locale\`, \`doc_type\` (${DOC_TYPES.join(', ')}), \`section\` (${SECTIONS.join(', ')}), \`themes\` (repeat for each theme code), \`country_iso3\` (Secretariat only; others publish for their own country), \`institution_id\`, \`authors\`, \`publication_date\` (YYYY-MM-DD), \`keywords\` (comma-separated), \`external_url\`, \`access\` (${ACCESS_LEVELS.join(', ')}), \`status\` (${STATUSES.join(', ')}); and one or more \`files\` parts (PDF, DOCX, XLSX, PPTX, ODT, TXT, HTML, checked by content).`;

export async function documentsApi(
  app: FastifyInstance,
  opts: { deps: AppDeps; service: DocumentService; repo: DocumentRepository; store: FileStore },
) {
  const { deps, service, repo, store } = opts;

  function fileJson(request: FastifyRequest, doc: DocumentRow, f: DocumentFile) {
    return {
      id: f.id,
      version: f.version,
      name: f.original_name,
      kind: f.kind,
      contentType: f.content_type,
      size: f.size_bytes,
      sha256: f.sha256,
      downloads: f.download_count,
      url: `/${request.locale}/documents/${doc.id}/files/${f.id}`,
      extraction: {
        status: f.extraction_status,
        error: f.extraction_error ? request.t(`documents.extraction.error.${f.extraction_error}`) : null,
        truncated: f.extracted_truncated === 1,
      },
    };
  }

  async function documentJson(request: FastifyRequest, doc: DocumentRow) {
    const [themes, files] = await Promise.all([repo.themesOf([doc.id]), repo.filesOf(doc.id)]);
    return {
      ...summaryJson(
        request,
        doc,
        themes.map((t) => t.code),
      ),
      files: files.map((f) => fileJson(request, doc, f)),
    };
  }

  function summaryJson(request: FastifyRequest, doc: DocumentRow, themes: string[]) {
    return {
      id: doc.id,
      title: parseLocalized(doc.title),
      summary: parseLocalized(doc.summary),
      origLocale: doc.orig_locale,
      type: doc.doc_type,
      section: doc.section,
      themes,
      country: doc.country_iso3,
      institutionId: doc.institution_id,
      authors: doc.authors,
      publicationDate: doc.publication_date,
      keywords: splitKeywords(doc.keywords),
      externalUrl: doc.external_url,
      access: doc.access,
      status: doc.status,
      publishedAt: doc.published_at,
      createdAt: doc.created_at,
      updatedAt: doc.updated_at,
      deletedAt: doc.deleted_at,
      currentVersion: doc.current_version,
      url: `/${request.locale}/documents/${doc.id}`,
    };
  }

  app.get(
    '/api/v1/documents',
    {
      schema: {
        tags: TAGS,
        summary: 'List published documents',
        description: 'Only the documents the caller may open are listed and counted.',
        querystring: {
          type: 'object',
          properties: {
            section: { type: 'string', enum: [...SECTIONS] },
            theme: { type: 'string' },
            country: { type: 'string', pattern: '^[A-Za-z]{3}$' },
            type: { type: 'string', enum: [...DOC_TYPES] },
            lang: localeSchema,
            year: { type: 'string', pattern: '^\\d{4}$' },
            ...pagingQuery(PAGE_SIZE),
          },
        },
        response: { 200: pageSchema({ ...documentSchema, properties: { ...documentSchema.properties } }) },
      },
    },
    async (request) => {
      const q = request.query as { page: number; perPage: number };
      const { rows, total } = await repo.listVisible(
        readScope(request.actor),
        parseFilters(request.query),
        q.page,
        q.perPage,
      );
      const [themes, files] = await Promise.all([
        repo.themesOf(rows.map((r) => r.id)),
        repo.currentFilesOf(rows.map((r) => r.id)),
      ]);
      return pageAnswer(
        rows.map((doc) => ({
          ...summaryJson(
            request,
            doc,
            themes.filter((t) => t.document_id === doc.id).map((t) => t.code),
          ),
          files: files.filter((f) => f.document_id === doc.id).map((f) => fileJson(request, doc, f)),
        })),
        total,
        q,
      );
    },
  );

  app.get(
    '/api/v1/documents/:id',
    {
      schema: {
        tags: TAGS,
        summary: 'One document, with every version of its files',
        params: idParams,
        response: { 200: documentSchema },
      },
    },
    async (request) => {
      const { id } = request.params as { id: number };
      return documentJson(request, await service.readable(request.actor, id));
    },
  );

  app.post(
    '/api/v1/documents',
    {
      schema: {
        tags: TAGS,
        summary: 'Create a document (multipart/form-data)',
        description: MULTIPART_FIELDS,
        consumes: ['multipart/form-data'],
        response: { 201: documentSchema },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const parsed = await readMultipart(request, store, deps.config.uploadMaxBytes);
      const id = await service.create(actor, inputFromFields(parsed.fields), parsed.uploads, parsed.errors);
      const doc = await repo.byId(id);
      return reply.code(201).send(await documentJson(request, doc!));
    },
  );

  app.patch(
    '/api/v1/documents/:id',
    {
      schema: {
        tags: TAGS,
        summary: 'Change a document’s metadata or state',
        description: 'Only the fields present change. `keywords` may be a list or a comma-separated string.',
        params: idParams,
        body: {
          type: 'object',
          additionalProperties: false,
          properties: {
            title: localizedSchema,
            summary: localizedSchema,
            origLocale: localeSchema,
            type: { type: 'string', enum: [...DOC_TYPES] },
            section: { type: 'string', enum: [...SECTIONS] },
            themes: { type: 'array', items: { type: 'string' }, maxItems: 50 },
            country: { type: ['string', 'null'] },
            institutionId: { type: ['integer', 'null'] },
            authors: { type: 'string', maxLength: 1000 },
            publicationDate: { type: ['string', 'null'] },
            keywords: { anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] },
            externalUrl: { type: ['string', 'null'] },
            access: { type: 'string', enum: [...ACCESS_LEVELS] },
            status: { type: 'string', enum: [...STATUSES] },
          },
        },
        response: { 200: documentSchema },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const { id } = request.params as { id: number };
      const b = request.body as Record<string, unknown>;
      const input: DocumentInput = {
        title: b.title as Localized | undefined,
        summary: b.summary as Localized | undefined,
        origLocale: b.origLocale as string | undefined,
        docType: b.type as string | undefined,
        section: b.section as string | undefined,
        themes: b.themes as string[] | undefined,
        countryIso3:
          b.country === undefined ? undefined : b.country === null ? null : String(b.country).toUpperCase(),
        institutionId: b.institutionId as number | null | undefined,
        authors: b.authors as string | undefined,
        publicationDate: b.publicationDate as string | null | undefined,
        keywords: Array.isArray(b.keywords) ? b.keywords.join(', ') : (b.keywords as string | undefined),
        externalUrl: b.externalUrl === '' ? null : (b.externalUrl as string | null | undefined),
        access: b.access as string | undefined,
        status: b.status as string | undefined,
      };
      await service.update(actor, id, input);
      return documentJson(request, (await repo.byId(id))!);
    },
  );

  app.post(
    '/api/v1/documents/:id/files',
    {
      schema: {
        tags: TAGS,
        summary: 'Upload a new version (multipart/form-data, one or more `files` parts)',
        description: 'The new files become the current version; earlier versions stay downloadable.',
        consumes: ['multipart/form-data'],
        params: idParams,
        response: { 201: documentSchema },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const { id } = request.params as { id: number };
      const parsed = await readMultipart(request, store, deps.config.uploadMaxBytes);
      await service.addVersion(actor, id, parsed.uploads, parsed.errors);
      return reply.code(201).send(await documentJson(request, (await repo.byId(id))!));
    },
  );

  app.delete(
    '/api/v1/documents/:id',
    {
      schema: {
        tags: TAGS,
        summary: 'Delete a document (the Secretariat can restore it)',
        params: idParams,
        response: { 204: { type: 'null', description: 'Deleted' } },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      await service.remove(actor, (request.params as { id: number }).id);
      return reply.code(204).send();
    },
  );

  app.post(
    '/api/v1/documents/:id/restore',
    {
      schema: {
        tags: TAGS,
        summary: 'Restore a deleted document (Secretariat)',
        params: idParams,
        response: { 200: documentSchema },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const { id } = request.params as { id: number };
      await service.restore(actor, id);
      const doc = await repo.byId(id);
      if (!doc) throw new NotFoundError();
      return documentJson(request, doc);
    },
  );
}
