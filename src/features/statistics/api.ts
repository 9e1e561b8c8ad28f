import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppDeps } from '../../app.ts';
import type { StatImport } from '../../db/schema.ts';
import { can } from '../../platform/auth/policy.ts';
import { HttpError, NotFoundError } from '../../platform/http/errors.ts';
import { requireActor } from '../../platform/http/guards.ts';
import { parseLocalized } from '../../platform/i18n/format.ts';
import { applyImport, createImport, getImport, parseReport, revertImport } from './import/service.ts';
import { readUpload } from './import/routes.tsx';
import {
  findObservations,
  type IndicatorView,
  listIndicators,
  observationById,
  revisionsOf,
} from './repository.ts';
import { type ApiItemInput, deleteObservation, writeApiItems } from './service.ts';

const tags = ['statistics'];
const localized = { type: 'object', additionalProperties: { type: 'string' } } as const;
const errorBody = {
  type: 'object',
  properties: { error: { type: 'string' }, status: { type: 'integer' }, errors: { type: 'array' } },
  additionalProperties: true,
} as const;

const indicatorSchema = {
  type: 'object',
  properties: {
    code: { type: 'string' },
    ilostatCode: { type: ['string', 'null'] },
    name: localized,
    definition: localized,
    notes: localized,
    origLocale: { type: 'string' },
    topic: { type: 'string' },
    unit: { type: 'string' },
    unitMultiplier: { type: 'integer' },
    decimals: { type: 'integer' },
    dimensions: { type: 'array', items: { type: 'string' } },
    frequency: { type: 'string', enum: ['A', 'Q', 'M'] },
    minValue: { type: ['number', 'null'] },
    maxValue: { type: ['number', 'null'] },
  },
} as const;

const observationSchema = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    indicator: { type: 'string' },
    country: { type: 'string' },
    period: { type: 'string' },
    dimensions: { type: 'object', additionalProperties: { type: 'string' } },
    value: { type: ['number', 'null'] },
    status: { type: 'string' },
    source: { type: ['string', 'null'] },
    note: { type: ['string', 'null'] },
    published: { type: 'boolean' },
    revision: { type: 'integer' },
    updatedAt: { type: 'string' },
  },
} as const;

const reportSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    filename: { type: 'string' },
    status: { type: 'string' },
    format: { type: 'string' },
    rows: { type: 'integer' },
    countries: { type: 'array', items: { type: 'string' } },
    counts: { type: 'object', additionalProperties: { type: 'integer' } },
    fileError: { type: ['string', 'null'] },
    errorCount: { type: 'integer' },
    errors: {
      type: 'array',
      items: {
        type: 'object',
        properties: { row: { type: 'integer' }, column: { type: 'string' }, message: { type: 'string' } },
      },
    },
    warningCount: { type: 'integer' },
    warnings: {
      type: 'array',
      items: {
        type: 'object',
        properties: { row: { type: 'integer' }, column: { type: 'string' }, message: { type: 'string' } },
      },
    },
    applied: { type: ['object', 'null'], additionalProperties: { type: 'integer' } },
    reverted: { type: ['object', 'null'], additionalProperties: { type: 'integer' } },
  },
} as const;

function indicatorJson(i: IndicatorView) {
  return {
    code: i.code,
    ilostatCode: i.ilostat_code,
    name: parseLocalized(i.name),
    definition: parseLocalized(i.definition),
    notes: parseLocalized(i.notes),
    origLocale: i.orig_locale,
    topic: i.topic,
    unit: i.unit,
    unitMultiplier: i.unit_multiplier,
    decimals: i.decimals,
    dimensions: i.dimensions,
    frequency: i.frequency,
    minValue: i.min_value,
    maxValue: i.max_value,
  };
}

function reportJson(request: FastifyRequest, imp: StatImport) {
  const r = parseReport(imp);
  const problem = (p: {
    row: number;
    column: string;
    key: string;
    values?: Record<string, string | number>;
  }) => ({ row: p.row, column: p.column, message: request.t(p.key, p.values) });
  return {
    id: imp.id,
    filename: imp.filename,
    status: imp.status,
    format: imp.format,
    rows: imp.rows,
    countries: JSON.parse(imp.countries) as string[],
    counts: r.counts,
    fileError: r.fileError ? request.t(r.fileError) : null,
    errorCount: r.errorCount,
    errors: r.errors.map(problem),
    warningCount: r.warningCount,
    warnings: r.warnings.map(problem),
    applied: r.applied ?? null,
    reverted: r.reverted ?? null,
  };
}

