import { parse as parseCsv } from 'csv-parse/sync';
import type ExcelJS from 'exceljs';
import { loadExcel } from '../export/excel.ts';

/** A sheet read from an upload: the header (lower-cased) and the data rows as text. */
export interface Sheet {
  kind: 'csv' | 'xlsx';
  /** Column names as written in the file. */
  header: string[];
  rows: string[][];
}

export class UnreadableFileError extends Error {
  constructor(readonly key: string) {
    super(key);
  }
}

/** Decides by content, not by name: a ZIP container is XLSX, text is CSV. */
export function sniff(buf: Buffer): 'csv' | 'xlsx' | null {
  if (buf.length >= 4 && buf[0] === 0x50 && buf[1] === 0x4b && buf[2] === 0x03 && buf[3] === 0x04)
    return 'xlsx';
  const head = buf.subarray(0, Math.min(buf.length, 64 * 1024));
  if (head.includes(0)) return null;
  return 'csv';
}

function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return String(v);
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    if ('result' in v) return cellText((v as { result: ExcelJS.CellValue }).result);
    if ('richText' in v) return (v as ExcelJS.CellRichTextValue).richText.map((r) => r.text).join('');
    if ('text' in v) return String((v as { text: unknown }).text);
    if ('error' in v) return String((v as { error: unknown }).error);
  }
  return String(v);
}

/**
 * Text without quotes or bare carriage returns, the usual shape of a statistics export, split
 * directly: the same records as the full parser gives (fields trimmed, lines of unequal length
 * kept, the final line break ending the last record), several times faster on large files.
 * Anything else: null, and the full parser reads it.
 */
export function simpleCsv(text: string, delimiter: string): string[][] | null {
  if (text.includes('"') || /\r(?!\n)/.test(text)) return null;
  if (text === '') return [];
  const lines = text.split(/\r?\n/);
  if (lines.length > 1 && lines.at(-1) === '') lines.pop();
  const records: string[][] = new Array(lines.length);
  for (let i = 0; i < lines.length; i++) {
    const cells = lines[i]!.split(delimiter);
    for (let j = 0; j < cells.length; j++) {
      const c = cells[j]!;
      if (c !== '' && (c.charCodeAt(0) <= 32 || c.charCodeAt(c.length - 1) <= 32)) cells[j] = c.trim();
    }
    records[i] = cells;
  }
  return records;
}

export async function readSheet(buf: Buffer): Promise<Sheet> {
  const kind = sniff(buf);
  if (!kind) throw new UnreadableFileError('stats.import.error.fileType');
  if (kind === 'csv') {
    let text = buf.toString('utf8');
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    const firstLine = text.slice(0, text.indexOf('\n') === -1 ? undefined : text.indexOf('\n'));
    const delimiter =
      (firstLine.match(/;/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0)
        ? ';'
        : firstLine.includes('\t') && !firstLine.includes(',')
          ? '\t'
          : ',';
    let records: string[][];
    try {
      records =
        simpleCsv(text, delimiter) ??
        (parseCsv(text, {
          delimiter,
          relax_column_count: true,
          skip_empty_lines: false,
          trim: true,
          bom: true,
        }) as string[][]);
    } catch {
      throw new UnreadableFileError('stats.import.error.badCsv');
    }
    if (!records.length) throw new UnreadableFileError('stats.import.error.empty');
    return { kind, header: records[0]!, rows: records.slice(1) };
  }
  const ExcelJS = await loadExcel();
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(buf as unknown as ArrayBuffer);
  } catch {
    throw new UnreadableFileError('stats.import.error.badXlsx');
  }
  const ws = wb.worksheets[0];
  if (!ws || ws.rowCount === 0) throw new UnreadableFileError('stats.import.error.empty');
  const all: string[][] = [];
  ws.eachRow({ includeEmpty: true }, (row) => {
    const values = row.values as ExcelJS.CellValue[];
    const out: string[] = [];
    for (let i = 1; i < values.length; i++) out.push(cellText(values[i]).trim());
    all.push(out);
  });
  while (all.length && all.at(-1)!.every((c) => c === '')) all.pop();
  if (!all.length) throw new UnreadableFileError('stats.import.error.empty');
  return { kind, header: all[0]!, rows: all.slice(1) };
}
