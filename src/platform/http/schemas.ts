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
