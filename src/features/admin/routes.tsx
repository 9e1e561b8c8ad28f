import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppDeps } from '../../app.ts';
import { ForbiddenError } from '../../platform/auth/policy.ts';
import { NotFoundError, ValidationError } from '../../platform/http/errors.ts';
import { intParam } from '../../platform/http/form.ts';
import { loginRedirect } from '../../platform/http/guards.ts';
import { render } from '../../platform/http/render.tsx';
import { OAS_MEMBER_STATES } from '../countries/reference-data.ts';
import { adminApi } from './api.ts';
import { adminLinksFor, canSeeAdmin } from './links.ts';
import {
  type AuditQuery,
  auditFilterChoices,
  browseAudit,
  browseOutbox,
  isOutboxStatus,
  outboxMessage,
  pageNumber,
} from './service.ts';
import { AdminHomePage } from './views/admin-home.tsx';
import { AuditPage } from './views/audit.tsx';
import { OutboxMessagePage, OutboxPage } from './views/outbox.tsx';

type Query = Record<string, string | undefined>;

export async function adminRoutes(app: FastifyInstance, { deps }: { deps: AppDeps }) {
  deps.nav.push({ label: 'admin.nav', href: '/admin', order: 90, visible: canSeeAdmin });
  await app.register(adminApi, { deps });

  /** Anonymous visitors sign in first; signed-in people without the right get 403. */
  function signedIn(request: FastifyRequest, reply: FastifyReply): boolean {
    if (request.actor) return true;
    reply.redirect(loginRedirect(request), 303);
    return false;
  }

  const countries = OAS_MEMBER_STATES.map((c) => c.iso3);

  app.get('/:locale/admin', { schema: { hide: true } }, async (request, reply) => {
    if (!signedIn(request, reply)) return reply;
    if (!canSeeAdmin(request.actor)) throw new ForbiddenError('audit.read');
    return render(request, reply, <AdminHomePage links={adminLinksFor(request.actor!)} />);
  });

  app.get<{ Querystring: Query }>(
    '/:locale/admin/audit',
    { schema: { hide: true } },
    async (request, reply) => {
      if (!signedIn(request, reply)) return reply;
      const q = request.query;
      const query: AuditQuery = {
        actor: q.actor,
        action: q.action,
        objectType: q.objectType,
        country: q.country,
        from: q.from,
        to: q.to,
      };
      const choices = await auditFilterChoices(deps, request.actor);
      try {
        const result = await browseAudit(deps, request.actor, query, pageNumber(q.page));
        return render(
          request,
          reply,
          <AuditPage query={query} {...choices} countries={countries} result={result} />,
        );
      } catch (err) {
        if (!(err instanceof ValidationError)) throw err;
        return render(
          request,
          reply,
          <AuditPage query={query} {...choices} countries={countries} errors={err.errors} />,
          422,
        );
      }
    },
  );

  app.get<{ Querystring: Query }>(
    '/:locale/admin/outbox',
    { schema: { hide: true } },
    async (request, reply) => {
      if (!signedIn(request, reply)) return reply;
      const status = isOutboxStatus(request.query.status) ? request.query.status : undefined;
      const result = await browseOutbox(deps, request.actor, status, pageNumber(request.query.page));
      return render(request, reply, <OutboxPage status={status} result={result} />);
    },
  );

  app.get<{ Params: { id: string } }>(
    '/:locale/admin/outbox/:id',
    { schema: { hide: true } },
    async (request, reply) => {
      if (!signedIn(request, reply)) return reply;
      const id = intParam(request.params.id);
      if (id === null) throw new NotFoundError();
      const message = await outboxMessage(deps, request.actor, id);
      return render(request, reply, <OutboxMessagePage message={message} />);
    },
  );
}
