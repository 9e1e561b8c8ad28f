import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppDeps } from '../../app.ts';
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
import { allMatches, candidateOf, type Match, matchesFor, openCandidates } from './matching.ts';
import {
  COST_SHARING,
  type CooperationItem,
  itemPath,
  KIND_SEGMENT,
  KINDS,
  type Kind,
  kindFromSegment,
  LANGUAGES,
  MODALITIES,
  PAGE_SIZE,
  STATUSES,
  splitLanguages,
} from './model.ts';
import { maySeeContact, maySeeInterests } from './policy.ts';
import type { CooperationRepository } from './repository.ts';
import { parseFilters } from './filters.ts';
import type { CooperationService, ItemInput } from './service.ts';

const TAGS = ['cooperation'];

const itemSchema = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    kind: { type: 'string', enum: [...KINDS] },
    country: {
      type: 'string',
      description: 'ISO 3166-1 alpha-3 code of the offering or requesting country.',
    },
    institutionId: { type: ['integer', 'null'] },
    title: localizedSchema,
    description: { ...localizedSchema, description: 'Markdown, per language.' },
    origLocale: { type: 'string' },
    themes: { type: 'array', items: { type: 'string' } },
    modality: { type: ['string', 'null'], enum: [...MODALITIES, null] },
    languages: { type: 'array', items: { type: 'string', enum: [...LANGUAGES] } },
    otherLanguages: { type: ['string', 'null'] },
    duration: { type: ['string', 'null'] },
    timeframe: { type: ['string', 'null'] },
    costSharing: { type: ['string', 'null'], enum: [...COST_SHARING, null] },
    contact: {
      type: 'object',
      properties: {
        name: { type: 'string' },
        email: { type: ['string', 'null'], description: 'Only for signed-in callers.' },
      },
    },
    status: { type: 'string', enum: [...STATUSES] },
    partnerCountry: { type: ['string', 'null'] },
    outcome: {
      type: ['object', 'null'],
      properties: {
        locale: { type: 'string' },
        results: localizedSchema,
        participants: localizedSchema,
        lessons: localizedSchema,
      },
    },
    createdAt: { type: 'string' },
    updatedAt: { type: 'string' },
    withdrawnAt: { type: ['string', 'null'] },
    url: { type: 'string' },
  },
} as const;

const matchSchema = {
  type: 'object',
  properties: {
    offer: {
      type: 'object',
      properties: { id: { type: 'integer' }, country: { type: 'string' }, url: { type: 'string' } },
    },
    request: {
      type: 'object',
      properties: { id: { type: 'integer' }, country: { type: 'string' }, url: { type: 'string' } },
    },
    score: { type: 'integer' },
    sharedThemes: { type: 'array', items: { type: 'string' } },
    modalityMatch: { type: 'boolean' },
    commonLanguages: { type: 'array', items: { type: 'string' } },
  },
} as const;

const detailSchema = {
  type: 'object',
  properties: {
    ...itemSchema.properties,
    interestCount: { type: 'integer' },
    interests: {
      type: 'array',
      description:
        'The owner (and the Secretariat) see every expression of interest; others only their own country’s.',
      items: {
        type: 'object',
        properties: {
          id: { type: 'integer' },
          country: { type: 'string' },
          message: { type: 'string' },
          locale: { type: 'string' },
          createdAt: { type: 'string' },
          updatedAt: { type: 'string' },
        },
      },
    },
    history: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          from: { type: ['string', 'null'] },
          to: { type: 'string' },
          partnerCountry: { type: ['string', 'null'] },
          note: { type: ['string', 'null'] },
          at: { type: 'string' },
        },
      },
    },
    matches: { type: 'array', items: matchSchema },
  },
} as const;

const itemBody = {
  type: 'object',
  additionalProperties: false,
  properties: {
    country: {
      type: 'string',
      pattern: '^[A-Za-z]{3}$',
      description: 'Secretariat only; others write for their own country.',
    },
    institutionId: { type: ['integer', 'null'] },
    title: localizedSchema,
    description: { ...localizedSchema, description: 'Markdown, per language.' },
    origLocale: localeSchema,
    themes: { type: 'array', items: { type: 'string' }, maxItems: 30 },
    modality: { type: ['string', 'null'] },
    languages: { type: 'array', items: { type: 'string' }, maxItems: 5 },
    otherLanguages: { type: ['string', 'null'] },
    duration: { type: ['string', 'null'] },
    timeframe: { type: ['string', 'null'] },
    costSharing: { type: ['string', 'null'] },
    contactName: { type: 'string' },
    contactEmail: { type: 'string' },
  },
} as const;

