import type { FastifyRequest } from 'fastify';
import type { Actor } from '../auth/actor.ts';
import { HttpError } from './errors.ts';

/**
 * The signed-in actor, or a 401 (API) / redirect-worthy 403 (pages). Pages that need a user call
 * `requireActorOrLogin` from their routes instead, to send the visitor to the sign-in page.
 */
export function requireActor(request: FastifyRequest): Actor {
  if (!request.actor) throw new HttpError(401, 'error.unauthorized');
  return request.actor;
}

/**
 * For pages: the signed-in person who posted a form or pressed a button. A visitor (whose session
 * expired while the page was open) is refused with a 403 page that asks to sign in.
 */
export function requirePoster(request: FastifyRequest): Actor {
  if (!request.actor) throw new HttpError(403, 'error.unauthorized');
  return request.actor;
}

/** For pages: the path of the sign-in page that comes back here afterwards. */
export function loginRedirect(request: FastifyRequest): string {
  return `/${request.locale}/login?next=${encodeURIComponent(request.localPath)}`;
}
