import { countryName, type Localized, pick } from '../../../platform/i18n/format.ts';
import type { Locale } from '../../../platform/i18n/locales.ts';
import {
  type ExplorerRepository,
  type ObsFilter,
  type ObsKeyPosition,
  PLAIN_CODE,
} from '../explorer/repository.ts';
import type { ReadScope } from '../explorer/visibility.ts';
import {
  AGENCY,
  dimCodes,
  type FlowDef,
  NOT_APPLICABLE,
  OBS_STATUS_NAMES,
  type ObsRow,
  UNIT_MULT_NAMES,
  VERSION,
} from './model.ts';
import type { Detail } from './query.ts';

/**
 * SDMX-CSV 1.0 (RFC 4180): a header row, then one row per observation — DATAFLOW, REF_AREA,
 * the indicator's dimensions, TIME_PERIOD, OBS_VALUE, then the attributes. Rows are produced one
 * at a time so the routes can stream them straight from the database.
 */

export function csvField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  const s = typeof value === 'number' ? String(value) : value;
  return /[",\r\n]/.test(s) || /^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvLine(fields: (string | number | null | undefined)[]): string {
  return `${fields.map(csvField).join(',')}\r\n`;
}

export interface SdmxCsvOptions {
  detail: Detail;
  labels: 'id' | 'both';
  locale: Locale;
}

export interface RowWriter {
  header(): string;
  /** The CSV line for this row, or null when the row adds nothing (same series, no data). */
  row(r: ObsRow): string | null;
}

/**
 * The fixed parts of a line, for lines the database builds (explorer repository `csvPage`): only
 * for codes without labels, with observations (detail `full` or `dataonly`); null otherwise.
 */
export function sdmxCsvLayout(
  flow: FlowDef,
  o: SdmxCsvOptions,
): { prefix: string; dimCount: number; afterValue: string; attributes: boolean } | null {
  if (o.labels !== 'id' || (o.detail !== 'full' && o.detail !== 'dataonly')) return null;
  const full = o.detail === 'full';
  return {
    prefix: `${csvField(`${AGENCY}:${flow.code}(${VERSION})`)},`,
    dimCount: flow.dimensions.length,
    afterValue: full ? `,${csvField(flow.unit)},${csvField(String(flow.unitMultiplier))}` : '',
    attributes: full,
  };
}

export function sdmxCsvWriter(flow: FlowDef, o: SdmxCsvOptions): RowWriter {
  const dimCount = flow.dimensions.length;
  const both = o.labels === 'both';
  const name = (v: Localized) => pick(v, o.locale, flow.origLocale).text;
  const label = (id: string, n: Localized | undefined) => (both && n ? `${id}: ${name(n)}` : id);
  const codeNames = flow.dimensions.map((d) => new Map(d.codes.map((c) => [c.id, c.name])));
  const withObs = o.detail === 'full' || o.detail === 'dataonly';
  const withAttrs = o.detail === 'full' || o.detail === 'nodata';
  const dataflow = label(`${AGENCY}:${flow.code}(${VERSION})`, flow.name);
  const unitMult = String(flow.unitMultiplier);
  const unitMultLabel = label(unitMult, UNIT_MULT_NAMES[unitMult]);
  let lastSeries = '';

  return {
    header() {
      const cols = [
        'DATAFLOW',
        'REF_AREA',
        ...flow.dimensions.map((d) => (both ? `${d.id}: ${name(d.name)}` : d.id)),
      ];
      if (withObs) cols.push('TIME_PERIOD', 'OBS_VALUE');
      if (withAttrs) cols.push('UNIT_MEASURE', 'UNIT_MULT');
      if (o.detail === 'full') cols.push('OBS_STATUS', 'SOURCE', 'COMMENT_OBS');
      return csvLine(cols);
    },
    row(r) {
      const codes = dimCodes(r, dimCount);
      const fields: (string | number | null)[] = [
        dataflow,
        both ? `${r.country_iso3}: ${countryName(r.country_iso3, o.locale)}` : r.country_iso3,
        ...codes.map((c, i) => label(c, c === NOT_APPLICABLE ? undefined : codeNames[i]!.get(c))),
      ];
      if (!withObs) {
        const key = `${r.country_iso3}.${codes.join('.')}`;
        if (key === lastSeries) return null;
        lastSeries = key;
      } else {
        fields.push(r.period, r.value);
      }
      if (withAttrs) fields.push(flow.unit, unitMultLabel);
      if (o.detail === 'full')
        fields.push(label(r.obs_status, OBS_STATUS_NAMES[r.obs_status]), r.source, r.note);
      return csvLine(fields);
    },
  };
}

/** Rows per page of an SDMX-CSV answer: about 2 MB of text. */
export const CSV_PAGE = 20_000;

/**
 * The SDMX-CSV text of a query, page by page in key order, for streaming: the connection is
 * free between pages, so a slow download never holds the database. With codes only (the usual
 * machine download) the database builds the lines; a page it cannot build exactly as
 * `sdmxCsvWriter` would (an unusual number or code) is built from its rows instead.
 */
export async function* sdmxCsvText(
  repo: ExplorerRepository,
  flow: FlowDef,
  filter: ObsFilter,
  scope: ReadScope,
  o: SdmxCsvOptions,
  pageSize = CSV_PAGE,
): AsyncGenerator<string> {
  const writer = sdmxCsvWriter(flow, o);
  const fromRows = (rows: ObsRow[]) => {
    let out = '';
    for (const r of rows) out += writer.row(r) ?? '';
    return out;
  };
  yield writer.header();
  const plainCodes =
    flow.dimensions.every((d) => d.codes.every((c) => PLAIN_CODE.test(c.id))) &&
    (await repo.plainCountryCodes());
  const layout = filter.firstN || filter.lastN || !plainCodes ? null : sdmxCsvLayout(flow, o);
  if (!layout) {
    for await (const rows of repo.chunks(filter, scope, pageSize)) {
      const out = fromRows(rows);
      if (out) yield out;
    }
    return;
  }
  let after: ObsKeyPosition | undefined;
  for (;;) {
    const page = await repo.csvPage(filter, scope, layout, after, pageSize);
    let count = page.count;
    if (page.needsRows) {
      const rows = await repo.page(filter, scope, after, pageSize);
      count = rows.length;
      after = rows[rows.length - 1];
      const out = fromRows(rows);
      if (out) yield out;
    } else {
      after = page.last;
      if (page.text) yield page.text;
    }
    if (count < pageSize || !after) return;
  }
}
