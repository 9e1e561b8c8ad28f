import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppDeps } from '../../app.ts';
import type { News } from '../../db/schema.ts';
import { can } from '../../platform/auth/policy.ts';
import { NotFoundError, type ValidationError } from '../../platform/http/errors.ts';
import { intParam } from '../../platform/http/form.ts';
import { redirectLocal, render } from '../../platform/http/render.tsx';
import { pick } from '../../platform/i18n/format.ts';
import { removalRoutes, saveForm } from './editing-routes.tsx';
import { newsAtomFeed } from './feed.ts';
import { contentRepository } from './repository.ts';
import { localizedFrom, pageParam, requireManager, savedFlag } from './route-helpers.ts';
import { contentService, type NewsInput } from './service.ts';
import { AdminNewsList, NewsFormPage } from './views/admin.tsx';
import { NewsItemPage, NewsListPage } from './views/news.tsx';
import { type FormValues, localizedValues } from './views/shared.tsx';

export const NEWS_PER_PAGE = 10;
const ADMIN_PER_PAGE = 25;
const FEED_SIZE = 20;

type IdParams = { Params: { locale: string; id: string } };

function newsInput(values: FormValues): NewsInput {
  return {
    title: localizedFrom(values, 'title'),
    body: localizedFrom(values, 'body'),
    origLocale: values.orig_locale ?? 'en',
    published: values.published === 'on',
  };
}

function newsValues(n: News): FormValues {
  return {
    orig_locale: n.orig_locale,
    published: n.published_at ? 'on' : '',
    ...localizedValues('title', n.title),
    ...localizedValues('body', n.body),
  };
}

/** News: the public list, items and Atom feed, and the Secretariat's editing. */
export async function newsRoutes(app: FastifyInstance, { deps }: { deps: AppDeps }) {
  const repo = contentRepository(deps.db);
  const service = contentService(deps.db);

  app.get('/:locale/news', { schema: { hide: true } }, async (request, reply) => {
    const total = await repo.countPublishedNews();
    const pages = Math.max(1, Math.ceil(total / NEWS_PER_PAGE));
    const page = Math.min(pageParam(request.query), pages);
    const items = await repo.publishedNews((page - 1) * NEWS_PER_PAGE, NEWS_PER_PAGE);
    return render(
      request,
      reply,
      <NewsListPage items={items} page={page} pages={pages} canManage={can(request.actor, 'news.manage')} />,
    );
  });

  app.get('/:locale/news/feed.xml', { schema: { hide: true } }, async (request, reply) => {
    const items = await repo.latestNews(FEED_SIZE);
    const xml = newsAtomFeed({ baseUrl: deps.config.baseUrl, locale: request.locale, t: request.t, items });
    const etag = `W/"${createHash('sha1').update(xml).digest('base64url')}"`;
    reply.header('cache-control', 'public, max-age=300');
    reply.header('etag', etag);
    if (request.headers['if-none-match'] === etag) return reply.code(304).send();
    return reply.type('application/atom+xml; charset=utf-8').send(xml);
  });

  app.get<IdParams>('/:locale/news/:id', { schema: { hide: true } }, async (request, reply) => {
    const id = intParam(request.params.id);
    const item = id === null ? undefined : await repo.newsById(id);
    const canManage = can(request.actor, 'news.manage');
    if (!item || item.deleted_at || (!item.published_at && !canManage)) throw new NotFoundError();
    return render(request, reply, <NewsItemPage item={item} canManage={canManage} />);
  });

  // The Secretariat's editing

  app.get('/:locale/admin/news', { schema: { hide: true } }, async (request, reply) => {
    if (!requireManager(request, reply, 'news.manage')) return reply;
    const total = await repo.countAllNews();
    const pages = Math.max(1, Math.ceil(total / ADMIN_PER_PAGE));
    const page = Math.min(pageParam(request.query), pages);
    const items = await repo.allNews((page - 1) * ADMIN_PER_PAGE, ADMIN_PER_PAGE);
    return render(
      request,
      reply,
      <AdminNewsList items={items} page={page} pages={pages} saved={savedFlag(request.query)} />,
    );
  });

  function renderForm(
    request: FastifyRequest,
    reply: FastifyReply,
    id: number | null,
    values: FormValues,
    opts: { preview?: boolean; errors?: ValidationError } = {},
  ) {
    return render(
      request,
      reply,
      <NewsFormPage id={id} values={values} preview={!!opts.preview} errors={opts.errors?.errors} />,
      opts.errors ? 422 : 200,
    );
  }

  const handleSave = (request: FastifyRequest, reply: FastifyReply, id: number | null) =>
    saveForm(request, reply, {
      manage: 'news.manage',
      list: '/admin/news',
      previewable: true,
      render: (values, opts) => renderForm(request, reply, id, values, opts),
      save: (actor, values) =>
        id === null
          ? service.createNews(actor, newsInput(values))
          : service.updateNews(actor, id, newsInput(values), { replaceTexts: true }),
    });

  async function editable(idParam: string): Promise<News> {
    const id = intParam(idParam);
    const item = id === null ? undefined : await repo.newsById(id);
    if (!item || item.deleted_at) throw new NotFoundError();
    return item;
  }

  app.get('/:locale/admin/news/new', { schema: { hide: true } }, async (request, reply) => {
    if (!requireManager(request, reply, 'news.manage')) return reply;
    return renderForm(request, reply, null, { orig_locale: request.locale });
  });

  app.post('/:locale/admin/news/new', { schema: { hide: true } }, (request, reply) =>
    handleSave(request, reply, null),
  );

  app.get<IdParams>('/:locale/admin/news/:id/edit', { schema: { hide: true } }, async (request, reply) => {
    if (!requireManager(request, reply, 'news.manage')) return reply;
    const item = await editable(request.params.id);
    return renderForm(request, reply, item.id, newsValues(item));
  });

  app.post<IdParams>('/:locale/admin/news/:id/edit', { schema: { hide: true } }, async (request, reply) => {
    if (!requireManager(request, reply, 'news.manage')) return reply;
    const item = await editable(request.params.id);
    return handleSave(request, reply, item.id);
  });

  for (const published of [true, false]) {
    app.post<IdParams>(
      `/:locale/admin/news/:id/${published ? 'publish' : 'unpublish'}`,
      { schema: { hide: true } },
      async (request, reply) => {
        const actor = requireManager(request, reply, 'news.manage');
        if (!actor) return reply;
        const item = await editable(request.params.id);
        await service.setNewsPublished(actor, item.id, published);
        return redirectLocal(request, reply, '/admin/news?saved=1');
      },
    );
  }

  removalRoutes(app, {
    manage: 'news.manage',
    list: '/admin/news',
    heading: 'content.admin.deleteNewsHeading',
    editable,
    name: (item, locale) => pick(item.title, locale, item.orig_locale).text,
    remove: service.deleteNews,
    restore: service.restoreNews,
  });
}
