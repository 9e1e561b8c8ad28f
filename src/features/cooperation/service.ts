import type { Kysely } from 'kysely';
import type { AppDeps } from '../../app.ts';
import { nowIso } from '../../db/dialect.ts';
import type { Database } from '../../db/schema.ts';
import { audit } from '../../platform/audit/audit.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { assertCan, ForbiddenError, isSecretariat } from '../../platform/auth/policy.ts';
import { FieldErrors, HttpError, NotFoundError } from '../../platform/http/errors.ts';
import { isEmail } from '../../platform/http/form.ts';
import { cleanLocalized, type Localized, parseLocalized, pick } from '../../platform/i18n/format.ts';
import { isLocale } from '../../platform/i18n/locales.ts';
import { coordinatorsOf, notify, registerNotificationKind } from '../notifications/service.ts';
import { reindexItem } from './indexing.ts';
import { candidateOf, matchesFor, openCandidates } from './matching.ts';
import {
  canMove,
  type CooperationItem,
  isCostSharing,
  isLanguageCode,
  isModality,
  isStatus,
  itemPath,
  joinLanguages,
  type Kind,
  type Status,
} from './model.ts';
import { mayChangeStatus, mayEdit, mayExpressInterest, mayRead, mayWriteFor } from './policy.ts';
import { cooperationRepository } from './repository.ts';

export const NOTIFY_INTEREST = 'cooperation.interest';
export const NOTIFY_MATCH = 'cooperation.match';
export const NOTIFY_STATUS = 'cooperation.status';

registerNotificationKind({
  kind: NOTIFY_INTEREST,
  titleKey: 'cooperation.notify.interest',
  labelKey: 'cooperation.notifyKind.interest',
  defaultFrequency: 'immediate',
});
registerNotificationKind({
  kind: NOTIFY_MATCH,
  titleKey: 'cooperation.notify.match',
  labelKey: 'cooperation.notifyKind.match',
  defaultFrequency: 'daily',
});
registerNotificationKind({
  kind: NOTIFY_STATUS,
  titleKey: 'cooperation.notify.status',
  labelKey: 'cooperation.notifyKind.status',
  defaultFrequency: 'immediate',
});

/** What a form or an API call says about an offer or a request. Absent fields of a PATCH are undefined. */
export interface ItemInput {
  countryIso3?: string | null;
  institutionId?: number | null;
  title?: Localized;
  description?: Localized;
  origLocale?: string;
  themes?: string[];
  modality?: string | null;
  languages?: string[];
  otherLanguages?: string | null;
  duration?: string | null;
  timeframe?: string | null;
  costSharing?: string | null;
  contactName?: string;
  contactEmail?: string;
}

export interface StatusInput {
  status: string;
  partnerCountry?: string | null;
  note?: string | null;
  outcome?: { results?: string; participants?: string; lessons?: string; locale?: string };
}

export const LIMITS = {
  title: 200,
  description: 10_000,
  short: 200,
  message: 4000,
  outcome: 10_000,
} as const;

function blankToNull(s: string | null | undefined): string | null {
  const v = s?.trim();
  return v ? v : null;
}

/** The values an item will have once the input is applied to `before` (or to nothing). */
interface Resolved {
  countryIso3: string;
  institutionId: number | null;
  title: Localized;
  description: Localized;
  origLocale: string;
  themes: string[];
  modality: string | null;
  languages: string[];
  otherLanguages: string | null;
  duration: string | null;
  timeframe: string | null;
  costSharing: string | null;
  contactName: string;
  contactEmail: string;
}

/** The title in the language it was written in (notification texts carry it as it is). */
function origTitle(item: Pick<CooperationItem, 'title' | 'orig_locale'>): string {
  return pick(item.title, isLocale(item.orig_locale) ? item.orig_locale : 'en', item.orig_locale).text;
}

function snapshot(item: CooperationItem, themes?: string[]) {
  return { ...item, themes };
}

