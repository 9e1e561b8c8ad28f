import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../app.ts';
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
import { messageJson } from '../study-groups/discussion.ts';
import { DECISIONS, PAGE_SIZE, type Proposal, PROPOSAL_STATUSES } from './model.ts';
import type { ProposalRepository, SupportRow } from './repository.ts';
import type { ProposalService } from './service.ts';
import { parseProposalFilters } from './filters.ts';

const TAGS = ['proposals'];

const supportSchema = {
  type: 'object',
  properties: {
    country: { type: 'string' },
    userId: { type: 'integer' },
    name: { type: 'string' },
    institution: { type: ['string', 'null'] },
    at: { type: 'string' },
  },
} as const;

const proposalSchema = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    title: localizedSchema,
    rationale: { ...localizedSchema, description: 'Markdown, per language.' },
    origLocale: { type: 'string' },
    theme: { type: ['string', 'null'], description: 'Code of the linked priority theme.' },
    country: { type: ['string', 'null'], description: 'The proposing country (null: the Secretariat).' },
    proposerId: { type: 'integer' },
    status: { type: 'string', enum: [...PROPOSAL_STATUSES] },
    decisionReasons: localizedSchema,
    decidedAt: { type: ['string', 'null'] },
    groupId: {
      type: ['integer', 'null'],
      description: 'The study group created when the proposal was accepted.',
    },
    supportCount: { type: 'integer' },
    supports: { type: 'array', items: supportSchema },
    commentCount: { type: 'integer' },
    createdAt: { type: 'string' },
    updatedAt: { type: 'string' },
    url: { type: 'string' },
  },
} as const;

const detailSchema = {
  type: 'object',
  properties: {
    ...proposalSchema.properties,
    decisions: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          status: { type: 'string', enum: [...DECISIONS] },
          reasons: localizedSchema,
          origLocale: { type: 'string' },
          decidedBy: { type: 'string' },
          decidedAt: { type: 'string' },
        },
      },
    },
    comments: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          id: { type: 'integer' },
          body: { type: 'string', description: 'Markdown.' },
          locale: { type: 'string' },
          author: { type: 'string' },
          country: { type: ['string', 'null'] },
          createdAt: { type: 'string' },
        },
      },
    },
  },
} as const;

