import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from '../auth/actor.ts';
import { HttpError } from './errors.ts';
import { redirectLocal } from './render.tsx';

/**
 * For pages and forms reached while signed out (or posted after the session expired): the
 * sign-in page, which comes back to `back` (a path without the locale) afterwards.
 */
export function signInThenBack(request: FastifyRequest, reply: FastifyReply, back: string): FastifyReply {
  return reply.redirect(
    `/${request.locale}/login?next=${encodeURIComponent(`/${request.locale}${back}`)}`,
    303,
  );
}

/**
 * A one-button action posted from a page (join, leave, support, approve …). A visitor signs in
 * first and comes back to `page`; a refusal the reader can understand — a 409 whose message key
 * is `problemPrefix` followed by one of `problems` — comes back to `page` as `?problem=`;
 * anything else is thrown. After the action the reader goes to `done`.
 */
export async function pageAction(
  request: FastifyRequest,
  reply: FastifyReply,
  opts: {
    page: string;
    problemPrefix: string;
    problems: ReadonlySet<string>;
    run: (actor: Actor) => Promise<unknown>;
    done: string;
  },
): Promise<FastifyReply> {
  const actor = request.actor;
  if (!actor) return signInThenBack(request, reply, opts.page);
  try {
    await opts.run(actor);
  } catch (err) {
    if (err instanceof HttpError && err.statusCode === 409 && err.messageKey.startsWith(opts.problemPrefix)) {
      const key = err.messageKey.slice(opts.problemPrefix.length);
      if (opts.problems.has(key)) return redirectLocal(request, reply, `${opts.page}?problem=${key}`);
    }
    throw err;
  }
  return redirectLocal(request, reply, opts.done);
}

/**
 * A route handler for pages and forms about one thing that need a signed-in person: `load`
 * finds the thing first (so a missing one answers 404 whoever asks), then a visitor goes to
 * sign in and back to `back(thing)`; a signed-in person reaches `handler`.
 */
export function signedIn<Request extends FastifyRequest, Thing>(
  load: (request: Request) => Promise<Thing>,
  back: (thing: Thing, request: Request) => string,
  handler: (request: Request, reply: FastifyReply, thing: Thing, actor: Actor) => Promise<FastifyReply>,
): (request: Request, reply: FastifyReply) => Promise<FastifyReply> {
  return async (request, reply) => {
    const thing = await load(request);
    const actor = request.actor;
    if (!actor) return signInThenBack(request, reply, back(thing, request));
    return handler(request, reply, thing, actor);
  };
}
