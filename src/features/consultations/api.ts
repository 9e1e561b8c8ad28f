import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppDeps } from '../../app.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import {
  type AttachmentRow,
  attachmentJson,
  attachmentJsonSchema,
  listAttachments,
  readAttachmentForm,
} from '../../platform/files/attachments.ts';
import type { FileStore } from '../../platform/files/store.ts';
import { requireActor } from '../../platform/http/guards.ts';
import { parseLocalized } from '../../platform/i18n/format.ts';
import { answerEditFromFields, answerFromFields, consultationFromFields, parseListQuery } from './input.ts';
import { type Consultation, OWNER_ANSWER, OWNER_CONSULTATION, PAGE_SIZE, STATES } from './model.ts';
import type { AnswerWithAuthor, ConsultationRepository } from './repository.ts';
import type { ConsultationService } from './service.ts';

const TAGS = ['consultations'];

const localizedSchema = {
  type: 'object',
  properties: {
    en: { type: 'string' },
    es: { type: 'string' },
    fr: { type: 'string' },
    pt: { type: 'string' },
  },
} as const;

const answerSchema = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    consultationId: { type: 'integer' },
    body: { ...localizedSchema, description: 'Markdown, in the original language.' },
    origLocale: { type: 'string' },
    country: { type: 'string' },
    institutionId: { type: ['integer', 'null'] },
    author: { type: ['string', 'null'] },
    helpfulCount: { type: 'integer' },
    helpfulByMe: { type: 'boolean' },
    accepted: { type: 'boolean' },
    acceptedAt: { type: ['string', 'null'] },
    createdAt: { type: 'string' },
    editedAt: {
      type: ['string', 'null'],
      description: 'When the text or files were last corrected (by the author or the Secretariat).',
    },
    attachments: { type: 'array', items: attachmentJsonSchema },
  },
} as const;

const consultationSchema = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    title: localizedSchema,
    body: { ...localizedSchema, description: 'Markdown, in the original language.' },
    origLocale: { type: 'string' },
    state: { type: 'string', enum: [...STATES] },
    country: { type: 'string', description: 'The asking country (ISO 3166-1 alpha-3).' },
    institutionId: { type: ['integer', 'null'] },
    addressedTo: {
      description: '"all" (every country but the asker\'s) or the list of countries addressed.',
      anyOf: [
        { type: 'string', enum: ['all'] },
        { type: 'array', items: { type: 'string' } },
      ],
    },
    themes: { type: 'array', items: { type: 'string' } },
    deadline: { type: ['string', 'null'], description: 'YYYY-MM-DD' },
    acceptedAnswerId: { type: ['integer', 'null'] },
    answerCount: { type: 'integer' },
    createdAt: { type: 'string' },
    updatedAt: { type: 'string' },
    closedAt: { type: ['string', 'null'] },
    deletedAt: { type: ['string', 'null'] },
    url: { type: 'string' },
    attachments: { type: 'array', items: attachmentJsonSchema },
    answers: { type: 'array', items: answerSchema },
  },
} as const;

const idParams = {
  type: 'object',
  properties: { id: { type: 'integer', minimum: 1 } },
  required: ['id'],
} as const;

const CREATE_FIELDS =
  "JSON (`application/json`) or `multipart/form-data` with files. Fields: `title`, `body` (Markdown), `origLocale` (`orig_locale`; en, es, fr, pt), `themes` (priority theme codes; a list, or repeated in multipart), `countries` (ISO3 codes of the countries addressed; none means every country but the asker's), `deadline` (YYYY-MM-DD, optional), `country` (the asking country; the Secretariat only — others ask for their own country); and up to 10 `files` parts (PDF, DOCX, XLSX, PPTX, ODT, TXT, HTML, checked by content).";

const EDIT_FIELDS =
  'JSON or `multipart/form-data`. Fields, each optional: `body` (Markdown; left out, the text stays), `origLocale`, `removeFiles` (ids of the answer’s attachments to remove; a list, or repeated in multipart); and up to 10 new `files` parts. Only the author, while acting for the answering country, and the Secretariat may edit: 403 to other members, 404 to those who may not read the consultation. The answer keeps its acceptance and helpful marks; nobody is notified.';

const ANSWER_FIELDS =
  'JSON or `multipart/form-data`. Fields: `body` (Markdown), `origLocale`; and up to 10 `files` parts. A coordinator or editor answers for their own country, which must be addressed and may not be the asking country.';

