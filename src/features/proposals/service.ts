import type { Kysely } from 'kysely';
import type { AppDeps } from '../../app.ts';
import { nowIso } from '../../db/dialect.ts';
import type { Database } from '../../db/schema.ts';
import { audit } from '../../platform/audit/audit.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { assertCan, ForbiddenError, isSecretariat } from '../../platform/auth/policy.ts';
import { FieldErrors, HttpError, NotFoundError } from '../../platform/http/errors.ts';
import { cleanLocalized, type Localized } from '../../platform/i18n/format.ts';
import { isLocale, type Locale } from '../../platform/i18n/locales.ts';
import { insertMessage, messageLocale, removeMessage } from '../study-groups/discussion.ts';
import { addGroupMember, createStudyGroup } from '../study-groups/service.ts';
import { reindexProposal } from './indexing.ts';
import {
  type Decision,
  isDecision,
  isOpen,
  MAX_COMMENT,
  MAX_RATIONALE,
  MAX_REASONS,
  MAX_TITLE,
  type Proposal,
} from './model.ts';
import { notifyDecided, notifyNewProposal } from './notify.ts';
import { proposalRepository } from './repository.ts';

type Tx = Kysely<Database>;

export interface ProposalInput {
  title: Localized;
  rationale: Localized;
  origLocale: string;
  /** Theme code of the linked priority theme. */
  theme: string;
}

export interface DecisionInput {
  status: string;
  reasons: Localized;
  origLocale: string;
  /** When accepting: the group's moderator (default: the proposer). */
  moderatorId?: number | null;
}

function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; message?: string } | null;
  return e?.code === '23505' || /UNIQUE constraint failed/i.test(e?.message ?? '');
}

