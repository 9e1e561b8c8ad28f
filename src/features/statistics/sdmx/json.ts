import { randomUUID } from 'node:crypto';
import { translator } from '../../../platform/i18n/catalog.ts';
import { countryName, type Localized, pick } from '../../../platform/i18n/format.ts';
import { LOCALES, type Locale } from '../../../platform/i18n/locales.ts';
import {
  AGENCY,
  AREA_DIMENSION,
  CONCEPT_NAMES,
  CONCEPT_SCHEME_ID,
  codelistId,
  codelistUrn,
  conceptUrn,
  dimCodes,
  dsdId,
  dsdUrn,
  type FlowDef,
  flowUrn,
  keyDimensionIds,
  NOT_APPLICABLE,
  OBS_STATUS_CODES,
  OBS_STATUS_NAMES,
  type ObsRow,
  SENDER_NAME,
  TIME_DIMENSION,
  UNIT_MULT_NAMES,
  UNIT_NAMES,
  VERSION,
} from './model.ts';
import { parsePeriod, periodEnd, periodStart } from './period.ts';
import { type Detail, SDMX_ERRORS, type SdmxErrorKind } from './query.ts';

/**
 * SDMX-JSON 1.0 messages (data, structure, error), shaped as the official JSON schemas in
 * the SDMX TWG repository require: `{ meta, data, errors }`.
 */

export const DATA_SCHEMA_URL =
  'https://raw.githubusercontent.com/sdmx-twg/sdmx-json/master/data-message/tools/schemas/1.0/sdmx-json-data-schema.json';
export const STRUCTURE_SCHEMA_URL =
  'https://raw.githubusercontent.com/sdmx-twg/sdmx-json/master/structure-message/tools/schemas/1.0/sdmx-json-structure-schema.json';

const NOT_APPLICABLE_NAME: Localized = {
  en: 'Not applicable',
  es: 'No corresponde',
  fr: 'Sans objet',
  pt: 'Não se aplica',
};

/** `name` in the reader's language (or the original) and `names` in every language we have. */
export function named(
  value: Localized,
  locale: Locale,
  orig = 'en',
): { name: string; names: Record<string, string> } {
  const names: Record<string, string> = {};
  for (const l of LOCALES) {
    const text = value[l];
    if (text?.trim()) names[l] = text;
  }
  return { name: pick(value, locale, orig).text, names };
}

function countryNames(iso3: string): Localized {
  return Object.fromEntries(LOCALES.map((l) => [l, countryName(iso3, l)])) as Localized;
}

function meta(locale: Locale, schema: string, selfUrl: string, prepared: Date) {
  return {
    schema,
    id: `IREF-${randomUUID()}`,
    test: false,
    prepared: prepared.toISOString(),
    contentLanguages: [locale],
    sender: { id: AGENCY, ...named(SENDER_NAME, locale) },
    links: [{ href: selfUrl, rel: 'self' }],
  };
}

/** The `meta` part of a data message: new for every answer (its own id and time). */
export function dataMessageMeta(locale: Locale, selfUrl: string, prepared = new Date()) {
  return meta(locale, DATA_SCHEMA_URL, selfUrl, prepared);
}

export interface DataMessageOptions {
  flow: FlowDef;
  rows: ObsRow[];
  /** Rows deleted since `updatedAfter`, sent as a second data set with action Delete. */
  deleted?: ObsRow[];
  dimensionAtObservation: string;
  detail: Detail;
  locale: Locale;
  selfUrl: string;
  flowUrl: string;
  updatedAfter?: string;
  prepared?: Date;
}

interface DimValues {
  id: string;
  position: number;
  codes: string[];
  index: Map<string, number>;
}

function codeName(flow: FlowDef, dimIndex: number, code: string): Localized {
  if (code === NOT_APPLICABLE) return NOT_APPLICABLE_NAME;
  const def = flow.dimensions[dimIndex]?.codes.find((c) => c.id === code);
  return def?.name ?? { en: code };
}

