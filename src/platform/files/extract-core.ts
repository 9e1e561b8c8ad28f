import { unzipSync } from 'fflate';
import type { FileKind } from './kinds.ts';

/**
 * Text extraction for each accepted file type. These functions run inside a worker thread
 * (see extract.ts), so a hostile file can exhaust only the worker's memory and time.
 */

export type ExtractFailure =
  | 'empty'
  | 'corrupt'
  | 'encrypted'
  | 'zipBomb'
  | 'mismatch'
  | 'timeout'
  | 'tooLarge'
  | 'noText';

export class ExtractError extends Error {
  constructor(
    readonly code: ExtractFailure,
    detail?: string,
  ) {
    super(detail ?? code);
  }
}

export interface ExtractLimits {
  /** Most characters of text kept (the rest is cut). */
  maxChars: number;
  /** Most bytes all entries of an office (ZIP) file may inflate to, as declared in its directory. */
  maxUncompressedBytes: number;
  /** Most inflation ratio of one entry before it counts as a bomb. */
  maxRatio: number;
  /** Most entries in a ZIP container. */
  maxEntries: number;
}

export const DEFAULT_LIMITS: ExtractLimits = {
  maxChars: 2_000_000,
  maxUncompressedBytes: 200 * 1024 * 1024,
  maxRatio: 200,
  maxEntries: 5000,
};

export interface ExtractResult {
  text: string;
  truncated: boolean;
}

/** Checks the declared sizes of every entry before anything is inflated. */
export function checkZip(data: Uint8Array, limits: ExtractLimits): void {
  let total = 0;
  let entries = 0;
  try {
    unzipSync(data, {
      filter: (f) => {
        entries++;
        total += f.originalSize;
        if (entries > limits.maxEntries) throw new ExtractError('zipBomb', 'too many entries');
        if (f.originalSize > 1024 * 1024 && f.originalSize / Math.max(f.size, 1) > limits.maxRatio) {
          throw new ExtractError('zipBomb', `entry ${f.name} inflates ${f.originalSize} from ${f.size}`);
        }
        if (total > limits.maxUncompressedBytes)
          throw new ExtractError('zipBomb', `uncompressed size over ${total}`);
        return false;
      },
    });
  } catch (err) {
    if (err instanceof ExtractError) throw err;
    throw new ExtractError('corrupt', err instanceof Error ? err.message : String(err));
  }
}

/** Inflates the chosen entries only, each capped at its declared size. */
function unzipEntries(data: Uint8Array, wanted: (name: string) => boolean): Record<string, Uint8Array> {
  try {
    return unzipSync(data, { filter: (f) => wanted(f.name) });
  } catch (err) {
    throw new ExtractError('corrupt', err instanceof Error ? err.message : String(err));
  }
}

const ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
  laquo: '«',
  raquo: '»',
  ndash: '–',
  mdash: '—',
  hellip: '…',
  rsquo: '’',
  lsquo: '‘',
  ldquo: '“',
  rdquo: '”',
  copy: '©',
  reg: '®',
  deg: '°',
  ordm: 'º',
  ordf: 'ª',
  iexcl: '¡',
  iquest: '¿',
};

export function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]{1,6}|#\d{1,7}|[a-z]{2,8});/gi, (m, e: string) => {
    if (e[0] === '#') {
      const code =
        e[1] === 'x' || e[1] === 'X' ? Number.parseInt(e.slice(2), 16) : Number.parseInt(e.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '';
    }
    const lower = e.toLowerCase();
    if (lower in ENTITIES) return ENTITIES[lower]!;
    // Latin letters with accents: &aacute; &ntilde; &ccedil; …
    const accent = /^([a-z])(acute|grave|circ|uml|tilde|cedil)$/i.exec(e);
    if (accent) {
      const marks: Record<string, string> = {
        acute: '\u0301',
        grave: '\u0300',
        circ: '\u0302',
        uml: '\u0308',
        tilde: '\u0303',
        cedil: '\u0327',
      };
      return (accent[1]! + marks[accent[2]!.toLowerCase()]!).normalize('NFC');
    }
    return m;
  });
}

/** Plain text of an HTML page: scripts, styles and tags removed, blocks on their own lines. */
export function htmlToText(html: string): string {
  return decodeEntities(
    html
      .replace(/<!--[\s\S]*?-->/g, ' ')
      .replace(/<(script|style|noscript|template|svg|head)\b[\s\S]*?<\/\1\s*>/gi, ' ')
      .replace(/<(br|hr)\b[^>]*>/gi, '\n')
      .replace(
        /<\/?(p|div|section|article|header|footer|li|ul|ol|tr|table|h[1-6]|blockquote|pre|dd|dt|title)\b[^>]*>/gi,
        '\n',
      )
      .replace(/<[^>]*>/g, ' '),
  );
}

/** Text nodes of an XML document (ODF, OOXML), paragraphs on their own lines. */
function xmlText(xml: string, paragraph: RegExp, textNode: RegExp): string {
  const out: string[] = [];
  for (const para of xml.split(paragraph)) {
    const parts: string[] = [];
    for (const m of para.matchAll(textNode)) parts.push(decodeEntities(m[1] ?? ''));
    if (parts.length) out.push(parts.join(''));
  }
  return out.join('\n');
}

function decodeText(data: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(data);
  } catch {
    // Not UTF-8: ministries still produce Windows-1252 text files.
    return new TextDecoder('windows-1252').decode(data);
  }
}

