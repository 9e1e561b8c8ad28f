import type { Kysely } from 'kysely';
import type { AppDeps } from '../../app.ts';
import { nowIso } from '../../db/dialect.ts';
import type { Database } from '../../db/schema.ts';
import { audit } from '../../platform/audit/audit.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { assertCan, ForbiddenError, isSecretariat } from '../../platform/auth/policy.ts';
import { markdownToText } from '../../platform/content/markdown.ts';
import {
  type AttachmentRow,
  type AttachmentUpload,
  discardUploads,
  listAttachments,
  MAX_ATTACHMENTS,
  registerAttachmentOwner,
  removeAttachment,
  saveAttachments,
} from '../../platform/files/attachments.ts';
import { fileStore } from '../../platform/files/store.ts';
import { FieldErrors, HttpError, NotFoundError } from '../../platform/http/errors.ts';
import { parseLocalized } from '../../platform/i18n/format.ts';
import { isLocale, type Locale } from '../../platform/i18n/locales.ts';
import { coordinatorsOf, notify, registerNotificationKind } from '../notifications/service.ts';
import { reindexConsultation } from './indexing.ts';
import {
  addressedTo,
  type Answer,
  type Consultation,
  canEditAnswer,
  canReadConsultation,
  MAX_ANSWER,
  MAX_BODY,
  MAX_TITLE,
  OWNER_ANSWER,
  OWNER_CONSULTATION,
  today,
} from './model.ts';
import { consultationRepository } from './repository.ts';

registerNotificationKind({
  kind: 'consultation.addressed',
  titleKey: 'consultations.notify.addressed',
  labelKey: 'consultations.notify.addressedLabel',
  defaultFrequency: 'immediate',
});
registerNotificationKind({
  kind: 'consultation.answered',
  titleKey: 'consultations.notify.answered',
  labelKey: 'consultations.notify.answeredLabel',
  defaultFrequency: 'immediate',
});
registerNotificationKind({
  kind: 'consultation.accepted',
  titleKey: 'consultations.notify.accepted',
  labelKey: 'consultations.notify.acceptedLabel',
  defaultFrequency: 'immediate',
});

// Attachments of a consultation and of its answers are read by whoever may read the consultation.
registerAttachmentOwner(OWNER_CONSULTATION, async (db, actor, ownerId) => {
  const c = await db
    .selectFrom('consultations')
    .select('deleted_at')
    .where('id', '=', ownerId)
    .executeTakeFirst();
  return !!c && canReadConsultation(actor, c);
});
registerAttachmentOwner(OWNER_ANSWER, async (db, actor, ownerId) => {
  const row = await db
    .selectFrom('consultation_answers as a')
    .innerJoin('consultations as c', 'c.id', 'a.consultation_id')
    .select(['a.deleted_at as answer_deleted', 'c.deleted_at'])
    .where('a.id', '=', ownerId)
    .executeTakeFirst();
  return !!row && !row.answer_deleted && canReadConsultation(actor, row);
});

/** What a form or an API call says about a new consultation. */
export interface ConsultationInput {
  title: string;
  /** Markdown */
  body: string;
  origLocale: string;
  themes: string[];
  /** 'all': every country but the asker's; 'chosen': those in `countries`. */
  addressed: string;
  countries: string[];
  /** YYYY-MM-DD or empty */
  deadline: string;
  /** The asking country: only the Secretariat names it; others ask for their own country. */
  countryIso3?: string | null;
}

export interface AnswerInput {
  /** Markdown */
  body: string;
  origLocale: string;
}

/** A correction of an answer. Left out (API), the text and its language stay as they are. */
export interface AnswerEdit {
  /** Markdown */
  body?: string;
  origLocale?: string;
  /** Ids of the answer's attachments to remove, as sent. */
  removeFiles: string[];
}

function validDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/** A plain-text title for notifications, in the consultation's original language. */
function plainTitle(c: Pick<Consultation, 'title' | 'orig_locale'>): string {
  const t = parseLocalized(c.title);
  return (t[c.orig_locale as Locale] ?? Object.values(t).find(Boolean) ?? '').slice(0, 200);
}

async function themeCodes(trx: Kysely<Database>, id: number): Promise<string[]> {
  const rows = await trx
    .selectFrom('consultation_themes')
    .innerJoin('themes', 'themes.id', 'consultation_themes.theme_id')
    .select('themes.code')
    .where('consultation_themes.consultation_id', '=', id)
    .execute();
  return rows.map((r) => r.code);
}

