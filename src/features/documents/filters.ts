import { str } from '../../platform/http/form.ts';
import { isLocale } from '../../platform/i18n/locales.ts';
import { DOC_TYPES, isSection } from './model.ts';
import type { ListFilters } from './repository.ts';

/** Filters from the query string; unknown values are ignored rather than trusted. */
export function parseFilters(query: unknown): ListFilters {
  const q = (query ?? {}) as Record<string, unknown>;
  const section = str(q, 'section');
  const type = str(q, 'type');
  const lang = str(q, 'lang');
  const year = str(q, 'year');
  const country = str(q, 'country').toUpperCase();
  const theme = str(q, 'theme');
  return {
    section: isSection(section) ? section : null,
    type: (DOC_TYPES as readonly string[]).includes(type) ? type : null,
    lang: isLocale(lang) ? lang : null,
    year: /^\d{4}$/.test(year) ? year : null,
    country: /^[A-Z]{3}$/.test(country) ? country : null,
    theme: /^[a-z0-9-]{1,60}$/.test(theme) ? theme : null,
  };
}
