import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ComponentChildren } from 'preact';
import type { AppDeps } from '../../app.ts';
import type { Theme } from '../../db/schema.ts';
import { can } from '../../platform/auth/policy.ts';
import { NotFoundError, type ValidationError } from '../../platform/http/errors.ts';
import { render } from '../../platform/http/render.tsx';
import { saveForm } from './editing-routes.tsx';
import { contentRepository } from './repository.ts';
import { formInt, localizedFrom, requireManager, savedFlag } from './route-helpers.ts';
import { contentService, type ThemeInput } from './service.ts';
import { AdminThemesList, ThemeFormPage } from './views/admin.tsx';
import { type FormValues, localizedValues } from './views/shared.tsx';
import { ThemePage, ThemesPage } from './views/themes.tsx';

type CodeParams = { Params: { locale: string; code: string } };

function themeInput(values: FormValues, code: string): ThemeInput {
  return {
    code,
    name: localizedFrom(values, 'name'),
    description: localizedFrom(values, 'description'),
    origLocale: values.orig_locale ?? 'en',
    sortOrder: formInt(values.sort_order),
    active: values.active === 'on',
  };
}

function themeValues(th: Theme): FormValues {
  return {
    code: th.code,
    orig_locale: th.orig_locale,
    sort_order: String(th.sort_order),
    active: th.active ? 'on' : '',
    ...localizedValues('name', th.name),
    ...localizedValues('description', th.description),
  };
}

/** The priority themes of the Conference: list, theme pages and the Secretariat's editing. */
export async function themeRoutes(app: FastifyInstance, { deps }: { deps: AppDeps }) {
  const repo = contentRepository(deps.db);
  const service = contentService(deps.db);

  app.get('/:locale/themes', { schema: { hide: true } }, async (request, reply) => {
    const themes = await repo.listThemes();
    return render(
      request,
      reply,
      <ThemesPage themes={themes} canManage={can(request.actor, 'theme.manage')} />,
    );
  });

  app.get<CodeParams>('/:locale/themes/:code', { schema: { hide: true } }, async (request, reply) => {
    const theme = await repo.themeByCode(request.params.code);
    const canManage = can(request.actor, 'theme.manage');
    if (!theme || (!theme.active && !canManage)) throw new NotFoundError();
    // Each feature that tags its items with themes contributes a section (deps.themeSections).
    const ctx = { theme: { id: theme.id, code: theme.code }, actor: request.actor, locale: request.locale };
    const loaded = await Promise.all(
      [...deps.themeSections]
        .sort((a, b) => a.order - b.order)
        .map(async (s) => ({ key: s.key, content: (await s.load(ctx)) as ComponentChildren })),
    );
    const sections = loaded.filter(
      (s) => s.content !== null && s.content !== undefined && s.content !== false,
    );
    return render(request, reply, <ThemePage theme={theme} sections={sections} canManage={canManage} />);
  });

  // The Secretariat's editing

  app.get('/:locale/admin/themes', { schema: { hide: true } }, async (request, reply) => {
    if (!requireManager(request, reply, 'theme.manage')) return reply;
    const themes = await repo.listAllThemes();
    return render(request, reply, <AdminThemesList themes={themes} saved={savedFlag(request.query)} />);
  });

  function renderForm(
    request: FastifyRequest,
    reply: FastifyReply,
    code: string | null,
    values: FormValues,
    errors?: ValidationError,
  ) {
    return render(
      request,
      reply,
      <ThemeFormPage code={code} values={values} errors={errors?.errors} />,
      errors ? 422 : 200,
    );
  }

  const handleSave = (request: FastifyRequest, reply: FastifyReply, code: string | null) =>
    saveForm(request, reply, {
      manage: 'theme.manage',
      list: '/admin/themes',
      render: (values, opts) => renderForm(request, reply, code, values, opts.errors),
      save: (actor, values) =>
        code === null
          ? service.createTheme(actor, themeInput(values, (values.code ?? '').trim()))
          : service.updateTheme(actor, code, themeInput(values, code), { replaceTexts: true }),
    });

  app.get('/:locale/admin/themes/new', { schema: { hide: true } }, async (request, reply) => {
    if (!requireManager(request, reply, 'theme.manage')) return reply;
    return renderForm(request, reply, null, { orig_locale: request.locale, active: 'on' });
  });

  app.post('/:locale/admin/themes/new', { schema: { hide: true } }, (request, reply) =>
    handleSave(request, reply, null),
  );

  app.get<CodeParams>(
    '/:locale/admin/themes/:code/edit',
    { schema: { hide: true } },
    async (request, reply) => {
      if (!requireManager(request, reply, 'theme.manage')) return reply;
      const theme = await repo.themeByCode(request.params.code);
      if (!theme) throw new NotFoundError();
      return renderForm(request, reply, theme.code, themeValues(theme));
    },
  );

  app.post<CodeParams>('/:locale/admin/themes/:code/edit', { schema: { hide: true } }, (request, reply) =>
    handleSave(request, reply, request.params.code),
  );
}
