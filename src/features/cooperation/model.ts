import type { Selectable } from 'kysely';
import type {
  CooperationInterestsTable,
  CooperationItemsTable,
  CooperationStatusHistoryTable,
} from '../../db/schema.ts';

/** The vocabulary of horizontal cooperation: codes stored in the database, labels in the catalogues. */

export type CooperationItem = Selectable<CooperationItemsTable>;
export type CooperationInterest = Selectable<CooperationInterestsTable>;
export type CooperationStatusChange = Selectable<CooperationStatusHistoryTable>;

export const KINDS = ['offer', 'request'] as const;
export type Kind = (typeof KINDS)[number];

/** The path segment of each kind: `/cooperation/offers/12`, `/api/v1/cooperation/requests/3`. */
export const KIND_SEGMENT: Record<Kind, 'offers' | 'requests'> = { offer: 'offers', request: 'requests' };

export function kindFromSegment(segment: string | undefined): Kind | null {
  return segment === 'offers' ? 'offer' : segment === 'requests' ? 'request' : null;
}

export const MODALITIES = [
  'training',
  'expert_visit',
  'internship',
  'virtual_assistance',
  'study_tour',
] as const;
export type Modality = (typeof MODALITIES)[number];

export const COST_SHARING = ['offering_country', 'shared', 'requesting_country', 'to_be_agreed'] as const;
export type CostSharing = (typeof COST_SHARING)[number];

/** The four languages of the site, plus any other (named in `other_languages`). */
export const LANGUAGES = ['en', 'es', 'fr', 'pt', 'other'] as const;
export type LanguageCode = (typeof LANGUAGES)[number];

export const STATUSES = ['proposed', 'agreed', 'in_progress', 'completed', 'cancelled'] as const;
export type Status = (typeof STATUSES)[number];

/**
 * The workflow: proposed → agreed → in progress → completed, or cancelled before completion.
 * Nothing skips a step and nothing leaves completed or cancelled.
 */
export const NEXT_STATUSES: Record<Status, readonly Status[]> = {
  proposed: ['agreed', 'cancelled'],
  agreed: ['in_progress', 'cancelled'],
  in_progress: ['completed', 'cancelled'],
  completed: [],
  cancelled: [],
};

export function canMove(from: Status, to: Status): boolean {
  return NEXT_STATUSES[from].includes(to);
}

export const isKind = (v: unknown): v is Kind => (KINDS as readonly unknown[]).includes(v);
export const isModality = (v: unknown): v is Modality => (MODALITIES as readonly unknown[]).includes(v);
export const isCostSharing = (v: unknown): v is CostSharing =>
  (COST_SHARING as readonly unknown[]).includes(v);
export const isLanguageCode = (v: unknown): v is LanguageCode =>
  (LANGUAGES as readonly unknown[]).includes(v);
export const isStatus = (v: unknown): v is Status => (STATUSES as readonly unknown[]).includes(v);

/** `['es', 'en']` → `|es|en|` (searchable with LIKE on both engines). */
export function joinLanguages(codes: readonly string[]): string {
  const list = LANGUAGES.filter((l) => codes.includes(l));
  return list.length ? `|${list.join('|')}|` : '';
}

export function splitLanguages(stored: string): LanguageCode[] {
  return stored.split('|').filter(isLanguageCode);
}

export const PAGE_SIZE = 20;

/** Path of an item's page, without the locale. */
export function itemPath(item: Pick<CooperationItem, 'kind' | 'id'>): string {
  return `/cooperation/${KIND_SEGMENT[item.kind]}/${item.id}`;
}
