import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../app.ts';
import { LOCALES } from '../../platform/i18n/locales.ts';
import { FACETS, PAGE_SIZE, search, segmentsToHtml } from '../../platform/search/index.ts';

const facetValues = {
  type: 'array',
  items: {
    type: 'object',
    properties: { value: { type: 'string' }, count: { type: 'integer' }, selected: { type: 'boolean' } },
    required: ['value', 'count', 'selected'],
  },
} as const;

const resultSchema = {
  type: 'object',
  properties: {
    type: { type: 'string', description: 'document, page, news, theme, indicator…' },
    id: {
      anyOf: [{ type: 'integer' }, { type: 'string' }],
      description: 'The id of the thing within its type',
    },
    locale: { type: 'string', enum: [...LOCALES], description: 'The language of the matching text' },
    title: { type: 'string' },
    url: {
      type: 'string',
      description: 'Path of the page that shows the thing, in the language of the match',
    },
    snippet: {
      type: 'string',
      description: 'HTML: an excerpt of the original text, escaped, with <mark> around the matching words',
    },
    date: { type: ['string', 'null'] },
    country: { type: ['string', 'null'], description: 'ISO 3166-1 alpha-3' },
    section: { type: ['string', 'null'] },
    kind: { type: ['string', 'null'] },
    themes: { type: 'array', items: { type: 'string' } },
  },
  required: ['type', 'id', 'title', 'url', 'snippet'],
} as const;

/**
 * `GET /api/v1/search`: the same search, for the same viewer, as the search page. Anonymous
 * callers see public entries; a token or session sees what its user may open.
 */
export async function searchApi(app: FastifyInstance, { deps }: { deps: AppDeps }) {
  app.get(
    '/api/v1/search',
    {
      schema: {
        tags: ['search'],
        summary: 'Search documents, pages, news, themes and more',
        description:
          'Words are matched in English, Spanish, French and Portuguese, ignoring accents and case, with the stemming of each language (`trabajadores` finds `trabajador`). Every word must match; put a phrase in double quotes. Results hold only what the caller may open.',
        querystring: {
          type: 'object',
          properties: {
            q: { type: 'string', maxLength: 500, description: 'The words to look for' },
            lang: { type: 'string', enum: [...LOCALES], description: 'Only matches in this language' },
            type: { type: 'string', maxLength: 40 },
            section: { type: 'string', maxLength: 60 },
            theme: { type: 'string', maxLength: 60, description: 'A theme code' },
            country: { type: 'string', pattern: '^[A-Za-z]{3}$', description: 'ISO 3166-1 alpha-3' },
            year: { type: 'integer', minimum: 1000, maximum: 9999 },
            sort: { type: 'string', enum: ['relevance', 'date'], default: 'relevance' },
            page: { type: 'integer', minimum: 1, maximum: 500, default: 1 },
          },
        },
        response: {
          200: {
            type: 'object',
            properties: {
              total: { type: 'integer' },
              page: { type: 'integer' },
              pages: { type: 'integer' },
              pageSize: { type: 'integer' },
              results: { type: 'array', items: resultSchema },
              facets: {
                type: 'object',
                properties: Object.fromEntries(FACETS.map((f) => [f, facetValues])),
              },
            },
            required: ['total', 'results'],
          },
        },
      },
    },
    async (request, reply) => {
      const q = request.query as {
        q?: string;
        lang?: string;
        type?: string;
        section?: string;
        theme?: string;
        country?: string;
        year?: number;
        sort?: 'relevance' | 'date';
        page?: number;
      };
      const results = await search(deps.db, request.actor, { ...q, q: q.q ?? '' });
      reply.header('cache-control', request.actor ? 'private, no-store' : 'public, max-age=60');
      reply.header('vary', 'Authorization, Cookie');
      return {
        total: results.total,
        page: results.page,
        pages: results.pages,
        pageSize: PAGE_SIZE,
        results: results.hits.map((h) => ({
          type: h.type,
          id: /^\d{1,15}$/.test(h.id) ? Number(h.id) : h.id,
          locale: h.locale,
          title: h.title,
          url: `/${h.locale}${h.url}`,
          snippet: segmentsToHtml(h.snippet),
          date: h.date,
          country: h.countryIso3,
          section: h.section,
          kind: h.kind,
          themes: h.themes,
        })),
        facets: results.facets,
      };
    },
  );
}