export function proposalService(deps: Pick<AppDeps, 'db'>) {
  const db = deps.db;
  const repo = proposalRepository(db);

  async function proposalOr404(id: number): Promise<Proposal> {
    const p = await repo.byId(id);
    if (!p) throw new NotFoundError();
    return p;
  }

  async function themeId(trx: Tx, code: string): Promise<number | null> {
    if (!code) return null;
    const row = await trx
      .selectFrom('themes')
      .select('id')
      .where('code', '=', code)
      .where('active', '=', 1)
      .executeTakeFirst();
    return row?.id ?? null;
  }

  return {
    /** An editor or coordinator (or the Secretariat) proposes a theme for a study group. */
    async create(actor: Actor, input: ProposalInput): Promise<number> {
      assertCan(actor, 'proposal.create', { countryIso3: isSecretariat(actor) ? null : actor.countryIso3 });
      const errors = new FieldErrors();
      const origLocale: Locale = isLocale(input.origLocale) ? input.origLocale : actor.locale;
      if (!isLocale(input.origLocale)) errors.add('orig_locale', 'proposals.error.origLocale');
      const title = cleanLocalized(input.title);
      const rationale = cleanLocalized(input.rationale);
      if (!title[origLocale]) errors.add(`title_${origLocale}`, 'proposals.error.titleRequired');
      if (!rationale[origLocale]) errors.add(`rationale_${origLocale}`, 'proposals.error.rationaleRequired');
      errors.maxLengths('proposals.error.tooLong', [
        { name: 'title', values: title, max: MAX_TITLE },
        { name: 'rationale', values: rationale, max: MAX_RATIONALE },
      ]);
      const theme = await themeId(db, input.theme);
      if (!theme) errors.add('theme', 'proposals.error.theme');
      errors.throwIfAny();
      return db.transaction().execute(async (trx) => {
        const now = nowIso();
        const row = await trx
          .insertInto('proposals')
          .values({
            title: JSON.stringify(title),
            rationale: JSON.stringify(rationale),
            orig_locale: origLocale,
            theme_id: theme,
            country_iso3: isSecretariat(actor) ? null : actor.countryIso3,
            institution_id: isSecretariat(actor) ? null : actor.institutionId,
            created_by: actor.id,
            status: 'submitted',
            decision_locale: null,
            decided_by: null,
            decided_at: null,
            group_id: null,
            created_at: now,
            updated_at: now,
            deleted_at: null,
            deleted_by: null,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        await audit(trx, actor, {
          action: 'proposal.create',
          objectType: 'proposal',
          objectId: row.id,
          countryIso3: row.country_iso3,
          after: { title, rationale, origLocale, themeId: theme },
        });
        await reindexProposal(trx, row.id);
        await notifyNewProposal(trx, actor, row);
        return row.id;
      });
    },

    /** A country supports the proposal, through one of its coordinators or editors; once per country. */
    async support(actor: Actor, proposalId: number): Promise<number> {
      const p = await proposalOr404(proposalId);
      assertCan(actor, 'proposal.support', { countryIso3: actor.countryIso3 });
      const country = actor.countryIso3!;
      if (!isOpen(p)) throw new HttpError(409, 'proposals.error.closedForSupport');
      if (p.country_iso3 === country) throw new HttpError(409, 'proposals.error.ownCountry');
      if (await repo.supportOfCountry(proposalId, country))
        throw new HttpError(409, 'proposals.error.countrySupported');
      try {
        return await db.transaction().execute(async (trx) => {
          const row = await trx
            .insertInto('proposal_supports')
            .values({
              proposal_id: proposalId,
              country_iso3: country,
              user_id: actor.id,
              institution_id: actor.institutionId,
              created_at: nowIso(),
              withdrawn_at: null,
            })
            .returning('id')
            .executeTakeFirstOrThrow();
          await trx
            .updateTable('proposals')
            .set((eb) => ({ support_count: eb('support_count', '+', 1) }))
            .where('id', '=', proposalId)
            .execute();
          await audit(trx, actor, {
            action: 'proposal.support',
            objectType: 'proposal_support',
            objectId: row.id,
            countryIso3: country,
            after: { proposalId, country },
          });
          return row.id;
        });
      } catch (err) {
        // Two people of the same country at the same moment: the index keeps one.
        if (isUniqueViolation(err)) throw new HttpError(409, 'proposals.error.countrySupported');
        throw err;
      }
    },

    /** The person who gave their country's support takes it back. */
    async withdrawSupport(actor: Actor, proposalId: number): Promise<void> {
      const p = await proposalOr404(proposalId);
      if (!actor.countryIso3) throw new HttpError(409, 'proposals.error.noSupport');
      const support = await repo.supportOfCountry(proposalId, actor.countryIso3);
      if (!support) throw new HttpError(409, 'proposals.error.noSupport');
      if (support.user_id !== actor.id) throw new ForbiddenError('proposal.support');
      if (!isOpen(p)) throw new HttpError(409, 'proposals.error.closedForSupport');
      await db.transaction().execute(async (trx) => {
        await trx
          .updateTable('proposal_supports')
          .set({ withdrawn_at: nowIso() })
          .where('id', '=', support.id)
          .execute();
        await trx
          .updateTable('proposals')
          .set((eb) => ({ support_count: eb('support_count', '-', 1) }))
          .where('id', '=', proposalId)
          .execute();
        await audit(trx, actor, {
          action: 'proposal.support_withdraw',
          objectType: 'proposal_support',
          objectId: support.id,
          countryIso3: support.country_iso3,
          before: support,
        });
      });
    },

    async comment(
      actor: Actor,
      proposalId: number,
      input: { body: string; locale: string },
    ): Promise<number> {
      await proposalOr404(proposalId);
      assertCan(actor, 'proposal.comment');
      const errors = new FieldErrors();
      const body = errors.requiredText('body', input.body, MAX_COMMENT, {
        required: 'proposals.error.commentRequired',
        tooLong: 'proposals.error.tooLong',
      });
      errors.throwIfAny();
      const locale = messageLocale(actor, input.locale);
      return db.transaction().execute(async (trx) => {
        const now = nowIso();
        const id = await insertMessage(
          trx,
          { table: 'proposal_comments', proposal_id: proposalId },
          actor,
          { body, locale },
          now,
        );
        await trx
          .updateTable('proposals')
          .set((eb) => ({ comment_count: eb('comment_count', '+', 1) }))
          .where('id', '=', proposalId)
          .execute();
        await audit(trx, actor, {
          action: 'proposal.comment',
          objectType: 'proposal_comment',
          objectId: id,
          countryIso3: actor.countryIso3,
          after: { proposalId, body, locale },
        });
        return id;
      });
    },

    /** The author or the Secretariat removes a comment (softly). */
    async removeComment(actor: Actor, commentId: number): Promise<number> {
      const c = await repo.comment(commentId);
      if (!c) throw new NotFoundError();
      if (c.user_id !== actor.id && !isSecretariat(actor)) throw new ForbiddenError('proposal.comment');
      await db.transaction().execute(async (trx) => {
        await removeMessage(trx, 'proposal_comments', commentId, actor, nowIso());
        await trx
          .updateTable('proposals')
          .set((eb) => ({ comment_count: eb('comment_count', '-', 1) }))
          .where('id', '=', c.proposal_id)
          .execute();
        await audit(trx, actor, {
          action: 'proposal.comment_delete',
          objectType: 'proposal_comment',
          objectId: commentId,
          before: c,
        });
      });
      return c.proposal_id;
    },

    /**
     * The Secretariat's official answer, with reasons. Accepting creates the study group in the
     * same transaction, moderated by the proposer (or the person the Secretariat chooses), with the
     * proposer's country as its first member.
     */
    async decide(
      actor: Actor,
      proposalId: number,
      input: DecisionInput,
    ): Promise<{ groupId: number | null }> {
      assertCan(actor, 'proposal.decide');
      const p = await proposalOr404(proposalId);
      if (p.status === 'accepted') throw new HttpError(409, 'proposals.error.alreadyAccepted');
      const errors = new FieldErrors();
      if (!isDecision(input.status)) errors.add('status', 'proposals.error.decision');
      const origLocale: Locale = isLocale(input.origLocale) ? input.origLocale : actor.locale;
      const reasons = cleanLocalized(input.reasons);
      if (!reasons[origLocale]) errors.add(`reasons_${origLocale}`, 'proposals.error.reasonsRequired');
      errors.maxLengths('proposals.error.tooLong', [{ name: 'reasons', values: reasons, max: MAX_REASONS }]);
      const status = input.status as Decision;
      let moderatorId = p.created_by;
      if (status === 'accepted' && input.moderatorId && input.moderatorId !== p.created_by) {
        const m = await repo.person(input.moderatorId);
        if (m?.status !== 'active' || (m.role !== 'coordinator' && m.role !== 'editor'))
          errors.add('moderator_id', 'proposals.error.moderator');
        else moderatorId = m.id;
      }
      if (status === 'accepted' && moderatorId === p.created_by) {
        const proposer = await repo.person(p.created_by);
        if (proposer?.status !== 'active') errors.add('moderator_id', 'proposals.error.moderator');
      }
      errors.throwIfAny();
      return db.transaction().execute(async (trx) => {
        // Re-read inside the transaction: two decisions at once must not create two groups.
        const current = await trx
          .selectFrom('proposals')
          .selectAll()
          .where('id', '=', proposalId)
          .executeTakeFirstOrThrow();
        if (current.status === 'accepted') throw new HttpError(409, 'proposals.error.alreadyAccepted');
        const now = nowIso();
        let groupId: number | null = null;
        if (status === 'accepted') {
          groupId = await createStudyGroup(trx, actor, {
            title: JSON.parse(p.title) as Localized,
            description: JSON.parse(p.rationale) as Localized,
            origLocale: p.orig_locale,
            themeId: p.theme_id,
            proposalId: p.id,
            moderatorId,
          });
          if (moderatorId !== p.created_by) await addGroupMember(trx, actor, groupId, p.created_by);
        }
        const updated = await trx
          .updateTable('proposals')
          .set({
            status,
            decision_reasons: JSON.stringify(reasons),
            decision_locale: origLocale,
            decided_by: actor.id,
            decided_at: now,
            group_id: groupId ?? current.group_id,
            updated_at: now,
          })
          .where('id', '=', proposalId)
          .where('status', '=', current.status)
          .returningAll()
          .executeTakeFirst();
        if (!updated) throw new HttpError(409, 'proposals.error.alreadyAccepted');
        await trx
          .insertInto('proposal_decisions')
          .values({
            proposal_id: proposalId,
            status,
            reasons: JSON.stringify(reasons),
            orig_locale: origLocale,
            decided_by: actor.id,
            decided_at: now,
          })
          .execute();
        await audit(trx, actor, {
          action: 'proposal.decide',
          objectType: 'proposal',
          objectId: proposalId,
          countryIso3: p.country_iso3,
          before: { status: current.status },
          after: { status, reasons, origLocale, groupId },
        });
        await reindexProposal(trx, proposalId);
        await notifyDecided(trx, actor, updated, status);
        return { groupId };
      });
    },

    /** The proposer (before any official answer) or the Secretariat removes a proposal (softly). */
    async remove(actor: Actor, proposalId: number): Promise<void> {
      const p = await proposalOr404(proposalId);
      const own = p.created_by === actor.id && p.status === 'submitted';
      if (!own && !isSecretariat(actor)) throw new ForbiddenError('proposal.create');
      if (p.status === 'accepted') throw new HttpError(409, 'proposals.error.acceptedStays');
      await db.transaction().execute(async (trx) => {
        const now = nowIso();
        await trx
          .updateTable('proposals')
          .set({ deleted_at: now, deleted_by: actor.id, updated_at: now })
          .where('id', '=', proposalId)
          .execute();
        await audit(trx, actor, {
          action: 'proposal.delete',
          objectType: 'proposal',
          objectId: proposalId,
          countryIso3: p.country_iso3,
          before: p,
        });
        await reindexProposal(trx, proposalId);
      });
    },
  };
}

export type ProposalService = ReturnType<typeof proposalService>;
