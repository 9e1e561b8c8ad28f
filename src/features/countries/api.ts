import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppDeps } from '../../app.ts';
import type { Institution } from '../../db/schema.ts';
import { can } from '../../platform/auth/policy.ts';
import { requireActor } from '../../platform/http/guards.ts';
import { countryName } from '../../platform/i18n/format.ts';
import { isLocale, type Locale, LOCALES } from '../../platform/i18n/locales.ts';
import { COUNTRY_STATUSES, type CountryRow } from './repository.ts';
import {
  coordinatorHistory,
  createInstitution,
  deleteInstitution,
  designateCoordinator,
  getCountry,
  type InstitutionInput,
  listCountries,
  listInstitutions,
  restoreInstitution,
  updateCountryStatus,
  updateInstitution,
} from './service.ts';

const nullableString = { type: ['string', 'null'] } as const;

const coordinatorSchema = {
  type: ['object', 'null'],
  properties: {
    id: { type: 'integer' },
    name: { type: 'string' },
    email: { type: 'string', description: 'Only for signed-in callers.' },
  },
} as const;

const countrySchema = {
  type: 'object',
  properties: {
    iso3: { type: 'string', example: 'URY' },
    iso2: { type: 'string', example: 'UY' },
    name: { type: 'string', example: 'Uruguay' },
    status: { type: 'string', enum: COUNTRY_STATUSES },
    coordinator: coordinatorSchema,
    institutionCount: { type: 'integer' },
  },
} as const;

const institutionSchema = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    countryIso3: { type: 'string' },
    name: { type: 'string' },
    acronym: nullableString,
    website: nullableString,
    canPublish: { type: 'boolean' },
    createdAt: { type: 'string', format: 'date-time' },
    updatedAt: { type: 'string', format: 'date-time' },
    deletedAt: nullableString,
  },
} as const;

const termSchema = {
  type: 'object',
  properties: {
    userId: { type: 'integer' },
    name: { type: 'string' },
    from: { type: 'string', format: 'date-time' },
    to: nullableString,
  },
} as const;

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
const iso3Params = {
  type: 'object',
  required: ['iso3'],
  properties: { iso3: { type: 'string', pattern: '^[A-Za-z]{3}$' } },
};
const idParams = { type: 'object', required: ['id'], properties: { id: { type: 'integer', minimum: 1 } } };
const langQuery = {
  type: 'object',
  properties: {
    lang: { type: 'string', enum: [...LOCALES], default: 'en', description: 'Language of country names.' },
  },
};

const institutionBody = {
  type: 'object',
  properties: {
    name: { type: 'string', maxLength: 1000 },
    acronym: nullableString,
    website: nullableString,
    canPublish: {
      type: 'boolean',
      description: 'Whether the institution may publish. Decided by the National Coordinator.',
    },
  },
} as const;

export function countryJson(c: CountryRow, lang: Locale, signedIn: boolean) {
  return {
    iso3: c.iso3,
    iso2: c.iso2,
    name: countryName(c.iso3, lang),
    status: c.status,
    coordinator:
      c.coordinator_id === null
        ? null
        : {
            id: c.coordinator_id,
            name: c.coordinator_name ?? '',
            ...(signedIn && c.coordinator_email ? { email: c.coordinator_email } : {}),
          },
    institutionCount: c.institution_count,
  };
}

export function institutionJson(i: Institution) {
  return {
    id: i.id,
    countryIso3: i.country_iso3,
    name: i.name,
    acronym: i.acronym,
    website: i.website,
    canPublish: i.can_publish === 1,
    createdAt: i.created_at,
    updatedAt: i.updated_at,
    deletedAt: i.deleted_at,
  };
}

type InstitutionBody = {
  name?: string;
  acronym?: string | null;
  website?: string | null;
  canPublish?: boolean;
};