async function addressedCountries(trx: Kysely<Database>, id: number): Promise<string[]> {
  const rows = await trx
    .selectFrom('consultation_countries')
    .select('country_iso3')
    .where('consultation_id', '=', id)
    .orderBy('country_iso3')
    .execute();
  return rows.map((r) => r.country_iso3);
}

export function consultationService(deps: AppDeps) {
  const db = deps.db;
  const store = fileStore(deps.config.filesDir);
  const repo = consultationRepository(db);

  /** A consultation the actor may read, or a 404 as if it did not exist. */
  async function readable(actor: Actor | null, id: number): Promise<Consultation> {
    const c = await repo.byId(id);
    if (!c || !canReadConsultation(actor, c)) throw new NotFoundError();
    return c;
  }

  /** An answer (not deleted) of a consultation the actor may read. */
  async function readableAnswer(
    actor: Actor | null,
    answerId: number,
  ): Promise<{ a: Answer; c: Consultation }> {
    const a = await repo.answerById(answerId);
    if (!a || a.deleted_at) throw new NotFoundError();
    const c = await readable(actor, a.consultation_id);
    return { a, c };
  }

  /**
   * An answer the actor may correct, with its consultation and current files. Whoever may not
   * read it gets a 404; whoever may read it but is neither its author nor the Secretariat, a 403.
   */
  async function editableAnswer(
    actor: Actor | null,
    answerId: number,
  ): Promise<{ a: Answer; c: Consultation; files: AttachmentRow[] }> {
    const { a, c } = await readableAnswer(actor, answerId);
    if (c.deleted_at) throw new NotFoundError();
    if (!canEditAnswer(actor, a, c)) throw new ForbiddenError('consultation.editAnswer');
    return { a, c, files: await listAttachments(db, OWNER_ANSWER, [a.id]) };
  }

  function manageSubject(c: Consultation) {
    return { countryIso3: c.country_iso3, ownerId: c.asked_by };
  }

  async function setState(
    actor: Actor,
    id: number,
    action: 'close' | 'reopen' | 'delete' | 'restore',
  ): Promise<void> {
    const before = await readable(actor, id);
    if (action === 'restore') {
      if (!isSecretariat(actor)) throw new ForbiddenError('consultation.manage');
      if (!before.deleted_at) return;
    } else {
      if (before.deleted_at) throw new NotFoundError();
      assertCan(actor, 'consultation.manage', manageSubject(before));
    }
    const now = nowIso();
    const change =
      action === 'close'
        ? { state: 'closed' as const, closed_at: now }
        : action === 'reopen'
          ? { state: before.accepted_answer_id ? ('answered' as const) : ('open' as const), closed_at: null }
          : action === 'delete'
            ? { deleted_at: now, deleted_by: actor.id > 0 ? actor.id : null }
            : { deleted_at: null, deleted_by: null };
    if (action === 'close' && before.state === 'closed') return;
    if (action === 'reopen' && before.state !== 'closed') return;
    await db.transaction().execute(async (trx) => {
      const after = await trx
        .updateTable('consultations')
        .set({ ...change, updated_at: now })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
      await audit(trx, actor, {
        action: `consultation.${action}`,
        objectType: 'consultation',
        objectId: id,
        countryIso3: before.country_iso3,
        before: { state: before.state, closed_at: before.closed_at, deleted_at: before.deleted_at },
        after: { state: after.state, closed_at: after.closed_at, deleted_at: after.deleted_at },
      });
      await reindexConsultation(trx, id);
    });
  }

  return {
    readable,
    readableAnswer,
    editableAnswer,

    /**
     * Asks a consultation. `errors` may already hold problems found while reading the upload,
     * so the asker sees everything at once. Refused or failed: the staged files are discarded.
     */
    async create(
      actor: Actor,
      input: ConsultationInput,
      uploads: AttachmentUpload[] = [],
      errors = new FieldErrors(),
    ): Promise<number> {
      try {
        const asking = isSecretariat(actor) ? (input.countryIso3 ?? '').toUpperCase() : actor.countryIso3;
        if (isSecretariat(actor)) {
          if (!asking) errors.add('country_iso3', 'consultations.error.country');
        } else {
          assertCan(actor, 'consultation.create', { countryIso3: asking });
        }
        const title = input.title.trim();
        const body = input.body.trim();
        if (!isLocale(input.origLocale)) errors.add('orig_locale', 'consultations.error.origLocale');
        if (!title) errors.add('title', 'consultations.error.titleRequired');
        else if (title.length > MAX_TITLE)
          errors.add('title', 'consultations.error.titleTooLong', { max: MAX_TITLE });
        if (!body) errors.add('body', 'consultations.error.bodyRequired');
        else if (body.length > MAX_BODY) errors.add('body', 'consultations.error.tooLong', { max: MAX_BODY });
        const wantedThemes = [...new Set(input.themes)];
        const themes = wantedThemes.length
          ? await db
              .selectFrom('themes')
              .select(['id', 'code'])
              .where('code', 'in', wantedThemes)
              .where('active', '=', 1)
              .execute()
          : [];
        if (themes.length !== wantedThemes.length) errors.add('themes', 'consultations.error.theme');
        const members = new Set(await repo.memberCountries());
        if (asking && !members.has(asking)) errors.add('country_iso3', 'consultations.error.country');
        let countries: string[] = [];
        if (input.addressed === 'chosen') {
          countries = [...new Set(input.countries.map((c) => c.toUpperCase()))];
          if (countries.length === 0) errors.add('countries', 'consultations.error.countriesRequired');
          else if (countries.some((c) => !members.has(c) || c === asking))
            errors.add('countries', 'consultations.error.countries');
        } else if (input.addressed !== 'all') {
          errors.add('addressed', 'consultations.error.addressed');
        }
        const deadline = input.deadline.trim();
        if (deadline && !validDate(deadline)) errors.add('deadline', 'consultations.error.deadline');
        else if (deadline && deadline < today()) errors.add('deadline', 'consultations.error.deadlinePast');
        errors.throwIfAny();

        const origLocale = input.origLocale as Locale;
        return await db.transaction().execute(async (trx) => {
          const now = nowIso();
          const c = await trx
            .insertInto('consultations')
            .values({
              title: JSON.stringify({ [origLocale]: title }),
              body: JSON.stringify({ [origLocale]: body }),
              orig_locale: origLocale,
              country_iso3: asking!,
              institution_id: isSecretariat(actor) ? null : actor.institutionId,
              asked_by: actor.id > 0 ? actor.id : null,
              addressed_all: input.addressed === 'chosen' ? 0 : 1,
              deadline: deadline || null,
              state: 'open',
              accepted_answer_id: null,
              answer_count: 0,
              closed_at: null,
              created_at: now,
              updated_at: now,
              deleted_at: null,
              deleted_by: null,
            })
            .returningAll()
            .executeTakeFirstOrThrow();
          if (themes.length)
            await trx
              .insertInto('consultation_themes')
              .values(themes.map((th) => ({ consultation_id: c.id, theme_id: th.id })))
              .execute();
          if (countries.length)
            await trx
              .insertInto('consultation_countries')
              .values(countries.map((iso3) => ({ consultation_id: c.id, country_iso3: iso3 })))
              .execute();
          const files = await saveAttachments(trx, store, actor, OWNER_CONSULTATION, c.id, uploads);
          await audit(trx, actor, {
            action: 'consultation.create',
            objectType: 'consultation',
            objectId: c.id,
            countryIso3: c.country_iso3,
            after: {
              ...c,
              themes: themes.map((th) => th.code),
              countries,
              attachments: files.map((f) => f.id),
            },
          });
          // The coordinators of the countries addressed hear of it (never those of the asking country).
          const targets = input.addressed === 'chosen' ? countries : [...members].filter((m) => m !== asking);
          await notify(trx, actor, {
            kind: 'consultation.addressed',
            userIds: await coordinatorsOf(trx, targets),
            params: { title },
            url: `/consultations/${c.id}`,
            countryIso3: c.country_iso3,
            themeCodes: themes.map((th) => th.code),
          });
          await reindexConsultation(trx, c.id);
          return c.id;
        });
      } catch (err) {
        await discardUploads(store, uploads);
        throw err;
      }
    },

    /** Answers for the actor's country and institution; several answers per country are fine. */
    async answer(
      actor: Actor,
      consultationId: number,
      input: AnswerInput,
      uploads: AttachmentUpload[] = [],
      errors = new FieldErrors(),
    ): Promise<number> {
      try {
        const c = await readable(actor, consultationId);
        if (c.deleted_at) throw new NotFoundError();
        assertCan(actor, 'consultation.answer', {
          countryIso3: actor.countryIso3,
          askingCountryIso3: c.country_iso3,
          addressedTo: addressedTo(c, await addressedCountries(db, c.id)),
        });
        if (c.state === 'closed') throw new HttpError(403, 'consultations.error.closed');
        const body = input.body.trim();
        if (!isLocale(input.origLocale)) errors.add('orig_locale', 'consultations.error.origLocale');
        if (!body) errors.add('body', 'consultations.error.answerRequired');
        else if (body.length > MAX_ANSWER)
          errors.add('body', 'consultations.error.tooLong', { max: MAX_ANSWER });
        errors.throwIfAny();
        const origLocale = input.origLocale as Locale;
        return await db.transaction().execute(async (trx) => {
          const now = nowIso();
          const a = await trx
            .insertInto('consultation_answers')
            .values({
              consultation_id: c.id,
              body: JSON.stringify({ [origLocale]: body }),
              orig_locale: origLocale,
              country_iso3: actor.countryIso3!,
              institution_id: actor.institutionId,
              author_id: actor.id,
              helpful_count: 0,
              accepted_at: null,
              accepted_by: null,
              created_at: now,
              updated_at: now,
              deleted_at: null,
              deleted_by: null,
            })
            .returningAll()
            .executeTakeFirstOrThrow();
          await trx
            .updateTable('consultations')
            .set((eb) => ({ answer_count: eb('answer_count', '+', 1), updated_at: now }))
            .where('id', '=', c.id)
            .execute();
          const files = await saveAttachments(trx, store, actor, OWNER_ANSWER, a.id, uploads);
          await audit(trx, actor, {
            action: 'consultation.answer',
            objectType: 'consultation_answer',
            objectId: a.id,
            countryIso3: a.country_iso3,
            after: { ...a, attachments: files.map((f) => f.id) },
          });
          if (c.asked_by)
            await notify(trx, actor, {
              kind: 'consultation.answered',
              userIds: [c.asked_by],
              params: { title: plainTitle(c), excerpt: markdownToText(body, 140) },
              url: `/consultations/${c.id}#answer-${a.id}`,
              countryIso3: a.country_iso3,
              themeCodes: await themeCodes(trx, c.id),
            });
          await reindexConsultation(trx, c.id);
          return a.id;
        });
      } catch (err) {
        await discardUploads(store, uploads);
        throw err;
      }
    },

    /**
     * Corrects an answer: its text, its language, its files (some removed, some added). The
     * answer keeps its place, its helpful marks and its acceptance; it shows when it was edited.
     * Nobody is notified again. Returns false when nothing changed (nothing is written then).
     */
    async editAnswer(
      actor: Actor,
      answerId: number,
      input: AnswerEdit,
      uploads: AttachmentUpload[] = [],
      errors = new FieldErrors(),
    ): Promise<boolean> {
      try {
        const { a, c, files } = await editableAnswer(actor, answerId);
        const stored = parseLocalized(a.body);
        const current = stored[a.orig_locale as Locale] ?? Object.values(stored).find(Boolean) ?? '';
        const body = input.body === undefined ? current : input.body.trim();
        const origLocale = input.origLocale ?? a.orig_locale;
        if (!isLocale(origLocale)) errors.add('orig_locale', 'consultations.error.origLocale');
        if (!body) errors.add('body', 'consultations.error.answerRequired');
        else if (body.length > MAX_ANSWER)
          errors.add('body', 'consultations.error.tooLong', { max: MAX_ANSWER });
        const remove = [...new Set(input.removeFiles)];
        const removed = files.filter((f) => remove.includes(String(f.id)));
        if (removed.length !== remove.length) errors.add('remove_files', 'consultations.error.removeFiles');
        else if (files.length - removed.length + uploads.length > MAX_ATTACHMENTS)
          errors.add('files', 'attachments.error.tooMany', { max: MAX_ATTACHMENTS });
        errors.throwIfAny();
        const newBody = JSON.stringify({ [origLocale]: body });
        if (newBody === a.body && origLocale === a.orig_locale && !removed.length && !uploads.length)
          return false;
        await db.transaction().execute(async (trx) => {
          const now = nowIso();
          const after = await trx
            .updateTable('consultation_answers')
            .set({
              body: newBody,
              orig_locale: origLocale,
              edited_at: now,
              edited_by: actor.id > 0 ? actor.id : null,
              updated_at: now,
            })
            .where('id', '=', a.id)
            .returningAll()
            .executeTakeFirstOrThrow();
          for (const f of removed) await removeAttachment(trx, OWNER_ANSWER, a.id, f.id);
          const added = await saveAttachments(trx, store, actor, OWNER_ANSWER, a.id, uploads);
          const kept = files.filter((f) => !removed.includes(f));
          await audit(trx, actor, {
            action: 'consultation.answer_edit',
            objectType: 'consultation_answer',
            objectId: a.id,
            countryIso3: a.country_iso3,
            before: {
              body: a.body,
              orig_locale: a.orig_locale,
              edited_at: a.edited_at,
              edited_by: a.edited_by,
              attachments: files.map((f) => f.id),
            },
            after: {
              body: after.body,
              orig_locale: after.orig_locale,
              edited_at: after.edited_at,
              edited_by: after.edited_by,
              attachments: [...kept, ...added].map((f) => f.id),
            },
          });
          await reindexConsultation(trx, c.id);
        });
        return true;
      } catch (err) {
        await discardUploads(store, uploads);
        throw err;
      }
    },

    /**
     * Marks an answer as the accepted one (replacing any other). The first acceptance moves an
     * open consultation to "answered".
     */
    async accept(actor: Actor, answerId: number): Promise<Consultation> {
      const { a, c } = await readableAnswer(actor, answerId);
      if (c.deleted_at) throw new NotFoundError();
      assertCan(actor, 'consultation.manage', manageSubject(c));
      if (c.accepted_answer_id === a.id) return c;
      return db.transaction().execute(async (trx) => {
        const now = nowIso();
        if (c.accepted_answer_id)
          await trx
            .updateTable('consultation_answers')
            .set({ accepted_at: null, accepted_by: null, updated_at: now })
            .where('id', '=', c.accepted_answer_id)
            .execute();
        await trx
          .updateTable('consultation_answers')
          .set({ accepted_at: now, accepted_by: actor.id > 0 ? actor.id : null, updated_at: now })
          .where('id', '=', a.id)
          .execute();
        const after = await trx
          .updateTable('consultations')
          .set({
            accepted_answer_id: a.id,
            state: c.state === 'open' ? 'answered' : c.state,
            updated_at: now,
          })
          .where('id', '=', c.id)
          .returningAll()
          .executeTakeFirstOrThrow();
        await audit(trx, actor, {
          action: 'consultation.accept',
          objectType: 'consultation',
          objectId: c.id,
          countryIso3: c.country_iso3,
          before: { accepted_answer_id: c.accepted_answer_id, state: c.state },
          after: { accepted_answer_id: a.id, state: after.state },
        });
        if (a.author_id)
          await notify(trx, actor, {
            kind: 'consultation.accepted',
            userIds: [a.author_id],
            params: { title: plainTitle(c) },
            url: `/consultations/${c.id}#answer-${a.id}`,
            countryIso3: c.country_iso3,
            themeCodes: await themeCodes(trx, c.id),
          });
        await reindexConsultation(trx, c.id);
        return after;
      });
    },

    /** Marks an answer helpful for the actor, or takes the mark back (one per user). */
    async toggleHelpful(
      actor: Actor,
      answerId: number,
      wanted?: boolean,
    ): Promise<{ helpful: boolean; count: number; consultationId: number }> {
      const { a, c } = await readableAnswer(actor, answerId);
      if (c.deleted_at) throw new NotFoundError();
      assertCan(actor, 'consultation.helpful', { ownerId: a.author_id });
      return db.transaction().execute(async (trx) => {
        const has = !!(await trx
          .selectFrom('consultation_helpful')
          .select('answer_id')
          .where('answer_id', '=', a.id)
          .where('user_id', '=', actor.id)
          .executeTakeFirst());
        const helpful = wanted ?? !has;
        if (helpful && !has) {
          await trx
            .insertInto('consultation_helpful')
            .values({ answer_id: a.id, user_id: actor.id, created_at: nowIso() })
            .onConflict((oc) => oc.columns(['answer_id', 'user_id']).doNothing())
            .execute();
        } else if (!helpful && has) {
          await trx
            .deleteFrom('consultation_helpful')
            .where('answer_id', '=', a.id)
            .where('user_id', '=', actor.id)
            .execute();
        }
        const row = await trx
          .selectFrom('consultation_helpful')
          .select((eb) => eb.fn.countAll<number | string>().as('n'))
          .where('answer_id', '=', a.id)
          .executeTakeFirst();
        const count = Number(row?.n ?? 0);
        if (helpful !== has) {
          await trx
            .updateTable('consultation_answers')
            .set({ helpful_count: count })
            .where('id', '=', a.id)
            .execute();
          await audit(trx, actor, {
            action: helpful ? 'consultation.helpful' : 'consultation.unhelpful',
            objectType: 'consultation_answer',
            objectId: a.id,
            countryIso3: a.country_iso3,
            before: { helpful_count: a.helpful_count },
            after: { helpful_count: count },
          });
        }
        return { helpful, count, consultationId: c.id };
      });
    },

    close: (actor: Actor, id: number) => setState(actor, id, 'close'),
    reopen: (actor: Actor, id: number) => setState(actor, id, 'reopen'),
    remove: (actor: Actor, id: number) => setState(actor, id, 'delete'),
    restore: (actor: Actor, id: number) => setState(actor, id, 'restore'),
  };
}

export type ConsultationService = ReturnType<typeof consultationService>;