function rowCode(row: ObsRow, position: number, dimCount: number): string {
  if (position === 0) return row.country_iso3;
  if (position === dimCount + 1) return row.period;
  return dimCodes(row, dimCount)[position - 1]!;
}

/** Builds the data message in the layout asked for by `dimensionAtObservation`. */
export function buildDataMessage(o: DataMessageOptions) {
  const { flow, locale } = o;
  const dimCount = flow.dimensions.length;
  const ids = keyDimensionIds(flow);
  const allRows = o.deleted ? [...o.rows, ...o.deleted] : o.rows;

  // Distinct codes per dimension, in code-list order (countries and periods sorted).
  const dims: DimValues[] = ids.map((id, position) => ({ id, position, codes: [], index: new Map() }));
  const seen = dims.map(() => new Set<string>());
  for (const row of allRows) {
    for (let p = 0; p < ids.length; p++) seen[p]!.add(rowCode(row, p, dimCount));
  }
  dims.forEach((d, p) => {
    const codes = [...seen[p]!];
    if (p === 0 || p === ids.length - 1) codes.sort();
    else {
      const order = new Map(flow.dimensions[p - 1]!.codes.map((c, i) => [c.id, i]));
      codes.sort((a, b) => (order.get(a) ?? 1e9) - (order.get(b) ?? 1e9) || a.localeCompare(b));
    }
    d.codes = codes;
    for (const [i, c] of codes.entries()) d.index.set(c, i);
  });

  const withData = o.detail === 'full' || o.detail === 'dataonly';
  const withAttributes = o.detail === 'full' || o.detail === 'nodata';
  // Without observations there is nothing to put at observation level: use time series.
  let obsDim = o.dimensionAtObservation;
  if (!withData && obsDim === 'AllDimensions') obsDim = TIME_DIMENSION;
  const flat = obsDim === 'AllDimensions';
  const obsDims = flat ? dims : dims.filter((d) => d.id === obsDim);
  const seriesDims = flat ? [] : dims.filter((d) => d.id !== obsDim);

  const dimensionJson = (d: DimValues) => ({
    id: d.id,
    ...named(CONCEPT_NAMES[d.id] ?? flow.dimensions[d.position - 1]?.name ?? { en: d.id }, locale),
    keyPosition: d.position,
    ...(d.id === TIME_DIMENSION
      ? { roles: ['TIME_PERIOD'] }
      : d.id === AREA_DIMENSION
        ? { roles: ['REF_AREA'] }
        : {}),
    values: d.codes.map((code) => {
      if (d.id === TIME_DIMENSION) {
        const p = parsePeriod(code);
        return {
          id: code,
          name: code,
          ...(p ? { start: periodStart(p).toISOString(), end: periodEnd(p).toISOString() } : {}),
        };
      }
      const names = d.id === AREA_DIMENSION ? countryNames(code) : codeName(flow, d.position - 1, code);
      return { id: code, ...named(names, locale) };
    }),
  });

  // Observation-level attributes: status (coded), source and note (free text).
  const statusCodes = [...new Set(allRows.map((r) => r.obs_status))].sort(
    (a, b) => OBS_STATUS_CODES.indexOf(a as never) - OBS_STATUS_CODES.indexOf(b as never),
  );
  const statusIndex = new Map(statusCodes.map((c, i) => [c, i]));
  const sources = [...new Set(allRows.map((r) => r.source).filter((s): s is string => !!s))];
  const sourceIndex = new Map(sources.map((s, i) => [s, i]));
  const notes = [...new Set(allRows.map((r) => r.note).filter((s): s is string => !!s))];
  const noteIndex = new Map(notes.map((s, i) => [s, i]));

  const unitMult = String(flow.unitMultiplier);
  const attributes = withAttributes
    ? {
        dataSet: [
          {
            id: 'UNIT_MEASURE',
            ...named(CONCEPT_NAMES.UNIT_MEASURE!, locale),
            relationship: { none: {} },
            values: [{ id: flow.unit, ...named(UNIT_NAMES[flow.unit] ?? { en: flow.unit }, locale) }],
          },
          {
            id: 'UNIT_MULT',
            ...named(CONCEPT_NAMES.UNIT_MULT!, locale),
            relationship: { none: {} },
            values: [
              { id: unitMult, ...named(UNIT_MULT_NAMES[unitMult] ?? { en: `10^${unitMult}` }, locale) },
            ],
          },
        ],
        series: [],
        observation: withData
          ? [
              {
                id: 'OBS_STATUS',
                ...named(CONCEPT_NAMES.OBS_STATUS!, locale),
                relationship: { primaryMeasure: 'OBS_VALUE' },
                values: statusCodes.map((c) => ({
                  id: c,
                  ...named(OBS_STATUS_NAMES[c] ?? { en: c }, locale),
                })),
              },
              {
                id: 'SOURCE',
                ...named(CONCEPT_NAMES.SOURCE!, locale),
                relationship: { primaryMeasure: 'OBS_VALUE' },
                values: sources.map((s) => ({ name: s })),
              },
              {
                id: 'COMMENT_OBS',
                ...named(CONCEPT_NAMES.COMMENT_OBS!, locale),
                relationship: { primaryMeasure: 'OBS_VALUE' },
                values: notes.map((s) => ({ name: s })),
              },
            ]
          : [],
      }
    : { dataSet: [], series: [], observation: [] };

  const obsArray = (row: ObsRow) =>
    withAttributes
      ? [
          row.value,
          statusIndex.get(row.obs_status) ?? null,
          row.source ? sourceIndex.get(row.source)! : null,
          row.note ? noteIndex.get(row.note)! : null,
        ]
      : [row.value];

  const keyOf = (row: ObsRow, list: DimValues[]) =>
    list.map((d) => d.index.get(rowCode(row, d.position, dimCount))).join(':');

  const dataSetFor = (rows: ObsRow[], action: string) => {
    const base: Record<string, unknown> = {
      links: [{ href: o.flowUrl, urn: flowUrn(flow.code), rel: 'dataflow' }],
      action,
      ...(withAttributes ? { attributes: [0, 0] } : {}),
    };
    if (flat) {
      const observations: Record<string, unknown[]> = {};
      for (const row of rows) observations[keyOf(row, obsDims)] = obsArray(row);
      base.observations = observations;
      return base;
    }
    const series: Record<string, { attributes?: number[]; observations?: Record<string, unknown[]> }> = {};
    for (const row of rows) {
      const key = keyOf(row, seriesDims);
      let s = series[key];
      if (!s) {
        s = withData ? { observations: {} } : withAttributes ? { attributes: [] } : {};
        series[key] = s;
      }
      if (withData) s.observations![keyOf(row, obsDims)] = obsArray(row);
    }
    base.series = series;
    return base;
  };

  const dataSets = [dataSetFor(o.rows, o.updatedAfter ? 'Replace' : 'Information')];
  if (o.deleted?.length) dataSets.push(dataSetFor(o.deleted, 'Delete'));

  return {
    meta: dataMessageMeta(locale, o.selfUrl, o.prepared),
    data: {
      structure: {
        links: [
          { href: o.flowUrl, urn: flowUrn(flow.code), rel: 'dataflow' },
          { urn: dsdUrn(flow.code), rel: 'datastructure' },
        ],
        ...named(flow.name, locale, flow.origLocale),
        dimensions: {
          dataSet: [],
          series: seriesDims.map(dimensionJson),
          observation: obsDims.map(dimensionJson),
        },
        attributes,
      },
      dataSets,
    },
  };
}

