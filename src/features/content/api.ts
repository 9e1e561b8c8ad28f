import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppDeps } from '../../app.ts';
import type { ContentPage, Link, News, Theme } from '../../db/schema.ts';
import { type Action, assertCan, can } from '../../platform/auth/policy.ts';
import { NotFoundError } from '../../platform/http/errors.ts';
import { requireActor } from '../../platform/http/guards.ts';
import { type Localized, parseLocalized } from '../../platform/i18n/format.ts';
import { contentRepository } from './repository.ts';
import { contentService, LINK_CATEGORIES, PAGE_SECTIONS } from './service.ts';

/**
 * The JSON API of the site content (tag `content`). Reads are public (drafts only for the
 * Secretariat); writes are for the Secretariat: 401 without credentials, 403 for anyone else,
 * checked before the body is looked at. Translatable fields are objects `{en, es, fr, pt}`; in
 * PATCH they merge language by language, and a language sent as "" is removed.
 */

const TAGS = ['content'];
const localized = {
  type: 'object',
  properties: {
    en: { type: 'string' },
    es: { type: 'string' },
    fr: { type: 'string' },
    pt: { type: 'string' },
  },
  additionalProperties: false,
} as const;
const locale = { type: 'string', enum: ['en', 'es', 'fr', 'pt'] } as const;
const sortOrder = { type: 'integer', minimum: -100000, maximum: 100000 } as const;

const themeSchema = {
  type: 'object',
  properties: {
    code: { type: 'string' },
    name: localized,
    description: localized,
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
    title: localized,
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
    body: { ...localized, description: 'Markdown per language' },
  },
} as const;

const newsSchema = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    title: localized,
    body: { ...localized, description: 'Markdown per language' },
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
    name: localized,
    description: localized,
    url: { type: 'string' },
    category: { type: 'string', enum: [...LINK_CATEGORIES] },
    origLocale: { type: 'string' },
    sortOrder: { type: 'integer' },
    updatedAt: { type: 'string', format: 'date-time' },
  },
} as const;

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
  return {
    code: th.code,
    name: parseLocalized(th.name),
    description: parseLocalized(th.description),
    origLocale: th.orig_locale,
    sortOrder: th.sort_order,
    active: th.active === 1,
    updatedAt: th.updated_at,
  };
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
  return {
    id: n.id,
    title: parseLocalized(n.title),
    body: parseLocalized(n.body),
    origLocale: n.orig_locale,
    published: n.published_at !== null,
    publishedAt: n.published_at,
    updatedAt: n.updated_at,
  };
}

function linkJson(l: Link) {
  return {
    id: l.id,
    name: parseLocalized(l.name),
    description: parseLocalized(l.description),
    url: l.url,
    category: l.category,
    origLocale: l.orig_locale,
    sortOrder: l.sort_order,
    updatedAt: l.updated_at,
  };
}

/** Refuses a write before its body is read: 401 without credentials, 403 without the right. */
function allowed(action: Action) {
  return async (request: FastifyRequest) => {
    assertCan(requireActor(request), action);
  };
}

interface ThemeBody {
  code?: string;
  name?: Localized;
  description?: Localized;
  origLocale?: string;
  sortOrder?: number;
  active?: boolean;
}
interface PageBody {
  section: string;
  parentSlug?: string | null;
  title: Localized;
  body: Localized;
  origLocale?: string;
  sortOrder?: number;
  published?: boolean;
}
interface NewsBody {
  title?: Localized;
  body?: Localized;
  origLocale?: string;
  published?: boolean;
}
interface LinkBody {
  name?: Localized;
  description?: Localized;
  url?: string;
  category?: string;
  origLocale?: string;
  sortOrder?: number;
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

  app.post<{ Body: ThemeBody }>(
    '/api/v1/themes',
    {
      preValidation: allowed('theme.manage'),
      schema: {
        tags: TAGS,
        summary: 'Add a priority theme (Secretariat)',
        body: {
          type: 'object',
          required: ['code', 'name'],
          properties: {
            code: { type: 'string', maxLength: 60 },
            name: localized,
            description: localized,
            origLocale: locale,
            sortOrder,
            active: { type: 'boolean' },
          },
          additionalProperties: false,
        },
        response: { 201: themeSchema, ...writeErrors },
      },
    },
    async (request, reply) => {
      const b = request.body;
      const theme = await service.createTheme(request.actor, {
        code: (b.code ?? '').trim(),
        name: b.name ?? {},
        description: b.description ?? {},
        origLocale: b.origLocale ?? 'en',
        sortOrder: b.sortOrder ?? 0,
        active: b.active ?? true,
      });
      return reply.code(201).send(themeJson(theme));
    },
  );

  app.patch<{ Body: ThemeBody; Params: { code: string } }>(
    '/api/v1/themes/:code',
    {
      preValidation: allowed('theme.manage'),
      schema: {
        tags: TAGS,
        summary: 'Change a priority theme (Secretariat); its code stays',
        params: { type: 'object', properties: { code: { type: 'string' } }, required: ['code'] },
        body: {
          type: 'object',
          properties: {
            name: localized,
            description: localized,
            origLocale: locale,
            sortOrder,
            active: { type: 'boolean' },
          },
          additionalProperties: false,
        },
        response: { 200: themeSchema, ...writeErrors },
      },
    },
    async (request) => {
      const b = request.body;
      const theme = await service.updateTheme(request.actor, request.params.code, {
        name: b.name,
        description: b.description,
        origLocale: b.origLocale,
        sortOrder: b.sortOrder,
        active: b.active,
      });
      return themeJson(theme);
    },
  );

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

