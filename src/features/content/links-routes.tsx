import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppDeps } from '../../app.ts';
import type { Link } from '../../db/schema.ts';
import { can } from '../../platform/auth/policy.ts';
import { NotFoundError, type ValidationError } from '../../platform/http/errors.ts';
import { intParam } from '../../platform/http/form.ts';
import { render } from '../../platform/http/render.tsx';
import { pick } from '../../platform/i18n/format.ts';
import { removalRoutes, saveForm } from './editing-routes.tsx';
import { contentRepository } from './repository.ts';
import { formInt, localizedFrom, requireManager, savedFlag } from './route-helpers.ts';
import { contentService, type LinkInput } from './service.ts';
import { AdminLinksList, LinkFormPage } from './views/admin.tsx';
import { LinksPage } from './views/links.tsx';
import { type FormValues, localizedValues } from './views/shared.tsx';

type IdParams = { Params: { locale: string; id: string } };

function linkInput(values: FormValues): LinkInput {
  return {
    name: localizedFrom(values, 'name'),
    description: localizedFrom(values, 'description'),
    url: values.url ?? '',
    category: values.category ?? '',
    origLocale: values.orig_locale ?? 'en',
    sortOrder: formInt(values.sort_order),
  };
}

function linkValues(l: Link): FormValues {
  return {
    url: l.url,
    category: l.category,
    orig_locale: l.orig_locale,
    sort_order: String(l.sort_order),
    ...localizedValues('name', l.name),
    ...localizedValues('description', l.description),
  };
}

/** Links to international and regional organisations, and their upkeep by the Secretariat. */
export async function linkRoutes(app: FastifyInstance, { deps }: { deps: AppDeps }) {
  const repo = contentRepository(deps.db);
  const service = contentService(deps.db);

  app.get('/:locale/links', { schema: { hide: true } }, async (request, reply) => {
    const links = await repo.listLinks();
    return render(request, reply, <LinksPage links={links} canManage={can(request.actor, 'link.manage')} />);
  });

  app.get('/:locale/admin/links', { schema: { hide: true } }, async (request, reply) => {
    if (!requireManager(request, reply, 'link.manage')) return reply;
    const links = await repo.listAllLinks();
    return render(request, reply, <AdminLinksList links={links} saved={savedFlag(request.query)} />);
  });

  function renderForm(
    request: FastifyRequest,
    reply: FastifyReply,
    id: number | null,
    values: FormValues,
    errors?: ValidationError,
  ) {
    return render(
      request,
      reply,
      <LinkFormPage id={id} values={values} errors={errors?.errors} />,
      errors ? 422 : 200,
    );
  }

  async function editable(idParam: string): Promise<Link> {
    const id = intParam(idParam);
    const link = id === null ? undefined : await repo.linkById(id);
    if (!link || link.deleted_at) throw new NotFoundError();
    return link;
  }

  const handleSave = (request: FastifyRequest, reply: FastifyReply, id: number | null) =>
    saveForm(request, reply, {
      manage: 'link.manage',
      list: '/admin/links',
      render: (values, opts) => renderForm(request, reply, id, values, opts.errors),
      save: (actor, values) =>
        id === null
          ? service.createLink(actor, linkInput(values))
          : service.updateLink(actor, id, linkInput(values), { replaceTexts: true }),
    });

  app.get('/:locale/admin/links/new', { schema: { hide: true } }, async (request, reply) => {
    if (!requireManager(request, reply, 'link.manage')) return reply;
    return renderForm(request, reply, null, { orig_locale: request.locale, category: 'international' });
  });

  app.post('/:locale/admin/links/new', { schema: { hide: true } }, (request, reply) =>
    handleSave(request, reply, null),
  );

  app.get<IdParams>('/:locale/admin/links/:id/edit', { schema: { hide: true } }, async (request, reply) => {
    if (!requireManager(request, reply, 'link.manage')) return reply;
    const link = await editable(request.params.id);
    return renderForm(request, reply, link.id, linkValues(link));
  });

  app.post<IdParams>('/:locale/admin/links/:id/edit', { schema: { hide: true } }, async (request, reply) => {
    if (!requireManager(request, reply, 'link.manage')) return reply;
    const link = await editable(request.params.id);
    return handleSave(request, reply, link.id);
  });

  removalRoutes(app, {
    manage: 'link.manage',
    list: '/admin/links',
    heading: 'content.admin.deleteLinkHeading',
    editable,
    name: (link, locale) => pick(link.name, locale, link.orig_locale).text,
    remove: service.deleteLink,
    restore: service.restoreLink,
  });
}