/** An SDMX-JSON error message; valid against both the data and the structure schema. */
export function buildErrorMessage(
  kind: SdmxErrorKind,
  detailKey: string,
  values: Record<string, unknown> | undefined,
  locale: Locale,
  selfUrl: string,
  structure = false,
) {
  const def = SDMX_ERRORS[kind];
  const details: Record<string, string> = {};
  for (const l of LOCALES) details[l] = translator(l)(detailKey, values as never);
  return {
    meta: meta(locale, structure ? STRUCTURE_SCHEMA_URL : DATA_SCHEMA_URL, selfUrl, new Date()),
    errors: [{ code: def.code, title: def.title, detail: details[locale], details }],
  };
}

// ---------------------------------------------------------------------------------------------
// Structure messages: dataflows, data structure definitions, code lists, the concept scheme.

export interface StructureOptions {
  flows: FlowDef[];
  locale: Locale;
  selfUrl: string;
  baseUrl: string;
  /** Which artefacts to include. */
  include: { dataflows: boolean; dataStructures: boolean; codelists: boolean; conceptSchemes: boolean };
  /** Only the given code lists (by id), when a code-list query names one. */
  codelistFilter?: string[];
  stubs?: boolean;
  /** Countries that appear in REF_AREA. */
  areas: string[];
}