/** The /api/v1 routes of countries and institutions. */
export async function countryApi(app: FastifyInstance, { deps }: { deps: AppDeps }) {
  const meta = (request: FastifyRequest) => ({ requestId: request.id });
  const tags = ['countries'];

  app.get<{ Querystring: { lang?: string } }>(
    '/api/v1/countries',
    {
      schema: {
        tags,
        summary: 'The 35 OAS member states',
        description: 'Name in the `lang` language, ISO codes, membership status and National Coordinator.',
        querystring: langQuery,
        response: { 200: { type: 'array', items: countrySchema }, ...errors },
      },
    },
    async (request) => {
      const lang = isLocale(request.query.lang) ? request.query.lang : 'en';
      const rows = await listCountries(deps, lang);
      return rows.map((c) => countryJson(c, lang, !!request.actor));
    },
  );

  app.get<{ Params: { iso3: string }; Querystring: { lang?: string } }>(
    '/api/v1/countries/:iso3',
    {
      schema: {
        tags,
        summary: 'One member state, with its institutions and its coordinators over time',
        params: iso3Params,
        querystring: langQuery,
        response: {
          200: {
            type: 'object',
            properties: {
              ...countrySchema.properties,
              institutions: { type: 'array', items: institutionSchema },
              coordinatorHistory: { type: 'array', items: termSchema },
            },
          },
          ...errors,
        },
      },
    },
    async (request) => {
      const lang = isLocale(request.query.lang) ? request.query.lang : 'en';
      const country = await getCountry(deps, request.params.iso3);
      const [institutions, history] = await Promise.all([
        listInstitutions(deps, country.iso3),
        coordinatorHistory(deps, country.iso3),
      ]);
      return {
        ...countryJson(country, lang, !!request.actor),
        institutions: institutions.map(institutionJson),
        coordinatorHistory: history.map((h) => ({
          userId: h.user_id,
          name: h.user_name,
          from: h.started_at,
          to: h.ended_at,
        })),
      };
    },
  );

  app.patch<{ Params: { iso3: string }; Body: { status: string } }>(
    '/api/v1/countries/:iso3',
    {
      schema: {
        tags,
        summary: 'Change the membership status (Secretariat)',
        params: iso3Params,
        body: {
          type: 'object',
          required: ['status'],
          properties: { status: { type: 'string', enum: COUNTRY_STATUSES } },
        },
        response: { 200: countrySchema, ...errors },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const country = await updateCountryStatus(
        deps,
        actor,
        request.params.iso3,
        request.body.status,
        meta(request),
      );
      return countryJson(country, actor.locale, true);
    },
  );

  app.get<{ Params: { iso3: string }; Querystring: { includeRemoved?: boolean } }>(
    '/api/v1/countries/:iso3/institutions',
    {
      schema: {
        tags,
        summary: "The country's institutions",
        description:
          'With `includeRemoved=true`, the Secretariat also gets the removed ones (others get the live ones only).',
        params: iso3Params,
        querystring: { type: 'object', properties: { includeRemoved: { type: 'boolean', default: false } } },
        response: { 200: { type: 'array', items: institutionSchema }, ...errors },
      },
    },
    async (request) => {
      const country = await getCountry(deps, request.params.iso3);
      const live = await listInstitutions(deps, country.iso3);
      if (
        !request.query.includeRemoved ||
        !can(request.actor, 'institution.restore', { countryIso3: country.iso3 })
      ) {
        return live.map(institutionJson);
      }
      const removed = await listInstitutions(deps, country.iso3, { deleted: true });
      return [...live, ...removed].map(institutionJson);
    },
  );

  app.post<{ Params: { iso3: string }; Body: InstitutionBody }>(
    '/api/v1/countries/:iso3/institutions',
    {
      schema: {
        tags,
        summary: 'Register an institution (National Coordinator of the country, or Secretariat)',
        params: iso3Params,
        body: { ...institutionBody, required: ['name'] },
        response: { 201: institutionSchema, ...errors },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const b = request.body;
      const input: InstitutionInput = {
        name: b.name ?? '',
        acronym: b.acronym ?? null,
        website: b.website ?? null,
        canPublish: b.canPublish ?? false,
      };
      const inst = await createInstitution(deps, actor, request.params.iso3, input, meta(request));
      return reply.code(201).send(institutionJson(inst));
    },
  );

  app.patch<{ Params: { id: number }; Body: InstitutionBody }>(
    '/api/v1/institutions/:id',
    {
      schema: {
        tags,
        summary: 'Edit an institution; fields left out stay as they are',
        params: idParams,
        body: { ...institutionBody, minProperties: 1 },
        response: { 200: institutionSchema, ...errors },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const b = request.body;
      const patch: Partial<InstitutionInput> = {};
      if (b.name !== undefined) patch.name = b.name;
      if (b.acronym !== undefined) patch.acronym = b.acronym;
      if (b.website !== undefined) patch.website = b.website;
      if (b.canPublish !== undefined) patch.canPublish = b.canPublish;
      return institutionJson(await updateInstitution(deps, actor, request.params.id, patch, meta(request)));
    },
  );

  app.delete<{ Params: { id: number } }>(
    '/api/v1/institutions/:id',
    {
      schema: {
        tags,
        summary: 'Remove an institution (soft; the Secretariat can restore it)',
        params: idParams,
        response: { 204: { type: 'null', description: 'Removed' }, ...errors },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      await deleteInstitution(deps, actor, request.params.id, meta(request));
      return reply.code(204).send();
    },
  );

  app.post<{ Params: { id: number } }>(
    '/api/v1/institutions/:id/restore',
    {
      schema: {
        tags,
        summary: 'Restore a removed institution (Secretariat)',
        params: idParams,
        response: { 200: institutionSchema, 409: errorSchema, ...errors },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return institutionJson(await restoreInstitution(deps, actor, request.params.id, meta(request)));
    },
  );

  app.post<{
    Params: { iso3: string };
    Body: { userId?: number; email?: string; name?: string; locale?: string };
  }>(
    '/api/v1/countries/:iso3/coordinator',
    {
      schema: {
        tags,
        summary: 'Designate the National Coordinator (Secretariat)',
        description:
          'Either `{ "userId": … }` — an active person of the country — or `{ "email", "name", "locale" }` to invite someone new. The previous coordinator becomes an editor of the country.',
        params: iso3Params,
        body: {
          type: 'object',
          properties: {
            userId: { type: 'integer', minimum: 1 },
            email: { type: 'string', maxLength: 254 },
            name: { type: 'string', maxLength: 1000 },
            locale: { type: 'string', enum: [...LOCALES] },
          },
        },
        response: {
          200: {
            type: 'object',
            properties: {
              userId: { type: 'integer' },
              invited: { type: 'boolean' },
              previousUserId: { type: ['integer', 'null'] },
            },
          },
          ...errors,
        },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const b = request.body ?? {};
      const target =
        b.userId !== undefined
          ? { userId: b.userId }
          : { email: b.email ?? '', name: b.name ?? '', locale: b.locale ?? actor.locale };
      return designateCoordinator(deps, actor, request.params.iso3, target, meta(request));
    },
  );
}
