import type { Actor } from '../../platform/auth/actor.ts';
import type { FormFields } from '../../platform/files/attachments.ts';
import { intParam } from '../../platform/http/form.ts';
import { isState } from './model.ts';
import type { ListFilters } from './repository.ts';
import type { AnswerEdit, AnswerInput, ConsultationInput } from './service.ts';

function one(fields: FormFields, ...names: string[]): string {
  for (const name of names) {
    const v = fields[name];
    if (v === undefined) continue;
    return (Array.isArray(v) ? (v[0] ?? '') : v).trim();
  }
  return '';
}

function many(fields: FormFields, name: string): string[] {
  const v = fields[name];
  if (v === undefined) return [];
  return (Array.isArray(v) ? v : v.split(',')).map((s) => s.trim()).filter(Boolean);
}

/**
 * A consultation from a form (multipart or urlencoded) or an API body. The API may use camel
 * case (`origLocale`, `country`) and leave `addressed` out: a list of countries means "chosen".
 */
export function consultationFromFields(fields: FormFields): ConsultationInput {
  const countries = many(fields, 'countries').map((c) => c.toUpperCase());
  const addressed = one(fields, 'addressed') || (countries.length ? 'chosen' : 'all');
  return {
    title: one(fields, 'title'),
    body: one(fields, 'body'),
    origLocale: one(fields, 'orig_locale', 'origLocale') || 'en',
    themes: many(fields, 'themes'),
    addressed,
    // Countries ticked while "all countries" is chosen are not kept.
    countries: addressed === 'chosen' ? countries : [],
    deadline: one(fields, 'deadline'),
    countryIso3: one(fields, 'country_iso3', 'country').toUpperCase() || null,
  };
}

export function answerFromFields(fields: FormFields, fallbackLocale: string): AnswerInput {
  return {
    body: one(fields, 'body'),
    origLocale: one(fields, 'orig_locale', 'origLocale') || fallbackLocale,
  };
}

/**
 * A correction of an answer. The page's form always sends the text (empty is an error); the API
 * may leave `body` and `origLocale` out to keep them. Files to remove: `remove_files` (the
 * form's checkboxes) or `removeFiles`.
 */
export function answerEditFromFields(fields: FormFields, partial: boolean): AnswerEdit {
  const given = (...names: string[]) => names.some((n) => fields[n] !== undefined);
  const locale = one(fields, 'orig_locale', 'origLocale');
  return {
    body: partial && !given('body') ? undefined : one(fields, 'body'),
    origLocale: partial && !given('orig_locale', 'origLocale') ? undefined : locale,
    removeFiles: [...many(fields, 'remove_files'), ...many(fields, 'removeFiles')],
  };
}

/** The list filters from a query string; "mine" needs a country to answer for. */
export function parseListQuery(
  query: unknown,
  actor: Actor | null,
): { filters: ListFilters; mine: boolean; page: number } {
  const q = (query ?? {}) as Record<string, unknown>;
  const s = (name: string) => (typeof q[name] === 'string' ? (q[name] as string).trim() : '');
  const filters: ListFilters = {};
  const state = s('state');
  if (isState(state)) filters.state = state;
  const theme = s('theme');
  if (/^[a-z0-9][a-z0-9_-]{0,59}$/.test(theme)) filters.theme = theme;
  const country = s('country').toUpperCase();
  if (/^[A-Z]{3}$/.test(country)) filters.country = country;
  const mine =
    (s('mine') === '1' || s('mine') === 'true') &&
    !!actor?.countryIso3 &&
    (actor.role === 'coordinator' || actor.role === 'editor');
  if (mine) filters.addressedTo = actor!.countryIso3!;
  if ((s('deleted') === '1' || s('deleted') === 'true') && actor?.role === 'secretariat')
    filters.deleted = true;
  const page = intParam(q.page);
  return { filters, mine, page: page && page > 0 && page < 100_000 ? page : 1 };
}
