import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppDeps } from '../../app.ts';
import { ValidationError } from '../../platform/http/errors.ts';
import { intParam, str } from '../../platform/http/form.ts';
import { loginRedirect } from '../../platform/http/guards.ts';
import { redirectLocal, render } from '../../platform/http/render.tsx';
import { notificationsApi } from './api.ts';
import { ensureDigestScheduled, registerNotificationJobs } from './jobs.ts';
import { kindLabel } from './mail.ts';
import { notificationKind, notificationService } from './service.ts';
import { ALL_KINDS, verifyUnsubscribeToken } from './tokens.ts';
import { CentrePage, PreferencesPage, UnsubscribePage } from './views/centre.tsx';

type Params = { locale: string; id?: string; token?: string };

function signedIn(request: FastifyRequest, reply: FastifyReply) {
  if (!request.actor) {
    reply.redirect(loginRedirect(request), 303);
    return null;
  }
  return request.actor;
}

/**
 * The notification centre, the preferences, the one-click unsubscribe pages, the API and the
 * background jobs that send e-mails and digests.
 */
export async function notificationsRoutes(app: FastifyInstance, { deps }: { deps: AppDeps }) {
  const service = notificationService(deps.db);
  const settings = { baseUrl: deps.config.baseUrl, secret: deps.config.sessionSecret };
  registerNotificationJobs(deps.jobs, deps.db, settings);
  await ensureDigestScheduled(deps.db);

  app.get<{ Params: Params; Querystring: { page?: string; unread?: string; done?: string } }>(
    '/:locale/notifications',
    async (request, reply) => {
      const actor = signedIn(request, reply);
      if (!actor) return reply;
      const unreadOnly = request.query.unread === '1';
      const result = await service.list(actor, {
        unreadOnly,
        page: intParam(request.query.page) ?? 1,
      });
      return render(
        request,
        reply,
        <CentrePage
          {...result}
          unreadOnly={unreadOnly}
          notice={request.query.done === 'all' ? 'allRead' : null}
        />,
      );
    },
  );

  app.post<{ Params: Params }>('/:locale/notifications/:id/open', async (request, reply) => {
    const actor = signedIn(request, reply);
    if (!actor) return reply;
    const id = intParam(request.params.id);
    if (id === null) return reply.callNotFound();
    const n = await service.markRead(actor, id);
    return redirectLocal(request, reply, n.url);
  });

  app.post<{ Params: Params }>('/:locale/notifications/read-all', async (request, reply) => {
    const actor = signedIn(request, reply);
    if (!actor) return reply;
    await service.markAllRead(actor);
    return redirectLocal(request, reply, '/notifications?done=all');
  });

  app.get<{ Params: Params; Querystring: { saved?: string } }>(
    '/:locale/notifications/preferences',
    async (request, reply) => {
      const actor = signedIn(request, reply);
      if (!actor) return reply;
      const prefs = await service.preferences(actor);
      return render(request, reply, <PreferencesPage prefs={prefs} saved={request.query.saved === '1'} />);
    },
  );

  app.post<{ Params: Params }>('/:locale/notifications/preferences', async (request, reply) => {
    const actor = signedIn(request, reply);
    if (!actor) return reply;
    const current = await service.preferences(actor);
    const changes = current
      .map((p) => ({ kind: p.kind, frequency: str(request.body, `pref.${p.kind}`) }))
      .filter((c) => c.frequency !== '');
    try {
      await service.setPreferences(actor, changes);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      const submitted = new Map(changes.map((c) => [c.kind, c.frequency]));
      const prefs = current.map((p) => {
        const f = submitted.get(p.kind);
        return { kind: p.kind, frequency: (f as typeof p.frequency | undefined) ?? p.frequency };
      });
      return render(request, reply, <PreferencesPage prefs={prefs} errors={err.errors} />, 422);
    }
    return redirectLocal(request, reply, '/notifications/preferences?saved=1');
  });

  /** Turned off already? Then the page says so instead of asking again. */
  async function isOff(userId: number, kind: string): Promise<boolean> {
    const prefs = await service.preferences({ id: userId });
    const relevant = kind === ALL_KINDS ? prefs : prefs.filter((p) => p.kind === kind);
    return relevant.length > 0 && relevant.every((p) => p.frequency === 'off');
  }

  function labelFor(request: FastifyRequest, kind: string): string | null {
    return kind === ALL_KINDS ? null : kindLabel(request.t, kind);
  }

  app.get<{ Params: Params }>('/:locale/notifications/unsubscribe/:token', async (request, reply) => {
    const token = request.params.token ?? '';
    const target = verifyUnsubscribeToken(deps.config.sessionSecret, token);
    if (!target || (target.kind !== ALL_KINDS && !notificationKind(target.kind))) {
      return render(request, reply, <UnsubscribePage token="" label={null} done={false} invalid />, 404);
    }
    const done = await isOff(target.userId, target.kind);
    reply.header('referrer-policy', 'no-referrer');
    return render(
      request,
      reply,
      <UnsubscribePage token={token} label={labelFor(request, target.kind)} done={done} invalid={false} />,
    );
  });

  // Authenticated by the signed token alone: no session and no CSRF token (the CSRF check in
  // platform/http/context.ts exempts exactly this route), so that mail clients can unsubscribe
  // in one click (RFC 8058 `List-Unsubscribe-Post: List-Unsubscribe=One-Click`).
  app.post<{ Params: Params }>('/:locale/notifications/unsubscribe/:token', async (request, reply) => {
    const token = request.params.token ?? '';
    const target = verifyUnsubscribeToken(deps.config.sessionSecret, token);
    const oneClick = str(request.body, 'List-Unsubscribe') === 'One-Click';
    if (!target || !(await service.unsubscribe(target.userId, target.kind))) {
      if (oneClick)
        return reply
          .code(404)
          .type('text/plain; charset=utf-8')
          .send(request.t('notifications.unsub.invalid'));
      return render(request, reply, <UnsubscribePage token="" label={null} done={false} invalid />, 404);
    }
    if (oneClick) {
      return reply
        .code(200)
        .type('text/plain; charset=utf-8')
        .send(
          target.kind === ALL_KINDS
            ? request.t('notifications.unsub.doneAll')
            : request.t('notifications.unsub.doneKind', { kind: labelFor(request, target.kind) ?? '' }),
        );
    }
    return redirectLocal(request, reply, `/notifications/unsubscribe/${token}`);
  });

  await app.register(notificationsApi, { deps });
}
