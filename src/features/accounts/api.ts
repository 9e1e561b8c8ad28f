import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../app.ts';
import type { User } from '../../db/schema.ts';
import { requireActor } from '../../platform/http/guards.ts';
import { isLocale } from '../../platform/i18n/locales.ts';
import { accountsRepository, type PersonRow } from './repository.ts';
import {
  type ApiTokenInfo,
  createPersonalToken,
  disableUser,
  inviteUser,
  listCountryPeople,
  listPersonalTokens,
  restoreUser,
  revokePersonalToken,
} from './service.ts';

const TAGS = ['accounts'];

const nullableString = { type: ['string', 'null'] } as const;

const institutionRef = {
  type: ['object', 'null'],
  properties: { id: { type: 'integer' }, name: { type: 'string' } },
} as const;

const meSchema = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    email: { type: 'string' },
    name: { type: 'string' },
    role: { type: 'string', enum: ['secretariat', 'admin', 'coordinator', 'editor', 'reader'] },
    country: { ...nullableString, description: 'ISO 3166-1 alpha-3 code of the country the user acts for' },
    institution: institutionRef,
    locale: { type: 'string', enum: ['en', 'es', 'fr', 'pt'] },
    timezone: { type: 'string' },
    twoFactor: { type: 'boolean' },
  },
} as const;

const tokenSchema = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    name: { type: 'string' },
    prefix: { type: 'string', description: 'First characters of the token, to recognise it' },
    createdAt: { type: 'string', format: 'date-time' },
    lastUsedAt: { ...nullableString, format: 'date-time' },
  },
} as const;

const personSchema = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    email: { type: 'string' },
    name: { type: 'string' },
    role: { type: 'string' },
    status: { type: 'string', enum: ['invited', 'active', 'disabled'] },
    country: nullableString,
    institution: institutionRef,
    locale: { type: 'string' },
    lastLoginAt: { ...nullableString, format: 'date-time' },
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

const iso3Params = {
  type: 'object',
  required: ['iso3'],
  properties: { iso3: { type: 'string', pattern: '^[A-Za-z]{3}$' } },
} as const;

const idParams = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'integer', minimum: 1 } },
} as const;

function tokenJson(t: ApiTokenInfo) {
  return { id: t.id, name: t.name, prefix: t.prefix, createdAt: t.created_at, lastUsedAt: t.last_used_at };
}

function personJson(p: PersonRow, country: string | null) {
  return {
    id: p.id,
    email: p.email,
    name: p.name,
    role: p.role,
    status: p.status,
    country,
    institution: p.institution_id ? { id: p.institution_id, name: p.institution_name ?? '' } : null,
    locale: p.locale,
    lastLoginAt: p.last_login_at,
  };
}

