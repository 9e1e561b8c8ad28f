import type { Locale } from '../../platform/i18n/locales.ts';
import { CODELIST_BY_ID, CODELISTS } from './codelists.ts';

const CODE_NAMES = new Map<string, Record<Locale, string>>();
for (const list of CODELISTS) for (const c of list.codes) CODE_NAMES.set(c.code, c.name);

/** The reader's name for a code (falls back to the code itself). */
export function codeLabel(code: string, locale: Locale): string {
  return CODE_NAMES.get(code)?.[locale] ?? code;
}

export function codelistLabel(id: string, locale: Locale): string {
  return CODELIST_BY_ID.get(id)?.name[locale] ?? id;
}

/** "Female, 15–24" for a breakdown. */
export function comboLabel(codes: string[], locale: Locale): string {
  return codes
    .filter((c) => c !== '_Z')
    .map((c) => codeLabel(c, locale))
    .join(', ');
}

/** Codes offered in the entry grid for a dimension, before any data exists. */
export const ENTRY_CODES: Record<string, string[]> = {
  SEX: ['SEX_T', 'SEX_M', 'SEX_F'],
  AGE: ['AGE_YTHADULT_YGE15', 'AGE_YTHADULT_Y15_24', 'AGE_YTHADULT_YGE25'],
};

export function entryCodes(codelist: string): string[] {
  return ENTRY_CODES[codelist] ?? CODELIST_BY_ID.get(codelist)?.codes.map((c) => c.code) ?? [];
}
