import type { AppDeps } from '../../app.ts';
import { nowIso } from '../../db/dialect.ts';
import type { Institution, User } from '../../db/schema.ts';
import { audit } from '../../platform/audit/audit.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { assertCan } from '../../platform/auth/policy.ts';
import { FieldErrors, HttpError, NotFoundError } from '../../platform/http/errors.ts';
import { isEmail, isHttpUrl } from '../../platform/http/form.ts';
import { translator } from '../../platform/i18n/catalog.ts';
import { countryName } from '../../platform/i18n/format.ts';
import { isLocale, type Locale } from '../../platform/i18n/locales.ts';
import { queueMail } from '../../platform/mail/mailer.ts';
import { inviteUser } from '../accounts/service.ts';
import { COUNTRY_STATUSES, type CountryRow, type CountryStatus, countriesRepository } from './repository.ts';

/** Context of the request that makes a change, recorded with the audit entry. */
export interface ChangeMeta {
  requestId?: string | null;
}

export interface InstitutionInput {
  name: string;
  acronym: string | null;
  website: string | null;
  canPublish: boolean;
}

export type DesignationTarget = { userId: number } | { email: string; name: string; locale: string };

export const INSTITUTION_NAME_MAX = 200;
export const INSTITUTION_ACRONYM_MAX = 30;
export const WEBSITE_MAX = 500;

/** The 35 member states, sorted by their name in the reader's language. */
export async function listCountries(deps: AppDeps, locale: Locale): Promise<CountryRow[]> {
  const rows = await countriesRepository(deps.db).listCountries();
  const collator = new Intl.Collator(locale);
  return rows
    .map((r) => ({ r, name: countryName(r.iso3, locale) }))
    .sort((a, b) => collator.compare(a.name, b.name))
    .map(({ r }) => r);
}

export async function getCountry(deps: AppDeps, iso3: string): Promise<CountryRow> {
  const country = /^[A-Za-z]{3}$/.test(iso3)
    ? await countriesRepository(deps.db).findCountry(iso3.toUpperCase())
    : undefined;
  if (!country) throw new NotFoundError();
  return country;
}

export async function listInstitutions(
  deps: AppDeps,
  iso3: string,
  opts: { deleted?: boolean } = {},
): Promise<Institution[]> {
  return countriesRepository(deps.db).listInstitutions(iso3, opts);
}

/** A live institution (a removed one only when `includeDeleted`), or 404. */
export async function getInstitution(
  deps: AppDeps,
  id: number,
  includeDeleted = false,
): Promise<Institution> {
  const inst = await countriesRepository(deps.db).findInstitution(id);
  if (!inst || (inst.deleted_at && !includeDeleted)) throw new NotFoundError();
  return inst;
}

export async function coordinatorHistory(deps: AppDeps, iso3: string) {
  return countriesRepository(deps.db).coordinatorHistory(iso3);
}

export async function candidateCoordinators(deps: AppDeps, iso3: string) {
  return countriesRepository(deps.db).candidateCoordinators(iso3);
}

function isCountryStatus(value: unknown): value is CountryStatus {
  return typeof value === 'string' && (COUNTRY_STATUSES as string[]).includes(value);
}

/** The Secretariat changes a country's membership status. */
export async function updateCountryStatus(
  deps: AppDeps,
  actor: Actor,
  iso3: string,
  status: string,
  meta: ChangeMeta = {},
): Promise<CountryRow> {
  const country = await getCountry(deps, iso3);
  assertCan(actor, 'country.update', { countryIso3: country.iso3 });
  const errors = new FieldErrors();
  if (!isCountryStatus(status)) errors.add('status', 'countries.status.error.invalid');
  errors.throwIfAny();
  if (country.status === status) return country;
  return deps.db.transaction().execute(async (trx) => {
    const repo = countriesRepository(trx);
    await repo.setCountryStatus(country.iso3, status as CountryStatus, nowIso());
    await audit(trx, actor, {
      action: 'country.update',
      objectType: 'country',
      objectId: country.iso3,
      countryIso3: country.iso3,
      before: { status: country.status },
      after: { status },
      requestId: meta.requestId,
    });
    return (await repo.findCountry(country.iso3))!;
  });
}