const kindIdParams = {
  type: 'object',
  properties: { kind: { type: 'string', enum: ['offers', 'requests'] }, id: { type: 'integer', minimum: 1 } },
  required: ['kind', 'id'],
} as const;

const listQuery = {
  type: 'object',
  properties: {
    theme: { type: 'string' },
    modality: { type: 'string', enum: [...MODALITIES] },
    country: { type: 'string', pattern: '^[A-Za-z]{3}$' },
    status: { type: 'string', enum: [...STATUSES] },
    lang: { type: 'string', enum: [...LANGUAGES] },
    ...pagingQuery(PAGE_SIZE),
  },
} as const;

function inputFromJson(b: Record<string, unknown>): ItemInput {
  return {
    countryIso3: typeof b.country === 'string' ? b.country.toUpperCase() : undefined,
    institutionId: b.institutionId as number | null | undefined,
    title: b.title as Localized | undefined,
    description: b.description as Localized | undefined,
    origLocale: b.origLocale as string | undefined,
    themes: b.themes as string[] | undefined,
    modality: b.modality as string | null | undefined,
    languages: b.languages as string[] | undefined,
    otherLanguages: b.otherLanguages as string | null | undefined,
    duration: b.duration as string | null | undefined,
    timeframe: b.timeframe as string | null | undefined,
    costSharing: b.costSharing as string | null | undefined,
    contactName: b.contactName as string | undefined,
    contactEmail: b.contactEmail as string | undefined,
  };
}

export function matchJson(m: Match) {
  const side = (i: CooperationItem) => ({ id: i.id, country: i.country_iso3, url: itemPath(i) });
  return {
    offer: side(m.offer.item),
    request: side(m.request.item),
    score: m.score,
    sharedThemes: m.sharedThemes,
    modalityMatch: m.modalityMatch,
    commonLanguages: m.commonLanguages,
  };
}

