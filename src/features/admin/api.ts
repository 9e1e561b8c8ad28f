import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../app.ts';
import { requireActor } from '../../platform/http/guards.ts';
import { OUTBOX_STATUSES, type OutboxStatus, outboxStatus } from './repository.ts';
import {
  AUDIT_PAGE_SIZE,
  browseAudit,
  browseOutbox,
  MAX_PAGE_SIZE,
  OUTBOX_PAGE_SIZE,
  outboxMessage,
} from './service.ts';

const errorSchema = {
  type: 'object',
  properties: {
    error: { type: 'string' },
    status: { type: 'integer' },
    requestId: { type: 'string' },
    errors: {
      type: 'array',
      items: { type: 'object', properties: { field: { type: 'string' }, message: { type: 'string' } } },
    },
  },
} as const;
const errors = { 400: errorSchema, 401: errorSchema, 403: errorSchema, 404: errorSchema, 422: errorSchema };

const anyJson = { description: 'The recorded state as JSON (null when none).' };

const auditEntrySchema = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    at: { type: 'string', format: 'date-time' },
    actorId: { type: ['integer', 'null'] },
    actorLabel: { type: ['string', 'null'] },
    action: { type: 'string' },
    objectType: { type: 'string' },
    objectId: { type: ['string', 'null'] },
    countryIso3: { type: ['string', 'null'] },
    before: anyJson,
    after: anyJson,
    requestId: { type: ['string', 'null'] },
  },
} as const;

const outboxSchema = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    to: { type: 'string' },
    subject: { type: 'string' },
    createdAt: { type: 'string', format: 'date-time' },
    sentAt: { type: ['string', 'null'] },
    error: { type: ['string', 'null'] },
    status: { type: 'string', enum: OUTBOX_STATUSES },
  },
} as const;

const pageProps = {
  page: { type: 'integer', minimum: 1, default: 1 },
  perPage: { type: 'integer', minimum: 1, maximum: MAX_PAGE_SIZE },
} as const;

function pageOf(items: object) {
  return {
    type: 'object',
    properties: {
      items: { type: 'array', items },
      page: { type: 'integer' },
      perPage: { type: 'integer' },
      total: { type: 'integer' },
      pages: { type: 'integer' },
    },
  };
}

function json(text: string | null): unknown {
  if (text === null) return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

type AuditQs = {
  actor?: string;
  action?: string;
  objectType?: string;
  country?: string;
  from?: string;
  to?: string;
  page: number;
  perPage?: number;
};

/** The /api/v1 routes of the administration: audit trail and outbox (Secretariat and administrator). */
export async function adminApi(app: FastifyInstance, { deps }: { deps: AppDeps }) {
  const tags = ['admin'];

  app.get<{ Querystring: AuditQs }>(
    '/api/v1/audit',
    {
      schema: {
        tags,
        summary: 'The audit trail, newest first',
        description:
          '`actor` matches part of the name or e-mail, or a user id; `from` and `to` are dates (YYYY-MM-DD, UTC, both included).',
        querystring: {
          type: 'object',
          properties: {
            actor: { type: 'string' },
            action: { type: 'string' },
            objectType: { type: 'string' },
            country: { type: 'string', description: 'ISO 3166-1 alpha-3' },
            from: { type: 'string', format: 'date' },
            to: { type: 'string', format: 'date' },
            ...pageProps,
          },
        },
        response: { 200: pageOf(auditEntrySchema), ...errors },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const { page, perPage, ...query } = request.query;
      const result = await browseAudit(deps, actor, query, page, perPage ?? AUDIT_PAGE_SIZE);
      return {
        items: result.rows.map((r) => ({
          id: r.id,
          at: r.at,
          actorId: r.actor_id,
          actorLabel: r.actor_label,
          action: r.action,
          objectType: r.object_type,
          objectId: r.object_id,
          countryIso3: r.country_iso3,
          before: json(r.before),
          after: json(r.after),
          requestId: r.request_id,
        })),
        page: result.page,
        perPage: result.perPage,
        total: result.total,
        pages: result.pages,
      };
    },
  );

  const outboxJson = (m: {
    id: number;
    to_address: string;
    subject: string;
    created_at: string;
    sent_at: string | null;
    error: string | null;
  }) => ({
    id: m.id,
    to: m.to_address,
    subject: m.subject,
    createdAt: m.created_at,
    sentAt: m.sent_at,
    error: m.error,
    status: outboxStatus(m),
  });

  app.get<{ Querystring: { status?: OutboxStatus; page: number; perPage?: number } }>(
    '/api/v1/outbox',
    {
      schema: {
        tags,
        summary: 'E-mail the platform has sent or is about to send, newest first',
        querystring: {
          type: 'object',
          properties: { status: { type: 'string', enum: OUTBOX_STATUSES }, ...pageProps },
        },
        response: { 200: pageOf(outboxSchema), ...errors },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const { status, page, perPage } = request.query;
      const result = await browseOutbox(deps, actor, status, page, perPage ?? OUTBOX_PAGE_SIZE);
      return { ...result, items: result.rows.map(outboxJson), rows: undefined };
    },
  );

  app.get<{ Params: { id: number } }>(
    '/api/v1/outbox/:id',
    {
      schema: {
        tags,
        summary: 'One message of the outbox, with its text',
        params: { type: 'object', required: ['id'], properties: { id: { type: 'integer', minimum: 1 } } },
        response: {
          200: { type: 'object', properties: { ...outboxSchema.properties, text: { type: 'string' } } },
          ...errors,
        },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const m = await outboxMessage(deps, actor, request.params.id);
      return { ...outboxJson(m), text: m.text_body };
    },
  );
}
