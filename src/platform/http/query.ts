/**
 * Reading a page's query string the same way on every list: the page number, the canonical
 * query of its filters (for pagination links), and the notices a redirect may name.
 */
import { intParam } from './form.ts';

/** `?page=`: a page number from 1 to 99,999; anything else is the first page. */
export function pageParam(query: unknown): number {
  const n = intParam((query as Record<string, unknown> | undefined)?.page);
  return n && n > 0 && n < 100_000 ? n : 1;
}

/** How many pages `total` rows fill, `perPage` to a page (at least one, even when empty). */
export function pageCount(total: number, perPage: number): number {
  return Math.max(1, Math.ceil(total / perPage));
}

/** `?status=…&theme=…` from the values that are set, in the order given; '' when none is. */
export function queryString(params: Record<string, string | null | undefined>): string {
  const p = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) if (value) p.set(name, value);
  const s = p.toString();
  return s ? `?${s}` : '';
}

/** A query value that must be one of `allowed` (e.g. `?notice=saved`); null for anything else. */
export function allowedParam(query: unknown, name: string, allowed: ReadonlySet<string>): string | null {
  const v = (query as Record<string, unknown> | undefined)?.[name];
  return typeof v === 'string' && allowed.has(v) ? v : null;
}
