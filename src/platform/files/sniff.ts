import { unzipSync } from 'fflate';
import { CONTENT_TYPES, type FileKind } from './kinds.ts';

export type SniffResult =
  | { ok: true; kind: FileKind; contentType: string }
  | { ok: false; reason: 'empty' | 'unknown' };

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];

function startsWith(buf: Uint8Array, bytes: number[], at = 0): boolean {
  if (buf.length < at + bytes.length) return false;
  return bytes.every((b, i) => buf[at + i] === b);
}

function ok(kind: FileKind): SniffResult {
  return { ok: true, kind, contentType: CONTENT_TYPES[kind] };
}

/** Which office format a ZIP container holds, from its entry names (nothing is inflated but `mimetype`). */
function sniffZip(data: Uint8Array): FileKind | null {
  const names = new Set<string>();
  let odfMime = '';
  try {
    const out = unzipSync(data, {
      filter: (f) => {
        names.add(f.name);
        // ODF stores its media type uncompressed in a tiny first entry.
        return f.name === 'mimetype' && f.originalSize < 200 && f.compression === 0;
      },
    });
    if (out.mimetype) odfMime = new TextDecoder().decode(out.mimetype).trim();
  } catch {
    return null;
  }
  if (odfMime === 'application/vnd.oasis.opendocument.text') return 'odt';
  if (names.has('[Content_Types].xml')) {
    if (names.has('word/document.xml')) return 'docx';
    if (names.has('xl/workbook.xml')) return 'xlsx';
    if (names.has('ppt/presentation.xml')) return 'pptx';
  }
  return null;
}

/** True when the sample reads as text: no NUL bytes and hardly any other control characters. */
function looksLikeText(sample: Uint8Array): boolean {
  if (sample.length === 0) return false;
  let control = 0;
  for (const b of sample) {
    if (b === 0) return false;
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c && b !== 0x1b) control++;
  }
  return control / sample.length < 0.01;
}

function looksLikeHtml(sample: Uint8Array): boolean {
  const head = new TextDecoder('utf-8', { fatal: false })
    .decode(sample.subarray(0, 2048))
    .replace(/^\uFEFF/, '')
    .trimStart()
    .toLowerCase();
  if (head.startsWith('<!doctype html') || head.startsWith('<html')) return true;
  if (head.startsWith('<?xml') && head.includes('<html')) return true;
  return /^(<!--[\s\S]*?-->\s*)*<(html|head|body)[\s>]/.test(head);
}

/**
 * Decides the type of a file by its content. `data` is the whole file (ZIP formats need their
 * central directory, at the end).
 */
export function sniffFile(data: Uint8Array): SniffResult {
  if (data.length === 0) return { ok: false, reason: 'empty' };
  const head = data.subarray(0, 1024);
  // PDF readers accept the header within the first kilobyte.
  const headText = new TextDecoder('latin1').decode(head);
  if (headText.includes('%PDF-')) return ok('pdf');
  if (startsWith(data, ZIP_MAGIC)) {
    const kind = sniffZip(data);
    return kind ? ok(kind) : { ok: false, reason: 'unknown' };
  }
  const sample = data.subarray(0, 64 * 1024);
  if (!looksLikeText(sample)) return { ok: false, reason: 'unknown' };
  return ok(looksLikeHtml(sample) ? 'html' : 'txt');
}