function maintainable(id: string, name: Localized, locale: Locale, orig = 'en', stub = false) {
  return {
    id,
    agencyID: AGENCY,
    version: VERSION,
    isFinal: true,
    ...named(name, locale, orig),
    ...(stub ? { isExternalReference: true } : {}),
  };
}

export function allCodelists(
  flows: FlowDef[],
  areas: string[],
): { id: string; name: Localized; codes: { id: string; name: Localized }[] }[] {
  const lists = new Map<string, { id: string; name: Localized; codes: { id: string; name: Localized }[] }>();
  lists.set(codelistId(AREA_DIMENSION), {
    id: codelistId(AREA_DIMENSION),
    name: CONCEPT_NAMES.REF_AREA!,
    codes: [...areas].sort().map((iso3) => ({ id: iso3, name: countryNames(iso3) })),
  });
  for (const flow of flows) {
    for (const d of flow.dimensions) {
      const id = codelistId(d.id);
      if (lists.has(id)) continue;
      const codes = d.codes.map((c) => ({ id: c.id, name: c.name }));
      if (!codes.some((c) => c.id === NOT_APPLICABLE))
        codes.push({ id: NOT_APPLICABLE, name: NOT_APPLICABLE_NAME });
      lists.set(id, { id, name: d.name, codes });
    }
  }
  lists.set('CL_OBS_STATUS', {
    id: 'CL_OBS_STATUS',
    name: CONCEPT_NAMES.OBS_STATUS!,
    codes: OBS_STATUS_CODES.map((c) => ({ id: c, name: OBS_STATUS_NAMES[c]! })),
  });
  lists.set('CL_UNIT_MEASURE', {
    id: 'CL_UNIT_MEASURE',
    name: CONCEPT_NAMES.UNIT_MEASURE!,
    codes: Object.entries(UNIT_NAMES).map(([id, name]) => ({ id, name })),
  });
  lists.set('CL_UNIT_MULT', {
    id: 'CL_UNIT_MULT',
    name: CONCEPT_NAMES.UNIT_MULT!,
    codes: Object.entries(UNIT_MULT_NAMES).map(([id, name]) => ({ id, name })),
  });
  return [...lists.values()];
}

