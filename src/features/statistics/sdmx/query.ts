import type { MessageValues } from '../../../platform/i18n/catalog.ts';
import { AGENCY, AREA_DIMENSION, type FlowDef, keyDimensionIds, TIME_DIMENSION, VERSION } from './model.ts';
import { parsePeriodBound } from './period.ts';

/**
 * Parsing and validation of SDMX REST 1.5 data and structure queries. Every problem becomes an
 * `SdmxError` carrying the HTTP status and the SDMX error code; the routes turn it into an
 * SDMX-JSON error message.
 */

/** SDMX web-service error codes and the HTTP status each maps to. */
export const SDMX_ERRORS = {
  noResults: { code: 100, status: 404, title: 'NoResultsFound' },
  syntax: { code: 140, status: 400, title: 'Syntax error' },
  notAcceptable: { code: 406, status: 406, title: 'Not Acceptable' },
  notImplemented: { code: 501, status: 501, title: 'Not implemented' },
  internal: { code: 500, status: 500, title: 'Internal Server Error' },
} as const;

export type SdmxErrorKind = keyof typeof SDMX_ERRORS;

export class SdmxError extends Error {
  constructor(
    readonly kind: SdmxErrorKind,
    /** Message key of the detail, in the `sdmx.` catalogue. */
    readonly detailKey: string,
    readonly values?: MessageValues,
  ) {
    super(`${kind}: ${detailKey}`);
  }
  get status(): number {
    return SDMX_ERRORS[this.kind].status;
  }
}

export interface FlowRef {
  agency: string;
  id: string;
  version: string;
}

const ID = /^[A-Za-z][A-Za-z0-9_-]*$/;
const CODE = /^[A-Za-z0-9_@$-]+$/;
const VERSION_RE = /^(latest|~|\+|\d+(\.\d+){0,2})$/;

/** `FLOW`, `AGENCY,FLOW` or `AGENCY,FLOW,VERSION`. */
export function parseFlowRef(text: string): FlowRef {
  const parts = text.split(',');
  if (parts.length > 3 || parts.some((p) => p === ''))
    throw new SdmxError('syntax', 'sdmx.error.flowRef', { value: text });
  const [a, b, c] = parts;
  const ref: FlowRef =
    parts.length === 1
      ? { agency: 'all', id: a!, version: 'latest' }
      : parts.length === 2
        ? { agency: a!, id: b!, version: 'latest' }
        : { agency: a!, id: b!, version: c! };
  if (!ID.test(ref.id) || !(ref.agency === 'all' || ID.test(ref.agency)) || !VERSION_RE.test(ref.version)) {
    throw new SdmxError('syntax', 'sdmx.error.flowRef', { value: text });
  }
  return ref;
}

/** True when the reference can name one of our dataflows (agency and version match ours). */
export function refMatchesOurs(ref: { agency: string; version: string }): boolean {
  const agencyOk = ref.agency === 'all' || ref.agency === AGENCY;
  const versionOk = ['latest', '~', '+', 'all', '*', VERSION, `${VERSION}.0`].includes(ref.version);
  return agencyOk && versionOk;
}

/** The key's parts, each a list of codes or null for "any". `all` (or empty) is all nulls. */
export type KeyFilter = (string[] | null)[];

export function parseKey(text: string | undefined, flow: FlowDef): KeyFilter {
  const count = flow.dimensions.length + 1;
  if (text === undefined || text === '' || text === 'all') return Array.from({ length: count }, () => null);
  const parts = text.split('.');
  if (parts.length !== count) {
    throw new SdmxError('syntax', 'sdmx.error.keyLength', { expected: count, given: parts.length });
  }
  return parts.map((part) => {
    if (part === '' || part === '*') return null;
    const codes = part.split('+');
    for (const c of codes) {
      if (!CODE.test(c)) throw new SdmxError('syntax', 'sdmx.error.keyCode', { value: c });
    }
    return [...new Set(codes)];
  });
}

