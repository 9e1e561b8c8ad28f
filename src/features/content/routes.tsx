import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../app.ts';
import { can } from '../../platform/auth/policy.ts';
import { render } from '../../platform/http/render.tsx';
import { parseLocalized } from '../../platform/i18n/format.ts';
import { registerAdminLink } from '../admin/links.ts';
import { contentApi } from './api.ts';
import { linkRoutes } from './links-routes.tsx';
import { newsRoutes } from './news-routes.tsx';
import { pageRoutes } from './pages-routes.tsx';
import { contentRepository } from './repository.ts';
import { collectSitemap, sitemapXml } from './sitemap.ts';
import { themeRoutes } from './themes-routes.tsx';
import { HomePage } from './views/home.tsx';
import { SitemapPage } from './views/sitemap.tsx';

/** How many news items the site map lists (the newest); older ones are reached through /news. */
const SITEMAP_NEWS = 1000;

// The Secretariat reaches the editing pages from the administration home page.
for (const [id, order, action] of [
  ['pages', 40, 'page.manage'],
  ['news', 41, 'news.manage'],
  ['themes', 42, 'theme.manage'],
  ['links', 43, 'link.manage'],
] as const) {
  registerAdminLink({
    id: `content-${id}`,
    label: `content.admin.${id}`,
    description: `content.admin.${id}Lead`,
    href: `/admin/${id}`,
    order,
    visible: (actor) => can(actor, action),
  });
}

/**
 * The site content feature: home page, pages and help manuals, news, priority themes, links,
 * site map, their editing by the Secretariat and their JSON API.
 */
export async function contentRoutes(app: FastifyInstance, { deps }: { deps: AppDeps }) {
  const repo = contentRepository(deps.db);
  deps.nav.push(
    { label: 'nav.home', href: '/', order: 0 },
    { label: 'content.nav.themes', href: '/themes', order: 70 },
    { label: 'content.nav.news', href: '/news', order: 80 },
  );
  deps.sitemap.push(
    {
      label: 'content.nav.themes',
      href: '/themes',
      order: 70,
      entries: async () =>
        (await repo.listThemes()).map((th) => ({
          path: `/themes/${th.code}`,
          title: parseLocalized(th.name),
          origLocale: th.orig_locale,
          lastmod: th.updated_at,
        })),
    },
    {
      label: 'content.nav.news',
      href: '/news',
      order: 80,
      entries: async () =>
        (await repo.latestNews(SITEMAP_NEWS)).map((n) => ({
          path: `/news/${n.id}`,
          title: parseLocalized(n.title),
          origLocale: n.orig_locale,
          lastmod: n.updated_at,
        })),
    },
    {
      label: 'content.sitemap.pages',
      order: 900,
      entries: async () =>
        (await repo.listPages({ publishedOnly: true, section: 'site' })).map((p) => ({
          path: p.slug === 'about' ? '/about' : `/pages/${p.slug}`,
          title: parseLocalized(p.title),
          origLocale: p.orig_locale,
          lastmod: p.updated_at,
        })),
    },
    {
      label: 'content.help.title',
      href: '/help',
      order: 910,
      entries: async () => {
        const manuals = await repo.manuals(true);
        const out = [];
        for (const m of manuals) {
          out.push({
            path: `/help/${m.slug}`,
            title: parseLocalized(m.title),
            origLocale: m.orig_locale,
            lastmod: m.updated_at,
          });
          for (const c of await repo.chapters(m.slug, true)) {
            out.push({
              path: `/help/${c.slug}`,
              title: parseLocalized(c.title),
              origLocale: c.orig_locale,
              lastmod: c.updated_at,
              parent: `/help/${m.slug}`,
            });
          }
        }
        return out;
      },
    },
    { label: 'content.links.title', href: '/links', order: 920, entries: async () => [] },
    { label: 'content.sitemap.title', href: '/sitemap', order: 990, entries: async () => [] },
  );

  app.get('/:locale', { schema: { hide: true } }, async (request, reply) => {
    const [themes, news, plan, declaration] = await Promise.all([
      repo.listThemes(),
      repo.latestNews(5),
      repo.pageBySlug('plan-of-action'),
      repo.pageBySlug('ilo-declaration'),
    ]);
    return render(
      request,
      reply,
      <HomePage
        themes={themes}
        news={news}
        plan={plan?.published ? plan : undefined}
        declaration={declaration?.published ? declaration : undefined}
      />,
    );
  });

  app.get('/:locale/sitemap', { schema: { hide: true } }, async (request, reply) => {
    const sections = await collectSitemap(deps);
    return render(request, reply, <SitemapPage sections={sections} />);
  });

  app.get('/sitemap.xml', { schema: { hide: true } }, async (request, reply) => {
    const xml = sitemapXml(deps.config.baseUrl, await collectSitemap(deps));
    const etag = `W/"${createHash('sha1').update(xml).digest('base64url')}"`;
    reply.header('cache-control', 'public, max-age=3600');
    reply.header('etag', etag);
    if (request.headers['if-none-match'] === etag) return reply.code(304).send();
    return reply.type('application/xml; charset=utf-8').send(xml);
  });

  await app.register(pageRoutes, { deps });
  await app.register(newsRoutes, { deps });
  await app.register(themeRoutes, { deps });
  await app.register(linkRoutes, { deps });
  await app.register(contentApi, { deps });
}
