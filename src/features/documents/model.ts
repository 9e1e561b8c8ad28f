import type { DocumentFile, DocumentRow } from '../../db/schema.ts';

/** The thematic sections of the library; each has a page with its documents. */
export const SECTIONS = [
  'labour-training',
  'labour-legislation',
  'work-scholarships',
  'employment-services',
  'horizontal-cooperation',
  'sismel-training',
] as const;
export type SectionCode = (typeof SECTIONS)[number];

export const DOC_TYPES = [
  'report',
  'study',
  'law',
  'statistical',
  'presentation',
  'manual',
  'other',
] as const;
export type DocType = (typeof DOC_TYPES)[number];

/** Who may open a document: anyone, any signed-in user, or the publishing country's people. */
export const ACCESS_LEVELS = ['public', 'members', 'country'] as const;
export type AccessLevel = (typeof ACCESS_LEVELS)[number];

export const STATUSES = ['draft', 'published'] as const;
export type DocStatus = (typeof STATUSES)[number];

export function isSection(v: unknown): v is SectionCode {
  return typeof v === 'string' && (SECTIONS as readonly string[]).includes(v);
}
export function isDocType(v: unknown): v is DocType {
  return typeof v === 'string' && (DOC_TYPES as readonly string[]).includes(v);
}
export function isAccess(v: unknown): v is AccessLevel {
  return typeof v === 'string' && (ACCESS_LEVELS as readonly string[]).includes(v);
}
export function isStatus(v: unknown): v is DocStatus {
  return typeof v === 'string' && (STATUSES as readonly string[]).includes(v);
}

export type { DocumentFile, DocumentRow };

/** A document with what its pages need besides its own row. */
export interface DocumentView extends DocumentRow {
  themes: { id: number; code: string; name: string; orig_locale: string }[];
  institution: { id: number; name: string; acronym: string | null } | null;
  files: DocumentFile[];
}

export function splitKeywords(s: string): string[] {
  return s
    .split(/[,;\n]/)
    .map((k) => k.trim())
    .filter(Boolean);
}

export const PAGE_SIZE = 20;
