import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../app.ts';
import { requireActor } from '../../platform/http/guards.ts';
import { GROUPS, URGENCIES } from './model.ts';
import { dashboardFor } from './service.ts';

/** The dashboard as JSON (tag `dashboard`): the same groups and items as the page. */

const itemSchema = {
  type: 'object',
  properties: {
    kind: {
      type: 'string',
      description:
        'meeting, consultation, invitation, cooperationInterest, cooperationAgreed, import, document, staleIndicator, countryWithoutCoordinator, inactiveCoordinator, proposal, failedMail, failedJob',
    },
    id: { type: 'string' },
    title: { type: 'string', description: "In the request's language when available" },
    titleLang: { type: 'string', description: 'The language the title is in' },
    url: {
      type: ['string', 'null'],
      description: 'Where it is dealt with: a path without the language prefix',
    },
    date: {
      type: ['string', 'null'],
      description: 'Deadline (YYYY-MM-DD), meeting start, or since when it waits',
    },
    urgency: { type: 'string', enum: [...URGENCIES] },
    countryIso3: { type: ['string', 'null'] },
    facts: { type: 'object', additionalProperties: true },
  },
} as const;

const dashboardSchema = {
  type: 'object',
  properties: {
    generatedAt: { type: 'string', format: 'date-time' },
    today: { type: 'string', description: "The caller's calendar day in their time zone" },
    total: { type: 'integer' },
    urgent: { type: 'integer', description: 'Items overdue or due today' },
    groups: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          key: { type: 'string', enum: [...GROUPS] },
          total: { type: 'integer', description: 'All matching items; `items` lists the first ones' },
          moreUrl: { type: ['string', 'null'] },
          items: { type: 'array', items: itemSchema },
        },
      },
    },
  },
} as const;

const errorResponse = {
  type: 'object',
  properties: { error: { type: 'string' }, status: { type: 'integer' }, requestId: { type: 'string' } },
} as const;

export async function dashboardApi(app: FastifyInstance, { deps }: { deps: AppDeps }) {
  app.get(
    '/api/v1/dashboard',
    {
      schema: {
        tags: ['dashboard'],
        summary: 'What needs you, the most urgent first',
        description:
          "Coordinators: their country's invitations, consultations to answer, meetings, cooperation, uploads, documents without text and stale indicators. Editors: the same for what is theirs. The Secretariat: countries without a coordinator, inactive coordinators, proposals awaiting an answer, undelivered e-mail and failed jobs.",
        response: { 200: dashboardSchema, 401: errorResponse },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const d = await dashboardFor(deps, actor, { locale: request.locale });
      return {
        generatedAt: d.generatedAt,
        today: d.today,
        total: d.total,
        urgent: d.urgent,
        groups: d.groups.map((g) => ({
          key: g.key,
          total: g.total,
          moreUrl: g.moreHref,
          items: g.items.map((i) => ({
            kind: i.kind,
            id: i.id,
            title: i.title.text,
            titleLang: i.title.lang,
            url: i.href,
            date: i.date,
            urgency: i.urgency,
            countryIso3: i.countryIso3,
            facts: i.facts,
          })),
        })),
      };
    },
  );
}
