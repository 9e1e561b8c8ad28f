import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppDeps } from '../../app.ts';
import type { ContentPage, Link, News, Theme } from '../../db/schema.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { type Action, assertCan, can } from '../../platform/auth/policy.ts';
import { NotFoundError } from '../../platform/http/errors.ts';
import { requireActor } from '../../platform/http/guards.ts';
import { localeSchema, localizedSchema } from '../../platform/http/schemas.ts';
import { parseLocalized } from '../../platform/i18n/format.ts';
import { contentRepository } from './repository.ts';
import {
  contentService,
  LINK_CATEGORIES,
  type LinkInput,
  linkAsInput,
  newsAsInput,
  type NewsInput,
  PAGE_SECTIONS,
  type PageInput,
  type ThemeInput,
  themeAsInput,
} from './service.ts';

/**
 * The JSON API of the site content (tag `content`). Reads are public (drafts only for the
 * Secretariat); writes are for the Secretariat: 401 without credentials, 403 for anyone else,
 * checked before the body is looked at. Translatable fields are objects `{en, es, fr, pt}`; in
 * PATCH they merge language by language, and a language sent as "" is removed.
 */

const TAGS = ['content'];
const sortOrder = { type: 'integer', minimum: -100000, maximum: 100000 } as const;

const themeSchema = {
  type: 'object',
  properties: {
    code: { type: 'string' },
    name: localizedSchema,
    description: localizedSchema,
    origLocale: { type: 'string' },
    sortOrder: { type: 'integer' },
    active: { type: 'boolean' },
    updatedAt: { type: 'string', format: 'date-time' },
  },
} as const;

const pageSummarySchema = {
  type: 'object',
  properties: {
    slug: { type: 'string' },
    section: { type: 'string', enum: ['site', 'help'] },
    parentSlug: { type: ['string', 'null'] },
    title: localizedSchema,
    origLocale: { type: 'string' },
    sortOrder: { type: 'integer' },
    published: { type: 'boolean' },
    updatedAt: { type: 'string', format: 'date-time' },
  },
} as const;

const pageSchema = {
  type: 'object',
  properties: {
    ...pageSummarySchema.properties,
    body: { ...localizedSchema, description: 'Markdown per language' },
  },
} as const;

const newsSchema = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    title: localizedSchema,
    body: { ...localizedSchema, description: 'Markdown per language' },
    origLocale: { type: 'string' },
    published: { type: 'boolean' },
    publishedAt: { type: ['string', 'null'], format: 'date-time' },
    updatedAt: { type: 'string', format: 'date-time' },
  },
} as const;

const linkSchema = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    name: localizedSchema,
    description: localizedSchema,
    url: { type: 'string' },
    category: { type: 'string', enum: [...LINK_CATEGORIES] },
    origLocale: { type: 'string' },
    sortOrder: { type: 'integer' },
    updatedAt: { type: 'string', format: 'date-time' },
  },
} as const;

// A record answers as the input a change sends (see service.ts), with its id and dates; the
// response schemas above decide which fields are sent, in their order.

const itemsOf = (schema: object) => ({
  type: 'object',
  properties: { items: { type: 'array', items: schema } },
});

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
const writeErrors = { 401: errorResponse, 403: errorResponse, 404: errorResponse, 422: errorResponse };

function themeJson(th: Theme) {
  return { ...themeAsInput(th), updatedAt: th.updated_at };
}

function pageJson(p: ContentPage, withBody: boolean) {
  return {
    slug: p.slug,
    section: p.section,
    parentSlug: p.parent_slug,
    title: parseLocalized(p.title),
    ...(withBody ? { body: parseLocalized(p.body) } : {}),
    origLocale: p.orig_locale,
    sortOrder: p.sort_order,
    published: p.published === 1,
    updatedAt: p.updated_at,
  };
}

function newsJson(n: News) {
  return { id: n.id, ...newsAsInput(n), publishedAt: n.published_at, updatedAt: n.updated_at };
}

