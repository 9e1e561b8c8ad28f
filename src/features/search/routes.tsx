import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppDeps } from '../../app.ts';
import { str } from '../../platform/http/form.ts';
import { render } from '../../platform/http/render.tsx';
import { indexSize, type SearchQuery, search } from '../../platform/search/index.ts';
import { searchApi } from './api.ts';
import { reindexAll } from './feeds.ts';
import { SearchPage, type ThemeNames } from './views/search-page.tsx';

/** The query of a search address (page or API), untrusted: `search` drops what it cannot use. */
export function searchQueryFrom(request: FastifyRequest): SearchQuery {
  const q = request.query as Record<string, unknown>;
  const page = Number(str(q, 'page'));
  return {
    q: str(q, 'q'),
    type: str(q, 'type'),
    section: str(q, 'section'),
    theme: str(q, 'theme'),
    country: str(q, 'country'),
    lang: str(q, 'lang'),
    year: str(q, 'year'),
    sort: str(q, 'sort') === 'date' ? 'date' : 'relevance',
    page: Number.isFinite(page) && page >= 1 ? page : 1,
  };
}

export async function themeNames(deps: AppDeps): Promise<ThemeNames> {
  const rows = await deps.db.selectFrom('themes').select(['code', 'name', 'orig_locale']).execute();
  return new Map(rows.map((r) => [r.code, { name: r.name, origLocale: r.orig_locale }]));
}

/** The search page over everything (the header's search box points here) and its API. */
export async function searchRoutes(app: FastifyInstance, { deps }: { deps: AppDeps }) {
  // The index is derived data: a new installation, or a database restored from before the
  // index existed, gets it built from the features' data at start.
  app.addHook('onReady', async () => {
    if ((await indexSize(deps.db)) === 0) await reindexAll(deps);
  });

  app.get('/:locale/search', { schema: { hide: true } }, async (request, reply) => {
    const [results, themes] = await Promise.all([
      search(deps.db, request.actor, searchQueryFrom(request)),
      themeNames(deps),
    ]);
    return render(request, reply, <SearchPage results={results} themes={themes} />);
  });

  await app.register(searchApi, { deps });
}
