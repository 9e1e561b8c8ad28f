import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppDeps } from '../../../app.ts';
import {
  type ExplorerRepository,
  explorerRepository,
  type IndicatorInfo,
  type ObsFilter,
} from '../explorer/repository.ts';
import { type ReadScope, readScope, scopeKey } from '../explorer/visibility.ts';
import { setValidators } from '../export/validators.ts';
import { statisticsVersion } from '../version.ts';
import { sdmxCsvText } from './csv.ts';
import { buildDataMessage, buildErrorMessage, buildStructureMessage, dataMessageMeta } from './json.ts';
import { AGENCY, CONCEPT_SCHEME_ID, codelistId, dsdId, type ObsRow } from './model.ts';
import {
  DATA_CSV_TYPE,
  DATA_JSON_TYPE,
  negotiateData,
  negotiateStructure,
  STRUCTURE_JSON_TYPE,
} from './negotiate.ts';
import { firstPeriodFrom, lastPeriodUntil } from './period.ts';
import {
  checkDimensionAtObservation,
  type DataQueryParams,
  type KeyFilter,
  parseDataParams,
  parseFlowRef,
  parseKey,
  refMatchesOurs,
  SdmxError,
} from './query.ts';

/**
 * SDMX REST 1.5: data queries (`/sdmx/rest/data/{flow}/{key}/{provider}`) answering SDMX-JSON
 * 1.0 or SDMX-CSV 1.0, and structure queries for dataflows, data structures, code lists and
 * the concept scheme in SDMX-JSON structure 1.0. Errors are SDMX-JSON error messages.
 */

const PROVIDERS = new Set(['all', AGENCY, `${AGENCY},${AGENCY}`, `all,${AGENCY}`]);

/** Turns a parsed key and parameters into the repository filter of one indicator. */
export function filterFor(ind: IndicatorInfo, key: KeyFilter, params: DataQueryParams): ObsFilter {
  return {
    indicatorId: ind.id,
    countries: key[0],
    dims: key.slice(1),
    fromPeriod: params.startPeriod ? firstPeriodFrom(params.startPeriod, ind.frequency) : undefined,
    toPeriod: params.endPeriod ? lastPeriodUntil(params.endPeriod, ind.frequency) : undefined,
    updatedAfter: params.updatedAfter,
    firstN: params.firstN,
    lastN: params.lastN,
  };
}

function selfUrl(request: FastifyRequest): string {
  return `${request.server.deps.config.baseUrl}${request.url}`;
}

function sendError(request: FastifyRequest, reply: FastifyReply, err: SdmxError, structure = false) {
  const body = buildErrorMessage(
    err.kind,
    err.detailKey,
    err.values,
    request.locale,
    selfUrl(request),
    structure,
  );
  return reply
    .code(err.status)
    .header('cache-control', 'no-store')
    .header('content-language', request.locale)
    .type(structure ? STRUCTURE_JSON_TYPE : DATA_JSON_TYPE)
    .send(JSON.stringify(body));
}

async function collect(repo: ExplorerRepository, f: ObsFilter, scope: ReadScope): Promise<ObsRow[]> {
  const all: ObsRow[] = [];
  for await (const rows of repo.chunks(f, scope, 10_000)) for (const r of rows) all.push(r);
  return all;
}

/**
 * Built SDMX-JSON data parts by request, for the answers asked again and again (the same series
 * polled by dashboards and other systems): at most `MAX_ENTRIES` answers of up to `MAX_TEXT`
 * characters, the least recently used dropped first.
 */
function textCache(maxEntries: number, maxText: number) {
  const map = new Map<string, string>();
  return {
    get(key: string): string | undefined {
      const v = map.get(key);
      if (v !== undefined) {
        map.delete(key);
        map.set(key, v);
      }
      return v;
    },
    set(key: string, value: string) {
      if (value.length > maxText) return;
      map.delete(key);
      map.set(key, value);
      if (map.size > maxEntries) map.delete(map.keys().next().value!);
    },
  };
}