function validateInstitution(input: Partial<InstitutionInput>, errors: FieldErrors): void {
  if (input.name !== undefined) {
    if (!input.name.trim()) errors.add('name', 'countries.institution.error.nameRequired');
    else if (input.name.length > INSTITUTION_NAME_MAX)
      errors.add('name', 'countries.institution.error.nameTooLong', { max: INSTITUTION_NAME_MAX });
  }
  if (input.acronym && input.acronym.length > INSTITUTION_ACRONYM_MAX) {
    errors.add('acronym', 'countries.institution.error.acronymTooLong', { max: INSTITUTION_ACRONYM_MAX });
  }
  if (input.website) {
    if (input.website.length > WEBSITE_MAX || !isHttpUrl(input.website)) {
      errors.add('website', 'countries.institution.error.websiteInvalid');
    }
  }
}

function clean(input: Partial<InstitutionInput>): Partial<InstitutionInput> {
  const out: Partial<InstitutionInput> = { ...input };
  if (out.name !== undefined) out.name = out.name.trim();
  if (out.acronym !== undefined) out.acronym = out.acronym?.trim() || null;
  if (out.website !== undefined) out.website = out.website?.trim() || null;
  return out;
}

/** The National Coordinator of the country (or the Secretariat) registers an institution. */
export async function createInstitution(
  deps: AppDeps,
  actor: Actor,
  iso3: string,
  rawInput: InstitutionInput,
  meta: ChangeMeta = {},
): Promise<Institution> {
  const country = await getCountry(deps, iso3);
  assertCan(actor, 'institution.create', { countryIso3: country.iso3 });
  const input = clean(rawInput) as InstitutionInput;
  const errors = new FieldErrors();
  validateInstitution(input, errors);
  if (
    !errors.has('name') &&
    (await countriesRepository(deps.db).findInstitutionByName(country.iso3, input.name))
  ) {
    errors.add('name', 'countries.institution.error.nameTaken');
  }
  errors.throwIfAny();
  return deps.db.transaction().execute(async (trx) => {
    const inst = await countriesRepository(trx).insertInstitution({
      country_iso3: country.iso3,
      name: input.name,
      acronym: input.acronym,
      website: input.website,
      can_publish: input.canPublish ? 1 : 0,
      now: nowIso(),
    });
    await audit(trx, actor, {
      action: 'institution.create',
      objectType: 'institution',
      objectId: inst.id,
      countryIso3: country.iso3,
      after: inst,
      requestId: meta.requestId,
    });
    return inst;
  });
}

/** Edits name, acronym, website and the "may publish" flag; fields left undefined stay as they are. */
export async function updateInstitution(
  deps: AppDeps,
  actor: Actor,
  id: number,
  rawPatch: Partial<InstitutionInput>,
  meta: ChangeMeta = {},
): Promise<Institution> {
  const before = await getInstitution(deps, id);
  assertCan(actor, 'institution.update', { countryIso3: before.country_iso3, institutionId: before.id });
  const patch = clean(rawPatch);
  const errors = new FieldErrors();
  validateInstitution(patch, errors);
  if (
    !errors.has('name') &&
    patch.name !== undefined &&
    patch.name.toLowerCase() !== before.name.toLowerCase()
  ) {
    const other = await countriesRepository(deps.db).findInstitutionByName(before.country_iso3, patch.name);
    if (other && other.id !== before.id) errors.add('name', 'countries.institution.error.nameTaken');
  }
  errors.throwIfAny();
  const values: Partial<Institution> = {};
  if (patch.name !== undefined) values.name = patch.name;
  if (patch.acronym !== undefined) values.acronym = patch.acronym;
  if (patch.website !== undefined) values.website = patch.website;
  if (patch.canPublish !== undefined) values.can_publish = patch.canPublish ? 1 : 0;
  const changed = Object.entries(values).some(([k, v]) => before[k as keyof Institution] !== v);
  if (!changed) return before;
  return deps.db.transaction().execute(async (trx) => {
    const after = await countriesRepository(trx).updateInstitution(id, { ...values, updated_at: nowIso() });
    await audit(trx, actor, {
      action: 'institution.update',
      objectType: 'institution',
      objectId: id,
      countryIso3: before.country_iso3,
      before,
      after,
      requestId: meta.requestId,
    });
    return after;
  });
}

