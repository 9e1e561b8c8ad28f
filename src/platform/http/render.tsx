import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import { renderToString } from 'preact-render-to-string';
import { PageCtx } from '../../views/context.ts';
import { pageContext } from './context.ts';

/**
 * Renders a page. Anonymous pages without forms are cacheable (ETag + short max-age); pages
 * for signed-in users or with a form are private.
 */
export function render(
  request: FastifyRequest,
  reply: FastifyReply,
  page: VNode,
  status = 200,
): FastifyReply {
  const { nav, config } = request.server.deps;
  const ctx = pageContext(request, reply, nav, 'SISMEL');
  const html = `<!doctype html>${renderToString(<PageCtx.Provider value={ctx}>{page}</PageCtx.Provider>)}`;
  reply.code(status).type('text/html; charset=utf-8');
  if (ctx.csrfUsed || request.actor || status !== 200 || request.method !== 'GET') {
    reply.header('cache-control', 'private, no-store');
  } else {
    const etag = `W/"${createHash('sha1').update(html).digest('base64url')}"`;
    reply.header(
      'cache-control',
      `public, max-age=${config.env === 'production' ? 300 : 0}, must-revalidate`,
    );
    reply.header('vary', 'Cookie, Accept-Language');
    reply.header('etag', etag);
    if (request.headers['if-none-match'] === etag) return reply.code(304).send();
  }
  return reply.send(html);
}

/** Redirect after a successful POST (see-other), keeping the locale. */
export function redirectLocal(request: FastifyRequest, reply: FastifyReply, path: string): FastifyReply {
  return reply.redirect(`/${request.locale}${path === '/' ? '' : path}`, 303);
}
