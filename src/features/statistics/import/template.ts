import { loadExcel } from '../export/excel.ts';
import type { Db } from '../../../db/connection.ts';
import type { Locale } from '../../../platform/i18n/locales.ts';
import { CODELIST_BY_ID, OBS_STATUSES } from '../codelists.ts';
import { entryCodes } from '../labels.ts';
import { periodsBetween } from '../periods.ts';
import { findObservations, type IndicatorView } from '../repository.ts';

/**
 * The upload template of one indicator and country: one row per period and breakdown,
 * pre-filled with the current values. Emptying a value deletes it on upload.
 */
export async function templateRows(
  db: Db,
  ind: IndicatorView,
  iso3: string,
): Promise<{ header: string[]; rows: (string | number)[][] }> {
  const current = await findObservations(db, { indicatorIds: [ind.id], countries: [iso3] });
  const thisYear = new Date().getUTCFullYear();
  const periods = new Set(
    periodsBetween(
      ind.frequency,
      thisYear - (ind.frequency === 'A' ? 5 : 1),
      thisYear - (ind.frequency === 'A' ? 1 : 0),
    ),
  );
  for (const r of current) periods.add(r.period);
  let combos: string[][] = [[]];
  for (const d of ind.dimensions) combos = combos.flatMap((c) => entryCodes(d).map((code) => [...c, code]));
  const seen = new Set(combos.map((c) => c.join('|')));
  for (const r of current) {
    const c = [r.dim1, r.dim2, r.dim3].slice(0, ind.dimensions.length);
    if (!seen.has(c.join('|'))) {
      seen.add(c.join('|'));
      combos.push(c);
    }
  }
  const byKey = new Map(
    current.map((r) => [
      `${r.period}|${[r.dim1, r.dim2, r.dim3].slice(0, ind.dimensions.length).join('|')}`,
      r,
    ]),
  );
  const header = ['indicator', 'country', 'period', ...ind.dimensions, 'value', 'status', 'source', 'note'];
  const rows: (string | number)[][] = [];
  for (const period of [...periods].sort()) {
    for (const combo of combos) {
      const r = byKey.get(`${period}|${combo.join('|')}`);
      rows.push([
        ind.code,
        iso3,
        period,
        ...combo,
        r?.value ?? '',
        r?.obs_status ?? '',
        r?.source ?? '',
        r?.note ?? '',
      ]);
    }
  }
  return { header, rows };
}

function csvCell(v: string | number): string {
  const s = String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export async function templateCsv(db: Db, ind: IndicatorView, iso3: string): Promise<string> {
  const { header, rows } = await templateRows(db, ind, iso3);
  return `${[header, ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n')}\r\n`;
}

export async function templateXlsx(
  db: Db,
  ind: IndicatorView,
  iso3: string,
  locale: Locale,
  statusLabel: (s: string) => string,
): Promise<Buffer> {
  const { header, rows } = await templateRows(db, ind, iso3);
  const ExcelJS = await loadExcel();
  const wb = new ExcelJS.Workbook();
  wb.creator = 'SISMEL';
  const ws = wb.addWorksheet(ind.code);
  ws.addRow(header);
  ws.getRow(1).font = { bold: true };
  for (const r of rows) ws.addRow(r);
  ws.columns.forEach((c, i) => {
    c.width = i < 3 ? 12 : 22;
  });
  ws.views = [{ state: 'frozen', ySplit: 1 }];
  const codes = wb.addWorksheet('codes');
  codes.addRow(['dimension', 'code', 'label']);
  codes.getRow(1).font = { bold: true };
  for (const d of ind.dimensions)
    for (const c of CODELIST_BY_ID.get(d)?.codes ?? []) codes.addRow([d, c.code, c.name[locale]]);
  for (const s of OBS_STATUSES) codes.addRow(['status', s, statusLabel(s)]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