export type Detail = 'full' | 'dataonly' | 'serieskeysonly' | 'nodata';
const DETAILS: Detail[] = ['full', 'dataonly', 'serieskeysonly', 'nodata'];

export interface DataQueryParams {
  startPeriod?: Date;
  endPeriod?: Date;
  firstN?: number;
  lastN?: number;
  /** `TIME_PERIOD`, `AllDimensions` or a dimension id; checked against the flow later. */
  dimensionAtObservation: string;
  detail: Detail;
  updatedAfter?: string;
}

function positiveInt(name: string, value: unknown): number | undefined {
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string' || !/^\d{1,9}$/.test(value) || Number(value) < 1) {
    throw new SdmxError('syntax', 'sdmx.error.positiveInteger', { name });
  }
  return Number(value);
}

function single(query: Record<string, unknown>, name: string): string | undefined {
  const v = query[name];
  if (Array.isArray(v)) throw new SdmxError('syntax', 'sdmx.error.repeated', { name });
  return typeof v === 'string' ? v : undefined;
}

export function parseDataParams(query: Record<string, unknown>): DataQueryParams {
  const start = single(query, 'startPeriod');
  const end = single(query, 'endPeriod');
  const params: DataQueryParams = { dimensionAtObservation: TIME_DIMENSION, detail: 'full' };
  if (start) {
    const d = parsePeriodBound(start, 'start');
    if (!d) throw new SdmxError('syntax', 'sdmx.error.period', { name: 'startPeriod', value: start });
    params.startPeriod = d;
  }
  if (end) {
    const d = parsePeriodBound(end, 'end');
    if (!d) throw new SdmxError('syntax', 'sdmx.error.period', { name: 'endPeriod', value: end });
    params.endPeriod = d;
  }
  if (params.startPeriod && params.endPeriod && params.startPeriod > params.endPeriod) {
    throw new SdmxError('syntax', 'sdmx.error.periodOrder');
  }
  params.firstN = positiveInt('firstNObservations', single(query, 'firstNObservations'));
  params.lastN = positiveInt('lastNObservations', single(query, 'lastNObservations'));
  const dim = single(query, 'dimensionAtObservation');
  if (dim !== undefined && dim !== '') {
    if (dim !== 'AllDimensions' && !ID.test(dim)) {
      throw new SdmxError('syntax', 'sdmx.error.dimensionAtObservation', { value: dim });
    }
    params.dimensionAtObservation = dim;
  }
  const detail = single(query, 'detail');
  if (detail !== undefined && detail !== '') {
    if (!DETAILS.includes(detail as Detail))
      throw new SdmxError('syntax', 'sdmx.error.detail', { value: detail });
    params.detail = detail as Detail;
  }
  const updatedAfter = single(query, 'updatedAfter');
  if (updatedAfter) {
    // xs:dateTime; without an offset the service's time (UTC) applies.
    const m = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/.exec(updatedAfter);
    const d = m ? new Date(m[3] ? updatedAfter : `${updatedAfter}Z`) : null;
    if (!d || Number.isNaN(d.getTime()))
      throw new SdmxError('syntax', 'sdmx.error.updatedAfter', { value: updatedAfter });
    params.updatedAfter = d.toISOString();
  }
  const history = single(query, 'includeHistory');
  if (history !== undefined && history !== 'false') {
    if (history === 'true') throw new SdmxError('notImplemented', 'sdmx.error.includeHistory');
    throw new SdmxError('syntax', 'sdmx.error.boolean', { name: 'includeHistory' });
  }
  return params;
}

/** Checks `dimensionAtObservation` against the flow's dimensions. */
export function checkDimensionAtObservation(params: DataQueryParams, flow: FlowDef): void {
  const dim = params.dimensionAtObservation;
  if (dim === 'AllDimensions' || dim === TIME_DIMENSION || dim === AREA_DIMENSION) return;
  if (!keyDimensionIds(flow).includes(dim)) {
    throw new SdmxError('syntax', 'sdmx.error.dimensionAtObservation', { value: dim });
  }
}
