import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppDeps } from '../../app.ts';
import type { Link } from '../../db/schema.ts';
import { can } from '../../platform/auth/policy.ts';
import { NotFoundError, ValidationError } from '../../platform/http/errors.ts';
import { intParam } from '../../platform/http/form.ts';
import { redirectLocal, render } from '../../platform/http/render.tsx';
import { pick } from '../../platform/i18n/format.ts';
import { contentRepository } from './repository.ts';
import { formInt, formValues, localizedFrom, requireManager, savedFlag } from './route-helpers.ts';
import { contentService, type LinkInput } from './service.ts';
import { AdminLinksList, ConfirmDeletePage, LinkFormPage } from './views/admin.tsx';
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

  async function handleSave(request: FastifyRequest, reply: FastifyReply, id: number | null) {
    const actor = requireManager(request, reply, 'link.manage');
    if (!actor) return reply;
    const values = formValues(request.body);
    try {
      if (id === null) await service.createLink(actor, linkInput(values));
      else await service.updateLink(actor, id, linkInput(values), { replaceTexts: true });
    } catch (err) {
      if (err instanceof ValidationError) return renderForm(request, reply, id, values, err);
      throw err;
    }
    return redirectLocal(request, reply, '/admin/links?saved=1');
  }

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

  app.get<IdParams>('/:locale/admin/links/:id/delete', { schema: { hide: true } }, async (request, reply) => {
    if (!requireManager(request, reply, 'link.manage')) return reply;
    const link = await editable(request.params.id);
    return render(
      request,
      reply,
      <ConfirmDeletePage
        heading={request.t('content.admin.deleteLinkHeading')}
        name={pick(link.name, request.locale, link.orig_locale).text}
        action={`/admin/links/${link.id}/delete`}
        cancel="/admin/links"
      />,
    );
  });

  app.post<IdParams>(
    '/:locale/admin/links/:id/delete',
    { schema: { hide: true } },
    async (request, reply) => {
      const actor = requireManager(request, reply, 'link.manage');
      if (!actor) return reply;
      const link = await editable(request.params.id);
      await service.deleteLink(actor, link.id);
      return redirectLocal(request, reply, '/admin/links?saved=deleted');
    },
  );

  app.post<IdParams>(
    '/:locale/admin/links/:id/restore',
    { schema: { hide: true } },
    async (request, reply) => {
      const actor = requireManager(request, reply, 'link.manage');
      if (!actor) return reply;
      const id = intParam(request.params.id);
      if (id === null) throw new NotFoundError();
      await service.restoreLink(actor, id);
      return redirectLocal(request, reply, '/admin/links?saved=restored');
    },
  );
}