export async function sdmxRoutes(app: FastifyInstance, { deps }: { deps: AppDeps }) {
  const repo = explorerRepository(deps.db);
  const dataCache = textCache(500, 256 * 1024);

  async function dataQuery(request: FastifyRequest, reply: FastifyReply) {
    const p = request.params as { flow: string; key?: string; provider?: string };
    const q = request.query as Record<string, unknown>;
    try {
      const format = negotiateData(
        request.headers.accept,
        typeof q.format === 'string' ? q.format : undefined,
      );
      const ref = parseFlowRef(p.flow);
      if (p.provider !== undefined && !PROVIDERS.has(p.provider)) {
        throw new SdmxError('noResults', 'sdmx.error.provider', { value: p.provider });
      }
      const ind = refMatchesOurs(ref) ? await repo.indicator(ref.id) : undefined;
      if (!ind) throw new SdmxError('noResults', 'sdmx.error.flow', { value: p.flow });
      const key = parseKey(p.key, ind);
      const params = parseDataParams(q);
      checkDimensionAtObservation(params, ind);
      const filter = filterFor(ind, key, params);
      const scope = readScope(request.actor);

      const state = await repo.freshness(filter, scope);
      const deleted =
        params.updatedAfter && format.kind === 'json'
          ? await repo.deletedSince(filter, params.updatedAfter, scope)
          : [];
      if (state.count === 0 && deleted.length === 0) throw new SdmxError('noResults', 'sdmx.error.noData');
      const variant = `${format.kind}:${format.labels}:${format.attachment}`;
      if (setValidators(request, reply, state, scope, variant)) return reply;
      reply.header('content-language', request.locale);

      if (format.kind === 'json') {
        // The data part of an answer is kept while the matching data stay as they are (the
        // state behind the ETag, and this process's statistics version); the meta part (its
        // own id and time) is new every time. Not with updatedAfter: deletions change it too.
        const key = params.updatedAfter
          ? null
          : [
              request.url,
              variant,
              scopeKey(scope),
              request.locale,
              state.lastUpdated ?? '',
              state.count,
              statisticsVersion(),
            ].join('\u0000');
        let data = key === null ? undefined : dataCache.get(key);
        if (data === undefined) {
          const rows = await collect(repo, filter, scope);
          const message = buildDataMessage({
            flow: ind,
            rows,
            deleted,
            dimensionAtObservation: params.dimensionAtObservation,
            detail: params.detail,
            locale: request.locale,
            selfUrl: selfUrl(request),
            flowUrl: `${deps.config.baseUrl}/sdmx/rest/dataflow/${AGENCY}/${ind.code}/latest`,
            updatedAfter: params.updatedAfter,
          });
          data = JSON.stringify(message.data);
          if (key !== null) dataCache.set(key, data);
        }
        const meta = JSON.stringify(dataMessageMeta(request.locale, selfUrl(request)));
        return reply.type(DATA_JSON_TYPE).send(`{"meta":${meta},"data":${data}}`);
      }

      reply.type(DATA_CSV_TYPE);
      if (format.attachment) reply.header('content-disposition', `attachment; filename="${ind.code}.csv"`);
      const csvOptions = { detail: params.detail, labels: format.labels, locale: request.locale };
      return reply.send(Readable.from(sdmxCsvText(repo, ind, filter, scope, csvOptions)));
    } catch (err) {
      if (err instanceof SdmxError) return sendError(request, reply, err);
      throw err;
    }
  }

  const dataSchema = { schema: { hide: true } };
  app.get('/sdmx/rest/data/:flow', dataSchema, dataQuery);
  app.get('/sdmx/rest/data/:flow/:key', dataSchema, dataQuery);
  app.get('/sdmx/rest/data/:flow/:key/:provider', dataSchema, dataQuery);

  type Resource = 'dataflow' | 'datastructure' | 'codelist' | 'conceptscheme';
  const REFERENCES = [
    'none',
    'parents',
    'parentsandsiblings',
    'children',
    'descendants',
    'all',
    'dataflow',
    'datastructure',
    'codelist',
    'conceptscheme',
  ];
  const DETAILS = [
    'full',
    'allstubs',
    'referencestubs',
    'allcompletestubs',
    'referencecompletestubs',
    'referencepartial',
  ];

  async function structureQuery(request: FastifyRequest, reply: FastifyReply) {
    const resource = (request.routeOptions.url ?? '').split('/')[3] as Resource;
    const p = request.params as { agency?: string; id?: string; version?: string };
    const q = request.query as Record<string, unknown>;
    try {
      negotiateStructure(request.headers.accept, typeof q.format === 'string' ? q.format : undefined);
      const agency = p.agency ?? 'all';
      const id = p.id ?? 'all';
      const version = p.version ?? 'latest';
      const references = typeof q.references === 'string' && q.references ? q.references : 'none';
      const detail = typeof q.detail === 'string' && q.detail ? q.detail : 'full';
      if (!REFERENCES.includes(references))
        throw new SdmxError('syntax', 'sdmx.error.references', { value: references });
      if (!DETAILS.includes(detail)) throw new SdmxError('syntax', 'sdmx.error.detail', { value: detail });
      if (!/^[A-Za-z0-9_@$.,+~*-]+$/.test(`${agency}${id}${version}`))
        throw new SdmxError('syntax', 'sdmx.error.flowRef', { value: id });
      const ids = id === 'all' ? null : id.split('+');
      if (!refMatchesOurs({ agency: agency.split('+').includes(AGENCY) ? AGENCY : agency, version })) {
        throw new SdmxError('noResults', 'sdmx.error.structure', { value: `${agency}/${id}/${version}` });
      }

      let flows = await repo.indicators();
      const include = { dataflows: false, dataStructures: false, codelists: false, conceptSchemes: false };
      let codelistFilter: string[] | undefined;
      const wants = (r: string) => references === r;
      const down = references === 'children' || references === 'descendants' || references === 'all';
      const up = references === 'parents' || references === 'parentsandsiblings' || references === 'all';
      const areas = (await deps.db.selectFrom('countries').select('iso3').execute()).map((c) => c.iso3);

      if (resource === 'dataflow') {
        if (ids) flows = flows.filter((f) => ids.includes(f.code));
        include.dataflows = true;
        include.dataStructures = down || wants('datastructure');
        include.codelists = references === 'descendants' || references === 'all' || wants('codelist');
        include.conceptSchemes =
          references === 'descendants' || references === 'all' || wants('conceptscheme');
      } else if (resource === 'datastructure') {
        if (ids) flows = flows.filter((f) => ids.includes(dsdId(f.code)));
        include.dataStructures = true;
        include.dataflows = up || wants('dataflow');
        include.codelists = down || wants('codelist');
        include.conceptSchemes = down || wants('conceptscheme');
      } else if (resource === 'codelist') {
        include.codelists = true;
        if (ids) {
          codelistFilter = ids;
          if (up || wants('datastructure') || wants('dataflow')) {
            flows = flows.filter((f) =>
              ids.some(
                (cl) => cl === codelistId('REF_AREA') || f.dimensions.some((d) => codelistId(d.id) === cl),
              ),
            );
          }
        }
        include.dataStructures = up || wants('datastructure');
        include.dataflows = references === 'all' || wants('dataflow');
      } else {
        if (ids && !ids.includes(CONCEPT_SCHEME_ID)) flows = [];
        include.conceptSchemes = flows.length > 0 || !ids;
        include.dataStructures = up || wants('datastructure');
      }

      const message = buildStructureMessage({
        flows,
        locale: request.locale,
        selfUrl: selfUrl(request),
        baseUrl: deps.config.baseUrl,
        include,
        codelistFilter,
        stubs: detail === 'allstubs' || detail === 'allcompletestubs',
        areas,
      });
      if (Object.keys(message.data).length === 0 || (resource === 'dataflow' && flows.length === 0)) {
        throw new SdmxError('noResults', 'sdmx.error.structure', { value: `${agency}/${id}/${version}` });
      }
      reply
        .header('cache-control', 'public, max-age=300')
        .header('vary', 'Accept, Accept-Language')
        .header('content-language', request.locale);
      return reply.type(STRUCTURE_JSON_TYPE).send(JSON.stringify(message));
    } catch (err) {
      if (err instanceof SdmxError) return sendError(request, reply, err, true);
      throw err;
    }
  }

  for (const resource of ['dataflow', 'datastructure', 'codelist', 'conceptscheme']) {
    const base = `/sdmx/rest/${resource}`;
    for (const path of [base, `${base}/:agency`, `${base}/:agency/:id`, `${base}/:agency/:id/:version`]) {
      app.get(path, { schema: { hide: true } }, structureQuery);
    }
  }
}
