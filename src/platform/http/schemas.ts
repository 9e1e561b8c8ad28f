/** JSON schemas shared by the features' APIs (and their OpenAPI entries). */

/** Translatable content: one string per language of the site. */
export const localizedSchema = {
  type: 'object',
  properties: {
    en: { type: 'string' },
    es: { type: 'string' },
    fr: { type: 'string' },
    pt: { type: 'string' },
  },
  additionalProperties: false,
} as const;

/** One of the languages of the site (`origLocale`, the language a message is written in …). */
export const localeSchema = { type: 'string', enum: ['en', 'es', 'fr', 'pt'] } as const;

/** `/…/:id` paths: a positive integer id. */
export const idParams = {
  type: 'object',
  properties: { id: { type: 'integer', minimum: 1 } },
  required: ['id'],
} as const;

/**
 * Paginated lists: `pagingQuery` goes into a list's query string (next to its filters),
 * `pageSchema` describes the answer and `pageAnswer` builds it, so every list of the API
 * answers `{ items, total, page, perPage }`.
 */
export function pagingQuery(perPage: number) {
  return {
    page: { type: 'integer', minimum: 1, default: 1 },
    perPage: { type: 'integer', minimum: 1, maximum: 100, default: perPage },
  } as const;
}

export function pageSchema<Item extends object>(items: Item) {
  return {
    type: 'object',
    properties: {
      items: { type: 'array', items },
      total: { type: 'integer' },
      page: { type: 'integer' },
      perPage: { type: 'integer' },
    },
  } as const;
}

export function pageAnswer<Item>(items: Item[], total: number, query: { page: number; perPage: number }) {
  return { items, total, page: query.page, perPage: query.perPage };
}