export async function cooperationApi(
  app: FastifyInstance,
  opts: { deps: AppDeps; service: CooperationService; repo: CooperationRepository },
) {
  const { deps, service, repo } = opts;

  function itemJson(request: FastifyRequest, item: CooperationItem, themes: string[]) {
    const outcome = (json: string | null) => parseLocalized(json);
    return {
      id: item.id,
      kind: item.kind,
      country: item.country_iso3,
      institutionId: item.institution_id,
      title: parseLocalized(item.title),
      description: parseLocalized(item.description),
      origLocale: item.orig_locale,
      themes,
      modality: item.modality,
      languages: splitLanguages(item.languages),
      otherLanguages: item.other_languages,
      duration: item.duration,
      timeframe: item.timeframe,
      costSharing: item.cost_sharing,
      contact: { name: item.contact_name, email: maySeeContact(request.actor) ? item.contact_email : null },
      status: item.status,
      partnerCountry: item.partner_country_iso3,
      outcome: item.outcome_locale
        ? {
            locale: item.outcome_locale,
            results: outcome(item.outcome_results),
            participants: outcome(item.outcome_participants),
            lessons: outcome(item.outcome_lessons),
          }
        : null,
      createdAt: item.created_at,
      updatedAt: item.updated_at,
      withdrawnAt: item.deleted_at,
      url: `/${request.locale}${itemPath(item)}`,
    };
  }

  async function detailJson(request: FastifyRequest, item: CooperationItem) {
    const actor = request.actor;
    const [themes, interests, history] = await Promise.all([
      repo.themesOf([item.id]),
      repo.interestsOf(item.id),
      repo.historyOf(item.id),
    ]);
    const visible = maySeeInterests(actor, item)
      ? interests
      : interests.filter((i) => actor?.countryIso3 && i.country_iso3 === actor.countryIso3);
    const matches =
      item.status === 'proposed' && !item.deleted_at
        ? matchesFor(await candidateOf(deps.db, item), await openCandidates(deps.db))
        : [];
    return {
      ...itemJson(
        request,
        item,
        themes.map((t) => t.code),
      ),
      interestCount: interests.length,
      interests: visible.map((i) => ({
        id: i.id,
        country: i.country_iso3,
        message: i.message,
        locale: i.locale,
        createdAt: i.created_at,
        updatedAt: i.updated_at,
      })),
      history: history.map((h) => ({
        from: h.from_status,
        to: h.to_status,
        partnerCountry: h.partner_country_iso3,
        note: h.note,
        at: h.at,
      })),
      matches: matches.map(matchJson),
    };
  }

  async function loadDetail(request: FastifyRequest, kind: Kind, id: number) {
    return detailJson(request, await service.readable(request.actor, kind, id));
  }

  for (const kind of KINDS) {
    const seg = KIND_SEGMENT[kind];
    const label = kind === 'offer' ? 'offers' : 'requests';

    app.get(
      `/api/v1/cooperation/${seg}`,
      {
        schema: {
          tags: TAGS,
          summary: `List cooperation ${label}`,
          description: 'Withdrawn items are not listed. Newest first.',
          querystring: listQuery,
          response: { 200: pageSchema(itemSchema) },
        },
      },
      async (request) => {
        const q = request.query as { page: number; perPage: number };
        const filters = { ...parseFilters(request.query), kind };
        const { rows, total } = await repo.list(filters, q.page, q.perPage);
        const themes = await repo.themesOf(rows.map((r) => r.id));
        return pageAnswer(
          rows.map((item) =>
            itemJson(
              request,
              item,
              themes.filter((t) => t.item_id === item.id).map((t) => t.code),
            ),
          ),
          total,
          q,
        );
      },
    );

    app.get(
      `/api/v1/cooperation/${seg}/:id`,
      {
        schema: {
          tags: TAGS,
          summary: `One cooperation ${kind}, with its expressions of interest, status history and suggested matches`,
          params: idParams,
          response: { 200: detailSchema },
        },
      },
      async (request) => loadDetail(request, kind, (request.params as { id: number }).id),
    );

    app.post(
      `/api/v1/cooperation/${seg}`,
      {
        schema: {
          tags: TAGS,
          summary: `Publish a cooperation ${kind}`,
          description:
            kind === 'offer'
              ? 'Required: a title and a description in `origLocale`, `themes` (theme codes), `modality`, `languages`, `costSharing`. The contact defaults to the caller.'
              : 'Required: a title and a description in `origLocale`, `themes` (theme codes), `languages`. `modality` is the preferred one (optional). The contact defaults to the caller.',
          body: itemBody,
          response: { 201: detailSchema },
        },
      },
      async (request, reply) => {
        const actor = requireActor(request);
        const input = inputFromJson(request.body as Record<string, unknown>);
        input.contactName ??= actor.name;
        input.contactEmail ??= actor.email;
        const id = await service.create(actor, kind, input);
        return reply.code(201).send(await loadDetail(request, kind, id));
      },
    );

    app.patch(
      `/api/v1/cooperation/${seg}/:id`,
      {
        schema: {
          tags: TAGS,
          summary: `Change a cooperation ${kind}`,
          description:
            'Only the fields present change. The owning country’s coordinator and editors, or the Secretariat.',
          params: idParams,
          body: itemBody,
          response: { 200: detailSchema },
        },
      },
      async (request) => {
        const actor = requireActor(request);
        const { id } = request.params as { id: number };
        await service.update(actor, kind, id, inputFromJson(request.body as Record<string, unknown>));
        return loadDetail(request, kind, id);
      },
    );

    app.delete(
      `/api/v1/cooperation/${seg}/:id`,
      {
        schema: {
          tags: TAGS,
          summary: `Withdraw a cooperation ${kind} (the Secretariat can restore it)`,
          params: idParams,
          response: { 204: { type: 'null', description: 'Withdrawn' } },
        },
      },
      async (request, reply) => {
        const actor = requireActor(request);
        await service.withdraw(actor, kind, (request.params as { id: number }).id);
        return reply.code(204).send();
      },
    );
  }

  app.post(
    '/api/v1/cooperation/:kind/:id/interest',
    {
      schema: {
        tags: TAGS,
        summary: 'Express interest in an offer or a request',
        description:
          'For coordinators and editors of another country than the owner, while the item is proposed. One per country: sending again replaces the message.',
        params: kindIdParams,
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['message'],
          properties: { message: { type: 'string' } },
        },
        response: { 201: detailSchema },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const { kind: seg, id } = request.params as { kind: string; id: number };
      const kind = kindFromSegment(seg)!;
      await service.expressInterest(actor, kind, id, (request.body as { message: string }).message);
      return reply.code(201).send(await loadDetail(request, kind, id));
    },
  );

  app.post(
    '/api/v1/cooperation/:kind/:id/status',
    {
      schema: {
        tags: TAGS,
        summary: 'Move an offer or a request one step along its workflow',
        description:
          'proposed → agreed (with `partnerCountry`, one of the countries that expressed interest) → in_progress → completed (with `outcome`: `results`, `participants`, `lessons` in Markdown, and their `locale`); cancelled from any step before completion. Steps cannot be skipped.',
        params: kindIdParams,
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['status'],
          properties: {
            status: { type: 'string' },
            partnerCountry: { type: ['string', 'null'] },
            note: { type: ['string', 'null'] },
            outcome: {
              type: 'object',
              additionalProperties: false,
              properties: {
                locale: { type: 'string' },
                results: { type: 'string' },
                participants: { type: 'string' },
                lessons: { type: 'string' },
              },
            },
          },
        },
        response: { 200: detailSchema },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const { kind: seg, id } = request.params as { kind: string; id: number };
      const kind = kindFromSegment(seg)!;
      const b = request.body as {
        status: string;
        partnerCountry?: string | null;
        note?: string | null;
        outcome?: { locale?: string; results?: string; participants?: string; lessons?: string };
      };
      await service.changeStatus(actor, kind, id, b);
      return loadDetail(request, kind, id);
    },
  );

  app.get(
    '/api/v1/cooperation/matches',
    {
      schema: {
        tags: TAGS,
        summary: 'Suggested matches between open offers and requests',
        description:
          'Pairs from different countries sharing at least one theme, best first. Score: 3 per shared theme, 2 when the request’s preferred modality is the offer’s, 1 for a common language. Give `offer` or `request` to get one item’s counterparts.',
        querystring: {
          type: 'object',
          properties: {
            offer: { type: 'integer', minimum: 1 },
            request: { type: 'integer', minimum: 1 },
            limit: { type: 'integer', minimum: 1, maximum: 500, default: 50 },
          },
        },
        response: {
          200: { type: 'object', properties: { matches: { type: 'array', items: matchSchema } } },
        },
      },
    },
    async (request) => {
      const q = request.query as { offer?: number; request?: number; limit: number };
      const candidates = await openCandidates(deps.db);
      let matches: Match[];
      if (q.offer || q.request) {
        const kind: Kind = q.offer ? 'offer' : 'request';
        const item = await service.readable(request.actor, kind, (q.offer ?? q.request)!);
        matches = matchesFor(await candidateOf(deps.db, item), candidates);
      } else {
        matches = allMatches(candidates);
      }
      return { matches: matches.slice(0, q.limit).map(matchJson) };
    },
  );

  app.get(
    '/api/v1/cooperation/table',
    {
      schema: {
        tags: TAGS,
        summary: 'Offers and requests per country and priority theme',
        description:
          'One row per country and theme that has any; an item with several themes counts under each. `totals` counts each item once per country.',
        querystring: { type: 'object', properties: { status: { type: 'string', enum: [...STATUSES] } } },
        response: {
          200: {
            type: 'object',
            properties: {
              cells: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: {
                    country: { type: 'string' },
                    theme: { type: 'string' },
                    offers: { type: 'integer' },
                    requests: { type: 'integer' },
                  },
                },
              },
              totals: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: {
                    country: { type: 'string' },
                    offers: { type: 'integer' },
                    requests: { type: 'integer' },
                  },
                },
              },
            },
          },
        },
      },
    },
    async (request) => {
      const status = (request.query as { status?: (typeof STATUSES)[number] }).status ?? null;
      const [counts, totals] = await Promise.all([repo.tableCounts(status), repo.countryTotals(status)]);
      const cells = new Map<string, { country: string; theme: string; offers: number; requests: number }>();
      for (const c of counts) {
        const key = `${c.country_iso3}|${c.theme_code}`;
        const cell = cells.get(key) ?? {
          country: c.country_iso3,
          theme: c.theme_code,
          offers: 0,
          requests: 0,
        };
        if (c.kind === 'offer') cell.offers += c.n;
        else cell.requests += c.n;
        cells.set(key, cell);
      }
      const byCountry = new Map<string, { country: string; offers: number; requests: number }>();
      for (const c of totals) {
        const row = byCountry.get(c.country_iso3) ?? { country: c.country_iso3, offers: 0, requests: 0 };
        if (c.kind === 'offer') row.offers += c.n;
        else row.requests += c.n;
        byCountry.set(c.country_iso3, row);
      }
      const order = (a: { country: string }, b: { country: string }) => a.country.localeCompare(b.country);
      return {
        cells: [...cells.values()].sort((a, b) => order(a, b) || a.theme.localeCompare(b.theme)),
        totals: [...byCountry.values()].sort(order),
      };
    },
  );
}
