import snowball from 'snowball-stemmers';
import { LOCALES, type Locale } from '../i18n/locales.ts';
import { STOP_WORDS } from './stopwords.ts';

/**
 * Text analysis for the search index, done here (not in the database) so that SQLite and
 * PostgreSQL index and query exactly the same tokens:
 *
 * 1. words are runs of letters, combining marks and digits;
 * 2. each word is folded: compatibility decomposition (NFKD), combining marks removed (so
 *    `formación` and `formacion` are one word), lower-cased, a few letters spelled out (ß → ss);
 * 3. stop words of the text's language and one-letter words are dropped;
 * 4. the Snowball stemmer of the language reduces the word (`trabajadores`, `trabajador` →
 *    `trabaj`; `employers` → `employ`).
 *
 * Folding comes before stemming, on both sides, so a query typed without accents meets a text
 * written with them.
 */

/** Words in a text: letters, combining marks and digits. */
const WORD = /[\p{L}\p{M}\p{N}]+/gu;
const NON_WORD = /[^\p{L}\p{N}]+/u;
const MARKS = /\p{M}+/gu;
/** Longer "words" are identifiers, hashes or garbage from text extraction; they are not indexed. */
export const MAX_TOKEN_LENGTH = 60;

const SPECIAL: Record<string, string> = {
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  ø: 'o',
  đ: 'd',
  ð: 'd',
  þ: 'th',
  ł: 'l',
  ı: 'i',
};
const SPECIAL_RE = /[ßæœøđðþłı]/g;

/** Accent folding and lower-casing of one word. */
export function fold(word: string): string {
  return word
    .normalize('NFKD')
    .replace(MARKS, '')
    .toLowerCase()
    .replace(SPECIAL_RE, (c) => SPECIAL[c] ?? c);
}

const STEMMER_NAMES: Record<Locale, string> = {
  en: 'english',
  es: 'spanish',
  fr: 'french',
  pt: 'portuguese',
};
const stemmers = Object.fromEntries(LOCALES.map((l) => [l, snowball.newStemmer(STEMMER_NAMES[l])])) as Record<
  Locale,
  { stem(word: string): string }
>;

/** Stemming is the costly step and texts repeat their words: remember recent results. */
const STEM_CACHE_SIZE = 50_000;
const stemCaches = Object.fromEntries(LOCALES.map((l) => [l, new Map<string, string>()])) as Record<
  Locale,
  Map<string, string>
>;

export function stem(folded: string, locale: Locale): string {
  const cache = stemCaches[locale];
  let s = cache.get(folded);
  if (s === undefined) {
    // Digits are not words of any language: numbers, years and article numbers stay whole.
    s = /^\d+$/.test(folded) ? folded : stemmers[locale].stem(folded);
    if (cache.size >= STEM_CACHE_SIZE) cache.clear();
    cache.set(folded, s);
  }
  return s;
}

/** The index terms of one word as written (none for a stop word; several for `l'emploi`). */
export function termsOfWord(word: string, locale: Locale): string[] {
  const out: string[] = [];
  const stop = STOP_WORDS[locale];
  for (const part of fold(word).split(NON_WORD)) {
    if (!part || part.length > MAX_TOKEN_LENGTH) continue;
    if (part.length === 1 && !/\d/.test(part)) continue;
    if (stop.has(part)) continue;
    out.push(stem(part, locale));
  }
  return out;
}

/** The index terms of a text, in order. */
export function analyze(text: string, locale: Locale): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(WORD)) {
    for (const term of termsOfWord(m[0], locale)) out.push(term);
  }
  return out;
}

/** A term of a text with where its word stands in the original, for highlighting. */
export interface PlacedTerm {
  term: string;
  start: number;
  end: number;
}

/** The index terms of `text[from, to)` with their places in the original text. */
export function* placedTerms(
  text: string,
  locale: Locale,
  from = 0,
  to = text.length,
): Generator<PlacedTerm> {
  const re = new RegExp(WORD.source, 'gu');
  re.lastIndex = from;
  for (let m = re.exec(text); m && m.index < to; m = re.exec(text)) {
    const start = m.index;
    const end = start + m[0].length;
    for (const term of termsOfWord(m[0], locale)) yield { term, start, end };
  }
}

/**
 * How the terms are stored: each term between its own pair of spaces (` a  b  c `). A term or
 * a phrase then occurs in the stream exactly where the pattern ` a  b ` occurs, occurrences
 * never overlap, and counting them is the same string operation on both engines.
 */
export function tokenStream(terms: readonly string[]): string {
  let s = '';
  for (const t of terms) s += ` ${t} `;
  return s;
}

// ---------------------------------------------------------------------------------------------
// Queries

/** What the reader typed, before language analysis: a word, or a phrase in quotes. */
export interface QueryPart {
  words: string[];
  /** Quoted, or a word with inner punctuation (`C-13`, `l'emploi`): its words must stand together. */
  phrase: boolean;
}

export const MAX_QUERY_LENGTH = 200;
export const MAX_QUERY_PARTS = 12;

/**
 * Splits a query into words and quoted phrases. Every part must match (AND). An unclosed quote
 * runs to the end of the query.
 */
export function parseQuery(q: string): QueryPart[] {
  const text = q.slice(0, MAX_QUERY_LENGTH).replace(/[“”«»„]/g, '"');
  const parts: QueryPart[] = [];
  const segments = text.split('"');
  segments.forEach((segment, i) => {
    const quoted = i % 2 === 1;
    if (quoted) {
      const words = [...segment.matchAll(WORD)].map((m) => m[0]);
      if (words.length) parts.push({ words, phrase: true });
      return;
    }
    for (const chunk of segment.split(/\s+/)) {
      const words = [...chunk.matchAll(WORD)].map((m) => m[0]);
      if (words.length) parts.push({ words, phrase: words.length > 1 });
    }
  });
  return parts.slice(0, MAX_QUERY_PARTS);
}

/**
 * The query in one language: each part becomes a sequence of index terms (one term, or a
 * phrase of several). Parts made only of stop words fall away; duplicates too.
 */
export function analyzeQuery(parts: readonly QueryPart[], locale: Locale): string[][] {
  const out: string[][] = [];
  const seen = new Set<string>();
  for (const part of parts) {
    const terms = part.words.flatMap((w) => termsOfWord(w, locale));
    if (!terms.length) continue;
    const key = terms.join(' ');
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(terms);
  }
  return out;
}