export function cooperationService(deps: Pick<AppDeps, 'db'>) {
  const db = deps.db;

  async function validate(
    trx: Kysely<Database>,
    kind: Kind,
    v: Resolved,
    errors: FieldErrors,
  ): Promise<Map<string, number>> {
    const repo = cooperationRepository(trx);
    if (!isLocale(v.origLocale)) errors.add('orig_locale', 'cooperation.error.origLocale');
    const orig = isLocale(v.origLocale) ? v.origLocale : 'en';
    if (!v.title[orig]) errors.add(`title_${orig}`, 'cooperation.error.titleRequired');
    if (!v.description[orig]) errors.add(`description_${orig}`, 'cooperation.error.descriptionRequired');
    errors.maxLengths('cooperation.error.tooLong', [
      { name: 'title', values: v.title, max: LIMITS.title },
      { name: 'description', values: v.description, max: LIMITS.description },
    ]);
    const ids = await repo.themeIds(v.themes);
    if (v.themes.length === 0) errors.add('themes', 'cooperation.error.themeRequired');
    else if (ids.size !== new Set(v.themes).size) errors.add('themes', 'cooperation.error.theme');
    if (kind === 'offer' && !v.modality) errors.add('modality', 'cooperation.error.modalityRequired');
    else if (v.modality !== null && !isModality(v.modality))
      errors.add('modality', 'cooperation.error.modality');
    if (v.languages.length === 0) errors.add('languages', 'cooperation.error.languageRequired');
    else if (!v.languages.every(isLanguageCode)) errors.add('languages', 'cooperation.error.language');
    if (v.languages.includes('other') && !v.otherLanguages)
      errors.add('other_languages', 'cooperation.error.otherLanguages');
    for (const [field, value] of [
      ['other_languages', v.otherLanguages],
      ['duration', v.duration],
      ['timeframe', v.timeframe],
      ['contact_name', v.contactName],
    ] as const) {
      if ((value?.length ?? 0) > LIMITS.short)
        errors.add(field, 'cooperation.error.tooLong', { max: LIMITS.short });
    }
    if (kind === 'offer' && !v.costSharing)
      errors.add('cost_sharing', 'cooperation.error.costSharingRequired');
    else if (v.costSharing !== null && !isCostSharing(v.costSharing))
      errors.add('cost_sharing', 'cooperation.error.costSharing');
    if (!v.contactName) errors.add('contact_name', 'cooperation.error.contactName');
    if (!v.contactEmail) errors.add('contact_email', 'cooperation.error.contactEmailRequired');
    else if (!isEmail(v.contactEmail)) errors.add('contact_email', 'cooperation.error.contactEmail');
    if (!(await repo.countryExists(v.countryIso3))) errors.add('country_iso3', 'cooperation.error.country');
    if (v.institutionId !== null) {
      const inst = await repo.institution(v.institutionId);
      if (!inst || inst.deleted_at || inst.country_iso3 !== v.countryIso3)
        errors.add('institution_id', 'cooperation.error.institution');
    }
    return ids;
  }

  function rowValues(kind: Kind, v: Resolved) {
    return {
      country_iso3: v.countryIso3,
      institution_id: v.institutionId,
      title: JSON.stringify(v.title),
      description: JSON.stringify(v.description),
      orig_locale: v.origLocale,
      modality: v.modality,
      languages: joinLanguages(v.languages),
      other_languages: v.languages.includes('other') ? v.otherLanguages : null,
      // Offers say how long and who pays; requests say when they need the help.
      duration: kind === 'offer' ? v.duration : null,
      timeframe: kind === 'request' ? v.timeframe : null,
      cost_sharing: kind === 'offer' ? v.costSharing : null,
      contact_name: v.contactName,
      contact_email: v.contactEmail,
    };
  }

  async function setThemes(trx: Kysely<Database>, itemId: number, ids: Iterable<number>): Promise<void> {
    await trx.deleteFrom('cooperation_item_themes').where('item_id', '=', itemId).execute();
    const values = [...new Set(ids)].map((theme_id) => ({ item_id: itemId, theme_id }));
    if (values.length) await trx.insertInto('cooperation_item_themes').values(values).execute();
  }

  /** An item the actor may read, of this kind, or a 404 as if it did not exist. */
  async function readable(actor: Actor | null, kind: Kind, id: number): Promise<CooperationItem> {
    const item = await cooperationRepository(db).byId(id);
    if (!item || item.kind !== kind || !mayRead(actor, item)) throw new NotFoundError();
    return item;
  }

  /** Tells the coordinators of the countries whose open requests this new offer fits. */
  async function announceMatches(trx: Kysely<Database>, actor: Actor, item: CooperationItem): Promise<void> {
    if (item.kind !== 'offer') return;
    const target = await candidateOf(trx, item);
    const matches = matchesFor(target, await openCandidates(trx));
    const title = origTitle(item);
    for (const m of matches) {
      const request = m.request.item;
      await notify(trx, actor, {
        kind: NOTIFY_MATCH,
        userIds: await coordinatorsOf(trx, [request.country_iso3]),
        params: { title, request: origTitle(request) },
        url: itemPath(item),
        countryIso3: item.country_iso3,
        themeCodes: m.sharedThemes,
      });
    }
  }

  async function themeCodesOf(trx: Kysely<Database>, id: number): Promise<string[]> {
    return (await cooperationRepository(trx).themesOf([id])).map((t) => t.code);
  }

  return {
    readable,

    async create(actor: Actor, kind: Kind, input: ItemInput): Promise<number> {
      const country = input.countryIso3 ?? (isSecretariat(actor) ? null : actor.countryIso3);
      if (!country) {
        if (!isSecretariat(actor)) throw new ForbiddenError('cooperation.write');
        const errors = new FieldErrors();
        errors.add('country_iso3', 'cooperation.error.countryRequired');
        errors.throwIfAny();
      }
      assertCan(actor, 'cooperation.write', { countryIso3: country });
      const v: Resolved = {
        countryIso3: country!,
        institutionId:
          input.institutionId !== undefined
            ? input.institutionId
            : actor.countryIso3 === country
              ? actor.institutionId
              : null,
        title: cleanLocalized(input.title),
        description: cleanLocalized(input.description),
        origLocale: input.origLocale ?? actor.locale,
        themes: [...new Set(input.themes ?? [])],
        modality: blankToNull(input.modality),
        languages: [...new Set(input.languages ?? [])],
        otherLanguages: blankToNull(input.otherLanguages),
        duration: blankToNull(input.duration),
        timeframe: blankToNull(input.timeframe),
        costSharing: blankToNull(input.costSharing),
        contactName: input.contactName?.trim() ?? '',
        contactEmail: input.contactEmail?.trim() ?? '',
      };
      const errors = new FieldErrors();
      const ids = await validate(db, kind, v, errors);
      errors.throwIfAny();
      return db.transaction().execute(async (trx) => {
        const now = nowIso();
        const item = await trx
          .insertInto('cooperation_items')
          .values({
            kind,
            ...rowValues(kind, v),
            status: 'proposed',
            partner_country_iso3: null,
            outcome_results: null,
            outcome_participants: null,
            outcome_lessons: null,
            outcome_locale: null,
            created_by: actor.id > 0 ? actor.id : null,
            updated_by: actor.id > 0 ? actor.id : null,
            created_at: now,
            updated_at: now,
            deleted_at: null,
            deleted_by: null,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        await setThemes(trx, item.id, ids.values());
        await trx
          .insertInto('cooperation_status_history')
          .values({
            item_id: item.id,
            from_status: null,
            to_status: 'proposed',
            partner_country_iso3: null,
            note: null,
            actor_id: actor.id > 0 ? actor.id : null,
            at: now,
          })
          .execute();
        await audit(trx, actor, {
          action: `cooperation.${kind}.create`,
          objectType: `cooperation_${kind}`,
          objectId: item.id,
          countryIso3: item.country_iso3,
          after: snapshot(item, v.themes),
        });
        await reindexItem(trx, item.id);
        await announceMatches(trx, actor, item);
        return item.id;
      });
    },

    async update(actor: Actor, kind: Kind, id: number, input: ItemInput): Promise<void> {
      const before = await readable(actor, kind, id);
      if (before.deleted_at) throw new NotFoundError();
      assertCan(actor, 'cooperation.write', { countryIso3: before.country_iso3 });
      const beforeThemes = await themeCodesOf(db, id);
      const v: Resolved = {
        countryIso3: input.countryIso3 ?? before.country_iso3,
        institutionId: input.institutionId !== undefined ? input.institutionId : before.institution_id,
        title: input.title !== undefined ? cleanLocalized(input.title) : parseLocalized(before.title),
        description:
          input.description !== undefined
            ? cleanLocalized(input.description)
            : parseLocalized(before.description),
        origLocale: input.origLocale ?? before.orig_locale,
        themes: input.themes !== undefined ? [...new Set(input.themes)] : beforeThemes,
        modality: input.modality !== undefined ? blankToNull(input.modality) : before.modality,
        languages:
          input.languages !== undefined
            ? [...new Set(input.languages)]
            : before.languages.split('|').filter(Boolean),
        otherLanguages:
          input.otherLanguages !== undefined ? blankToNull(input.otherLanguages) : before.other_languages,
        duration: input.duration !== undefined ? blankToNull(input.duration) : before.duration,
        timeframe: input.timeframe !== undefined ? blankToNull(input.timeframe) : before.timeframe,
        costSharing: input.costSharing !== undefined ? blankToNull(input.costSharing) : before.cost_sharing,
        contactName: input.contactName !== undefined ? input.contactName.trim() : before.contact_name,
        contactEmail: input.contactEmail !== undefined ? input.contactEmail.trim() : before.contact_email,
      };
      // Moving an item to another country is a write for that country too.
      assertCan(actor, 'cooperation.write', { countryIso3: v.countryIso3 });
      if (v.countryIso3 !== before.country_iso3 && v.institutionId === before.institution_id)
        v.institutionId = null;
      const errors = new FieldErrors();
      const ids = await validate(db, kind, v, errors);
      errors.throwIfAny();
      await db.transaction().execute(async (trx) => {
        const after = await trx
          .updateTable('cooperation_items')
          .set({ ...rowValues(kind, v), updated_by: actor.id > 0 ? actor.id : null, updated_at: nowIso() })
          .where('id', '=', id)
          .returningAll()
          .executeTakeFirstOrThrow();
        await setThemes(trx, id, ids.values());
        await audit(trx, actor, {
          action: `cooperation.${kind}.update`,
          objectType: `cooperation_${kind}`,
          objectId: id,
          countryIso3: after.country_iso3,
          before: snapshot(before, beforeThemes),
          after: snapshot(after, v.themes),
        });
        await reindexItem(trx, id);
      });
    },

    /** Withdraws an item (a soft delete the Secretariat can undo). */
    async withdraw(actor: Actor, kind: Kind, id: number): Promise<void> {
      const before = await readable(actor, kind, id);
      if (before.deleted_at) throw new NotFoundError();
      if (!mayEdit(actor, before)) throw new ForbiddenError('cooperation.write');
      await db.transaction().execute(async (trx) => {
        const now = nowIso();
        await trx
          .updateTable('cooperation_items')
          .set({ deleted_at: now, deleted_by: actor.id > 0 ? actor.id : null, updated_at: now })
          .where('id', '=', id)
          .execute();
        await audit(trx, actor, {
          action: `cooperation.${kind}.withdraw`,
          objectType: `cooperation_${kind}`,
          objectId: id,
          countryIso3: before.country_iso3,
          before: { deleted_at: null },
          after: { deleted_at: now },
        });
        await reindexItem(trx, id);
      });
    },

    async restore(actor: Actor, kind: Kind, id: number): Promise<void> {
      const before = await readable(actor, kind, id);
      if (!isSecretariat(actor)) throw new ForbiddenError('cooperation.write');
      if (!before.deleted_at) return;
      await db.transaction().execute(async (trx) => {
        await trx
          .updateTable('cooperation_items')
          .set({ deleted_at: null, deleted_by: null, updated_at: nowIso() })
          .where('id', '=', id)
          .execute();
        await audit(trx, actor, {
          action: `cooperation.${kind}.restore`,
          objectType: `cooperation_${kind}`,
          objectId: id,
          countryIso3: before.country_iso3,
          before: { deleted_at: before.deleted_at },
          after: { deleted_at: null },
        });
        await reindexItem(trx, id);
      });
    },

    /**
     * A country says it wants to take part, with a message for the owner. One per country: saying
     * it again replaces the message.
     */
    async expressInterest(actor: Actor, kind: Kind, id: number, message: string): Promise<number> {
      const item = await readable(actor, kind, id);
      if (item.deleted_at) throw new NotFoundError();
      if (!mayExpressInterest(actor, item)) {
        if (item.status !== 'proposed' && actor.countryIso3 !== item.country_iso3 && !isSecretariat(actor))
          throw new HttpError(409, 'cooperation.error.notOpen');
        throw new ForbiddenError('cooperation.write');
      }
      const country = actor.countryIso3!;
      const text = message.trim();
      const errors = new FieldErrors();
      if (!text) errors.add('message', 'cooperation.error.messageRequired');
      else if (text.length > LIMITS.message)
        errors.add('message', 'cooperation.error.tooLong', { max: LIMITS.message });
      errors.throwIfAny();
      return db.transaction().execute(async (trx) => {
        const now = nowIso();
        const existing = await cooperationRepository(trx).interest(id, country);
        let interestId: number;
        if (existing) {
          await trx
            .updateTable('cooperation_interests')
            .set({
              message: text,
              locale: actor.locale,
              user_id: actor.id,
              updated_at: now,
              deleted_at: null,
            })
            .where('id', '=', existing.id)
            .execute();
          interestId = existing.id;
        } else {
          const row = await trx
            .insertInto('cooperation_interests')
            .values({
              item_id: id,
              country_iso3: country,
              user_id: actor.id,
              message: text,
              locale: actor.locale,
              created_at: now,
              updated_at: now,
              deleted_at: null,
            })
            .returning('id')
            .executeTakeFirstOrThrow();
          interestId = row.id;
        }
        await audit(trx, actor, {
          action: `cooperation.${kind}.interest`,
          objectType: 'cooperation_interest',
          objectId: interestId,
          countryIso3: country,
          before: existing ? { message: existing.message } : undefined,
          after: { item_id: id, country_iso3: country, message: text },
        });
        const recipients = await coordinatorsOf(trx, [item.country_iso3]);
        if (item.created_by) recipients.push(item.created_by);
        await notify(trx, actor, {
          kind: NOTIFY_INTEREST,
          userIds: recipients,
          params: { kind, title: origTitle(item) },
          url: itemPath(item),
          countryIso3: item.country_iso3,
          themeCodes: await themeCodesOf(trx, id),
        });
        return interestId;
      });
    },

    /** Moves an item one step along its workflow; every move is kept in the history and audited. */
    async changeStatus(actor: Actor, kind: Kind, id: number, input: StatusInput): Promise<void> {
      const before = await readable(actor, kind, id);
      if (before.deleted_at) throw new NotFoundError();
      if (!mayChangeStatus(actor, before)) {
        if (mayWriteFor(actor, before.country_iso3) || mayWriteFor(actor, before.partner_country_iso3))
          throw new HttpError(409, 'cooperation.error.finished');
        throw new ForbiddenError('cooperation.write');
      }
      const from = before.status as Status;
      const errors = new FieldErrors();
      const to = input.status;
      if (!isStatus(to) || !canMove(from, to)) {
        errors.add('status', 'cooperation.error.transition');
        errors.throwIfAny();
      }
      const next = to as Status;
      const note = blankToNull(input.note);
      if ((note?.length ?? 0) > LIMITS.message)
        errors.add('note', 'cooperation.error.tooLong', { max: LIMITS.message });
      let partner = before.partner_country_iso3;
      if (next === 'agreed') {
        // Only the owner agrees, and only with a country that said it was interested.
        if (!mayWriteFor(actor, before.country_iso3)) throw new ForbiddenError('cooperation.write');
        const chosen = input.partnerCountry?.trim().toUpperCase() ?? '';
        const interested = (await cooperationRepository(db).interestsOf(id)).map((i) => i.country_iso3);
        if (!chosen) errors.add('partner_country_iso3', 'cooperation.error.partnerRequired');
        else if (!interested.includes(chosen))
          errors.add('partner_country_iso3', 'cooperation.error.partner');
        partner = chosen || null;
      }
      let outcome: { results: string; participants: string; lessons: string; locale: string } | null = null;
      if (next === 'completed') {
        const o = input.outcome ?? {};
        const locale = o.locale && isLocale(o.locale) ? o.locale : actor.locale;
        outcome = {
          results: o.results?.trim() ?? '',
          participants: o.participants?.trim() ?? '',
          lessons: o.lessons?.trim() ?? '',
          locale,
        };
        if (o.locale && !isLocale(o.locale)) errors.add('outcome_locale', 'cooperation.error.origLocale');
        for (const part of ['results', 'participants', 'lessons'] as const) {
          const value = outcome[part];
          if (!value) errors.add(`outcome_${part}`, `cooperation.error.outcome.${part}`);
          else if (value.length > LIMITS.outcome)
            errors.add(`outcome_${part}`, 'cooperation.error.tooLong', { max: LIMITS.outcome });
        }
      }
      errors.throwIfAny();
      await db.transaction().execute(async (trx) => {
        const now = nowIso();
        const localized = (text: string) => JSON.stringify({ [outcome!.locale]: text });
        const changed = await trx
          .updateTable('cooperation_items')
          .set({
            status: next,
            partner_country_iso3: partner,
            ...(outcome
              ? {
                  outcome_results: localized(outcome.results),
                  outcome_participants: localized(outcome.participants),
                  outcome_lessons: localized(outcome.lessons),
                  outcome_locale: outcome.locale,
                }
              : {}),
            updated_by: actor.id > 0 ? actor.id : null,
            updated_at: now,
          })
          .where('id', '=', id)
          // Someone else may have moved it meanwhile: only the state we checked may change.
          .where('status', '=', from)
          .where('deleted_at', 'is', null)
          .returningAll()
          .executeTakeFirst();
        if (!changed) throw new HttpError(409, 'cooperation.error.changedMeanwhile');
        await trx
          .insertInto('cooperation_status_history')
          .values({
            item_id: id,
            from_status: from,
            to_status: next,
            partner_country_iso3: partner,
            note,
            actor_id: actor.id > 0 ? actor.id : null,
            at: now,
          })
          .execute();
        await audit(trx, actor, {
          action: `cooperation.${kind}.status`,
          objectType: `cooperation_${kind}`,
          objectId: id,
          countryIso3: before.country_iso3,
          before: { status: from, partner_country_iso3: before.partner_country_iso3 },
          after: {
            status: next,
            partner_country_iso3: partner,
            note,
            outcome: outcome ?? undefined,
          },
        });
        await reindexItem(trx, id);
        const countries = [before.country_iso3, ...(partner ? [partner] : [])];
        const recipients = await coordinatorsOf(trx, countries);
        if (before.created_by) recipients.push(before.created_by);
        if (partner) {
          const partnerInterest = await cooperationRepository(trx).interest(id, partner);
          if (partnerInterest?.user_id) recipients.push(partnerInterest.user_id);
        }
        await notify(trx, actor, {
          kind: NOTIFY_STATUS,
          userIds: recipients,
          params: { kind, status: next, title: origTitle(before) },
          url: itemPath(before),
          countryIso3: before.country_iso3,
          themeCodes: await themeCodesOf(trx, id),
        });
      });
    },
  };
}

export type CooperationService = ReturnType<typeof cooperationService>;