  app.put<{ Body: PageBody; Params: { slug: string } }>(
    '/api/v1/pages/:slug',
    {
      preValidation: allowed('page.manage'),
      schema: {
        tags: TAGS,
        summary: 'Create or replace a content page (Secretariat)',
        params: {
          type: 'object',
          properties: { slug: { type: 'string', maxLength: 80 } },
          required: ['slug'],
        },
        body: {
          type: 'object',
          required: ['title', 'body'],
          properties: {
            section: { type: 'string', enum: [...PAGE_SECTIONS], default: 'site' },
            parentSlug: { type: ['string', 'null'] },
            title: localized,
            body: localized,
            origLocale: locale,
            sortOrder,
            published: { type: 'boolean' },
          },
          additionalProperties: false,
        },
        response: { 200: pageSchema, 201: pageSchema, ...writeErrors },
      },
    },
    async (request, reply) => {
      const b = request.body;
      const { page, created } = await service.savePage(
        request.actor,
        {
          slug: request.params.slug,
          section: b.section ?? 'site',
          parentSlug: b.parentSlug ?? null,
          title: b.title,
          body: b.body,
          origLocale: b.origLocale ?? 'en',
          sortOrder: b.sortOrder ?? 0,
          published: b.published ?? true,
        },
        { existingSlug: request.params.slug, upsert: true },
      );
      return reply.code(created ? 201 : 200).send(pageJson(page, true));
    },
  );

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

  const newsBody = {
    type: 'object',
    properties: { title: localized, body: localized, origLocale: locale, published: { type: 'boolean' } },
    additionalProperties: false,
  } as const;
  const idParams = { type: 'object', properties: { id: { type: 'integer' } }, required: ['id'] } as const;

  app.post<{ Body: NewsBody }>(
    '/api/v1/news',
    {
      preValidation: allowed('news.manage'),
      schema: {
        tags: TAGS,
        summary: 'Write a news item (Secretariat); published at once unless published=false',
        body: { ...newsBody, required: ['title', 'body'] },
        response: { 201: newsSchema, ...writeErrors },
      },
    },
    async (request, reply) => {
      const b = request.body;
      const item = await service.createNews(request.actor, {
        title: b.title ?? {},
        body: b.body ?? {},
        origLocale: b.origLocale ?? 'en',
        published: b.published ?? true,
      });
      return reply.code(201).send(newsJson(item));
    },
  );

  app.patch<{ Body: NewsBody; Params: { id: number } }>(
    '/api/v1/news/:id',
    {
      preValidation: allowed('news.manage'),
      schema: {
        tags: TAGS,
        summary: 'Change, publish (published=true) or unpublish (published=false) a news item (Secretariat)',
        params: idParams,
        body: newsBody,
        response: { 200: newsSchema, ...writeErrors },
      },
    },
    async (request) => {
      const b = request.body;
      const item = await service.updateNews(request.actor, request.params.id, {
        title: b.title,
        body: b.body,
        origLocale: b.origLocale,
        published: b.published,
      });
      return newsJson(item);
    },
  );

  app.delete<{ Params: { id: number } }>(
    '/api/v1/news/:id',
    {
      preValidation: allowed('news.manage'),
      schema: {
        tags: TAGS,
        summary: 'Remove a news item (Secretariat); it can be restored in the app',
        params: idParams,
        response: { 204: { type: 'null' }, ...writeErrors },
      },
    },
    async (request, reply) => {
      await service.deleteNews(request.actor, request.params.id);
      return reply.code(204).send();
    },
  );

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

  const linkBody = {
    type: 'object',
    properties: {
      name: localized,
      description: localized,
      url: { type: 'string', maxLength: 2000 },
      category: { type: 'string', enum: [...LINK_CATEGORIES] },
      origLocale: locale,
      sortOrder,
    },
    additionalProperties: false,
  } as const;

  app.post<{ Body: LinkBody }>(
    '/api/v1/links',
    {
      preValidation: allowed('link.manage'),
      schema: {
        tags: TAGS,
        summary: 'Add a link (Secretariat)',
        body: { ...linkBody, required: ['name', 'url', 'category'] },
        response: { 201: linkSchema, ...writeErrors },
      },
    },
    async (request, reply) => {
      const b = request.body;
      const link = await service.createLink(request.actor, {
        name: b.name ?? {},
        description: b.description ?? {},
        url: b.url ?? '',
        category: b.category ?? '',
        origLocale: b.origLocale ?? 'en',
        sortOrder: b.sortOrder ?? 0,
      });
      return reply.code(201).send(linkJson(link));
    },
  );

  app.patch<{ Body: LinkBody; Params: { id: number } }>(
    '/api/v1/links/:id',
    {
      preValidation: allowed('link.manage'),
      schema: {
        tags: TAGS,
        summary: 'Change a link (Secretariat)',
        params: idParams,
        body: linkBody,
        response: { 200: linkSchema, ...writeErrors },
      },
    },
    async (request) => {
      const b = request.body;
      const link = await service.updateLink(request.actor, request.params.id, {
        name: b.name,
        description: b.description,
        url: b.url,
        category: b.category,
        origLocale: b.origLocale,
        sortOrder: b.sortOrder,
      });
      return linkJson(link);
    },
  );

  app.delete<{ Params: { id: number } }>(
    '/api/v1/links/:id',
    {
      preValidation: allowed('link.manage'),
      schema: {
        tags: TAGS,
        summary: 'Remove a link (Secretariat); it can be restored in the app',
        params: idParams,
        response: { 204: { type: 'null' }, ...writeErrors },
      },
    },
    async (request, reply) => {
      await service.deleteLink(request.actor, request.params.id);
      return reply.code(204).send();
    },
  );
}
