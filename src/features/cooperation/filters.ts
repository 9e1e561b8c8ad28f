import { str } from '../../platform/http/form.ts';
import { isKind, isLanguageCode, isModality, isStatus } from './model.ts';
import type { ListFilters } from './repository.ts';

/** Registry filters from a query string; anything unknown is ignored. */
export function parseFilters(query: unknown): ListFilters {
  const kind = str(query, 'kind');
  const theme = str(query, 'theme');
  const modality = str(query, 'modality');
  const country = str(query, 'country').toUpperCase();
  const status = str(query, 'status');
  const lang = str(query, 'lang');
  return {
    kind: isKind(kind) ? kind : null,
    theme: /^[a-z0-9][a-z0-9_-]{0,59}$/.test(theme) ? theme : null,
    modality: isModality(modality) ? modality : null,
    country: /^[A-Z]{3}$/.test(country) ? country : null,
    status: isStatus(status) ? status : null,
    lang: isLanguageCode(lang) ? lang : null,
  };
}
