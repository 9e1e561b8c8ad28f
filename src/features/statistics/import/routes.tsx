import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppDeps } from '../../../app.ts';
import { ForbiddenError } from '../../../platform/auth/policy.ts';
import { HttpError, NotFoundError, type ValidationError } from '../../../platform/http/errors.ts';
import { bool, intParam } from '../../../platform/http/form.ts';
import { loginRedirect } from '../../../platform/http/guards.ts';
import { redirectLocal, render } from '../../../platform/http/render.tsx';
import { indicatorByCode, listIndicators } from '../repository.ts';
import { canWriteCountry, writableCountries } from '../service.ts';
import { ImportListPage, ImportNewPage, ImportPage } from '../views/import.tsx';
import {
  applyImport,
  createImport,
  getImport,
  importChanges,
  importProgress,
  listImports,
  parseReport,
  revertImport,
} from './service.ts';
import { templateCsv, templateXlsx } from './template.ts';

/** Reads the one uploaded file of a multipart form, with the configured size limit. */
export async function readUpload(
  request: FastifyRequest,
): Promise<{ filename: string; data: Buffer } | null> {
  if (!request.isMultipart()) throw new HttpError(415, 'error.unsupportedMediaType');
  const part = await request.file();
  if (!part?.filename) return null;
  let data: Buffer;
  try {
    data = await part.toBuffer();
  } catch (err) {
    if ((err as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE')
      throw new HttpError(413, 'error.tooLarge');
    throw err;
  }
  if (!data.length) return null;
  return { filename: part.filename.split(/[\\/]/).pop() ?? 'upload', data };
}

export async function importRoutes(app: FastifyInstance, { deps }: { deps: AppDeps }) {
  const db = deps.db;
  const allCountries = async () =>
    (await db.selectFrom('countries').select('iso3').orderBy('iso3').execute()).map((r) => r.iso3);

  async function newPage(request: FastifyRequest, reply: FastifyReply, errors?: ValidationError['errors']) {
    const countries = writableCountries(request.actor, await allCountries());
    if (!countries.length) throw new ForbiddenError('import.write');
    return render(
      request,
      reply,
      <ImportNewPage indicators={await listIndicators(db)} countries={countries} errors={errors} />,
      errors ? 422 : 200,
    );
  }

  app.get('/:locale/statistics/imports/new', { schema: { hide: true } }, async (request, reply) => {
    if (!request.actor) return reply.redirect(loginRedirect(request), 303);
    return newPage(request, reply);
  });

  app.post('/:locale/statistics/imports', { schema: { hide: true } }, async (request, reply) => {
    if (!request.actor) return reply.redirect(loginRedirect(request), 303);
    if (!writableCountries(request.actor, await allCountries()).length)
      throw new ForbiddenError('import.write');
    const file = await readUpload(request);
    if (!file) return newPage(request, reply, [{ field: 'file', key: 'stats.import.error.noFile' }]);
    const imp = await createImport(db, request.actor, file);
    return redirectLocal(request, reply, `/statistics/imports/${imp.id}`);
  });

  async function templateRoute(request: FastifyRequest, reply: FastifyReply, ext: 'csv' | 'xlsx') {
    if (!request.actor) return reply.redirect(loginRedirect(request), 303);
    const q = request.query as Record<string, string | undefined>;
    const ind = q.indicator ? await indicatorByCode(db, q.indicator) : undefined;
    const iso3 = (q.country ?? '').toUpperCase();
    if (!ind || !(await allCountries()).includes(iso3)) throw new NotFoundError();
    if (!canWriteCountry(request.actor, iso3)) throw new ForbiddenError('import.write');
    const format = q.format === 'csv' || q.format === 'xlsx' ? q.format : ext;
    const name = `${ind.code}_${iso3}`;
    reply.header('cache-control', 'private, no-store');
    if (format === 'csv') {
      reply
        .header('content-disposition', `attachment; filename="${name}.csv"`)
        .type('text/csv; charset=utf-8');
      return reply.send(await templateCsv(db, ind, iso3));
    }
    reply
      .header('content-disposition', `attachment; filename="${name}.xlsx"`)
      .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    return reply.send(
      await templateXlsx(db, ind, iso3, request.locale, (s) => request.t(`stats.status.${s}`)),
    );
  }
  app.get('/:locale/statistics/imports/template.csv', { schema: { hide: true } }, (request, reply) =>
    templateRoute(request, reply, 'csv'),
  );
  app.get('/:locale/statistics/imports/template.xlsx', { schema: { hide: true } }, (request, reply) =>
    templateRoute(request, reply, 'xlsx'),
  );

  app.get('/:locale/statistics/imports', { schema: { hide: true } }, async (request, reply) => {
    if (!request.actor) return reply.redirect(loginRedirect(request), 303);
    const page = Math.max(1, intParam((request.query as Record<string, string>).page) ?? 1);
    const { rows, pages } = await listImports(db, request.actor, page);
    return render(request, reply, <ImportListPage rows={rows} page={page} pages={pages} />);
  });

  async function importPage(
    request: FastifyRequest,
    reply: FastifyReply,
    errors?: ValidationError['errors'],
  ) {
    const id = (request.params as { id: string }).id;
    const imp = await getImport(db, request.actor, id);
    const page = Math.max(1, intParam((request.query as Record<string, string>).page) ?? 1);
    const changes = await importChanges(db, id, page);
    const indicators = new Map((await listIndicators(db)).map((i) => [i.id, i]));
    const countries = JSON.parse(imp.countries) as string[];
    const canAct = countries.length > 0 && countries.every((c) => canWriteCountry(request.actor, c));
    return render(
      request,
      reply,
      <ImportPage
        imp={imp}
        report={parseReport(imp)}
        progress={importProgress(id)}
        changes={{ ...changes, page }}
        indicators={indicators}
        canAct={canAct}
        errors={errors}
      />,
      errors ? 422 : 200,
    );
  }

  app.get('/:locale/statistics/imports/:id', { schema: { hide: true } }, async (request, reply) => {
    if (!request.actor) return reply.redirect(loginRedirect(request), 303);
    return importPage(request, reply);
  });

  app.post('/:locale/statistics/imports/:id/apply', { schema: { hide: true } }, async (request, reply) => {
    if (!request.actor) return reply.redirect(loginRedirect(request), 303);
    const id = (request.params as { id: string }).id;
    try {
      await applyImport(db, request.actor, id, bool(request.body, 'confirmWarnings'));
    } catch (err) {
      if (err instanceof HttpError && err.messageKey === 'stats.import.error.confirmWarnings') {
        return importPage(request, reply, [{ field: 'confirmWarnings-on', key: err.messageKey }]);
      }
      throw err;
    }
    return redirectLocal(request, reply, `/statistics/imports/${id}`);
  });

  app.post('/:locale/statistics/imports/:id/revert', { schema: { hide: true } }, async (request, reply) => {
    if (!request.actor) return reply.redirect(loginRedirect(request), 303);
    const id = (request.params as { id: string }).id;
    await revertImport(db, request.actor, id);
    return redirectLocal(request, reply, `/statistics/imports/${id}`);
  });
}