function linkJson(l: Link) {
  return { id: l.id, ...linkAsInput(l), updatedAt: l.updated_at };
}

/** Refuses a write before its body is read: 401 without credentials, 403 without the right. */
function allowed(action: Action) {
  return async (request: FastifyRequest) => {
    assertCan(requireActor(request), action);
  };
}

type Properties = Record<string, object>;
/** A page sent with PUT: its texts, and the other fields or their defaults. */
type PageBody = Partial<Omit<PageInput, 'slug'>> & Pick<PageInput, 'title' | 'body'>;

/**
 * The writes of one kind of record: POST on the collection (create), PUT (create or replace),
 * PATCH (change) and DELETE on `<path>/:<param>`, as far as the kind has them. Each is refused
 * before its body is read when the caller may not manage the kind, answers the record as JSON,
 * and lists the same error responses.
 */
interface WriteRoutes<Row, Key, Body> {
  /** The collection, e.g. `/api/v1/news`. */
  path: string;
  param: string;
  paramSchema: object;
  manage: Action;
  schema: object;
  json(row: Row): object;
  /** The fields of the body, in the order the documentation lists them. */
  fields: Properties;
  create?: {
    summary: string;
    required: string[];
    /** Fields only a new record has, listed first. */
    fields?: Properties;
    run(actor: Actor | null, body: Body): Promise<Row>;
  };
  replace?: {
    summary: string;
    required: string[];
    run(actor: Actor | null, key: Key, body: Body): Promise<{ row: Row; created: boolean }>;
  };
  update?: { summary: string; run(actor: Actor | null, key: Key, body: Body): Promise<Row> };
  remove?: { summary: string; run(actor: Actor | null, key: Key): Promise<void> };
}

function writeRoutes<Row, Key, Body>(app: FastifyInstance, spec: WriteRoutes<Row, Key, Body>) {
  const item = `${spec.path}/:${spec.param}`;
  const params = { type: 'object', properties: { [spec.param]: spec.paramSchema }, required: [spec.param] };
  const body = (properties: Properties, required?: string[]) => ({
    type: 'object',
    ...(required ? { required } : {}),
    properties,
    additionalProperties: false,
  });
  const preValidation = allowed(spec.manage);
  const keyOf = (request: FastifyRequest) => (request.params as Record<string, Key>)[spec.param]!;
  const { create, replace, update, remove } = spec;

  if (create) {
    app.post(
      spec.path,
      {
        preValidation,
        schema: {
          tags: TAGS,
          summary: create.summary,
          body: body({ ...create.fields, ...spec.fields }, create.required),
          response: { 201: spec.schema, ...writeErrors },
        },
      },
      async (request, reply) =>
        reply.code(201).send(spec.json(await create.run(request.actor, request.body as Body))),
    );
  }
  if (replace) {
    app.put(
      item,
      {
        preValidation,
        schema: {
          tags: TAGS,
          summary: replace.summary,
          params,
          body: body(spec.fields, replace.required),
          response: { 200: spec.schema, 201: spec.schema, ...writeErrors },
        },
      },
      async (request, reply) => {
        const { row, created } = await replace.run(request.actor, keyOf(request), request.body as Body);
        return reply.code(created ? 201 : 200).send(spec.json(row));
      },
    );
  }
  if (update) {
    app.patch(
      item,
      {
        preValidation,
        schema: {
          tags: TAGS,
          summary: update.summary,
          params,
          body: body(spec.fields),
          response: { 200: spec.schema, ...writeErrors },
        },
      },
      async (request) => spec.json(await update.run(request.actor, keyOf(request), request.body as Body)),
    );
  }
  if (remove) {
    app.delete(
      item,
      {
        preValidation,
        schema: {
          tags: TAGS,
          summary: remove.summary,
          params,
          response: { 204: { type: 'null' }, ...writeErrors },
        },
      },
      async (request, reply) => {
        await remove.run(request.actor, keyOf(request));
        return reply.code(204).send();
      },
    );
  }
}