export async function proposalsApi(
  app: FastifyInstance,
  opts: { deps: AppDeps; service: ProposalService; repo: ProposalRepository },
) {
  const { deps, service, repo } = opts;

  async function themeCodes(): Promise<Map<number, string>> {
    const rows = await deps.db.selectFrom('themes').select(['id', 'code']).execute();
    return new Map(rows.map((r) => [r.id, r.code]));
  }

  function json(p: Proposal, supports: SupportRow[], themes: Map<number, string>, locale: string) {
    return {
      id: p.id,
      title: parseLocalized(p.title),
      rationale: parseLocalized(p.rationale),
      origLocale: p.orig_locale,
      theme: p.theme_id ? (themes.get(p.theme_id) ?? null) : null,
      country: p.country_iso3,
      proposerId: p.created_by,
      status: p.status,
      decisionReasons: parseLocalized(p.decision_reasons),
      decidedAt: p.decided_at,
      groupId: p.group_id,
      supportCount: p.support_count,
      supports: supports
        .filter((s) => s.proposal_id === p.id)
        .map((s) => ({
          country: s.country_iso3,
          userId: s.user_id,
          name: s.user_name,
          institution: s.institution_name,
          at: s.created_at,
        })),
      commentCount: p.comment_count,
      createdAt: p.created_at,
      updatedAt: p.updated_at,
      url: `/${locale}/proposals/${p.id}`,
    };
  }

  async function detail(id: number, locale: string) {
    const p = await repo.byId(id);
    if (!p) throw new NotFoundError();
    const [supports, themes, decisions, comments] = await Promise.all([
      repo.supportsOf([id]),
      themeCodes(),
      repo.decisions(id),
      repo.comments(id, 1, 500),
    ]);
    return {
      ...json(p, supports, themes, locale),
      decisions: decisions.map((d) => ({
        status: d.status,
        reasons: parseLocalized(d.reasons),
        origLocale: d.orig_locale,
        decidedBy: d.decided_by_name,
        decidedAt: d.decided_at,
      })),
      comments: comments.rows.map(messageJson),
    };
  }

  app.get(
    '/api/v1/proposals',
    {
      schema: {
        tags: TAGS,
        summary: 'List theme proposals',
        querystring: {
          type: 'object',
          properties: {
            status: { type: 'string', enum: [...PROPOSAL_STATUSES] },
            theme: { type: 'string' },
            country: { type: 'string', pattern: '^[A-Za-z]{3}$' },
            sort: { type: 'string', enum: ['newest', 'supports'] },
            ...pagingQuery(PAGE_SIZE),
          },
        },
        response: { 200: pageSchema(proposalSchema) },
      },
    },
    async (request) => {
      const q = request.query as { page: number; perPage: number };
      const { rows, total } = await repo.list(parseProposalFilters(request.query), q.page, q.perPage);
      const [supports, themes] = await Promise.all([repo.supportsOf(rows.map((r) => r.id)), themeCodes()]);
      return pageAnswer(
        rows.map((p) => json(p, supports, themes, request.locale)),
        total,
        q,
      );
    },
  );

  app.get(
    '/api/v1/proposals/:id',
    {
      schema: {
        tags: TAGS,
        summary: 'One proposal with its supports, official answers and comments',
        params: idParams,
        response: { 200: detailSchema },
      },
    },
    async (request) => detail((request.params as { id: number }).id, request.locale),
  );

  app.post(
    '/api/v1/proposals',
    {
      schema: {
        tags: TAGS,
        summary: 'Propose a theme for a study group',
        description:
          'Coordinators and editors propose for their own country (the Secretariat too). A title and a rationale (Markdown) in the original language are required.',
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['title', 'rationale', 'origLocale', 'theme'],
          properties: {
            title: localizedSchema,
            rationale: localizedSchema,
            origLocale: localeSchema,
            theme: { type: 'string', description: 'Code of a priority theme.' },
          },
        },
        response: { 201: detailSchema },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const b = request.body as { title: Localized; rationale: Localized; origLocale: string; theme: string };
      const id = await service.create(actor, b);
      return reply.code(201).send(await detail(id, request.locale));
    },
  );

  app.post(
    '/api/v1/proposals/:id/support',
    {
      schema: {
        tags: TAGS,
        summary: 'Support a proposal for your country',
        description:
          'One support per country: when a colleague of your country already supports it, the answer is 409. The proposing country does not support its own proposal.',
        params: idParams,
        response: { 201: detailSchema },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const { id } = request.params as { id: number };
      await service.support(actor, id);
      return reply.code(201).send(await detail(id, request.locale));
    },
  );

  app.delete(
    '/api/v1/proposals/:id/support',
    {
      schema: {
        tags: TAGS,
        summary: 'Withdraw the support you gave',
        params: idParams,
        response: { 200: detailSchema },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const { id } = request.params as { id: number };
      await service.withdrawSupport(actor, id);
      return detail(id, request.locale);
    },
  );

  app.post(
    '/api/v1/proposals/:id/comments',
    {
      schema: {
        tags: TAGS,
        summary: 'Comment on a proposal (Markdown)',
        params: idParams,
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['body'],
          properties: {
            body: { type: 'string' },
            locale: localeSchema,
          },
        },
        response: {
          201: {
            type: 'object',
            properties: { id: { type: 'integer' }, proposalId: { type: 'integer' } },
          },
        },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const { id } = request.params as { id: number };
      const b = request.body as { body: string; locale?: string };
      const commentId = await service.comment(actor, id, {
        body: b.body,
        locale: b.locale ?? request.locale,
      });
      return reply.code(201).send({ id: commentId, proposalId: id });
    },
  );

  app.post(
    '/api/v1/proposals/:id/decision',
    {
      schema: {
        tags: TAGS,
        summary: 'Give the official answer (Secretariat)',
        description:
          'accepted, not_accepted or under_evaluation, with reasons (Markdown) at least in the original language. Accepting creates the study group, moderated by the proposer or by `moderatorId`.',
        params: idParams,
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['status', 'reasons', 'origLocale'],
          properties: {
            status: { type: 'string', enum: [...DECISIONS] },
            reasons: localizedSchema,
            origLocale: localeSchema,
            moderatorId: { type: ['integer', 'null'] },
          },
        },
        response: { 200: detailSchema },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const { id } = request.params as { id: number };
      const b = request.body as {
        status: string;
        reasons: Localized;
        origLocale: string;
        moderatorId?: number | null;
      };
      await service.decide(actor, id, b);
      return detail(id, request.locale);
    },
  );
}
