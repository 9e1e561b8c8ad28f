import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../app.ts';
import { NotFoundError } from '../../platform/http/errors.ts';
import { requireActor } from '../../platform/http/guards.ts';
import { parseLocalized } from '../../platform/i18n/format.ts';
import {
  idParams,
  localeSchema,
  localizedSchema,
  pageAnswer,
  pageSchema,
  pagingQuery,
} from '../../platform/http/schemas.ts';
import { canReadDocument } from '../documents/policy.ts';
import { PAGE_SIZE, POSTS_PER_PAGE, type StudyGroup } from './model.ts';
import type { MemberRow, StudyGroupRepository } from './repository.ts';
import { canModerate, canParticipate, type StudyGroupService } from './service.ts';
import { messageJson } from './discussion.ts';
import { parseGroupFilters } from './filters.ts';

const TAGS = ['study-groups'];

const memberSchema = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    userId: { type: 'integer' },
    name: { type: 'string' },
    country: { type: ['string', 'null'] },
    institution: { type: ['string', 'null'] },
    role: { type: 'string', enum: ['moderator', 'member'] },
    status: { type: 'string', enum: ['requested', 'member', 'left', 'declined'] },
    requestedAt: { type: 'string' },
    decidedAt: { type: ['string', 'null'] },
  },
} as const;

const groupSchema = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    title: localizedSchema,
    description: { ...localizedSchema, description: 'Markdown, per language.' },
    origLocale: { type: 'string' },
    theme: { type: ['string', 'null'] },
    proposalId: { type: ['integer', 'null'] },
    moderatorId: { type: 'integer' },
    status: { type: 'string', enum: ['active', 'closed'] },
    memberCount: { type: 'integer' },
    countries: { type: 'array', items: { type: 'string' } },
    createdAt: { type: 'string' },
    updatedAt: { type: 'string' },
    url: { type: 'string' },
  },
} as const;

const documentSchema = {
  type: 'object',
  properties: {
    id: { type: 'integer', description: 'The share (used to mark outputs).' },
    documentId: { type: 'integer' },
    title: localizedSchema,
    type: { type: 'string' },
    country: { type: ['string', 'null'] },
    output: { type: 'boolean' },
    sharedBy: { type: 'string' },
    sharedAt: { type: 'string' },
    url: { type: 'string' },
  },
} as const;

const detailSchema = {
  type: 'object',
  properties: {
    ...groupSchema.properties,
    members: {
      type: 'array',
      items: memberSchema,
      description:
        'Approved members; the moderator and the Secretariat also see requests and former members.',
    },
    documents: {
      type: 'array',
      items: documentSchema,
      description: 'Shared library documents the caller may open; outputs are marked.',
    },
    threads: {
      type: 'array',
      description: 'Discussion threads (members only; empty for others).',
      items: {
        type: 'object',
        properties: {
          id: { type: 'integer' },
          title: { type: 'string' },
          locale: { type: 'string' },
          posts: { type: 'integer' },
          lastPostAt: { type: ['string', 'null'] },
        },
      },
    },
  },
} as const;

