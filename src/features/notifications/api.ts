import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../app.ts';
import { requireActor } from '../../platform/http/guards.ts';
import { idParams } from '../../platform/http/schemas.ts';
import { notificationTitle } from './mail.ts';
import { FREQUENCIES, type NotificationView, notificationService } from './service.ts';

/**
 * The JSON API of one's own notifications (tag `notifications`). Everything is scoped to the
 * caller: 401 without credentials; someone else's notification is not found (404).
 */

const TAGS = ['notifications'];

const errorResponse = {
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

const notificationSchema = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    kind: { type: 'string' },
    title: { type: 'string', description: "In the request's language" },
    params: { type: 'object', additionalProperties: true },
    url: { type: 'string', description: 'Path without the language prefix' },
    countryIso3: { type: ['string', 'null'] },
    themes: { type: 'array', items: { type: 'string' } },
    createdAt: { type: 'string', format: 'date-time' },
    readAt: { type: ['string', 'null'], format: 'date-time' },
  },
} as const;

const preferencesSchema = {
  type: 'object',
  properties: {
    items: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          kind: { type: 'string' },
          frequency: { type: 'string', enum: [...FREQUENCIES] },
        },
      },
    },
  },
} as const;

export async function notificationsApi(app: FastifyInstance, { deps }: { deps: AppDeps }) {
  const service = notificationService(deps.db);
  // Anonymous callers get 401 before their input is even validated.
  app.addHook('preValidation', async (request) => {
    requireActor(request);
  });

  app.get<{ Querystring: { unread?: boolean; page?: number; pageSize?: number } }>(
    '/api/v1/notifications',
    {
      schema: {
        tags: TAGS,
        summary: 'Your notifications, newest first',
        querystring: {
          type: 'object',
          properties: {
            unread: { type: 'boolean', description: 'Only unread ones' },
            page: { type: 'integer', minimum: 1, default: 1 },
            pageSize: { type: 'integer', minimum: 1, maximum: 100, default: 20 },
          },
        },
        response: {
          200: {
            type: 'object',
            properties: {
              items: { type: 'array', items: notificationSchema },
              total: { type: 'integer' },
              unread: { type: 'integer' },
              page: { type: 'integer' },
              pages: { type: 'integer' },
            },
          },
          401: errorResponse,
        },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const r = await service.list(actor, {
        unreadOnly: request.query.unread === true,
        page: request.query.page,
        pageSize: request.query.pageSize,
      });
      const json = (n: NotificationView) => ({
        ...n,
        title: notificationTitle(request.t, n.kind, JSON.stringify(n.params)),
      });
      return { ...r, items: r.items.map(json) };
    },
  );

  app.post<{ Params: { id: number } }>(
    '/api/v1/notifications/:id/read',
    {
      schema: {
        tags: TAGS,
        summary: 'Mark one of your notifications read',
        params: idParams,
        response: { 200: notificationSchema, 401: errorResponse, 404: errorResponse },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const n = await service.markRead(actor, request.params.id);
      return { ...n, title: notificationTitle(request.t, n.kind, JSON.stringify(n.params)) };
    },
  );

  app.post(
    '/api/v1/notifications/read-all',
    {
      schema: {
        tags: TAGS,
        summary: 'Mark all your notifications read',
        response: {
          200: { type: 'object', properties: { marked: { type: 'integer' } } },
          401: errorResponse,
        },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return { marked: await service.markAllRead(actor) };
    },
  );

  app.get(
    '/api/v1/notifications/preferences',
    {
      schema: {
        tags: TAGS,
        summary: 'How you receive each kind of notification by e-mail',
        response: { 200: preferencesSchema, 401: errorResponse },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return { items: await service.preferences(actor) };
    },
  );

  app.put<{ Body: { items: { kind: string; frequency: string }[] } }>(
    '/api/v1/notifications/preferences',
    {
      schema: {
        tags: TAGS,
        summary: 'Change how you receive some kinds of notification (others stay as they are)',
        body: {
          type: 'object',
          required: ['items'],
          properties: {
            items: {
              type: 'array',
              maxItems: 200,
              items: {
                type: 'object',
                required: ['kind', 'frequency'],
                properties: {
                  kind: { type: 'string', maxLength: 100 },
                  frequency: { type: 'string', enum: [...FREQUENCIES] },
                },
                additionalProperties: false,
              },
            },
          },
          additionalProperties: false,
        },
        response: { 200: preferencesSchema, 401: errorResponse, 422: errorResponse },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      await service.setPreferences(actor, request.body.items);
      return { items: await service.preferences(actor) };
    },
  );
}