export function normaliseText(text: string): string {
  return (
    text
      .replace(/^\uFEFF/, '')
      .replace(/\r\n?/g, '\n')
      // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
      .replace(/[\u0000-\u0008\u000b\u000e-\u001f\u007f]/g, '')
      .replace(/[ \t\f\u00a0]+/g, ' ')
      .replace(/ *\n */g, '\n')
      .replace(/\n{3,}/g, '\n\n')
      .trim()
  );
}

async function extractPdf(data: Uint8Array): Promise<string> {
  const { getDocumentProxy, extractText } = await import('unpdf');
  let pdf: Awaited<ReturnType<typeof getDocumentProxy>>;
  try {
    pdf = await getDocumentProxy(new Uint8Array(data), { isEvalSupported: false, stopAtErrors: false });
  } catch (err) {
    const name = (err as { name?: string })?.name;
    if (name === 'PasswordException') throw new ExtractError('encrypted');
    throw new ExtractError('corrupt', err instanceof Error ? err.message : String(err));
  }
  try {
    const { text } = await extractText(pdf, { mergePages: true });
    return text;
  } catch (err) {
    throw new ExtractError('corrupt', err instanceof Error ? err.message : String(err));
  } finally {
    await pdf.destroy().catch(() => undefined);
  }
}

async function extractDocx(data: Uint8Array, limits: ExtractLimits): Promise<string> {
  checkZip(data, limits);
  const mammoth = (await import('mammoth')).default;
  try {
    const result = await mammoth.extractRawText({
      buffer: Buffer.from(data.buffer, data.byteOffset, data.byteLength),
    });
    return result.value;
  } catch (err) {
    throw new ExtractError('corrupt', err instanceof Error ? err.message : String(err));
  }
}

async function extractXlsx(data: Uint8Array, limits: ExtractLimits): Promise<string> {
  checkZip(data, limits);
  const ExcelJS = (await import('exceljs')).default;
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(Buffer.from(data.buffer, data.byteOffset, data.byteLength) as unknown as ArrayBuffer);
  } catch (err) {
    throw new ExtractError('corrupt', err instanceof Error ? err.message : String(err));
  }
  const lines: string[] = [];
  let chars = 0;
  for (const sheet of wb.worksheets) {
    lines.push(sheet.name);
    sheet.eachRow({ includeEmpty: false }, (row) => {
      if (chars > limits.maxChars) return;
      const cells: string[] = [];
      row.eachCell({ includeEmpty: false }, (cell) => {
        const text = cell.text?.trim();
        if (text) cells.push(text);
      });
      if (cells.length) {
        const line = cells.join(' \t ');
        chars += line.length;
        lines.push(line);
      }
    });
  }
  return lines.join('\n');
}

function extractPptx(data: Uint8Array, limits: ExtractLimits): string {
  checkZip(data, limits);
  const entries = unzipEntries(data, (name) =>
    /^ppt\/(slides\/slide|notesSlides\/notesSlide)\d+\.xml$/.test(name),
  );
  const slideNo = (name: string) => Number(/(\d+)\.xml$/.exec(name)?.[1] ?? 0);
  const names = Object.keys(entries).sort((a, b) => {
    const notes = Number(a.includes('notes')) - Number(b.includes('notes'));
    return slideNo(a) - slideNo(b) || notes;
  });
  const decoder = new TextDecoder();
  return names
    .map((n) => xmlText(decoder.decode(entries[n]), /<\/a:p>/, /<a:t(?:\s[^>]*)?>([^<]*)<\/a:t>/g))
    .filter(Boolean)
    .join('\n\n');
}

function extractOdt(data: Uint8Array, limits: ExtractLimits): string {
  checkZip(data, limits);
  const entries = unzipEntries(data, (name) => name === 'content.xml');
  const xml = entries['content.xml'];
  if (!xml) throw new ExtractError('corrupt', 'content.xml missing');
  const body = new TextDecoder()
    .decode(xml)
    .replace(/<text:(s|tab)\b[^>]*\/>/g, ' ')
    .replace(/<text:line-break\s*\/>/g, '\n')
    .replace(/<\/text:(p|h)>/g, '\n')
    .replace(/<[^>]+>/g, '');
  return decodeEntities(body);
}

/** Extracts the text of a file of the given (content-detected) kind. Runs in the worker. */
export async function extractByKind(
  kind: FileKind,
  data: Uint8Array,
  limits: ExtractLimits = DEFAULT_LIMITS,
): Promise<ExtractResult> {
  if (data.length === 0) throw new ExtractError('empty');
  let raw: string;
  switch (kind) {
    case 'pdf':
      raw = await extractPdf(data);
      break;
    case 'docx':
      raw = await extractDocx(data, limits);
      break;
    case 'xlsx':
      raw = await extractXlsx(data, limits);
      break;
    case 'pptx':
      raw = extractPptx(data, limits);
      break;
    case 'odt':
      raw = extractOdt(data, limits);
      break;
    case 'html':
      raw = htmlToText(decodeText(data));
      break;
    case 'txt':
      raw = decodeText(data);
      break;
  }
  const text = normaliseText(raw);
  if (!text) throw new ExtractError('noText');
  const truncated = text.length > limits.maxChars;
  return { text: truncated ? text.slice(0, limits.maxChars) : text, truncated };
}
