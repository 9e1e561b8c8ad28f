import fs from 'node:fs';
import path from 'node:path';
import type { Locale } from '../i18n/locales.ts';
import type { SearchEntry } from './index.ts';

/**
 * Search entries built from the reference corpus of labour law texts (the Markdown files of
 * `/work/shared/data/corpus` or `CORPUS_DIR`), for the engine comparison test and the benchmark.
 * Each file is cut into passages of a few paragraphs; the passages get varied metadata
 * (visibility, country, themes, dates) so that facets and visibility rules have work to do.
 */

export const DEFAULT_CORPUS_DIR = process.env.CORPUS_DIR || '/work/shared/data/corpus';

export interface CorpusText {
  file: string;
  locale: Locale;
  title: string;
  text: string;
}

/** The Markdown texts of the corpus, front matter removed (title taken from it). */
export function readCorpus(dir = DEFAULT_CORPUS_DIR): CorpusText[] {
  const out: CorpusText[] = [];
  for (const locale of ['en', 'es', 'fr', 'pt'] as const) {
    const sub = path.join(dir, locale);
    if (!fs.existsSync(sub)) continue;
    for (const file of fs.readdirSync(sub).sort()) {
      if (!file.endsWith('.md')) continue;
      const raw = fs.readFileSync(path.join(sub, file), 'utf8').replace(/\r\n?/g, '\n');
      const fm = /^---\n([\s\S]*?)\n---\n/.exec(raw);
      const title = fm ? (/^title:\s*"?(.*?)"?\s*$/m.exec(fm[1]!)?.[1] ?? file) : file;
      out.push({ file: `${locale}/${file}`, locale, title, text: fm ? raw.slice(fm[0].length) : raw });
    }
  }
  return out;
}

/** Paragraph groups of about `size` characters. */
export function passages(text: string, size = 1500): string[] {
  // Paragraphs; long ones (texts with single line breaks) by line, then by sentence.
  const paras = text
    .split(/\n\s*\n/)
    .flatMap((p) => (p.length > size ? p.split('\n') : [p]))
    .flatMap((p) => (p.length > size ? p.split(/(?<=[.;:])\s+/) : [p]))
    .map((p) =>
      p
        .replace(/[#*_>`|]+/g, ' ')
        .replace(/\s+/g, ' ')
        .trim(),
    )
    .filter((p) => p.length > 20);
  const out: string[] = [];
  let cur = '';
  for (const p of paras) {
    if (cur && cur.length + p.length > size) {
      out.push(cur);
      cur = '';
    }
    cur = cur ? `${cur}\n\n${p}` : p;
  }
  if (cur) out.push(cur);
  return out;
}

const COUNTRIES = ['ARG', 'BRA', 'CAN', 'CHL', 'COL', 'MEX', 'PER', 'URY', 'JAM', 'HTI'];
const THEMES = ['employment', 'labour-inspection', 'ohs', 'social-dialogue', 'youth-employment', 'gender'];
const SECTIONS = ['labour-legislation', 'labour-training', 'employment-services', null];
const KINDS = ['law', 'report', 'study', 'manual'];

/**
 * `count` entries cycling over the corpus passages (when `count` exceeds them, passages are
 * reused with another id and metadata). Deterministic: the same count gives the same entries.
 */
export function corpusEntries(count: number, texts = readCorpus()): SearchEntry[] {
  const pool = texts.flatMap((t) => passages(t.text).map((p, i) => ({ t, p, i })));
  if (!pool.length) return [];
  const out: SearchEntry[] = [];
  for (let n = 0; n < count; n++) {
    const { t, p, i } = pool[n % pool.length]!;
    const round = Math.floor(n / pool.length);
    const vis = n % 10 === 7 ? 'members' : n % 10 === 9 ? 'country' : 'public';
    const firstLine = p.split('\n')[0]!.slice(0, 80);
    out.push({
      type: n % 13 === 0 ? 'page' : 'document',
      id: n + 1,
      locale: t.locale,
      title: `${t.title} — ${i + 1}${round ? ` (${round + 1})` : ''}: ${firstLine}`,
      body: p,
      url: `/documents/${n + 1}`,
      visibility: vis,
      countryIso3: COUNTRIES[n % COUNTRIES.length],
      themes: [THEMES[n % THEMES.length]!, ...(n % 4 === 0 ? [THEMES[(n + 3) % THEMES.length]!] : [])],
      section: SECTIONS[n % SECTIONS.length],
      kind: KINDS[n % KINDS.length],
      date: n % 17 === 0 ? null : `${2000 + (n % 25)}-${String((n % 12) + 1).padStart(2, '0')}-15`,
    });
  }
  return out;
}