/** The statistics JSON API: indicators, observations with their revisions, and bulk imports. */
export async function apiRoutes(app: FastifyInstance, { deps }: { deps: AppDeps }) {
  const db = deps.db;

  app.get(
    '/api/v1/indicators',
    {
      schema: {
        tags,
        summary: 'The indicators (SDMX dataflows) with their dimensions and units',
        response: { 200: { type: 'array', items: indicatorSchema } },
      },
    },
    async () => (await listIndicators(db)).map(indicatorJson),
  );

  app.get(
    '/api/v1/observations',
    {
      schema: {
        tags,
        summary: 'Observations, current or as they stood at a past moment (asOf)',
        description:
          'Filter by indicator code, country (ISO3, comma-separated), period or period range, and breakdown (a query parameter named after the codelist, e.g. SEX=SEX_F). Unpublished values are only shown to those who may change that country’s data.',
        querystring: {
          type: 'object',
          properties: {
            indicator: { type: 'string' },
            country: { type: 'string' },
            period: { type: 'string' },
            from: { type: 'string' },
            to: { type: 'string' },
            asOf: { type: 'string', description: 'ISO-8601 date or timestamp' },
            limit: { type: 'integer', minimum: 1, maximum: 10000, default: 1000 },
            offset: { type: 'integer', minimum: 0, default: 0 },
          },
          additionalProperties: { type: 'string' },
        },
        response: {
          200: {
            type: 'object',
            properties: {
              total: { type: 'integer' },
              observations: { type: 'array', items: observationSchema },
            },
          },
        },
      },
    },
    async (request) => {
      const q = request.query as Record<string, string | number | undefined>;
      const indicators = await listIndicators(db);
      const byId = new Map(indicators.map((i) => [i.id, i]));
      let selected: IndicatorView[] = indicators;
      if (q.indicator) {
        const codes = String(q.indicator)
          .split(',')
          .map((s) => s.trim().toUpperCase());
        selected = indicators.filter(
          (i) =>
            codes.includes(i.code.toUpperCase()) ||
            (i.ilostat_code && codes.includes(i.ilostat_code.toUpperCase())),
        );
        if (!selected.length) throw new NotFoundError();
      }
      const countries = q.country
        ? String(q.country)
            .split(',')
            .map((s) => s.trim().toUpperCase())
        : undefined;
      let asOf: string | undefined;
      if (q.asOf) {
        const d = new Date(String(q.asOf).length === 10 ? `${q.asOf}T23:59:59.999Z` : String(q.asOf));
        if (Number.isNaN(d.getTime())) throw new HttpError(400, 'stats.error.badAsOf');
        asOf = d.toISOString();
      }
      const dimFilter: [string[]?, string[]?, string[]?] = [];
      if (selected.length === 1) {
        selected[0]!.dimensions.forEach((d, pos) => {
          const v = q[d] ?? q[d.toLowerCase()];
          if (v !== undefined)
            dimFilter[pos] = String(v)
              .split(',')
              .map((s) => s.trim().toUpperCase());
        });
      }
      const mayReadAll = countries?.length
        ? countries.every((c) => can(request.actor, 'observation.readUnpublished', { countryIso3: c }))
        : can(request.actor, 'indicator.manage');
      const limit = Number(q.limit ?? 1000);
      const rows = await findObservations(db, {
        indicatorIds: selected.map((i) => i.id),
        countries,
        periods: q.period ? String(q.period).split(',') : undefined,
        periodFrom: q.from ? String(q.from) : undefined,
        periodTo: q.to ? String(q.to) : undefined,
        dim1: dimFilter[0],
        dim2: dimFilter[1],
        dim3: dimFilter[2],
        asOf,
        publishedOnly: !mayReadAll,
        limit: limit + 1,
        offset: Number(q.offset ?? 0),
      });
      return {
        total: Math.min(rows.length, limit) + Number(q.offset ?? 0) + (rows.length > limit ? 1 : 0),
        observations: rows.slice(0, limit).map((r) => {
          const ind = byId.get(r.indicator_id)!;
          const dims = [r.dim1, r.dim2, r.dim3];
          return {
            id: r.id,
            indicator: ind.code,
            country: r.country_iso3,
            period: r.period,
            dimensions: Object.fromEntries(ind.dimensions.map((d, i) => [d, dims[i]!])),
            value: r.value,
            status: r.obs_status,
            source: r.source,
            note: r.note,
            published: r.published === 1,
            revision: r.revision_no,
            updatedAt: r.updated_at,
          };
        }),
      };
    },
  );

  app.post(
    '/api/v1/observations',
    {
      schema: {
        tags,
        summary:
          'Add, change or delete (value null) a list of values; each write makes a revision. All or nothing.',
        body: {
          type: 'object',
          required: ['observations'],
          properties: {
            reason: { type: 'string', maxLength: 500 },
            observations: {
              type: 'array',
              maxItems: 10000,
              items: {
                type: 'object',
                required: ['indicator', 'country', 'period', 'value'],
                properties: {
                  indicator: { type: 'string' },
                  country: { type: 'string' },
                  period: { type: 'string' },
                  dimensions: { type: 'object', additionalProperties: { type: 'string' } },
                  value: { anyOf: [{ type: 'number' }, { type: 'string' }, { type: 'null' }] },
                  status: { type: 'string' },
                  source: { type: ['string', 'null'], maxLength: 200 },
                  note: { type: ['string', 'null'], maxLength: 1000 },
                  published: { type: 'boolean' },
                },
              },
            },
          },
        },
        response: {
          200: {
            type: 'object',
            properties: {
              created: { type: 'integer' },
              changed: { type: 'integer' },
              removed: { type: 'integer' },
              unchanged: { type: 'integer' },
            },
          },
          403: errorBody,
          422: errorBody,
        },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const body = request.body as { observations: ApiItemInput[]; reason?: string };
      const { counts, errors } = await writeApiItems(db, actor, body.observations, body.reason ?? null);
      if (errors.length) {
        return reply.code(422).send({
          error: request.t('error.validation'),
          status: 422,
          errors: errors.map((e) => ({
            index: e.index,
            field: e.field,
            message: request.t(e.key, e.values),
          })),
        });
      }
      return counts;
    },
  );

  app.delete(
    '/api/v1/observations/:id',
    {
      schema: {
        tags,
        summary: 'Delete a value (softly: its history is kept and it can be restored)',
        params: { type: 'object', properties: { id: { type: 'integer' } } },
        querystring: { type: 'object', properties: { reason: { type: 'string', maxLength: 500 } } },
        response: { 204: { type: 'null' }, 403: errorBody, 404: errorBody },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const { id } = request.params as { id: number };
      await deleteObservation(db, actor, id, (request.query as { reason?: string }).reason ?? null);
      return reply.code(204).send();
    },
  );

  app.get(
    '/api/v1/observations/:id/revisions',
    {
      schema: {
        tags,
        summary: 'Every revision of a value, newest first',
        params: { type: 'object', properties: { id: { type: 'integer' } } },
        response: {
          200: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                id: { type: 'integer' },
                revision: { type: 'integer' },
                value: { type: ['number', 'null'] },
                status: { type: 'string' },
                source: { type: ['string', 'null'] },
                note: { type: ['string', 'null'] },
                deleted: { type: 'boolean' },
                changedAt: { type: 'string' },
                changedBy: { type: ['string', 'null'] },
                reason: { type: ['string', 'null'] },
                batchId: { type: ['string', 'null'] },
                restoredFrom: { type: ['integer', 'null'] },
              },
            },
          },
          404: errorBody,
        },
      },
    },
    async (request) => {
      const { id } = request.params as { id: number };
      const obs = await observationById(db, id);
      if (
        !obs ||
        (obs.published !== 1 &&
          !can(request.actor, 'observation.readUnpublished', { countryIso3: obs.country_iso3 }))
      )
        throw new NotFoundError();
      const revs = await revisionsOf(db, id);
      return revs.map((r) => ({
        id: r.id,
        revision: r.revision_no,
        value: r.value,
        status: r.obs_status,
        source: r.source,
        note: r.note,
        deleted: r.deleted === 1,
        changedAt: r.changed_at,
        changedBy: request.actor ? r.changed_by_name : null,
        reason: r.reason,
        batchId: r.batch_id,
        restoredFrom: r.restored_from,
      }));
    },
  );

  app.post(
    '/api/v1/imports',
    {
      schema: {
        tags,
        summary:
          'Upload a CSV or XLSX file (template layout or ILOSTAT bulk layout); answers the validation report',
        consumes: ['multipart/form-data'],
        response: { 201: reportSchema, 403: errorBody, 415: errorBody },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const file = await readUpload(request);
      if (!file) throw new HttpError(400, 'stats.import.error.noFile');
      const imp = await createImport(db, actor, file, true);
      return reply.code(201).send(reportJson(request, imp));
    },
  );

  app.get(
    '/api/v1/imports/:id',
    { schema: { tags, summary: 'The report of an import', response: { 200: reportSchema, 404: errorBody } } },
    async (request) => {
      requireActor(request);
      return reportJson(request, await getImport(db, request.actor, (request.params as { id: string }).id));
    },
  );

  app.post(
    '/api/v1/imports/:id/apply',
    {
      schema: {
        tags,
        summary: 'Apply a validated import in one transaction; warnings need confirmWarnings',
        body: { type: ['object', 'null'], properties: { confirmWarnings: { type: 'boolean' } } },
        response: { 200: reportSchema, 403: errorBody, 404: errorBody, 409: errorBody, 422: errorBody },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const id = (request.params as { id: string }).id;
      await applyImport(
        db,
        actor,
        id,
        (request.body as { confirmWarnings?: boolean } | null)?.confirmWarnings === true,
        true,
      );
      return reportJson(request, await getImport(db, actor, id));
    },
  );

  app.post(
    '/api/v1/imports/:id/revert',
    {
      schema: {
        tags,
        summary: 'Revert an applied import: every value it wrote goes back to what it was',
        response: { 200: reportSchema, 403: errorBody, 404: errorBody, 409: errorBody },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const id = (request.params as { id: string }).id;
      await revertImport(db, actor, id);
      return reportJson(request, await getImport(db, actor, id));
    },
  );
}