export async function studyGroupsApi(
  app: FastifyInstance,
  opts: { deps: AppDeps; service: StudyGroupService; repo: StudyGroupRepository },
) {
  const { deps, service, repo } = opts;
  const db = deps.db;

  async function themeCode(id: number | null): Promise<string | null> {
    if (!id) return null;
    return (
      (await db.selectFrom('themes').select('code').where('id', '=', id).executeTakeFirst())?.code ?? null
    );
  }

  function memberJson(m: MemberRow) {
    return {
      id: m.id,
      userId: m.user_id,
      name: m.user_name,
      country: m.country_iso3,
      institution: m.institution_name,
      role: m.role,
      status: m.status,
      requestedAt: m.requested_at,
      decidedAt: m.decided_at,
    };
  }

  function groupJson(
    g: StudyGroup,
    theme: string | null,
    members: { status: string; country_iso3: string | null }[],
    locale: string,
  ) {
    const active = members.filter((m) => m.status === 'member');
    return {
      id: g.id,
      title: parseLocalized(g.title),
      description: parseLocalized(g.description),
      origLocale: g.orig_locale,
      theme,
      proposalId: g.proposal_id,
      moderatorId: g.moderator_id,
      status: g.status,
      memberCount: active.length,
      countries: [...new Set(active.map((m) => m.country_iso3).filter((c): c is string => !!c))].sort(),
      createdAt: g.created_at,
      updatedAt: g.updated_at,
      url: `/${locale}/study-groups/${g.id}`,
    };
  }

  async function detail(
    id: number,
    request: { actor: import('../../platform/auth/actor.ts').Actor | null; locale: string },
  ) {
    const g = await repo.byId(id);
    if (!g) throw new NotFoundError();
    const actor = request.actor;
    const [members, docs, theme, moderate, participate] = await Promise.all([
      repo.members(id),
      repo.documents(id),
      themeCode(g.theme_id),
      canModerate(db, actor, id),
      canParticipate(db, actor, id),
    ]);
    const threads = participate || moderate ? (await repo.threads(id, 1, 100)).rows : [];
    return {
      ...groupJson(g, theme, members, request.locale),
      members: members
        .filter((m) => m.status === 'member' || moderate || m.user_id === actor?.id)
        .map(memberJson),
      documents: docs
        .filter((d) => canReadDocument(actor, d))
        .map((d) => ({
          id: d.link_id,
          documentId: d.document_id,
          title: parseLocalized(d.title),
          type: d.doc_type,
          country: d.country_iso3,
          output: d.is_output === 1,
          sharedBy: d.added_by_name,
          sharedAt: d.added_at,
          url: `/${request.locale}/documents/${d.document_id}`,
        })),
      threads: threads.map((t) => ({
        id: t.id,
        title: t.title,
        locale: t.locale,
        posts: t.post_count,
        lastPostAt: t.last_post_at,
      })),
    };
  }

  app.get(
    '/api/v1/study-groups',
    {
      schema: {
        tags: TAGS,
        summary: 'List study groups',
        querystring: {
          type: 'object',
          properties: {
            status: { type: 'string', enum: ['active', 'closed'] },
            theme: { type: 'string' },
            country: {
              type: 'string',
              pattern: '^[A-Za-z]{3}$',
              description: 'Groups with a member of this country.',
            },
            ...pagingQuery(PAGE_SIZE),
          },
        },
        response: { 200: pageSchema(groupSchema) },
      },
    },
    async (request) => {
      const q = request.query as { page: number; perPage: number };
      const { rows, total } = await repo.list(parseGroupFilters(request.query), q.page, q.perPage);
      const ids = rows.map((r) => r.id);
      const members = ids.length
        ? await db
            .selectFrom('study_group_members')
            .select(['group_id', 'status', 'country_iso3'])
            .where('group_id', 'in', ids)
            .where('status', '=', 'member')
            .execute()
        : [];
      return pageAnswer(
        rows.map((g) =>
          groupJson(
            g,
            g.theme_code,
            members.filter((m) => m.group_id === g.id),
            request.locale,
          ),
        ),
        total,
        q,
      );
    },
  );

  app.get(
    '/api/v1/study-groups/:id',
    {
      schema: {
        tags: TAGS,
        summary: 'One study group: members, shared documents and outputs, discussions (for members)',
        params: idParams,
        response: { 200: detailSchema },
      },
    },
    async (request) => detail((request.params as { id: number }).id, request),
  );

  app.post(
    '/api/v1/study-groups/:id/join',
    {
      schema: {
        tags: TAGS,
        summary: 'Ask to join (coordinators and editors, for their country and institution)',
        description: 'The moderator approves or declines the request.',
        params: idParams,
        response: { 201: memberSchema },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const { id } = request.params as { id: number };
      const memberId = await service.requestToJoin(actor, id);
      const m = (await repo.members(id)).find((r) => r.id === memberId)!;
      return reply.code(201).send(memberJson(m));
    },
  );

  for (const decision of ['approve', 'decline'] as const) {
    app.post(
      `/api/v1/study-groups/:id/members/:memberId/${decision}`,
      {
        schema: {
          tags: TAGS,
          summary:
            decision === 'approve'
              ? 'Approve a request to join (moderator)'
              : 'Decline a request to join (moderator)',
          params: {
            type: 'object',
            properties: { id: { type: 'integer', minimum: 1 }, memberId: { type: 'integer', minimum: 1 } },
            required: ['id', 'memberId'],
          },
          response: { 200: memberSchema },
        },
      },
      async (request) => {
        const actor = requireActor(request);
        const { id, memberId } = request.params as { id: number; memberId: number };
        await service.decideJoin(actor, id, memberId, decision === 'approve');
        return memberJson((await repo.members(id)).find((r) => r.id === memberId)!);
      },
    );
  }

  app.post(
    '/api/v1/study-groups/:id/leave',
    {
      schema: {
        tags: TAGS,
        summary: 'Leave the group (or withdraw a pending request)',
        params: idParams,
        response: { 200: { type: 'object', properties: { left: { type: 'boolean' } } } },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      await service.leave(actor, (request.params as { id: number }).id);
      return { left: true };
    },
  );

  app.post(
    '/api/v1/study-groups/:id/threads',
    {
      schema: {
        tags: TAGS,
        summary: 'Open a discussion thread with its first post (members)',
        params: idParams,
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['title', 'body'],
          properties: {
            title: { type: 'string' },
            body: { type: 'string', description: 'Markdown.' },
            locale: localeSchema,
          },
        },
        response: {
          201: { type: 'object', properties: { id: { type: 'integer' }, groupId: { type: 'integer' } } },
        },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const { id } = request.params as { id: number };
      const b = request.body as { title: string; body: string; locale?: string };
      const threadId = await service.createThread(actor, id, {
        title: b.title,
        body: b.body,
        locale: b.locale ?? request.locale,
      });
      return reply.code(201).send({ id: threadId, groupId: id });
    },
  );

  app.get(
    '/api/v1/threads/:id',
    {
      schema: {
        tags: TAGS,
        summary: 'A discussion thread and its posts (members)',
        params: idParams,
        querystring: {
          type: 'object',
          properties: { page: { type: 'integer', minimum: 1, default: 1 } },
        },
        response: {
          200: {
            type: 'object',
            properties: {
              id: { type: 'integer' },
              groupId: { type: 'integer' },
              title: { type: 'string' },
              locale: { type: 'string' },
              total: { type: 'integer' },
              page: { type: 'integer' },
              posts: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: {
                    id: { type: 'integer' },
                    body: { type: 'string' },
                    locale: { type: 'string' },
                    author: { type: 'string' },
                    country: { type: ['string', 'null'] },
                    createdAt: { type: 'string' },
                  },
                },
              },
            },
          },
        },
      },
    },
    async (request) => {
      const { id } = request.params as { id: number };
      const { page } = request.query as { page: number };
      const thread = await repo.thread(id);
      if (!thread || !(await repo.byId(thread.group_id))) throw new NotFoundError();
      const allowed =
        (await canParticipate(db, request.actor, thread.group_id)) ||
        (await canModerate(db, request.actor, thread.group_id));
      if (!allowed) throw new NotFoundError();
      const { rows, total } = await repo.posts(id, page, POSTS_PER_PAGE);
      return {
        id: thread.id,
        groupId: thread.group_id,
        title: thread.title,
        locale: thread.locale,
        total,
        page,
        posts: rows.map(messageJson),
      };
    },
  );

  app.post(
    '/api/v1/threads/:id/posts',
    {
      schema: {
        tags: TAGS,
        summary: 'Post in a discussion thread (members)',
        params: idParams,
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['body'],
          properties: {
            body: { type: 'string', description: 'Markdown.' },
            locale: localeSchema,
          },
        },
        response: {
          201: {
            type: 'object',
            properties: {
              id: { type: 'integer' },
              threadId: { type: 'integer' },
              groupId: { type: 'integer' },
            },
          },
        },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const { id } = request.params as { id: number };
      const b = request.body as { body: string; locale?: string };
      const { postId, groupId } = await service.addPost(actor, id, {
        body: b.body,
        locale: b.locale ?? request.locale,
      });
      return reply.code(201).send({ id: postId, threadId: id, groupId });
    },
  );

  app.post(
    '/api/v1/study-groups/:id/documents',
    {
      schema: {
        tags: TAGS,
        summary: 'Share a library document with the group (members)',
        description:
          'Only a published document the caller may open can be shared. `output: true` (moderator) marks it as one of the group’s final documents.',
        params: idParams,
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['documentId'],
          properties: { documentId: { type: 'integer', minimum: 1 }, output: { type: 'boolean' } },
        },
        response: { 201: documentSchema },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const { id } = request.params as { id: number };
      const b = request.body as { documentId: number; output?: boolean };
      const existing = await repo.documentLinkFor(id, b.documentId);
      const linkId =
        existing && b.output !== undefined
          ? existing.id
          : await service.shareDocument(actor, id, b.documentId);
      if (b.output !== undefined) await service.markOutput(actor, id, linkId, b.output);
      const d = (await repo.documents(id)).find((r) => r.link_id === linkId)!;
      return reply.code(201).send({
        id: d.link_id,
        documentId: d.document_id,
        title: parseLocalized(d.title),
        type: d.doc_type,
        country: d.country_iso3,
        output: d.is_output === 1,
        sharedBy: d.added_by_name,
        sharedAt: d.added_at,
        url: `/${request.locale}/documents/${d.document_id}`,
      });
    },
  );
}
