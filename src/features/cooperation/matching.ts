import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { type CooperationItem, splitLanguages } from './model.ts';
import { cooperationRepository } from './repository.ts';

/**
 * Suggested matches between offers and requests. A pair qualifies when both are open (proposed,
 * not withdrawn), they come from different countries and they share at least one priority theme.
 * The score says how good the fit is: each shared theme counts 3, the request's preferred
 * modality being the offer's counts 2, a language both can work in counts 1.
 */

export interface Candidate {
  item: CooperationItem;
  themes: string[];
}

export interface Match {
  offer: Candidate;
  request: Candidate;
  score: number;
  sharedThemes: string[];
  modalityMatch: boolean;
  commonLanguages: string[];
}

export const SCORE = { theme: 3, modality: 2, language: 1 } as const;

export function isOpen(item: CooperationItem): boolean {
  return item.status === 'proposed' && !item.deleted_at;
}

export function scorePair(offer: Candidate, request: Candidate): Match | null {
  if (offer.item.kind !== 'offer' || request.item.kind !== 'request') return null;
  if (!isOpen(offer.item) || !isOpen(request.item)) return null;
  if (offer.item.country_iso3 === request.item.country_iso3) return null;
  const sharedThemes = offer.themes.filter((t) => request.themes.includes(t));
  if (sharedThemes.length === 0) return null;
  const modalityMatch = !!request.item.modality && request.item.modality === offer.item.modality;
  const offerLangs = splitLanguages(offer.item.languages).filter((l) => l !== 'other');
  const commonLanguages = splitLanguages(request.item.languages).filter(
    (l) => l !== 'other' && offerLangs.includes(l),
  );
  const score =
    sharedThemes.length * SCORE.theme +
    (modalityMatch ? SCORE.modality : 0) +
    (commonLanguages.length ? SCORE.language : 0);
  return { offer, request, score, sharedThemes, modalityMatch, commonLanguages };
}

function byScore(a: Match, b: Match): number {
  return (
    b.score - a.score ||
    Math.max(b.offer.item.id, b.request.item.id) - Math.max(a.offer.item.id, a.request.item.id) ||
    a.offer.item.id - b.offer.item.id ||
    a.request.item.id - b.request.item.id
  );
}

/** The counterparts of one item (offers for a request, requests for an offer), best first. */
export function matchesFor(target: Candidate, candidates: Candidate[]): Match[] {
  const out: Match[] = [];
  for (const c of candidates) {
    if (c.item.id === target.item.id) continue;
    const m = target.item.kind === 'offer' ? scorePair(target, c) : scorePair(c, target);
    if (m) out.push(m);
  }
  return out.sort(byScore);
}

/** Every qualifying pair, best first. */
export function allMatches(candidates: Candidate[]): Match[] {
  const offers = candidates.filter((c) => c.item.kind === 'offer');
  const requests = candidates.filter((c) => c.item.kind === 'request');
  const out: Match[] = [];
  for (const o of offers)
    for (const r of requests) {
      const m = scorePair(o, r);
      if (m) out.push(m);
    }
  return out.sort(byScore);
}

/** The open items with their theme codes, to match against. */
export async function openCandidates(db: Kysely<Database>): Promise<Candidate[]> {
  const repo = cooperationRepository(db);
  const items = await repo.all({ status: 'proposed' });
  const themes = await repo.themesOf(items.map((i) => i.id));
  return items.map((item) => ({
    item,
    themes: themes.filter((t) => t.item_id === item.id).map((t) => t.code),
  }));
}

export async function candidateOf(db: Kysely<Database>, item: CooperationItem): Promise<Candidate> {
  const themes = await cooperationRepository(db).themesOf([item.id]);
  return { item, themes: themes.map((t) => t.code) };
}
