import type { Actor } from '../../platform/auth/actor.ts';
import { can, isSecretariat } from '../../platform/auth/policy.ts';

/**
 * Who may see a document. Writes are checked with `document.create` / `document.update` in the
 * rule book (platform/auth/policy.ts); reading depends on the document's access level and state,
 * and the lists, feeds, search entries and downloads all follow these rules.
 */

interface DocLike {
  status: string;
  access: string;
  country_iso3: string | null;
  institution_id: number | null;
  deleted_at: string | null;
}

export function canEditDocument(actor: Actor | null, doc: DocLike): boolean {
  if (doc.deleted_at) return false;
  return can(actor, 'document.update', { countryIso3: doc.country_iso3, institutionId: doc.institution_id });
}

/** Published documents: by access level. Drafts: those who may edit them. Deleted: the Secretariat. */
export function canReadDocument(actor: Actor | null, doc: DocLike): boolean {
  if (isSecretariat(actor)) return true;
  if (doc.deleted_at) return false;
  if (doc.status !== 'published') return canEditDocument(actor, doc);
  if (doc.access === 'public') return true;
  if (doc.access === 'members') return actor !== null;
  if (doc.access === 'country') return !!actor?.countryIso3 && actor.countryIso3 === doc.country_iso3;
  return false;
}

/** What a reader may see of published documents, for list queries. */
export interface ReadScope {
  /** The Secretariat sees every access level. */
  all: boolean;
  signedIn: boolean;
  country: string | null;
}

export function readScope(actor: Actor | null): ReadScope {
  return { all: isSecretariat(actor), signedIn: actor !== null, country: actor?.countryIso3 ?? null };
}

/** The documents an actor may manage (drafts included), for the "my documents" list. */
export interface ManageScope {
  all: boolean;
  country: string | null;
  /** Editors manage their own institution's documents and the country's unattributed ones. */
  institutionId: number | null;
}

export function manageScope(actor: Actor): ManageScope | null {
  if (isSecretariat(actor)) return { all: true, country: null, institutionId: null };
  if ((actor.role === 'coordinator' || actor.role === 'editor') && actor.countryIso3) {
    return {
      all: false,
      country: actor.countryIso3,
      institutionId: actor.role === 'editor' ? actor.institutionId : null,
    };
  }
  return null;
}

/** True when the actor may add documents at all (to show the button). */
export function mayCreateDocuments(actor: Actor | null): boolean {
  return !!actor && manageScope(actor) !== null;
}