function dataStructureJson(flow: FlowDef, locale: Locale, stub: boolean) {
  const base = maintainable(dsdId(flow.code), flow.name, locale, flow.origLocale, stub);
  if (stub) return base;
  const dims = [AREA_DIMENSION, ...flow.dimensions.map((d) => d.id)];
  return {
    ...base,
    dataStructureComponents: {
      dimensionList: {
        id: 'DimensionDescriptor',
        dimensions: dims.map((id, position) => ({
          id,
          position,
          type: 'Dimension',
          conceptIdentity: conceptUrn(id),
          localRepresentation: { enumeration: codelistUrn(codelistId(id)) },
        })),
        timeDimensions: [
          {
            id: TIME_DIMENSION,
            position: dims.length,
            type: 'TimeDimension',
            conceptIdentity: conceptUrn(TIME_DIMENSION),
            localRepresentation: { textFormat: { textType: 'ObservationalTimePeriod' } },
          },
        ],
      },
      attributeList: {
        id: 'AttributeDescriptor',
        attributes: [
          {
            id: 'UNIT_MEASURE',
            assignmentStatus: 'Mandatory',
            attributeRelationship: { none: {} },
            conceptIdentity: conceptUrn('UNIT_MEASURE'),
            localRepresentation: { enumeration: codelistUrn('CL_UNIT_MEASURE') },
          },
          {
            id: 'UNIT_MULT',
            assignmentStatus: 'Mandatory',
            attributeRelationship: { none: {} },
            conceptIdentity: conceptUrn('UNIT_MULT'),
            localRepresentation: { enumeration: codelistUrn('CL_UNIT_MULT') },
          },
          {
            id: 'OBS_STATUS',
            assignmentStatus: 'Mandatory',
            attributeRelationship: { primaryMeasure: 'OBS_VALUE' },
            conceptIdentity: conceptUrn('OBS_STATUS'),
            localRepresentation: { enumeration: codelistUrn('CL_OBS_STATUS') },
          },
          {
            id: 'SOURCE',
            assignmentStatus: 'Conditional',
            attributeRelationship: { primaryMeasure: 'OBS_VALUE' },
            conceptIdentity: conceptUrn('SOURCE'),
            localRepresentation: { textFormat: { textType: 'String' } },
          },
          {
            id: 'COMMENT_OBS',
            assignmentStatus: 'Conditional',
            attributeRelationship: { primaryMeasure: 'OBS_VALUE' },
            conceptIdentity: conceptUrn('COMMENT_OBS'),
            localRepresentation: { textFormat: { textType: 'String' } },
          },
        ],
      },
      measureList: {
        id: 'MeasureDescriptor',
        primaryMeasure: {
          id: 'OBS_VALUE',
          conceptIdentity: conceptUrn('OBS_VALUE'),
          localRepresentation: { textFormat: { textType: 'Double' } },
        },
      },
    },
  };
}

export function buildStructureMessage(o: StructureOptions) {
  const { locale } = o;
  const stub = o.stubs ?? false;
  const data: Record<string, unknown[]> = {};
  if (o.include.dataflows) {
    data.dataflows = o.flows.map((f) => ({
      ...maintainable(f.code, f.name, locale, f.origLocale, stub),
      ...(stub ? {} : { structure: dsdUrn(f.code) }),
      ...(Object.keys(named(f.definition, locale, f.origLocale).names).length
        ? { descriptions: named(f.definition, locale, f.origLocale).names }
        : {}),
      links: [{ href: `${o.baseUrl}/sdmx/rest/data/${f.code}`, rel: 'data' }],
    }));
  }
  if (o.include.dataStructures) data.dataStructures = o.flows.map((f) => dataStructureJson(f, locale, stub));
  if (o.include.codelists) {
    let lists = allCodelists(o.flows, o.areas);
    if (o.codelistFilter) lists = lists.filter((l) => o.codelistFilter!.includes(l.id));
    data.codelists = lists.map((l) => ({
      ...maintainable(l.id, l.name, locale, 'en', stub),
      ...(stub ? {} : { codes: l.codes.map((c) => ({ id: c.id, ...named(c.name, locale) })) }),
    }));
  }
  if (o.include.conceptSchemes) {
    const concepts = new Map<string, Localized>(Object.entries(CONCEPT_NAMES));
    for (const f of o.flows)
      for (const d of f.dimensions) if (!concepts.has(d.id)) concepts.set(d.id, d.name);
    data.conceptSchemes = [
      {
        ...maintainable(
          CONCEPT_SCHEME_ID,
          {
            en: 'SISMEL concepts',
            es: 'Conceptos de SISMEL',
            fr: 'Concepts de SISMEL',
            pt: 'Conceitos do SISMEL',
          },
          locale,
          'en',
          stub,
        ),
        ...(stub ? {} : { concepts: [...concepts].map(([id, name]) => ({ id, ...named(name, locale) })) }),
      },
    ];
  }
  for (const [k, v] of Object.entries(data)) if (v.length === 0) delete data[k];
  return { meta: meta(locale, STRUCTURE_SCHEMA_URL, o.selfUrl, new Date()), data };
}
