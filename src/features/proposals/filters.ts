import { isProposalStatus } from './model.ts';
import type { ProposalFilters } from './repository.ts';

/** The list filters from a query string; unusable values are dropped. */
export function parseProposalFilters(query: unknown): ProposalFilters {
  const q = (query ?? {}) as Record<string, unknown>;
  const status = typeof q.status === 'string' && isProposalStatus(q.status) ? q.status : null;
  const theme = typeof q.theme === 'string' && /^[a-z0-9][a-z0-9_-]{0,59}$/.test(q.theme) ? q.theme : null;
  const country =
    typeof q.country === 'string' && /^[A-Za-z]{3}$/.test(q.country) ? q.country.toUpperCase() : null;
  const sort = q.sort === 'supports' ? 'supports' : 'newest';
  return { status, theme, country, sort };
}
