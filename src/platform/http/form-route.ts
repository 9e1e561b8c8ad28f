import type { FastifyInstance, FastifyReply, FastifyRequest, RouteShorthandOptions } from 'fastify';
import type { VNode } from 'preact';
import { type FieldError, ValidationError } from './errors.ts';
import { render } from './render.tsx';

/** A page request: the URL's parameters and query string by name. */
export type PageRequest = FastifyRequest<{
  Params: Record<string, string>;
  Querystring: Record<string, string>;
}>;

type Maybe<T> = T | Promise<T>;

/** What was submitted, and what is wrong with it. */
export interface Failed<V> {
  values: V;
  errors: FieldError[];
}

/**
 * One form of the pages: GET shows it, POST reads it and runs the change. Bad input (a
 * `ValidationError`) shows the form again, with what was typed and an error summary, as 422;
 * anything else goes on to the error handler.
 */
export interface FormRoute<C, V, R> {
  /** Where the form is shown and submitted, e.g. `/:locale/password/reset/:token`. */
  url: string;
  /** Route config of the POST (its rate limit). */
  config?: RouteShorthandOptions['config'];
  /** False when the form is shown by another page (the POST is still registered). */
  get?: boolean;
  /** GET only, before `load`: an answer instead of the form (already signed in …), or nothing. */
  beforeGet?(request: PageRequest, reply: FastifyReply): Maybe<FastifyReply | undefined>;
  /**
   * What the form is about (the signed-in user, the user of a link …), or null once it has
   * answered itself (a redirect to sign in, a 404 page). Both GET and POST start with it.
   */
  load?(request: PageRequest, reply: FastifyReply): Maybe<C | null>;
  /**
   * The submitted values, read from the body, or the promise of them (a multipart upload is
   * read from the stream). List it before `page`, which is typed by it.
   */
  read(request: PageRequest): Maybe<V>;
  /** The page with the form, blank or as it failed. */
  page(request: PageRequest, context: C, failed?: Failed<V>): Maybe<VNode>;
  /** The change; throws `ValidationError` for bad input. */
  submit(context: C, values: V, request: PageRequest, reply: FastifyReply): Promise<R>;
  /** The answer after the change: a redirect (303) or a page. */
  done(request: PageRequest, reply: FastifyReply, result: R, context: C, values: V): Maybe<FastifyReply>;
}

/** Registers the GET and POST routes of a form (hidden from the API docs, like every page). */
export function formRoute<C, V, R>(app: FastifyInstance, form: FormRoute<C, V, R>): void {
  if (form.get !== false) {
    app.get(form.url, { schema: { hide: true } }, async (request: PageRequest, reply) => {
      const early = await form.beforeGet?.(request, reply);
      if (early) return early;
      const context = form.load ? await form.load(request, reply) : (undefined as C);
      if (context === null) return reply;
      return render(request, reply, await form.page(request, context));
    });
  }
  app.post(
    form.url,
    form.config ? { schema: { hide: true }, config: form.config } : { schema: { hide: true } },
    async (request: PageRequest, reply) => {
      const context = form.load ? await form.load(request, reply) : (undefined as C);
      if (context === null) return reply;
      const values = await form.read(request);
      let result: R;
      try {
        result = await form.submit(context, values, request, reply);
      } catch (err) {
        if (!(err instanceof ValidationError)) throw err;
        return render(request, reply, await form.page(request, context, { values, errors: err.errors }), 422);
      }
      return form.done(request, reply, result, context, values);
    },
  );
}
