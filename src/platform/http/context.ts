import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Config } from '../../config.ts';
import type { Db } from '../../db/connection.ts';
import type { NavItem, PageContext } from '../../views/context.ts';
import { type Actor, actorFromUser } from '../auth/actor.ts';
import { userForApiToken } from '../auth/api-tokens.ts';
import { randomToken, safeEqual } from '../auth/crypto.ts';
import { type LoadedSession, loadSession, SESSION_COOKIE } from '../auth/sessions.ts';
import { type Translate, translator } from '../i18n/catalog.ts';
import { isLocale, type Locale, negotiateLocale } from '../i18n/locales.ts';
import { getAssets } from './assets.ts';
import { HttpError } from './errors.ts';

export const CSRF_COOKIE = 'sismel_csrf';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
    /** The session, also when it is half-way through two-factor sign-in. */
    session: LoadedSession | null;
    /** True when the request authenticated with a personal API token. */
    viaToken: boolean;
    locale: Locale;
    t: Translate;
    /** Path without the locale prefix. */
    localPath: string;
    /** Unread notifications of the signed-in user, for the header (pages only; capped). */
    unreadNotifications: number | null;
  }
}

/** The header shows "99+" beyond this; counting stops there so the query stays cheap. */
export const UNREAD_CAP = 100;

/** One-click unsubscribe links are authenticated by their signed token (see features/notifications). */
const CSRF_EXEMPT = /^\/(en|es|fr|pt)\/notifications\/unsubscribe\/[A-Za-z0-9_.-]+$/;

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function splitLocale(url: string): { locale: Locale | null; path: string; search: string } {
  const q = url.indexOf('?');
  const pathname = q === -1 ? url : url.slice(0, q);
  const search = q === -1 ? '' : url.slice(q);
  const m = /^\/(en|es|fr|pt)(\/.*)?$/.exec(pathname);
  if (m) return { locale: m[1] as Locale, path: m[2] || '/', search };
  return { locale: null, path: pathname, search };
}

export interface ContextOptions {
  db: Db;
  config: Config;
  nav: NavItem[];
}

/** Resolves who is asking and in which language, and checks CSRF on every unsafe request. */
export const requestContext = fp(async (app: FastifyInstance, opts: ContextOptions) => {
  const { db, config } = opts;
  const timeouts = { idleMinutes: config.sessionIdleMinutes, absoluteHours: config.sessionAbsoluteHours };
  app.decorateRequest('actor', null);
  app.decorateRequest('session', null);
  app.decorateRequest('viaToken', false);
  app.decorateRequest('locale', 'en');
  app.decorateRequest('t', undefined as unknown as Translate);
  app.decorateRequest('localPath', '/');
  app.decorateRequest('unreadNotifications', null);

  app.addHook('onRequest', async (request) => {
    const { locale, path } = splitLocale(request.url);
    request.localPath = path;

    const auth = request.headers.authorization;
    if (auth?.startsWith('Bearer ')) {
      const user = await userForApiToken(db, auth.slice(7).trim());
      if (!user) throw new HttpError(401, 'error.badToken');
      request.actor = actorFromUser(user);
      request.viaToken = true;
    } else {
      const token = request.cookies[SESSION_COOKIE];
      if (token) {
        const session = await loadSession(db, token, timeouts);
        request.session = session;
        if (session?.stage === 'full') request.actor = actorFromUser(session.user);
      }
    }
    request.locale =
      locale ??
      (request.actor?.locale as Locale | undefined) ??
      negotiateLocale(request.headers['accept-language']);
    if (!isLocale(request.locale)) request.locale = 'en';
    request.t = translator(request.locale);

    // The header's unread count: pages (locale prefix) for signed-in users only, one indexed query.
    if (request.actor && locale && request.method === 'GET') {
      const rows = await db
        .selectFrom('notifications')
        .select('id')
        .where('user_id', '=', request.actor.id)
        .where('read_at', 'is', null)
        .limit(UNREAD_CAP)
        .execute();
      request.unreadNotifications = rows.length;
    }
  });

  app.addHook('preHandler', async (request) => {
    if (!UNSAFE.has(request.method) || request.viaToken) return;
    // RFC 8058 one-click unsubscribe: mail clients POST without cookies; the URL's token is the proof.
    if (request.method === 'POST' && CSRF_EXEMPT.test(request.url)) return;
    const expected = request.session?.csrf ?? request.cookies[CSRF_COOKIE];
    const body = request.body as Record<string, unknown> | undefined;
    const sent =
      (typeof body?._csrf === 'string' ? body._csrf : undefined) ??
      (request.headers['x-csrf-token'] as string | undefined) ??
      ((request.query as Record<string, unknown>)?._csrf as string | undefined);
    if (!expected || !sent || !safeEqual(expected, sent)) throw new HttpError(403, 'error.csrf');
  });
});

/** What a page needs to render. The CSRF token is issued only if the page has a form. */
export function pageContext(
  request: FastifyRequest,
  reply: FastifyReply,
  nav: NavItem[],
  siteName: string,
): PageContext & { csrfUsed: boolean } {
  const { path, search } = splitLocale(request.url);
  let csrf: string | undefined;
  const ctx = {
    locale: request.locale,
    t: request.t,
    actor: request.actor,
    path,
    search,
    requestId: request.id,
    assets: getAssets(),
    nav,
    siteName,
    unreadNotifications: request.unreadNotifications,
    csrfUsed: false,
    get csrf(): string {
      if (csrf) return csrf;
      ctx.csrfUsed = true;
      csrf = request.session?.csrf ?? request.cookies[CSRF_COOKIE];
      if (!csrf) {
        csrf = randomToken(24);
        reply.setCookie(CSRF_COOKIE, csrf, {
          path: '/',
          httpOnly: true,
          sameSite: 'lax',
          secure: request.server.deps.config.secureCookies,
        });
      }
      return csrf;
    },
  };
  return ctx;
}