/** Soft removal: the institution disappears from lists; the Secretariat can restore it. */
export async function deleteInstitution(
  deps: AppDeps,
  actor: Actor,
  id: number,
  meta: ChangeMeta = {},
): Promise<Institution> {
  const before = await getInstitution(deps, id);
  assertCan(actor, 'institution.delete', { countryIso3: before.country_iso3, institutionId: before.id });
  return deps.db.transaction().execute(async (trx) => {
    const now = nowIso();
    const after = await countriesRepository(trx).updateInstitution(id, { deleted_at: now, updated_at: now });
    await audit(trx, actor, {
      action: 'institution.delete',
      objectType: 'institution',
      objectId: id,
      countryIso3: before.country_iso3,
      before,
      after,
      requestId: meta.requestId,
    });
    return after;
  });
}

export async function restoreInstitution(
  deps: AppDeps,
  actor: Actor,
  id: number,
  meta: ChangeMeta = {},
): Promise<Institution> {
  const before = await getInstitution(deps, id, true);
  assertCan(actor, 'institution.restore', { countryIso3: before.country_iso3, institutionId: before.id });
  if (!before.deleted_at) throw new HttpError(409, 'countries.institution.error.notRemoved');
  const errors = new FieldErrors();
  if (await countriesRepository(deps.db).findInstitutionByName(before.country_iso3, before.name)) {
    errors.add('name', 'countries.institution.error.restoreNameTaken');
  }
  errors.throwIfAny();
  return deps.db.transaction().execute(async (trx) => {
    const after = await countriesRepository(trx).updateInstitution(id, {
      deleted_at: null,
      updated_at: nowIso(),
    });
    await audit(trx, actor, {
      action: 'institution.restore',
      objectType: 'institution',
      objectId: id,
      countryIso3: before.country_iso3,
      before,
      after,
      requestId: meta.requestId,
    });
    return after;
  });
}

export interface DesignationResult {
  userId: number;
  invited: boolean;
  previousUserId: number | null;
}

/**
 * The Secretariat designates the National Coordinator of a country: an active person of that
 * country, or a new person invited by e-mail. The previous coordinator's term ends and they
 * stay on as an editor of the same country. One open term per country (a unique index holds it).
 */