export async function consultationsApi(
  app: FastifyInstance,
  opts: { deps: AppDeps; service: ConsultationService; repo: ConsultationRepository; store: FileStore },
) {
  const { deps, service, repo, store } = opts;

  function answerJson(a: AnswerWithAuthor, files: AttachmentRow[], mine: Set<number>) {
    return {
      id: a.id,
      consultationId: a.consultation_id,
      body: parseLocalized(a.body),
      origLocale: a.orig_locale,
      country: a.country_iso3,
      institutionId: a.institution_id,
      author: a.author_name,
      helpfulCount: a.helpful_count,
      helpfulByMe: mine.has(a.id),
      accepted: a.accepted_at !== null,
      acceptedAt: a.accepted_at,
      createdAt: a.created_at,
      editedAt: a.edited_at,
      attachments: files.filter((f) => f.owner_id === a.id).map(attachmentJson),
    };
  }

  async function summaries(request: FastifyRequest, rows: Consultation[]) {
    const ids = rows.map((r) => r.id);
    const [themes, countries, files] = await Promise.all([
      repo.themesOf(ids),
      repo.countriesOf(ids),
      listAttachments(deps.db, OWNER_CONSULTATION, ids),
    ]);
    return rows.map((c) => ({
      id: c.id,
      title: parseLocalized(c.title),
      body: parseLocalized(c.body),
      origLocale: c.orig_locale,
      state: c.state,
      country: c.country_iso3,
      institutionId: c.institution_id,
      addressedTo:
        c.addressed_all === 1
          ? 'all'
          : countries.filter((x) => x.consultation_id === c.id).map((x) => x.country_iso3),
      themes: themes.filter((th) => th.consultation_id === c.id).map((th) => th.code),
      deadline: c.deadline,
      acceptedAnswerId: c.accepted_answer_id,
      answerCount: c.answer_count,
      createdAt: c.created_at,
      updatedAt: c.updated_at,
      closedAt: c.closed_at,
      deletedAt: c.deleted_at,
      url: `/${request.locale}/consultations/${c.id}`,
      attachments: files.filter((f) => f.owner_id === c.id).map(attachmentJson),
    }));
  }

  async function full(request: FastifyRequest, actor: Actor, c: Consultation) {
    const [summary] = await summaries(request, [c]);
    const answers = await repo.answersOf(c.id);
    const ids = answers.map((a) => a.id);
    const [files, mine] = await Promise.all([
      listAttachments(deps.db, OWNER_ANSWER, ids),
      repo.helpfulBy(actor.id, ids),
    ]);
    return { ...summary!, answers: answers.map((a) => answerJson(a, files, mine)) };
  }

  app.get(
    '/api/v1/consultations',
    {
      schema: {
        tags: TAGS,
        summary: 'List consultations (signed-in users)',
        description:
          'Newest first. `mine=true` keeps those addressed to the caller’s country (coordinators and editors).',
        querystring: {
          type: 'object',
          properties: {
            state: { type: 'string', enum: [...STATES] },
            theme: { type: 'string' },
            country: { type: 'string', pattern: '^[A-Za-z]{3}$', description: 'The asking country.' },
            mine: { type: 'boolean' },
            page: { type: 'integer', minimum: 1, default: 1 },
            perPage: { type: 'integer', minimum: 1, maximum: 100, default: PAGE_SIZE },
          },
        },
        response: {
          200: {
            type: 'object',
            properties: {
              items: { type: 'array', items: consultationSchema },
              total: { type: 'integer' },
              page: { type: 'integer' },
              perPage: { type: 'integer' },
            },
          },
        },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const q = request.query as { page: number; perPage: number; mine?: boolean };
      const { filters } = parseListQuery({ ...(request.query as object), mine: q.mine ? '1' : '' }, actor);
      const { rows, total } = await repo.list(filters, q.page, q.perPage);
      return { items: await summaries(request, rows), total, page: q.page, perPage: q.perPage };
    },
  );

  app.get(
    '/api/v1/consultations/:id',
    {
      schema: {
        tags: TAGS,
        summary: 'One consultation with its answers (accepted first, then the most helpful)',
        description: 'Consultations are for members: 404 to anonymous callers.',
        params: idParams,
        response: { 200: consultationSchema },
      },
    },
    async (request) => {
      const { id } = request.params as { id: number };
      const c = await service.readable(request.actor, id);
      return full(request, request.actor!, c);
    },
  );

  app.post(
    '/api/v1/consultations',
    {
      schema: {
        tags: TAGS,
        summary: 'Ask a consultation',
        description: CREATE_FIELDS,
        consumes: ['application/json', 'multipart/form-data'],
        response: { 201: consultationSchema },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const parsed = await readAttachmentForm(request, store, deps.config.uploadMaxBytes);
      const id = await service.create(
        actor,
        consultationFromFields(parsed.fields),
        parsed.uploads,
        parsed.errors,
      );
      return reply.code(201).send(await full(request, actor, await service.readable(actor, id)));
    },
  );

  app.post(
    '/api/v1/consultations/:id/answers',
    {
      schema: {
        tags: TAGS,
        summary: 'Answer a consultation',
        description: ANSWER_FIELDS,
        consumes: ['application/json', 'multipart/form-data'],
        params: idParams,
        response: { 201: answerSchema },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const { id } = request.params as { id: number };
      const parsed = await readAttachmentForm(request, store, deps.config.uploadMaxBytes);
      const answerId = await service.answer(
        actor,
        id,
        answerFromFields(parsed.fields, actor.locale),
        parsed.uploads,
        parsed.errors,
      );
      const answers = await repo.answersOf(id);
      const files = await listAttachments(deps.db, OWNER_ANSWER, [answerId]);
      return reply.code(201).send(answerJson(answers.find((a) => a.id === answerId)!, files, new Set()));
    },
  );

  app.patch(
    '/api/v1/answers/:id',
    {
      schema: {
        tags: TAGS,
        summary: 'Edit an answer (its author or the Secretariat)',
        description: EDIT_FIELDS,
        consumes: ['application/json', 'multipart/form-data'],
        params: idParams,
        response: { 200: answerSchema },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const { id } = request.params as { id: number };
      const parsed = await readAttachmentForm(request, store, deps.config.uploadMaxBytes);
      // A JSON list of ids may hold numbers, which the form reader leaves out.
      const sent = request.isMultipart()
        ? undefined
        : (request.body as Record<string, unknown> | null)?.removeFiles;
      if (Array.isArray(sent)) parsed.fields.removeFiles = sent.map(String);
      await service.editAnswer(
        actor,
        id,
        answerEditFromFields(parsed.fields, true),
        parsed.uploads,
        parsed.errors,
      );
      const { a } = await service.readableAnswer(actor, id);
      const [answers, files, mine] = await Promise.all([
        repo.answersOf(a.consultation_id),
        listAttachments(deps.db, OWNER_ANSWER, [id]),
        repo.helpfulBy(actor.id, [id]),
      ]);
      return answerJson(answers.find((x) => x.id === id)!, files, mine);
    },
  );

  app.post(
    '/api/v1/answers/:id/accept',
    {
      schema: {
        tags: TAGS,
        summary: 'Accept an answer (the asker, a coordinator of the asking country, or the Secretariat)',
        description:
          'Replaces any earlier accepted answer. The first acceptance turns an open consultation into "answered".',
        params: idParams,
        response: { 200: consultationSchema },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const { id } = request.params as { id: number };
      const c = await service.accept(actor, id);
      return full(request, actor, c);
    },
  );

  app.post(
    '/api/v1/answers/:id/helpful',
    {
      schema: {
        tags: TAGS,
        summary: 'Mark an answer helpful, or take the mark back',
        description:
          'One mark per user; the answer’s author may not mark it. Without a body the mark is toggled; `{"helpful": true|false}` sets it.',
        params: idParams,
        response: {
          200: {
            type: 'object',
            properties: {
              answerId: { type: 'integer' },
              consultationId: { type: 'integer' },
              helpful: { type: 'boolean' },
              helpfulCount: { type: 'integer' },
            },
          },
        },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const { id } = request.params as { id: number };
      const sent = (request.body as { helpful?: unknown } | null | undefined)?.helpful;
      const wanted =
        sent === true || sent === 'true' ? true : sent === false || sent === 'false' ? false : undefined;
      const r = await service.toggleHelpful(actor, id, wanted);
      return { answerId: id, consultationId: r.consultationId, helpful: r.helpful, helpfulCount: r.count };
    },
  );

  for (const [path, summary, run] of [
    ['close', 'Close a consultation: it accepts no more answers', service.close],
    ['reopen', 'Reopen a closed consultation', service.reopen],
    ['restore', 'Restore a deleted consultation (Secretariat)', service.restore],
  ] as const) {
    app.post(
      `/api/v1/consultations/:id/${path}`,
      {
        schema: {
          tags: TAGS,
          summary,
          params: idParams,
          response: { 200: consultationSchema },
        },
      },
      async (request) => {
        const actor = requireActor(request);
        const { id } = request.params as { id: number };
        await run(actor, id);
        return full(request, actor, await service.readable(actor, id));
      },
    );
  }

  app.delete(
    '/api/v1/consultations/:id',
    {
      schema: {
        tags: TAGS,
        summary: 'Delete a consultation (the asker or the Secretariat; the Secretariat can restore it)',
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
}
