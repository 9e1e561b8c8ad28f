import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { Link } from '../../views/components.tsx';
import { Layout } from '../../views/layout.tsx';
import { ForbiddenError } from '../auth/policy.ts';
import { translator } from '../i18n/catalog.ts';
import { HttpError, ValidationError } from './errors.ts';
import { render } from './render.tsx';

export function isApiRequest(request: FastifyRequest): boolean {
  return request.url.startsWith('/api/') || request.url.startsWith('/sdmx/');
}

function ErrorPage({ status, message }: { status: number; message: string }) {
  return (
    <Layout title={message}>
      <h1>{message}</h1>
      <p>{status === 404 ? <Link href="/">{'\u2190'} SISMEL</Link> : null}</p>
    </Layout>
  );
}

const KEY_BY_STATUS: Record<number, string> = {
  400: 'error.badRequest',
  401: 'error.unauthorized',
  403: 'error.forbidden',
  404: 'error.notFound',
  405: 'error.badRequest',
  406: 'error.notAcceptable',
  413: 'error.tooLarge',
  415: 'error.unsupportedMediaType',
  422: 'error.validation',
  429: 'error.tooManyRequests',
};

/** Never a stack trace: every error becomes a clear message in the reader's language. */
export function handleError(error: FastifyError | Error, request: FastifyRequest, reply: FastifyReply) {
  const t = request.t ?? translator('en');
  let status = 500;
  let key = 'error.internal';
  let values: Record<string, string | number> | undefined;
  if (error instanceof HttpError) {
    status = error.statusCode;
    key = error.messageKey;
    values = error.values as Record<string, string | number> | undefined;
  } else if (error instanceof ForbiddenError) {
    status = 403;
    key = 'error.forbidden';
  } else {
    const code = (error as FastifyError).statusCode;
    if (code && code >= 400 && code < 500) {
      status = code;
      key = KEY_BY_STATUS[code] ?? 'error.badRequest';
      if ((error as FastifyError).code === 'FST_REQ_FILE_TOO_LARGE') status = 413;
      if (status === 413) key = 'error.tooLarge';
    }
  }
  if (status >= 500) request.log.error({ err: error }, 'request failed');
  if (status === 401 && !isApiRequest(request)) status = 403;

  const message = t(key, values);
  if (isApiRequest(request)) {
    const body: Record<string, unknown> = { error: message, status, requestId: request.id };
    if (error instanceof ValidationError) {
      body.errors = error.errors.map((e) => ({ field: e.field, message: t(e.key, e.values) }));
    } else if ((error as FastifyError).validation) {
      body.errors = (error as FastifyError).validation!.map((v) => ({
        field: String(v.instancePath || (v.params as { missingProperty?: string })?.missingProperty || ''),
        message: v.message,
      }));
    }
    return reply.code(status).type('application/json').send(body);
  }
  return render(request, reply, <ErrorPage status={status} message={message} />, status);
}

export function handleNotFound(request: FastifyRequest, reply: FastifyReply) {
  return handleError(Object.assign(new Error('not found'), { statusCode: 404 }), request, reply);
}
