import type { Role } from '../../db/schema.ts';
import type { Actor } from './actor.ts';

/**
 * Authorisation in one place. Every service calls `can` (or `assertCan`) before it writes;
 * views call it to decide what to show. Features add their actions here, so the whole rule
 * book reads in one file and the matrix test covers it.
 *
 * The one rule that never bends: a coordinator or editor acts only for their own country.
 */

export type Action =
  // reference data and site content (Secretariat)
  | 'country.update'
  | 'theme.manage'
  | 'link.manage'
  | 'page.manage'
  | 'news.manage'
  | 'audit.read'
  | 'outbox.read'
  | 'coordinator.designate'
  // institutions and people of a country
  | 'institution.create'
  | 'institution.update'
  | 'institution.delete'
  | 'institution.restore'
  | 'user.invite'
  | 'user.list'
  | 'user.disable'
  | 'user.restore'
  // statistics, documents and collaboration build on these
  | 'observation.write'
  | 'observation.readUnpublished'
  | 'import.write'
  | 'indicator.manage'
  | 'document.create'
  | 'document.update'
  | 'document.restore'
  | 'consultation.create'
  | 'consultation.answer'
  | 'consultation.manage'
  | 'consultation.helpful'
  | 'consultation.editAnswer'
  | 'proposal.create'
  | 'proposal.decide'
  | 'proposal.support'
  | 'proposal.comment'
  | 'group.create'
  | 'group.join'
  | 'group.moderate'
  | 'group.participate'
  | 'meeting.schedule'
  | 'meeting.delete'
  | 'meeting.restore'
  | 'meeting.attend'
  | 'cooperation.write';

/** What an action is about: the country (and institution) whose data it touches. */
export interface Subject {
  countryIso3?: string | null;
  institutionId?: number | null;
  /** For invitations: the role to be given. */
  role?: Role;
  /** The author of the thing, for own-content rules. */
  ownerId?: number | null;
  /** Consultations: the asking country, and the countries addressed ('all' but the asker's). */
  askingCountryIso3?: string | null;
  addressedTo?: readonly string[] | 'all';
}

export function isSecretariat(actor: Actor | null): boolean {
  return actor?.role === 'secretariat';
}

export function isStaff(actor: Actor | null): boolean {
  return actor?.role === 'secretariat' || actor?.role === 'admin';
}

/** True when the actor is a coordinator or editor of exactly this country. */
export function actsForCountry(actor: Actor | null, countryIso3: string | null | undefined): boolean {
  if (!actor || !countryIso3) return false;
  if (actor.role !== 'coordinator' && actor.role !== 'editor') return false;
  return actor.countryIso3 === countryIso3;
}

export function can(actor: Actor | null, action: Action, subject: Subject = {}): boolean {
  if (!actor) return false;
  const country = subject.countryIso3;
  switch (action) {
    case 'country.update':
    case 'theme.manage':
    case 'link.manage':
    case 'page.manage':
    case 'news.manage':
    case 'coordinator.designate':
    case 'indicator.manage':
    case 'proposal.decide':
    case 'document.restore':
      return isSecretariat(actor);
    case 'audit.read':
    case 'outbox.read':
      return isStaff(actor);

    case 'institution.create':
    case 'institution.update':
    case 'institution.delete':
    case 'user.disable':
      return isSecretariat(actor) || (actor.role === 'coordinator' && actsForCountry(actor, country));
    case 'user.restore':
    case 'institution.restore':
      return isSecretariat(actor);
    case 'user.list':
      return isStaff(actor) || (actor.role === 'coordinator' && actsForCountry(actor, country));
    case 'user.invite': {
      const role = subject.role ?? 'editor';
      if (isSecretariat(actor)) return true;
      if (actor.role === 'admin') return role !== 'secretariat' && role !== 'admin';
      // A coordinator invites editors and readers of their own country only.
      return (
        actor.role === 'coordinator' &&
        actsForCountry(actor, country) &&
        (role === 'editor' || role === 'reader')
      );
    }

    // Unpublished figures: the Secretariat, and the country's own coordinators and editors.
    case 'observation.readUnpublished':
    case 'observation.write':
    case 'import.write':
      return isSecretariat(actor) || actsForCountry(actor, country);

    case 'document.create':
    case 'document.update':
      if (isSecretariat(actor)) return true;
      if (!actsForCountry(actor, country)) return false;
      // Editors publish for their own institution; the coordinator for any of the country's.
      return (
        actor.role === 'coordinator' ||
        !subject.institutionId ||
        subject.institutionId === actor.institutionId
      );

    case 'consultation.create':
    case 'proposal.create':
    case 'cooperation.write':
      return isSecretariat(actor) || actsForCountry(actor, country);
    case 'consultation.answer':
      // An institution answers for its own country, never the asking one, and only when addressed.
      if (!actsForCountry(actor, country) || !subject.askingCountryIso3) return false;
      if (country === subject.askingCountryIso3) return false;
      return subject.addressedTo === 'all' || (subject.addressedTo ?? []).includes(country!);
    // Accept answers, close, reopen, delete: the asker, a coordinator of the asking country, the Secretariat.
    case 'consultation.manage':
      if (isSecretariat(actor)) return true;
      if (!actsForCountry(actor, country)) return false;
      return actor.role === 'coordinator' || (subject.ownerId != null && subject.ownerId === actor.id);
    // Anyone signed in may find an answer helpful, except its author.
    case 'consultation.helpful':
      return subject.ownerId == null || subject.ownerId !== actor.id;
    // An answer is corrected by its author, while they still act for the answering country, and
    // by the Secretariat (moderation); not by the country's coordinator nor the asker.
    case 'consultation.editAnswer':
      if (isSecretariat(actor)) return true;
      return actsForCountry(actor, country) && subject.ownerId != null && subject.ownerId === actor.id;

    // Proposals and study groups: a country supports a proposal, and asks to join a group, through
    // its coordinator or editors; moderators are checked against the group in the service.
    case 'proposal.support':
    case 'group.join':
      return actsForCountry(actor, country);
    case 'proposal.comment':
      return true;
    case 'group.create':
    case 'group.moderate':
      return isSecretariat(actor);
    case 'group.participate':
      return isSecretariat(actor) || actor.role === 'coordinator' || actor.role === 'editor';

    // Distance meetings: the group's moderator (ownerId) and the Secretariat schedule and run
    // them; members register and take part (membership is checked against the group in the service).
    case 'meeting.schedule':
    case 'meeting.delete':
      return isSecretariat(actor) || (subject.ownerId != null && subject.ownerId === actor.id);
    // A deleted meeting comes back through the Secretariat only.
    case 'meeting.restore':
      return isSecretariat(actor);
    case 'meeting.attend':
      return isSecretariat(actor) || actor.role === 'coordinator' || actor.role === 'editor';
  }
}

export class ForbiddenError extends Error {
  readonly statusCode = 403;
  constructor(readonly action: Action) {
    super(`Not allowed: ${action}`);
  }
}

export function assertCan(actor: Actor | null, action: Action, subject: Subject = {}): void {
  if (!can(actor, action, subject)) throw new ForbiddenError(action);
}