export async function accountsApi(app: FastifyInstance, { deps }: { deps: AppDeps }) {
  const repo = accountsRepository(deps.db);

  async function userJson(u: User) {
    const inst = u.institution_id ? await repo.institutionById(u.institution_id) : undefined;
    return {
      id: u.id,
      email: u.email,
      name: u.name,
      role: u.role,
      status: u.status,
      country: u.country_iso3,
      institution: inst ? { id: inst.id, name: inst.name } : null,
      locale: u.locale,
      lastLoginAt: u.last_login_at,
    };
  }

  app.get(
    '/api/v1/me',
    {
      schema: {
        tags: TAGS,
        summary: 'The signed-in user',
        response: { 200: meSchema, 401: errorSchema },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const user = await repo.userById(actor.id);
      const inst = user?.institution_id ? await repo.institutionById(user.institution_id) : undefined;
      return {
        id: actor.id,
        email: actor.email,
        name: actor.name,
        role: actor.role,
        country: actor.countryIso3,
        institution: inst ? { id: inst.id, name: inst.name } : null,
        locale: actor.locale,
        timezone: actor.timezone,
        twoFactor: actor.totpEnabled,
      };
    },
  );

  app.get(
    '/api/v1/me/tokens',
    {
      schema: {
        tags: TAGS,
        summary: 'My personal API tokens (not revoked)',
        response: {
          200: { type: 'object', properties: { tokens: { type: 'array', items: tokenSchema } } },
          401: errorSchema,
        },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return { tokens: (await listPersonalTokens(deps, actor)).map(tokenJson) };
    },
  );

  app.post<{ Body: { name: string } }>(
    '/api/v1/me/tokens',
    {
      schema: {
        tags: TAGS,
        summary: 'Create a personal API token',
        description: 'The token value is returned once, in this answer, and never again.',
        body: {
          type: 'object',
          required: ['name'],
          properties: { name: { type: 'string', minLength: 1, maxLength: 100 } },
        },
        response: {
          201: {
            type: 'object',
            properties: { ...tokenSchema.properties, token: { type: 'string' } },
          },
          401: errorSchema,
          422: errorSchema,
        },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const created = await createPersonalToken(deps, actor, request.body.name);
      return reply.code(201).send({ ...tokenJson(created), token: created.token });
    },
  );

  app.delete<{ Params: { id: number } }>(
    '/api/v1/me/tokens/:id',
    {
      schema: {
        tags: TAGS,
        summary: 'Revoke one of my personal API tokens',
        params: idParams,
        response: { 204: { type: 'null' }, 401: errorSchema, 404: errorSchema },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      await revokePersonalToken(deps, actor, request.params.id);
      return reply.code(204).send();
    },
  );

  app.get<{ Params: { iso3: string }; Querystring: { page?: number } }>(
    '/api/v1/countries/:iso3/users',
    {
      schema: {
        tags: TAGS,
        summary: 'The people of a country (its coordinator, the Secretariat, administrators)',
        params: iso3Params,
        querystring: { type: 'object', properties: { page: { type: 'integer', minimum: 1, default: 1 } } },
        response: {
          200: {
            type: 'object',
            properties: {
              total: { type: 'integer' },
              page: { type: 'integer' },
              pages: { type: 'integer' },
              users: { type: 'array', items: personSchema },
            },
          },
          401: errorSchema,
          404: errorSchema,
        },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const iso3 = request.params.iso3.toUpperCase();
      const data = await listCountryPeople(deps, actor, iso3, request.query.page ?? 1);
      return {
        total: data.total,
        page: data.page,
        pages: data.pages,
        users: data.rows.map((p) => personJson(p, iso3)),
      };
    },
  );

  app.post<{
    Params: { iso3: string };
    Body: {
      email: string;
      name: string;
      role: 'coordinator' | 'editor' | 'reader';
      institutionId?: number | null;
      locale?: string;
    };
  }>(
    '/api/v1/countries/:iso3/invitations',
    {
      schema: {
        tags: TAGS,
        summary: 'Invite a person of a country',
        description:
          'Creates the account (status "invited") and e-mails an invitation link, valid for 7 days, in the chosen language. A coordinator invites editors and readers of their own country.',
        params: iso3Params,
        body: {
          type: 'object',
          required: ['email', 'name', 'role'],
          properties: {
            email: { type: 'string', maxLength: 254 },
            name: { type: 'string', maxLength: 200 },
            role: { type: 'string', enum: ['coordinator', 'editor', 'reader'] },
            institutionId: { type: ['integer', 'null'] },
            locale: { type: 'string', enum: ['en', 'es', 'fr', 'pt'] },
          },
        },
        response: { 201: personSchema, 401: errorSchema, 403: errorSchema, 422: errorSchema },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const body = request.body;
      const { userId } = await inviteUser(deps, actor, {
        email: body.email,
        name: body.name,
        role: body.role,
        countryIso3: request.params.iso3.toUpperCase(),
        institutionId: body.institutionId ?? null,
        locale: isLocale(body.locale) ? body.locale : request.locale,
      });
      const user = await repo.userById(userId);
      return reply.code(201).send(await userJson(user!));
    },
  );

  for (const [path, run, summary] of [
    ['disable', disableUser, 'Disable an account (it can no longer sign in; its sessions end)'],
    ['restore', restoreUser, 'Restore a disabled account (Secretariat)'],
  ] as const) {
    app.post<{ Params: { id: number } }>(
      `/api/v1/users/:id/${path}`,
      {
        schema: {
          tags: TAGS,
          summary,
          params: idParams,
          response: { 200: personSchema, 401: errorSchema, 403: errorSchema, 404: errorSchema },
        },
      },
      async (request) => {
        const actor = requireActor(request);
        return userJson(await run(deps, actor, request.params.id));
      },
    );
  }
}
