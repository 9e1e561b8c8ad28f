import type { Locale } from '../i18n/locales.ts';
import { fold, type PlacedTerm, placedTerms } from './analyzer.ts';
import { STOP_WORDS } from './stopwords.ts';

/**
 * Highlighted snippets, taken from the original text (never from the index terms): the words
 * whose terms match the query are marked, with the same analysis as the index, so `formacion`
 * marks `formación` and a phrase marks only its words standing together.
 */

/** A piece of text, marked when it matched. Views render it escaped; the API as escaped HTML. */
export interface Segment {
  text: string;
  mark?: boolean;
}

/** A snippet is looked for in the first part of long texts only, to keep result pages fast. */
const SCAN_LIMIT = 200_000;
const SNIPPET_CHARS = 240;
const LEAD_CHARS = 60;

interface Mark {
  start: number;
  end: number;
  unit: number;
}

/**
 * The words of `text[from, to)` that match the query units (terms or phrases of terms). With
 * `window`, scanning stops as soon as every unit has matched within that many characters.
 */
function findMarks(
  text: string,
  locale: Locale,
  units: string[][],
  from: number,
  to: number,
  quick: boolean,
  window = 0,
): Mark[] {
  const lastSeen = units.map(() => -Infinity);
  const firsts = new Set(units.flatMap((u) => u.map((t) => t.charAt(0))));
  const stop = STOP_WORDS[locale];
  const placed: PlacedTerm[] = [];
  const marks: Mark[] = [];
  const single = new Map<string, number>();
  units.forEach((u, i) => {
    if (u.length === 1) single.set(u[0]!, i);
  });
  const phrases = units.map((u, i) => ({ u, i })).filter((p) => p.u.length > 1);
  const wordRe = /[\p{L}\p{M}\p{N}]+/gu;
  wordRe.lastIndex = from;
  for (let m = wordRe.exec(text); m && m.index < to; m = wordRe.exec(text)) {
    const word = m[0];
    const start = m.index;
    const end = start + word.length;
    // Words that cannot start a query term are skipped without analysis; they still separate
    // the words of a phrase, unless they are stop words (which the index leaves out too).
    if (quick && !firsts.has(fold(word.slice(0, 2)).charAt(0))) {
      if (!stop.has(word.toLowerCase())) placed.push({ term: '\u0000', start, end });
      continue;
    }
    for (const p of placedTerms(word, locale)) {
      const here = { term: p.term, start: start + p.start, end: start + p.end };
      placed.push(here);
      const u = single.get(here.term);
      if (u !== undefined) marks.push({ start: here.start, end: here.end, unit: u });
      for (const { u: phrase, i } of phrases) {
        const n = phrase.length;
        if (placed.length < n || here.term !== phrase[n - 1]) continue;
        let ok = true;
        for (let k = 0; k < n && ok; k++) ok = placed[placed.length - n + k]!.term === phrase[k];
        if (ok) marks.push({ start: placed[placed.length - n]!.start, end: here.end, unit: i });
      }
    }
    if (placed.length > 64) placed.splice(0, placed.length - 32);
    if (window && marks.length) {
      for (const mk of marks.slice(-units.length)) lastSeen[mk.unit] = Math.max(lastSeen[mk.unit]!, mk.start);
      if (lastSeen.every((seen) => seen >= start - window)) break;
    }
  }
  return marks;
}

function segmentsOf(text: string, from: number, to: number, marks: Mark[]): Segment[] {
  const out: Segment[] = [];
  let pos = from;
  const sorted = marks
    .filter((m) => m.start >= from && m.end <= to)
    .sort((a, b) => a.start - b.start || b.end - a.end);
  for (const m of sorted) {
    if (m.start < pos) {
      // Overlapping marks (a phrase and one of its words): extend the previous one.
      const last = out[out.length - 1];
      if (last?.mark && m.end > pos) {
        last.text += text.slice(pos, m.end);
        pos = m.end;
      }
      continue;
    }
    if (m.start > pos) out.push({ text: text.slice(pos, m.start) });
    out.push({ text: text.slice(m.start, m.end), mark: true });
    pos = m.end;
  }
  if (pos < to) out.push({ text: text.slice(pos, to) });
  return out.map((s) => ({ ...s, text: s.text.replace(/\s+/g, ' ') })).filter((s) => s.text !== '');
}

/** The whole (short) text with its matching words marked: for titles. */
export function highlight(text: string, locale: Locale, units: string[][]): Segment[] {
  return segmentsOf(text, 0, text.length, findMarks(text, locale, units, 0, text.length, false));
}

/** Moves `i` back to the start of the word it falls in. */
function wordStart(text: string, i: number): number {
  while (i > 0 && /[\p{L}\p{M}\p{N}]/u.test(text.charAt(i - 1))) i--;
  return i;
}

/** Moves `i` forward to the end of the word it falls in. */
function wordEnd(text: string, i: number): number {
  while (i < text.length && /[\p{L}\p{M}\p{N}]/u.test(text.charAt(i))) i++;
  return i;
}

/**
 * About SNIPPET_CHARS characters of `text` around the place where most of the query's units
 * meet, with the matching words marked; the start of the text when nothing matches there.
 */
export function snippet(text: string, locale: Locale, units: string[][], chars = SNIPPET_CHARS): Segment[] {
  if (!text) return [];
  const limit = Math.min(text.length, SCAN_LIMIT);
  const span = chars - LEAD_CHARS;
  const marks = findMarks(text, locale, units, 0, limit, true, span).sort((a, b) => a.start - b.start);
  let from = 0;
  if (marks.length) {
    // Sliding window over the marks: the first window holding the most distinct units.
    let best = marks[0]!;
    let bestScore = 0;
    const counts = units.map(() => 0);
    let distinct = 0;
    let j = 0;
    for (let i = 0; i < marks.length; i++) {
      const m = marks[i]!;
      while (j < marks.length && (j <= i || marks[j]!.end <= m.start + span)) {
        if (counts[marks[j]!.unit]!++ === 0) distinct++;
        j++;
      }
      if (distinct > bestScore) {
        bestScore = distinct;
        best = m;
        if (bestScore === units.length) break;
      }
      if (--counts[m.unit]! === 0) distinct--;
    }
    from = best.start <= LEAD_CHARS ? 0 : wordStart(text, best.start - LEAD_CHARS);
    // Start at a sentence when one begins shortly before the match.
    const sentence = text.slice(from, best.start).search(/[.!?;:\n]\s+\S[^.!?;:\n]*$/);
    if (sentence >= 0) from = wordStart(text, from + sentence + 2);
  }
  let to = Math.min(text.length, from + chars);
  if (to < text.length) to = wordEnd(text, to);
  const segs = segmentsOf(text, from, to, marks);
  if (segs.length) {
    segs[0]!.text = segs[0]!.text.replace(/^\s+/, '');
    segs[segs.length - 1]!.text = segs[segs.length - 1]!.text.replace(/\s+$/, '');
  }
  if (from > 0) segs.unshift({ text: '… ' });
  if (to < text.length) segs.push({ text: ' …' });
  return segs.filter((s) => s.text !== '');
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

/** Escaped HTML with `<mark>` around the matches (for the API). */
export function segmentsToHtml(segs: Segment[]): string {
  return segs.map((s) => (s.mark ? `<mark>${escapeHtml(s.text)}</mark>` : escapeHtml(s.text))).join('');
}

/** Plain text of the segments. */
export function segmentsToText(segs: Segment[]): string {
  return segs.map((s) => s.text).join('');
}