export async function contentApi(app: FastifyInstance, { deps }: { deps: AppDeps }) {
  const repo = contentRepository(deps.db);
  const service = contentService(deps.db);

  // Themes

  app.get(
    '/api/v1/themes',
    {
      schema: {
        tags: TAGS,
        summary: 'Priority themes of the Conference (inactive ones too for the Secretariat)',
        response: { 200: itemsOf(themeSchema) },
      },
    },
    async (request) => {
      const themes = can(request.actor, 'theme.manage')
        ? await repo.listAllThemes()
        : await repo.listThemes();
      return { items: themes.map(themeJson) };
    },
  );

  writeRoutes<Theme, string, Partial<ThemeInput>>(app, {
    path: '/api/v1/themes',
    param: 'code',
    paramSchema: { type: 'string' },
    manage: 'theme.manage',
    schema: themeSchema,
    json: themeJson,
    fields: {
      name: localizedSchema,
      description: localizedSchema,
      origLocale: localeSchema,
      sortOrder,
      active: { type: 'boolean' },
    },
    create: {
      summary: 'Add a priority theme (Secretariat)',
      required: ['code', 'name'],
      fields: { code: { type: 'string', maxLength: 60 } },
      run: (actor, b) =>
        service.createTheme(actor, {
          name: {},
          description: {},
          origLocale: 'en',
          sortOrder: 0,
          active: true,
          ...b,
          code: (b.code ?? '').trim(),
        }),
    },
    update: {
      summary: 'Change a priority theme (Secretariat); its code stays',
      run: (actor, code, b) => service.updateTheme(actor, code, b),
    },
  });

  // Pages

  app.get<{ Querystring: { section?: 'site' | 'help' } }>(
    '/api/v1/pages',
    {
      schema: {
        tags: TAGS,
        summary: 'Content pages and help chapters, without their bodies (drafts only for the Secretariat)',
        querystring: {
          type: 'object',
          properties: { section: { type: 'string', enum: [...PAGE_SECTIONS] } },
        },
        response: { 200: itemsOf(pageSummarySchema) },
      },
    },
    async (request) => {
      const pages = await repo.listPages({
        publishedOnly: !can(request.actor, 'page.manage'),
        section: request.query.section,
      });
      return { items: pages.map((p) => pageJson(p, false)) };
    },
  );

  app.get<{ Params: { slug: string } }>(
    '/api/v1/pages/:slug',
    {
      schema: {
        tags: TAGS,
        summary: 'A content page with its Markdown body in each language',
        params: { type: 'object', properties: { slug: { type: 'string' } }, required: ['slug'] },
        response: { 200: pageSchema, 404: errorResponse },
      },
    },
    async (request) => {
      const page = await repo.pageBySlug(request.params.slug);
      if (!page || (!page.published && !can(request.actor, 'page.manage'))) throw new NotFoundError();
      return pageJson(page, true);
    },
  );

  writeRoutes<ContentPage, string, PageBody>(app, {
    path: '/api/v1/pages',
    param: 'slug',
    paramSchema: { type: 'string', maxLength: 80 },
    manage: 'page.manage',
    schema: pageSchema,
    json: (page) => pageJson(page, true),
    fields: {
      section: { type: 'string', enum: [...PAGE_SECTIONS], default: 'site' },
      parentSlug: { type: ['string', 'null'] },
      title: localizedSchema,
      body: localizedSchema,
      origLocale: localeSchema,
      sortOrder,
      published: { type: 'boolean' },
    },
    replace: {
      summary: 'Create or replace a content page (Secretariat)',
      required: ['title', 'body'],
      async run(actor, slug, b) {
        const input = {
          section: 'site',
          parentSlug: null,
          origLocale: 'en',
          sortOrder: 0,
          published: true,
          ...b,
        };
        const { page, created } = await service.savePage(
          actor,
          { ...input, slug },
          { existingSlug: slug, upsert: true },
        );
        return { row: page, created };
      },
    },
  });

  // News

  app.get<{ Querystring: { page?: number; perPage?: number; drafts?: boolean } }>(
    '/api/v1/news',
    {
      schema: {
        tags: TAGS,
        summary: 'Published news, newest first (with drafts=true, the Secretariat also sees drafts)',
        querystring: {
          type: 'object',
          properties: {
            page: { type: 'integer', minimum: 1, default: 1 },
            perPage: { type: 'integer', minimum: 1, maximum: 100, default: 20 },
            drafts: { type: 'boolean', default: false },
          },
        },
        response: {
          200: {
            type: 'object',
            properties: {
              items: { type: 'array', items: newsSchema },
              page: { type: 'integer' },
              pages: { type: 'integer' },
              total: { type: 'integer' },
            },
          },
        },
      },
    },
    async (request) => {
      const page = request.query.page ?? 1;
      const perPage = request.query.perPage ?? 20;
      const all = !!request.query.drafts && can(request.actor, 'news.manage');
      const total = all ? await repo.countAllNews() : await repo.countPublishedNews();
      const rows = all
        ? await repo.allNews((page - 1) * perPage, perPage)
        : await repo.publishedNews((page - 1) * perPage, perPage);
      return {
        items: rows.filter((n) => !n.deleted_at).map(newsJson),
        page,
        pages: Math.max(1, Math.ceil(total / perPage)),
        total,
      };
    },
  );

  writeRoutes<News, number, Partial<NewsInput>>(app, {
    path: '/api/v1/news',
    param: 'id',
    paramSchema: { type: 'integer' },
    manage: 'news.manage',
    schema: newsSchema,
    json: newsJson,
    fields: {
      title: localizedSchema,
      body: localizedSchema,
      origLocale: localeSchema,
      published: { type: 'boolean' },
    },
    create: {
      summary: 'Write a news item (Secretariat); published at once unless published=false',
      required: ['title', 'body'],
      run: (actor, b) =>
        service.createNews(actor, { title: {}, body: {}, origLocale: 'en', published: true, ...b }),
    },
    update: {
      summary: 'Change, publish (published=true) or unpublish (published=false) a news item (Secretariat)',
      run: (actor, id, b) => service.updateNews(actor, id, b),
    },
    remove: {
      summary: 'Remove a news item (Secretariat); it can be restored in the app',
      run: (actor, id) => service.deleteNews(actor, id),
    },
  });

  // Links

  app.get(
    '/api/v1/links',
    {
      schema: {
        tags: TAGS,
        summary: 'Links to international and regional organisations',
        response: { 200: itemsOf(linkSchema) },
      },
    },
    async () => ({ items: (await repo.listLinks()).map(linkJson) }),
  );

  writeRoutes<Link, number, Partial<LinkInput>>(app, {
    path: '/api/v1/links',
    param: 'id',
    paramSchema: { type: 'integer' },
    manage: 'link.manage',
    schema: linkSchema,
    json: linkJson,
    fields: {
      name: localizedSchema,
      description: localizedSchema,
      url: { type: 'string', maxLength: 2000 },
      category: { type: 'string', enum: [...LINK_CATEGORIES] },
      origLocale: localeSchema,
      sortOrder,
    },
    create: {
      summary: 'Add a link (Secretariat)',
      required: ['name', 'url', 'category'],
      run: (actor, b) =>
        service.createLink(actor, {
          name: {},
          description: {},
          url: '',
          category: '',
          origLocale: 'en',
          sortOrder: 0,
          ...b,
        }),
    },
    update: {
      summary: 'Change a link (Secretariat)',
      run: (actor, id, b) => service.updateLink(actor, id, b),
    },
    remove: {
      summary: 'Remove a link (Secretariat); it can be restored in the app',
      run: (actor, id) => service.deleteLink(actor, id),
    },
  });
}
