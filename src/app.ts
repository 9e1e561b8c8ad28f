import compress from '@fastify/compress';
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import helmet from '@fastify/helmet';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { Config } from './config.ts';
import type { DatabaseHandle, Db } from './db/connection.ts';
import { registerFeatures } from './features/index.ts';
import type { SitemapSource, ThemeSection } from './platform/content/registry.ts';
import { assetsDir, publicDir } from './platform/http/assets.ts';
import { requestContext } from './platform/http/context.ts';
import { handleError, handleNotFound } from './platform/http/error-handler.tsx';
import { negotiateLocale } from './platform/i18n/locales.ts';
import { JobRunner } from './platform/jobs/queue.ts';
import { registerMailDelivery } from './platform/mail/mailer.ts';
import { RealtimeHub } from './platform/realtime/hub.ts';
import type { NavItem } from './views/context.ts';

export interface AppDeps {
  config: Config;
  handle: DatabaseHandle;
  db: Db;
  jobs: JobRunner;
  /** Server-Sent Events: channels, fan-out in this process and, on PostgreSQL, between processes. */
  realtime: RealtimeHub;
  /** Main navigation; each feature adds its entry when it registers. */
  nav: NavItem[];
  /** Public pages for the site map and sitemap.xml; each feature adds its source. */
  sitemap: SitemapSource[];
  /** Sections of a priority theme's page; features that tag items with themes add one. */
  themeSections: ThemeSection[];
}

declare module 'fastify' {
  interface FastifyInstance {
    deps: AppDeps;
  }
}

export interface BuildOptions {
  config: Config;
  handle: DatabaseHandle;
  logger?: FastifyServerOptions['logger'];
}

export async function buildApp(options: BuildOptions): Promise<FastifyInstance> {
  const { config, handle } = options;
  const app = Fastify({
    logger: options.logger ?? { level: config.logLevel },
    trustProxy: true,
    requestIdHeader: 'x-request-id',
    genReqId: () => crypto.randomUUID(),
    bodyLimit: 2 * 1024 * 1024,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 500 },
  });

  const jobs = new JobRunner(handle.db, { log: app.log });
  registerMailDelivery(jobs, handle.db, config.smtpUrl, config.mailFrom);
  const realtime = new RealtimeHub({ db: handle.db, pool: handle.pool, log: app.log });
  const deps: AppDeps = {
    config,
    handle,
    db: handle.db,
    jobs,
    realtime,
    nav: [],
    sitemap: [],
    themeSections: [],
  };
  app.decorate('deps', deps);
  // Open event streams would keep the server from closing: end them first.
  app.addHook('preClose', async () => realtime.endAll());
  app.addHook('onClose', async () => realtime.close());

  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        frameSrc: [config.jitsiBaseUrl],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    crossOriginEmbedderPolicy: false,
    strictTransportSecurity: config.baseUrl.startsWith('https://'),
    referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
  });
  await app.register(compress, { threshold: 1024, encodings: ['br', 'gzip', 'deflate'] });
  await app.register(cookie, { secret: config.sessionSecret });
  await app.register(formbody);
  await app.register(multipart, { limits: { fileSize: config.uploadMaxBytes, files: 10, fields: 200 } });
  await app.register(rateLimit, { global: false });
  await app.register(fastifyStatic, {
    root: assetsDir,
    prefix: '/assets/',
    immutable: true,
    maxAge: '365d',
    decorateReply: false,
  });
  await app.register(fastifyStatic, { root: publicDir, prefix: '/static/', serve: true, index: false });

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'SISMEL API',
        version: '1',
        description:
          'The JSON API of SISMEL. Authenticate with a personal API token: `Authorization: Bearer <token>`. A token acts with exactly the rights of the user who made it.',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
    hideUntagged: true,
  });
  await app.register(swaggerUi, {
    routePrefix: '/api/docs',
    staticCSP: true,
    uiConfig: { docExpansion: 'list' },
  });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  await app.register(requestContext, { db: handle.db, config, nav: deps.nav });

  app.addHook('onRequest', async (request) => {
    const locale = (request.params as { locale?: string } | undefined)?.locale;
    if (locale !== undefined && !/^(en|es|fr|pt)$/.test(locale))
      throw Object.assign(new Error('not found'), { statusCode: 404 });
  });

  app.get('/', { schema: { hide: true } }, async (request, reply) => {
    reply.header('vary', 'Accept-Language');
    return reply.redirect(
      `/${request.actor?.locale ?? negotiateLocale(request.headers['accept-language'])}`,
      302,
    );
  });

  app.get('/healthz', { schema: { hide: true } }, async (_request, reply) => {
    try {
      await handle.db.selectFrom('countries').select('iso3').limit(1).execute();
      return { status: 'ok', database: handle.engine };
    } catch {
      return reply.code(503).send({ status: 'unavailable', database: handle.engine });
    }
  });

  // Set before the features register, so every feature's routes inherit them.
  app.setErrorHandler(handleError);
  app.setNotFoundHandler(handleNotFound);
  await registerFeatures(app, deps);
  return app;
}
