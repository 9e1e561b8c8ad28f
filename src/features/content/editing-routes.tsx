import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from '../../platform/auth/actor.ts';
import type { Action } from '../../platform/auth/policy.ts';
import { NotFoundError, ValidationError } from '../../platform/http/errors.ts';
import { intParam } from '../../platform/http/form.ts';
import { redirectLocal, render } from '../../platform/http/render.tsx';
import type { Locale } from '../../platform/i18n/locales.ts';
import { formValues, requireManager } from './route-helpers.ts';
import { ConfirmDeletePage } from './views/admin.tsx';
import type { FormValues } from './views/shared.tsx';

/**
 * The Secretariat's editing routes that have the same shape for every kind of content: saving a
 * form, and removing and restoring a record.
 */

/** Shows a kind's form with the values as typed, and a preview or errors when there are some. */
export type FormRender = (
  values: FormValues,
  opts: { preview?: boolean; errors?: ValidationError },
) => FastifyReply | Promise<FastifyReply>;

/**
 * Saves a submitted form with `save`. A preview (`previewable` forms) or bad input shows the form
 * again, the errors with status 422; a saved form leads back to the list with a notice.
 */
export async function saveForm(
  request: FastifyRequest,
  reply: FastifyReply,
  opts: {
    manage: Action;
    list: string;
    previewable?: boolean;
    render: FormRender;
    save(actor: Actor, values: FormValues): Promise<unknown>;
  },
) {
  const actor = requireManager(request, reply, opts.manage);
  if (!actor) return reply;
  const values = formValues(request.body);
  if (opts.previewable && values.intent === 'preview') return opts.render(values, { preview: true });
  try {
    await opts.save(actor, values);
  } catch (err) {
    if (err instanceof ValidationError) return opts.render(values, { errors: err });
    throw err;
  }
  return redirectLocal(request, reply, `${opts.list}?saved=1`);
}

type IdParams = { Params: { locale: string; id: string } };

/**
 * `<list>/:id/delete` (a page that asks first, then the removal) and `<list>/:id/restore` for a
 * kind that is soft-deleted. `editable` finds a record that is there and not removed, or 404.
 */
export function removalRoutes<Row extends { id: number }>(
  app: FastifyInstance,
  opts: {
    manage: Action;
    list: string;
    /** Message key of the confirmation page's heading. */
    heading: string;
    editable(idParam: string): Promise<Row>;
    name(row: Row, locale: Locale): string;
    remove(actor: Actor, id: number): Promise<unknown>;
    restore(actor: Actor, id: number): Promise<unknown>;
  },
) {
  const { manage, list } = opts;

  app.get<IdParams>(`/:locale${list}/:id/delete`, { schema: { hide: true } }, async (request, reply) => {
    if (!requireManager(request, reply, manage)) return reply;
    const row = await opts.editable(request.params.id);
    return render(
      request,
      reply,
      <ConfirmDeletePage
        heading={request.t(opts.heading)}
        name={opts.name(row, request.locale)}
        action={`${list}/${row.id}/delete`}
        cancel={list}
      />,
    );
  });

  app.post<IdParams>(`/:locale${list}/:id/delete`, { schema: { hide: true } }, async (request, reply) => {
    const actor = requireManager(request, reply, manage);
    if (!actor) return reply;
    const row = await opts.editable(request.params.id);
    await opts.remove(actor, row.id);
    return redirectLocal(request, reply, `${list}?saved=deleted`);
  });

  app.post<IdParams>(`/:locale${list}/:id/restore`, { schema: { hide: true } }, async (request, reply) => {
    const actor = requireManager(request, reply, manage);
    if (!actor) return reply;
    const id = intParam(request.params.id);
    if (id === null) throw new NotFoundError();
    await opts.restore(actor, id);
    return redirectLocal(request, reply, `${list}?saved=restored`);
  });
}
