import { type ExpressionBuilder, type Kysely, sql } from 'kysely';
import type { Database } from '../../db/schema.ts';

type Db = Kysely<Database>;

/** A row with the count of every matching row (a window count, so one query gives both). */
type Counted<T> = T & { total: number | string | bigint };

export function totalOf(rows: { total: number | string | bigint }[]): number {
  return rows.length ? Number(rows[0]!.total) : 0;
}

/** Rows with a null first sort last on both engines (SQLite puts nulls first, PostgreSQL last). */
const nullsLast = (column: string) => sql`case when ${sql.ref(column)} is null then 1 else 0 end`;

/**
 * The dashboard's queries: one per group, each bounded and served by an index. No permission
 * logic here: the service chooses which groups a person gets and for which country.
 */
export function dashboardRepository(db: Db) {
  return {
    /** People of a country invited but not yet signed up, the longest waiting first. */
    invitations(country: string, limit: number) {
      return db
        .selectFrom('users as u')
        .select((eb) => [
          'u.id',
          'u.name',
          'u.email',
          'u.role',
          'u.created_at',
          eb
            .selectFrom('user_tokens as tk')
            .select((e) => e.fn.max('tk.created_at').as('x'))
            .whereRef('tk.user_id', '=', 'u.id')
            .where('tk.purpose', '=', 'invite')
            .where('tk.used_at', 'is', null)
            .as('last_sent_at'),
          eb
            .selectFrom('user_tokens as tk')
            .select((e) => e.fn.max('tk.expires_at').as('x'))
            .whereRef('tk.user_id', '=', 'u.id')
            .where('tk.purpose', '=', 'invite')
            .where('tk.used_at', 'is', null)
            .as('expires_at'),
          eb.fn.countAll<number>().over().as('total'),
        ])
        .where('u.country_iso3', '=', country)
        .where('u.status', '=', 'invited')
        .where('u.deleted_at', 'is', null)
        .orderBy('u.created_at')
        .orderBy('u.id')
        .limit(limit)
        .execute();
    },

    /**
     * Open consultations addressed to a country (by name or to all) that no one of the country has
     * answered; the nearest deadline first, those without one last.
     */
    consultationsToAnswer(country: string, limit: number) {
      return db
        .selectFrom('consultations as c')
        .select((eb) => [
          'c.id',
          'c.title',
          'c.orig_locale',
          'c.country_iso3',
          'c.deadline',
          'c.created_at',
          eb.fn.countAll<number>().over().as('total'),
        ])
        .where('c.deleted_at', 'is', null)
        .where('c.state', '=', 'open')
        .where('c.country_iso3', '<>', country)
        .where((eb) =>
          eb.or([
            eb('c.addressed_all', '=', 1),
            eb.exists(
              eb
                .selectFrom('consultation_countries as cc')
                .select('cc.consultation_id')
                .whereRef('cc.consultation_id', '=', 'c.id')
                .where('cc.country_iso3', '=', country),
            ),
          ]),
        )
        .where((eb) =>
          eb.not(
            eb.exists(
              eb
                .selectFrom('consultation_answers as a')
                .select('a.id')
                .whereRef('a.consultation_id', '=', 'c.id')
                .where('a.country_iso3', '=', country)
                .where('a.deleted_at', 'is', null),
            ),
          ),
        )
        .orderBy(nullsLast('c.deadline'))
        .orderBy('c.deadline')
        .orderBy('c.created_at')
        .orderBy('c.id')
        .limit(limit)
        .execute();
    },

    /**
     * Scheduled meetings starting between `from` and `to` of the groups a person moderates or
     * belongs to, or that they registered for; with their registration, soonest first.
     */
    meetingsOf(userId: number, from: string, to: string) {
      return db
        .selectFrom('meetings as m')
        .innerJoin('study_groups as g', 'g.id', 'm.group_id')
        .leftJoin('meeting_registrations as r', (j) =>
          j.onRef('r.meeting_id', '=', 'm.id').on('r.user_id', '=', userId),
        )
        .select([
          'm.id',
          'm.title',
          'm.orig_locale',
          'm.starts_at',
          'm.duration_minutes',
          'g.id as group_id',
          'g.title as group_title',
          'g.orig_locale as group_orig_locale',
          'r.status as registration',
        ])
        .where('m.deleted_at', 'is', null)
        .where('g.deleted_at', 'is', null)
        .where('m.status', '=', 'scheduled')
        .where('g.status', '=', 'active')
        .where('m.starts_at', '>=', from)
        .where('m.starts_at', '<', to)
        .where((eb) =>
          eb.or([
            eb('g.moderator_id', '=', userId),
            eb('r.status', 'in', ['registered', 'waitlisted']),
            eb.exists(
              eb
                .selectFrom('study_group_members as gm')
                .select('gm.id')
                .whereRef('gm.group_id', '=', 'g.id')
                .where('gm.user_id', '=', userId)
                .where('gm.status', '=', 'member'),
            ),
          ]),
        )
        .orderBy('m.starts_at')
        .orderBy('m.id')
        .limit(200)
        .execute();
    },

    /**
     * Cooperation waiting on a country (or on the person who created the items): its open offers
     * and requests that other countries said they are interested in, and agreements (as owner or
     * partner) not yet started.
     */
    cooperationWaiting(scope: { country: string } | { createdBy: number }, limit: number) {
      const owner = (eb: ExpressionBuilder<Database & { i: Database['cooperation_items'] }, 'i'>) =>
        'country' in scope
          ? eb('i.country_iso3', '=', scope.country)
          : eb('i.created_by', '=', scope.createdBy);
      const interests = (eb: ExpressionBuilder<Database & { i: Database['cooperation_items'] }, 'i'>) =>
        eb
          .selectFrom('cooperation_interests as ci')
          .whereRef('ci.item_id', '=', 'i.id')
          .where('ci.deleted_at', 'is', null);
      return db
        .selectFrom('cooperation_items as i')
        .select((eb) => [
          'i.id',
          'i.kind',
          'i.title',
          'i.orig_locale',
          'i.status',
          'i.country_iso3',
          'i.partner_country_iso3',
          'i.updated_at',
          interests(eb)
            .select((e) => e.fn.countAll<number>().as('n'))
            .as('interest_count'),
          interests(eb)
            .select((e) => e.fn.max('ci.created_at').as('x'))
            .as('last_interest_at'),
          eb.fn.countAll<number>().over().as('total'),
        ])
        .where('i.deleted_at', 'is', null)
        .where((eb) =>
          eb.or([
            eb.and([eb('i.status', '=', 'proposed'), owner(eb), eb.exists(interests(eb).select('ci.id'))]),
            eb.and([
              eb('i.status', '=', 'agreed'),
              'country' in scope
                ? eb.or([owner(eb), eb('i.partner_country_iso3', '=', scope.country)])
                : owner(eb),
            ]),
          ]),
        )
        .orderBy('i.updated_at')
        .orderBy('i.id')
        .limit(limit)
        .execute();
    },

    /**
     * Uploads of statistics left without being applied: validated (with or without warnings),
     * invalid or failed, and not replaced by a later upload of the same countries.
     */
    importsLeft(scope: { country: string | null; uploadedBy: number }, limit: number) {
      return db
        .selectFrom('stat_imports as i')
        .select((eb) => [
          'i.id',
          'i.filename',
          'i.status',
          'i.report',
          'i.countries',
          'i.created_at',
          eb.fn.countAll<number>().over().as('total'),
        ])
        .where('i.status', 'in', ['validated', 'invalid', 'failed'])
        .where((eb) =>
          scope.country
            ? eb.or([
                eb('i.countries', '=', JSON.stringify([scope.country])),
                eb('i.uploaded_by', '=', scope.uploadedBy),
              ])
            : eb('i.uploaded_by', '=', scope.uploadedBy),
        )
        .where((eb) =>
          eb.not(
            eb.exists(
              eb
                .selectFrom('stat_imports as later')
                .select('later.id')
                .whereRef('later.countries', '=', 'i.countries')
                .whereRef('later.created_at', '>', 'i.created_at')
                // An unreadable file names no country: only the same person's next upload replaces it.
                .where((e) =>
                  e.or([e('i.countries', '<>', '[]'), e('later.uploaded_by', '=', e.ref('i.uploaded_by'))]),
                ),
            ),
          ),
        )
        .orderBy('i.created_at')
        .orderBy('i.id')
        .limit(limit)
        .execute();
    },

    /** Every indicator with the latest period a country has a value for (null: none). */
    latestPeriods(country: string) {
      return db
        .selectFrom('stat_indicators as ind')
        .select((eb) => [
          'ind.id',
          'ind.code',
          'ind.name',
          'ind.orig_locale',
          'ind.frequency',
          // One range read of the (indicator, country, period …) key per indicator.
          eb
            .selectFrom('stat_observations as o')
            .select((e) => e.fn.max('o.period').as('p'))
            .whereRef('o.indicator_id', '=', 'ind.id')
            .where('o.country_iso3', '=', country)
            .where('o.deleted_at', 'is', null)
            .as('latest_period'),
        ])
        .orderBy('ind.sort_order')
        .orderBy('ind.code')
        .execute();
    },

    /** Current files whose text could not be extracted, of a country's documents or a person's. */
    failedExtractions(scope: { country: string } | { userId: number }, limit: number) {
      return db
        .selectFrom('document_files as f')
        .innerJoin('documents as d', 'd.id', 'f.document_id')
        .select((eb) => [
          'd.id',
          'd.title',
          'd.orig_locale',
          'd.country_iso3',
          'f.id as file_id',
          'f.original_name',
          'f.extraction_error',
          'f.created_at',
          eb.fn.countAll<number>().over().as('total'),
        ])
        .where('f.extraction_status', '=', 'failed')
        .whereRef('f.version', '=', 'd.current_version')
        .where('d.deleted_at', 'is', null)
        .where((eb) =>
          'country' in scope
            ? eb('d.country_iso3', '=', scope.country)
            : eb.or([eb('d.created_by', '=', scope.userId), eb('f.uploaded_by', '=', scope.userId)]),
        )
        .orderBy('f.created_at')
        .orderBy('f.id')
        .limit(limit)
        .execute();
    },

    /** Participating countries with no National Coordinator in office. */
    countriesWithoutCoordinator() {
      return db
        .selectFrom('countries as c')
        .select('c.iso3')
        .where('c.status', '=', 'active')
        .where((eb) =>
          eb.not(
            eb.exists(
              eb
                .selectFrom('coordinator_terms as t')
                .innerJoin('users as u', 'u.id', 't.user_id')
                .select('t.id')
                .whereRef('t.country_iso3', '=', 'c.iso3')
                .where('t.ended_at', 'is', null)
                .where('u.deleted_at', 'is', null)
                .where('u.status', '<>', 'disabled'),
            ),
          ),
        )
        .orderBy('c.iso3')
        .execute();
    },

    /**
     * Coordinators in office who have not signed in since `cutoff` (or never, when designated
     * before it); those who never signed in first, then the longest absent.
     */
    inactiveCoordinators(cutoff: string, limit: number) {
      return db
        .selectFrom('coordinator_terms as t')
        .innerJoin('users as u', 'u.id', 't.user_id')
        .select((eb) => [
          'u.id',
          'u.name',
          'u.status',
          'u.last_login_at',
          't.country_iso3',
          't.started_at',
          eb.fn.countAll<number>().over().as('total'),
        ])
        .where('t.ended_at', 'is', null)
        .where('u.deleted_at', 'is', null)
        .where('u.status', 'in', ['active', 'invited'])
        .where((eb) =>
          eb.or([
            eb('u.last_login_at', '<', cutoff),
            eb.and([eb('u.last_login_at', 'is', null), eb('t.started_at', '<', cutoff)]),
          ]),
        )
        .orderBy(sql`case when ${sql.ref('u.last_login_at')} is null then 0 else 1 end`)
        .orderBy('u.last_login_at')
        .orderBy('t.started_at')
        .orderBy('u.id')
        .limit(limit)
        .execute();
    },

    /** Proposals still waiting for the Secretariat's official answer, the oldest first. */
    openProposals(limit: number) {
      return db
        .selectFrom('proposals as p')
        .select((eb) => [
          'p.id',
          'p.title',
          'p.orig_locale',
          'p.country_iso3',
          'p.status',
          'p.support_count',
          'p.created_at',
          eb.fn.countAll<number>().over().as('total'),
        ])
        .where('p.deleted_at', 'is', null)
        .where('p.status', 'in', ['submitted', 'under_evaluation'])
        .orderBy('p.created_at')
        .orderBy('p.id')
        .limit(limit)
        .execute();
    },

    /** E-mails that could not be delivered, the latest first. */
    failedMail(limit: number) {
      return db
        .selectFrom('outbox')
        .select((eb) => [
          'id',
          'to_address',
          'subject',
          'created_at',
          'error',
          eb.fn.countAll<number>().over().as('total'),
        ])
        .where('sent_at', 'is', null)
        .where('error', 'is not', null)
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .limit(limit)
        .execute();
    },

    /** Background jobs that gave up after their last attempt, the latest first. */
    failedJobs(limit: number) {
      return db
        .selectFrom('jobs')
        .select((eb) => [
          'id',
          'kind',
          'payload',
          'attempts',
          'last_error',
          'updated_at',
          eb.fn.countAll<number>().over().as('total'),
        ])
        .where('status', '=', 'failed')
        .orderBy('updated_at', 'desc')
        .orderBy('id', 'desc')
        .limit(limit)
        .execute();
    },

    /** The documents of some files, to link failed extraction jobs to them. */
    documentsOfFiles(fileIds: number[]) {
      if (fileIds.length === 0) return Promise.resolve([]);
      return db
        .selectFrom('document_files')
        .select(['id', 'document_id'])
        .where('id', 'in', fileIds)
        .execute();
    },
  };
}

export type DashboardRepository = ReturnType<typeof dashboardRepository>;
export type { Counted };
