import { PassThrough } from 'node:stream';
import { loadExcel } from './excel.ts';
import type { Translate } from '../../../platform/i18n/catalog.ts';
import { formatDate, pick } from '../../../platform/i18n/format.ts';
import type { Locale } from '../../../platform/i18n/locales.ts';
import type { IndicatorInfo } from '../explorer/repository.ts';
import type { ObsRow } from '../sdmx/model.ts';
import type { PlainColumns } from './csv.ts';

/**
 * The spreadsheet download: a "Data" sheet written row by row with exceljs's streaming
 * workbook writer (rows go to the reply as they are read), then an "About" sheet with the
 * indicator's definition, notes, the link to the view and the date of the extract.
 */
export async function xlsxStream(
  ind: IndicatorInfo,
  cols: PlainColumns,
  chunks: AsyncIterable<ObsRow[]>,
  o: { locale: Locale; t: Translate; viewUrl: string; onError: (err: unknown) => void },
): Promise<PassThrough> {
  const ExcelJS = await loadExcel();
  const out = new PassThrough();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: out,
    useStyles: true,
    useSharedStrings: false,
  });
  workbook.creator = 'SISMEL';
  workbook.created = new Date();
  const valueColumn = cols.headers.indexOf(o.t('explorer.col.value')) + 1;
  const numFmt = ind.decimals > 0 ? `0.${'0'.repeat(ind.decimals)}` : '0';

  (async () => {
    const sheet = workbook.addWorksheet(o.t('explorer.xlsx.dataSheet'), {
      views: [{ state: 'frozen', ySplit: 1 }],
    });
    sheet.columns = cols.headers.map((h, i) => ({
      header: h,
      width: Math.min(40, Math.max(10, h.length + 2)),
      style: i + 1 === valueColumn ? { numFmt } : {},
    }));
    sheet.getRow(1).font = { bold: true };
    sheet.getRow(1).commit();
    for await (const rows of chunks) {
      for (const r of rows) sheet.addRow(cols.values(r)).commit();
      // Let the zip writer drain before the next chunk.
      if (out.writableNeedDrain) await new Promise((resolve) => out.once('drain', resolve));
    }
    sheet.commit();

    const extracted = new Date();
    const about = workbook.addWorksheet(o.t('explorer.xlsx.aboutSheet'));
    about.columns = [{ width: 24 }, { width: 100 }];
    const lines: [string, string][] = [
      [o.t('explorer.col.indicator'), `${ind.code} — ${pick(ind.name, o.locale, ind.origLocale).text}`],
      [o.t('explorer.definition'), pick(ind.definition, o.locale, ind.origLocale).text],
      [o.t('explorer.notes'), pick(ind.notes, o.locale, ind.origLocale).text],
      [o.t('explorer.xlsx.view'), o.viewUrl],
      [o.t('explorer.xlsx.extracted'), `${formatDate(extracted, o.locale)} (${extracted.toISOString()})`],
    ];
    for (const [k, v] of lines) {
      const row = about.addRow([k, v]);
      row.getCell(1).font = { bold: true };
      row.getCell(2).alignment = { wrapText: true, vertical: 'top' };
      row.commit();
    }
    about.commit();
    await workbook.commit();
  })().catch((err) => {
    o.onError(err);
    out.destroy(err instanceof Error ? err : new Error(String(err)));
  });
  return out;
}
