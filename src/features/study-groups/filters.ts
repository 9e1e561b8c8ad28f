import type { GroupListFilters } from './repository.ts';

/** The list filters from a query string; unusable values are dropped. */
export function parseGroupFilters(query: unknown): GroupListFilters {
  const q = (query ?? {}) as Record<string, unknown>;
  return {
    status: q.status === 'active' || q.status === 'closed' ? q.status : null,
    theme: typeof q.theme === 'string' && /^[a-z0-9][a-z0-9_-]{0,59}$/.test(q.theme) ? q.theme : null,
    country:
      typeof q.country === 'string' && /^[A-Za-z]{3}$/.test(q.country) ? q.country.toUpperCase() : null,
  };
}