export async function designateCoordinator(
  deps: AppDeps,
  actor: Actor,
  iso3: string,
  target: DesignationTarget,
  meta: ChangeMeta = {},
): Promise<DesignationResult> {
  const country = await getCountry(deps, iso3);
  assertCan(actor, 'coordinator.designate', { countryIso3: country.iso3 });
  const repo = countriesRepository(deps.db);
  const errors = new FieldErrors();
  let userId: number;
  let invited = false;

  if ('userId' in target) {
    const user = await repo.findUser(target.userId);
    if (
      !user ||
      user.deleted_at ||
      user.status !== 'active' ||
      user.country_iso3 !== country.iso3 ||
      !isCountryRole(user)
    ) {
      errors.add('userId', 'countries.designate.error.userNotEligible');
    } else if (user.role === 'coordinator' && (await repo.openTerm(country.iso3))?.user_id === user.id) {
      errors.add('userId', 'countries.designate.error.alreadyCoordinator');
    }
    errors.throwIfAny();
    userId = target.userId;
  } else {
    const email = target.email.trim();
    const name = target.name.trim();
    if (!name) errors.add('name', 'countries.designate.error.nameRequired');
    else if (name.length > 200) errors.add('name', 'countries.designate.error.nameTooLong', { max: 200 });
    if (!email) errors.add('email', 'countries.designate.error.emailRequired');
    else if (!isEmail(email)) errors.add('email', 'countries.designate.error.emailInvalid');
    else if (await repo.findUserByEmail(email)) errors.add('email', 'countries.designate.error.emailTaken');
    if (!isLocale(target.locale)) errors.add('locale', 'countries.designate.error.localeInvalid');
    errors.throwIfAny();
    const result = await inviteUser(deps, actor, {
      email,
      name,
      role: 'coordinator',
      countryIso3: country.iso3,
      institutionId: null,
      locale: target.locale as Locale,
    });
    userId = result.userId;
    invited = true;
  }

  return deps.db.transaction().execute(async (trx) => {
    const tx = countriesRepository(trx);
    const now = nowIso();
    const user = (await tx.findUser(userId))!;
    const previousTerm = await tx.openTerm(country.iso3);
    const previous = previousTerm ? await tx.findUser(previousTerm.user_id) : undefined;
    await tx.endOpenTerms(country.iso3, now);
    // Whoever still holds the coordinator role for the country (normally the previous one) steps
    // down to editor of the same country, keeping their institution and their work.
    for (const other of await tx.otherCoordinators(country.iso3, user.id)) {
      await tx.setUserRole(other.id, { role: 'editor', country_iso3: country.iso3, now });
      await audit(trx, actor, {
        action: 'user.role',
        objectType: 'user',
        objectId: other.id,
        countryIso3: country.iso3,
        before: { role: other.role },
        after: { role: 'editor' },
        requestId: meta.requestId,
      });
    }
    if (user.role !== 'coordinator') {
      await tx.setUserRole(user.id, { role: 'coordinator', country_iso3: country.iso3, now });
      await audit(trx, actor, {
        action: 'user.role',
        objectType: 'user',
        objectId: user.id,
        countryIso3: country.iso3,
        before: { role: user.role },
        after: { role: 'coordinator' },
        requestId: meta.requestId,
      });
    }
    const term = await tx.insertTerm({
      country_iso3: country.iso3,
      user_id: user.id,
      designated_by: actor.id > 0 ? actor.id : null,
      started_at: now,
    });
    await audit(trx, actor, {
      action: 'coordinator.designate',
      objectType: 'country',
      objectId: country.iso3,
      countryIso3: country.iso3,
      before: { coordinator: previous ? personSummary(previous) : null, term: previousTerm?.id ?? null },
      after: { coordinator: personSummary(user), term: term.id, invited },
      requestId: meta.requestId,
    });
    if (!invited) {
      // The invitation already tells a new person why they are invited; an existing one is told here.
      const locale = isLocale(user.locale) ? user.locale : 'en';
      const t = translator(locale);
      const countryLabel = countryName(country.iso3, locale);
      await queueMail(trx, {
        to: user.email,
        subject: t('countries.designate.mail.subject', { country: countryLabel }),
        text: t('countries.designate.mail.body', {
          name: user.name,
          country: countryLabel,
          url: `${deps.config.baseUrl}/${locale}/countries/${country.iso3}`,
        }),
      });
    }
    return {
      userId: user.id,
      invited,
      previousUserId: previous && previous.id !== user.id ? previous.id : null,
    };
  });
}

function isCountryRole(user: User): boolean {
  return user.role === 'coordinator' || user.role === 'editor' || user.role === 'reader';
}

function personSummary(u: User) {
  return { id: u.id, name: u.name, email: u.email };
}
