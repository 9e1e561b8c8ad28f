import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ReadScope } from '../explorer/visibility.ts';
import { scopeKey } from '../explorer/visibility.ts';

/**
 * HTTP validators for data answers (SDMX and downloads): the ETag names the request, the
 * reader's scope and the state of the matching data (latest change and count), and
 * Last-Modified is the latest change. A matching conditional request gets 304 before any row
 * is read.
 */
export interface DataState {
  lastUpdated: string | null;
  count: number;
}

export function setValidators(
  request: FastifyRequest,
  reply: FastifyReply,
  state: DataState,
  scope: ReadScope,
  variant: string,
): boolean {
  const etag = `W/"${createHash('sha1')
    .update(
      [request.url, variant, scopeKey(scope), request.locale, state.lastUpdated ?? '', state.count].join(
        '\u0000',
      ),
    )
    .digest('base64url')}"`;
  reply.header('etag', etag);
  if (state.lastUpdated) reply.header('last-modified', new Date(state.lastUpdated).toUTCString());
  const personal = scope.kind !== 'public' || !!request.actor;
  reply.header('cache-control', personal ? 'private, no-cache' : 'public, max-age=60, must-revalidate');
  reply.header('vary', 'Accept, Accept-Language, Cookie, Authorization');

  const inm = request.headers['if-none-match'];
  if (inm) {
    const tags = inm.split(',').map((s) => s.trim());
    if (tags.includes(etag) || tags.includes('*')) {
      reply.code(304).send();
      return true;
    }
    return false;
  }
  const ims = request.headers['if-modified-since'];
  if (ims && state.lastUpdated) {
    const since = Date.parse(ims);
    // HTTP dates have whole seconds.
    if (!Number.isNaN(since) && Math.floor(Date.parse(state.lastUpdated) / 1000) * 1000 <= since) {
      reply.code(304).send();
      return true;
    }
  }
  return false;
}
