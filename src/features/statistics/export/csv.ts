import type { Translate } from '../../../platform/i18n/catalog.ts';
import { countryName, pick } from '../../../platform/i18n/format.ts';
import type { Locale } from '../../../platform/i18n/locales.ts';
import type { IndicatorInfo } from '../explorer/repository.ts';
import { csvLine } from '../sdmx/csv.ts';
import { dimCodes, NOT_APPLICABLE, OBS_STATUS_NAMES, type ObsRow, UNIT_NAMES } from '../sdmx/model.ts';

/**
 * The plain download of a view, for people: one row per observation with codes and names in the
 * reader's language, the unit, the flag, source, note and date of the last change. Machine
 * readers use SDMX-CSV instead.
 */
export interface PlainColumns {
  headers: string[];
  values(row: ObsRow): (string | number | null)[];
}

export function plainColumns(ind: IndicatorInfo, locale: Locale, t: Translate): PlainColumns {
  const name = pick(ind.name, locale, ind.origLocale).text;
  const unit = pick(UNIT_NAMES[ind.unit] ?? { en: ind.unit }, locale).text;
  const codeNames = ind.dimensions.map((d) => new Map(d.codes.map((c) => [c.id, pick(c.name, locale).text])));
  const headers = [
    t('explorer.col.indicator'),
    t('explorer.col.indicatorName'),
    t('explorer.col.countryCode'),
    t('explorer.col.country'),
    ...ind.dimensions.flatMap((d) => [
      t('explorer.col.code', { dimension: pick(d.name, locale).text }),
      pick(d.name, locale).text,
    ]),
    t('explorer.col.period'),
    t('explorer.col.value'),
    t('explorer.col.unit'),
    t('explorer.col.unitMultiplier'),
    t('explorer.col.status'),
    t('explorer.col.statusName'),
    t('explorer.col.source'),
    t('explorer.col.note'),
    t('explorer.col.updated'),
  ];
  const n = ind.dimensions.length;
  return {
    headers,
    values(row) {
      const codes = dimCodes(row, n);
      return [
        ind.code,
        name,
        row.country_iso3,
        countryName(row.country_iso3, locale),
        ...codes.flatMap((c, i) => [
          c,
          c === NOT_APPLICABLE ? t('explorer.notApplicable') : (codeNames[i]!.get(c) ?? c),
        ]),
        row.period,
        row.value,
        unit,
        ind.unitMultiplier,
        row.obs_status,
        pick(OBS_STATUS_NAMES[row.obs_status] ?? { en: row.obs_status }, locale).text,
        row.source,
        row.note,
        row.updated_at,
      ];
    },
  };
}

/** The CSV text of a view, produced chunk by chunk. Starts with a BOM so spreadsheets read UTF-8. */
export async function* plainCsv(cols: PlainColumns, chunks: AsyncIterable<ObsRow[]>): AsyncGenerator<string> {
  yield `\uFEFF${csvLine(cols.headers)}`;
  for await (const rows of chunks) {
    let out = '';
    for (const r of rows) out += csvLine(cols.values(r));
    yield out;
  }
}
