import type { Actor } from '../../platform/auth/actor.ts';
import { can, isSecretariat } from '../../platform/auth/policy.ts';
import type { CooperationItem } from './model.ts';

/**
 * Who may do what with an offer or a request. Built on the one rule book
 * (`cooperation.write`: the Secretariat, or a coordinator or editor of the country concerned),
 * so services and views ask the same questions.
 */

/** Creating for a country: the Secretariat for any, coordinators and editors for their own. */
export function mayWriteFor(actor: Actor | null, country: string | null | undefined): boolean {
  return !!country && can(actor, 'cooperation.write', { countryIso3: country });
}

/** Anyone signed in who may offer or ask for cooperation at all. */
export function mayCreate(actor: Actor | null): boolean {
  return isSecretariat(actor) || mayWriteFor(actor, actor?.countryIso3);
}

/** Editing and withdrawing: the owning country's coordinator and editors, or the Secretariat. */
export function mayEdit(actor: Actor | null, item: CooperationItem): boolean {
  return !item.deleted_at && mayWriteFor(actor, item.country_iso3);
}

/** The owner sees every expression of interest; others see their own country's. */
export function maySeeInterests(actor: Actor | null, item: CooperationItem): boolean {
  return mayWriteFor(actor, item.country_iso3);
}

/**
 * A coordinator or editor of another country may express interest while the item is open. The
 * Secretariat does not speak for a country here.
 */
export function mayExpressInterest(actor: Actor | null, item: CooperationItem): boolean {
  if (!actor || isSecretariat(actor) || item.deleted_at || item.status !== 'proposed') return false;
  if (!actor.countryIso3 || actor.countryIso3 === item.country_iso3) return false;
  return mayWriteFor(actor, actor.countryIso3);
}

/**
 * Moving the status: the owning country (or the Secretariat) agrees with a partner; once agreed,
 * both parties may record progress, completion or cancellation.
 */
export function mayChangeStatus(actor: Actor | null, item: CooperationItem): boolean {
  if (item.deleted_at || item.status === 'completed' || item.status === 'cancelled') return false;
  if (mayWriteFor(actor, item.country_iso3)) return true;
  return item.status !== 'proposed' && mayWriteFor(actor, item.partner_country_iso3);
}

/** Contact e-mail addresses are for signed-in members, not for harvesting. */
export function maySeeContact(actor: Actor | null): boolean {
  return !!actor;
}

/** Withdrawn items stay readable (and restorable) for the Secretariat only. */
export function mayRead(actor: Actor | null, item: CooperationItem): boolean {
  return !item.deleted_at || isSecretariat(actor);
}
