import type { FacetName, NormalizedQuery } from '../../platform/search/index.ts';

export type SearchLinkChange = Partial<Record<FacetName, string | null>> & {
  sort?: 'relevance' | 'date';
  page?: number;
};

/**
 * The address (without the locale) of the search with some parameters changed. Changing a filter
 * or the order goes back to the first page. Defaults are left out, so addresses stay short and
 * shareable.
 */
export function searchHref(query: NormalizedQuery, change: SearchLinkChange = {}): string {
  const params = new URLSearchParams();
  params.set('q', query.q);
  const filters = { ...query.filters };
  for (const [k, v] of Object.entries(change)) {
    if (k === 'sort' || k === 'page') continue;
    if (v === null || v === undefined) delete filters[k as FacetName];
    else filters[k as FacetName] = v as string;
  }
  for (const f of ['type', 'section', 'theme', 'country', 'lang', 'year'] as const) {
    if (filters[f]) params.set(f, filters[f]!);
  }
  const sort = change.sort ?? query.sort;
  if (sort !== 'relevance') params.set('sort', sort);
  const resetsPage = Object.keys(change).some((k) => k !== 'page');
  const page = change.page ?? (resetsPage ? 1 : query.page);
  if (page > 1) params.set('page', String(page));
  return `/search?${params.toString()}`;
}
