import type { Selectable } from 'kysely';
import type { ConsultationAnswersTable, ConsultationsTable } from '../../db/schema.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { can, isSecretariat } from '../../platform/auth/policy.ts';

/**
 * Consultations are for members: only signed-in users read them (pages send visitors to the
 * sign-in page without looking anything up; the API answers 404), and their search entries are
 * `members`. Deleted ones stay readable by the Secretariat, who may restore them.
 */

export type Consultation = Selectable<ConsultationsTable>;
export type Answer = Selectable<ConsultationAnswersTable>;
export type ConsultationState = Consultation['state'];

export const STATES: readonly ConsultationState[] = ['open', 'answered', 'closed'];
export const PAGE_SIZE = 20;
export const MAX_TITLE = 300;
export const MAX_BODY = 20_000;
export const MAX_ANSWER = 20_000;

/** Attachment owner types. */
export const OWNER_CONSULTATION = 'consultation';
export const OWNER_ANSWER = 'consultation_answer';

export function isState(value: unknown): value is ConsultationState {
  return typeof value === 'string' && (STATES as readonly string[]).includes(value);
}

/** Who a consultation is addressed to, as the policy reads it. */
export function addressedTo(
  c: Pick<Consultation, 'addressed_all'>,
  countries: readonly string[],
): readonly string[] | 'all' {
  return c.addressed_all === 1 ? 'all' : countries;
}

export function canReadConsultation(actor: Actor | null, c: Pick<Consultation, 'deleted_at'>): boolean {
  if (!actor) return false;
  return !c.deleted_at || isSecretariat(actor);
}

export function canManage(actor: Actor | null, c: Consultation): boolean {
  if (c.deleted_at) return false;
  return can(actor, 'consultation.manage', { countryIso3: c.country_iso3, ownerId: c.asked_by });
}

/** The actor may answer now: the policy (own country, addressed, not the asker's) and an open state. */
export function canAnswer(actor: Actor | null, c: Consultation, countries: readonly string[]): boolean {
  if (c.deleted_at || c.state === 'closed' || !actor) return false;
  return can(actor, 'consultation.answer', {
    countryIso3: actor.countryIso3,
    askingCountryIso3: c.country_iso3,
    addressedTo: addressedTo(c, countries),
  });
}

/**
 * The actor may correct this answer: its author (still acting for the answering country) or the
 * Secretariat, whatever the consultation's state, as long as neither is deleted.
 */
export function canEditAnswer(
  actor: Actor | null,
  a: Pick<Answer, 'country_iso3' | 'author_id' | 'deleted_at'>,
  c: Pick<Consultation, 'deleted_at'>,
): boolean {
  if (c.deleted_at || a.deleted_at) return false;
  return can(actor, 'consultation.editAnswer', { countryIso3: a.country_iso3, ownerId: a.author_id });
}

/** YYYY-MM-DD of today in UTC. */
export function today(): string {
  return new Date().toISOString().slice(0, 10);
}

export function isOverdue(c: Pick<Consultation, 'deadline' | 'state'>): boolean {
  return !!c.deadline && c.state !== 'closed' && c.deadline < today();
}
