import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppDeps } from '../../app.ts';
import type { ContentPage } from '../../db/schema.ts';
import { can } from '../../platform/auth/policy.ts';
import { NotFoundError, type ValidationError } from '../../platform/http/errors.ts';
import { render } from '../../platform/http/render.tsx';
import { formInt, localizedFrom, requireManager, savedFlag } from './route-helpers.ts';
import { saveForm } from './editing-routes.tsx';
import { contentRepository } from './repository.ts';
import { contentService, type PageInput } from './service.ts';
import { AdminContentIndex, AdminPagesList, PageFormPage } from './views/admin.tsx';
import { ContentPageView, HelpIndex, HelpPageView, HelpPrintView } from './views/pages.tsx';
import { type FormValues, localizedValues } from './views/shared.tsx';

type SlugParams = { Params: { locale: string; slug: string } };

function pageInput(values: FormValues, slug: string): PageInput {
  return {
    slug,
    section: values.section ?? 'site',
    parentSlug: values.parent_slug || null,
    title: localizedFrom(values, 'title'),
    body: localizedFrom(values, 'body'),
    origLocale: values.orig_locale ?? 'en',
    sortOrder: formInt(values.sort_order),
    published: values.published === 'on',
  };
}

function pageValues(p: ContentPage): FormValues {
  return {
    slug: p.slug,
    section: p.section,
    parent_slug: p.parent_slug ?? '',
    orig_locale: p.orig_locale,
    sort_order: String(p.sort_order),
    published: p.published ? 'on' : '',
    ...localizedValues('title', p.title),
    ...localizedValues('body', p.body),
  };
}

/** Content pages, the About page, the help manuals and their editing by the Secretariat. */
export async function pageRoutes(app: FastifyInstance, { deps }: { deps: AppDeps }) {
  const repo = contentRepository(deps.db);
  const service = contentService(deps.db);

  /** A page anyone may read, or one the Secretariat is preparing; otherwise 404. */
  async function visiblePage(request: FastifyRequest, slug: string): Promise<ContentPage> {
    const page = await repo.pageBySlug(slug);
    if (!page || (!page.published && !can(request.actor, 'page.manage'))) throw new NotFoundError();
    return page;
  }

  async function showPage(request: FastifyRequest, reply: FastifyReply, slug: string) {
    const page = await visiblePage(request, slug);
    if (page.section === 'help') return reply.redirect(`/${request.locale}/help/${slug}`, 301);
    return render(
      request,
      reply,
      <ContentPageView page={page} canManage={can(request.actor, 'page.manage')} />,
    );
  }

  app.get('/:locale/about', { schema: { hide: true } }, (request, reply) =>
    showPage(request, reply, 'about'),
  );

  app.get<SlugParams>('/:locale/pages/:slug', { schema: { hide: true } }, async (request, reply) => {
    if (request.params.slug === 'about') return reply.redirect(`/${request.locale}/about`, 301);
    return showPage(request, reply, request.params.slug);
  });

  // Help manuals

  app.get('/:locale/help', { schema: { hide: true } }, async (request, reply) => {
    const publishedOnly = !can(request.actor, 'page.manage');
    const manuals = await repo.manuals(publishedOnly);
    const withChapters = await Promise.all(
      manuals.map(async (manual) => ({ manual, chapters: await repo.chapters(manual.slug, publishedOnly) })),
    );
    return render(request, reply, <HelpIndex manuals={withChapters} />);
  });

  /** The manual a help page belongs to, with its chapters in order. */
  async function manualOf(request: FastifyRequest, slug: string) {
    const current = await visiblePage(request, slug);
    if (current.section !== 'help') return { current, manual: null, chapters: [] };
    const manual = current.parent_slug ? await visiblePage(request, current.parent_slug) : current;
    const chapters = await repo.chapters(manual.slug, !can(request.actor, 'page.manage'));
    return { current, manual, chapters };
  }

  app.get<SlugParams>('/:locale/help/:slug', { schema: { hide: true } }, async (request, reply) => {
    const { current, manual, chapters } = await manualOf(request, request.params.slug);
    if (!manual) return reply.redirect(`/${request.locale}/pages/${current.slug}`, 301);
    return render(
      request,
      reply,
      <HelpPageView
        manual={manual}
        chapters={chapters}
        current={current}
        canManage={can(request.actor, 'page.manage')}
      />,
    );
  });

  app.get<SlugParams>('/:locale/help/:slug/print', { schema: { hide: true } }, async (request, reply) => {
    const { manual, chapters } = await manualOf(request, request.params.slug);
    if (!manual) throw new NotFoundError();
    return render(request, reply, <HelpPrintView manual={manual} chapters={chapters} />);
  });

  // The Secretariat's editing

  app.get('/:locale/admin/content', { schema: { hide: true } }, async (request, reply) => {
    if (!requireManager(request, reply, 'page.manage')) return reply;
    return render(request, reply, <AdminContentIndex />);
  });

  app.get('/:locale/admin/pages', { schema: { hide: true } }, async (request, reply) => {
    if (!requireManager(request, reply, 'page.manage')) return reply;
    const pages = await repo.listPages({ publishedOnly: false });
    return render(request, reply, <AdminPagesList pages={pages} saved={savedFlag(request.query)} />);
  });

  async function renderForm(
    request: FastifyRequest,
    reply: FastifyReply,
    slug: string | null,
    values: FormValues,
    opts: { preview?: boolean; errors?: ValidationError } = {},
  ) {
    const manuals = await repo.manuals(false);
    return render(
      request,
      reply,
      <PageFormPage
        slug={slug}
        values={values}
        preview={!!opts.preview}
        errors={opts.errors?.errors}
        manuals={manuals}
      />,
      opts.errors ? 422 : 200,
    );
  }

  const handleSave = (request: FastifyRequest, reply: FastifyReply, existingSlug: string | null) =>
    saveForm(request, reply, {
      manage: 'page.manage',
      list: '/admin/pages',
      previewable: true,
      render: (values, opts) => renderForm(request, reply, existingSlug, values, opts),
      save: (actor, values) =>
        service.savePage(actor, pageInput(values, existingSlug ?? (values.slug ?? '').trim()), {
          existingSlug,
        }),
    });

  app.get('/:locale/admin/pages/new', { schema: { hide: true } }, async (request, reply) => {
    if (!requireManager(request, reply, 'page.manage')) return reply;
    const query = request.query as Record<string, string | undefined>;
    return renderForm(request, reply, null, {
      section: query.section === 'help' ? 'help' : 'site',
      parent_slug: query.parent ?? '',
      orig_locale: request.locale,
    });
  });

  app.post('/:locale/admin/pages/new', { schema: { hide: true } }, (request, reply) =>
    handleSave(request, reply, null),
  );

  app.get<SlugParams>(
    '/:locale/admin/pages/:slug/edit',
    { schema: { hide: true } },
    async (request, reply) => {
      if (!requireManager(request, reply, 'page.manage')) return reply;
      const page = await repo.pageBySlug(request.params.slug);
      if (!page) throw new NotFoundError();
      return renderForm(request, reply, page.slug, pageValues(page));
    },
  );

  app.post<SlugParams>('/:locale/admin/pages/:slug/edit', { schema: { hide: true } }, (request, reply) =>
    handleSave(request, reply, request.params.slug),
  );
}
