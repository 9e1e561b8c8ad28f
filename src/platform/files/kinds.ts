/** The file types the platform accepts, decided by content (magic bytes), never by name. */
export const FILE_KINDS = ['pdf', 'docx', 'xlsx', 'pptx', 'odt', 'txt', 'html'] as const;
export type FileKind = (typeof FILE_KINDS)[number];

export const CONTENT_TYPES: Record<FileKind, string> = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  odt: 'application/vnd.oasis.opendocument.text',
  txt: 'text/plain; charset=utf-8',
  html: 'text/html; charset=utf-8',
};

export const EXTENSIONS: Record<FileKind, string> = {
  pdf: 'pdf',
  docx: 'docx',
  xlsx: 'xlsx',
  pptx: 'pptx',
  odt: 'odt',
  txt: 'txt',
  html: 'html',
};

/** Human label of a kind (same in every language). */
export const KIND_LABELS: Record<FileKind, string> = {
  pdf: 'PDF',
  docx: 'DOCX',
  xlsx: 'XLSX',
  pptx: 'PPTX',
  odt: 'ODT',
  txt: 'TXT',
  html: 'HTML',
};

const BY_EXTENSION: Record<string, FileKind> = {
  pdf: 'pdf',
  docx: 'docx',
  xlsx: 'xlsx',
  pptx: 'pptx',
  odt: 'odt',
  txt: 'txt',
  text: 'txt',
  md: 'txt',
  markdown: 'txt',
  csv: 'txt',
  html: 'html',
  htm: 'html',
  // Names that claim a type we do not accept still count as a claim, so a lie is visible.
  doc: 'docx',
  xls: 'xlsx',
  ppt: 'pptx',
};

/** The kind a file name claims, if its extension names one we know. */
export function kindFromName(name: string): FileKind | null {
  const m = /\.([A-Za-z0-9]{1,10})$/.exec(name.trim());
  return m ? (BY_EXTENSION[m[1]!.toLowerCase()] ?? null) : null;
}

export function isFileKind(value: unknown): value is FileKind {
  return typeof value === 'string' && (FILE_KINDS as readonly string[]).includes(value);
}

/**
 * A download name that is safe in a header and on any file system: no path, no control or
 * shell characters, the extension of the real content type.
 */
export function safeFileName(original: string, kind: FileKind): string {
  const base = (original.split(/[\\/]/).pop() ?? '').replace(/\.[A-Za-z0-9]{1,10}$/, '');
  const ascii = base
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^[.-]+|[.-]+$/g, '')
    .replace(/-{2,}/g, '-')
    .slice(0, 80);
  return `${ascii || 'document'}.${EXTENSIONS[kind]}`;
}

/** `Content-Disposition: attachment` with an ASCII name and the UTF-8 original. */
export function attachmentDisposition(original: string, kind: FileKind): string {
  const ascii = safeFileName(original, kind);
  const base = (original.split(/[\\/]/).pop() ?? '')
    .replace(/\.[A-Za-z0-9]{1,10}$/, '')
    // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
    .replace(/[\u0000-\u001f\u007f"\\]/g, '')
    .slice(0, 120)
    .trim();
  const utf8 = base ? `${base}.${EXTENSIONS[kind]}` : ascii;
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(utf8)}`;
}
