/**
 * The pieces of a filtered, paginated list page (documents, cooperation, study groups,
 * proposals): the GET filter form, the count of what was found, and the page links.
 */
import type { ComponentChildren } from 'preact';
import { pageCount } from '../platform/http/query.ts';
import { countryName } from '../platform/i18n/format.ts';
import type { Locale } from '../platform/i18n/locales.ts';
import { Button, Pagination } from './components.tsx';
import { useCtx } from './context.ts';

export interface FilterSelect {
  /** The query parameter. */
  name: string;
  label: string;
  value: string | null | undefined;
  options: { value: string; label: string }[];
  /** The label of the empty first option (the bar's `anyLabel` by default); '' for no such option. */
  any?: string;
}

/** A GET filter form: works without JavaScript, and the URL it leads to can be shared. */
export function FilterBar(props: {
  /** Path of the list, without the locale. */
  action: string;
  /** The form's accessible name. */
  label: string;
  anyLabel: string;
  applyLabel: string;
  selects: FilterSelect[];
}) {
  const { locale } = useCtx();
  return (
    <form method="get" action={`/${locale}${props.action}`} class="doc-filters" aria-label={props.label}>
      {props.selects.map((s) => (
        <div class="field field--inline" key={s.name}>
          <label for={`filter-${s.name}`}>{s.label}</label>
          <select id={`filter-${s.name}`} name={s.name} class="input">
            {s.any !== '' && <option value="">{s.any ?? props.anyLabel}</option>}
            {s.options.map((o) => (
              <option key={o.value} value={o.value} selected={o.value === (s.value ?? '')}>
                {o.label}
              </option>
            ))}
          </select>
        </div>
      ))}
      <div class="doc-filters__actions">
        <Button variant="secondary">{props.applyLabel}</Button>
      </div>
    </form>
  );
}

/** Countries as options of a select, in the reader's alphabetical order. */
export function countryOptions(countries: string[], locale: Locale): { value: string; label: string }[] {
  return countries
    .map((c) => ({ value: c, label: countryName(c, locale) }))
    .sort((a, b) => a.label.localeCompare(b.label, locale));
}

/** How many were found, announced to screen readers when the filters change. */
export function ListCount({ children }: { children: ComponentChildren }) {
  return (
    <p class="meta" role="status">
      {children}
    </p>
  );
}

/**
 * Page links under a list. `base` is the list's path and canonical query (the page number is
 * set on it); by default the current path and query.
 */
export function ListPagination(props: { page: number; total: number; perPage: number; base?: string }) {
  const { path, search } = useCtx();
  return (
    <Pagination
      page={props.page}
      pages={pageCount(props.total, props.perPage)}
      base={props.base ?? `${path}${search}`}
    />
  );
}
