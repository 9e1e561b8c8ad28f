import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { Answer, Consultation, ConsultationState } from './model.ts';

export interface ListFilters {
  state?: ConsultationState;
  theme?: string;
  /** The asking country. */
  country?: string;
  /** Only consultations this country may answer (addressed to it, not asked by it). */
  addressedTo?: string;
  /** The Secretariat's view of deleted consultations. */
  deleted?: boolean;
}

export interface AnswerWithAuthor extends Answer {
  author_name: string | null;
  institution_name: string | null;
  institution_acronym: string | null;
}

export interface ThemeOf {
  consultation_id: number;
  code: string;
  name: string;
  orig_locale: string;
}

/** Kysely queries of consultations; no permission logic. */
export function consultationRepository(db: Kysely<Database>) {
  function filtered(filters: ListFilters) {
    let q = db.selectFrom('consultations');
    q = filters.deleted ? q.where('deleted_at', 'is not', null) : q.where('deleted_at', 'is', null);
    if (filters.state) q = q.where('state', '=', filters.state);
    if (filters.country) q = q.where('country_iso3', '=', filters.country);
    if (filters.theme) {
      const code = filters.theme;
      q = q.where(({ exists, selectFrom }) =>
        exists(
          selectFrom('consultation_themes')
            .innerJoin('themes', 'themes.id', 'consultation_themes.theme_id')
            .select('consultation_themes.theme_id')
            .whereRef('consultation_themes.consultation_id', '=', 'consultations.id')
            .where('themes.code', '=', code),
        ),
      );
    }
    if (filters.addressedTo) {
      const iso3 = filters.addressedTo;
      q = q
        .where('country_iso3', '<>', iso3)
        .where(({ or, eb, exists, selectFrom }) =>
          or([
            eb('addressed_all', '=', 1),
            exists(
              selectFrom('consultation_countries')
                .select('consultation_countries.consultation_id')
                .whereRef('consultation_countries.consultation_id', '=', 'consultations.id')
                .where('consultation_countries.country_iso3', '=', iso3),
            ),
          ]),
        );
    }
    return q;
  }

  return {
    async byId(id: number): Promise<Consultation | undefined> {
      return db.selectFrom('consultations').selectAll().where('id', '=', id).executeTakeFirst();
    },

    async list(
      filters: ListFilters,
      page: number,
      perPage: number,
    ): Promise<{ rows: Consultation[]; total: number }> {
      const [rows, count] = await Promise.all([
        filtered(filters)
          .selectAll()
          .orderBy('created_at', 'desc')
          .orderBy('id', 'desc')
          .limit(perPage)
          .offset((page - 1) * perPage)
          .execute(),
        filtered(filters)
          .select((eb) => eb.fn.countAll<number | string>().as('n'))
          .executeTakeFirst(),
      ]);
      return { rows, total: Number(count?.n ?? 0) };
    },

    async themesOf(ids: readonly number[]): Promise<ThemeOf[]> {
      if (ids.length === 0) return [];
      return db
        .selectFrom('consultation_themes')
        .innerJoin('themes', 'themes.id', 'consultation_themes.theme_id')
        .select(['consultation_themes.consultation_id', 'themes.code', 'themes.name', 'themes.orig_locale'])
        .where('consultation_themes.consultation_id', 'in', [...ids])
        .orderBy('themes.sort_order')
        .orderBy('themes.code')
        .execute();
    },

    async countriesOf(ids: readonly number[]): Promise<{ consultation_id: number; country_iso3: string }[]> {
      if (ids.length === 0) return [];
      return db
        .selectFrom('consultation_countries')
        .select(['consultation_id', 'country_iso3'])
        .where('consultation_id', 'in', [...ids])
        .orderBy('country_iso3')
        .execute();
    },

    /** Answers, accepted first, then the most helpful, then the oldest. */
    async answersOf(consultationId: number): Promise<AnswerWithAuthor[]> {
      return db
        .selectFrom('consultation_answers as a')
        .leftJoin('users as u', 'u.id', 'a.author_id')
        .leftJoin('institutions as i', 'i.id', 'a.institution_id')
        .selectAll('a')
        .select(['u.name as author_name', 'i.name as institution_name', 'i.acronym as institution_acronym'])
        .where('a.consultation_id', '=', consultationId)
        .where('a.deleted_at', 'is', null)
        .orderBy((eb) => eb.case().when('a.accepted_at', 'is not', null).then(0).else(1).end())
        .orderBy('a.helpful_count', 'desc')
        .orderBy('a.created_at')
        .orderBy('a.id')
        .execute();
    },

    async answerById(id: number): Promise<Answer | undefined> {
      return db.selectFrom('consultation_answers').selectAll().where('id', '=', id).executeTakeFirst();
    },

    async helpfulBy(userId: number, answerIds: readonly number[]): Promise<Set<number>> {
      if (answerIds.length === 0) return new Set();
      const rows = await db
        .selectFrom('consultation_helpful')
        .select('answer_id')
        .where('user_id', '=', userId)
        .where('answer_id', 'in', [...answerIds])
        .execute();
      return new Set(rows.map((r) => r.answer_id));
    },

    async activeThemes() {
      return db
        .selectFrom('themes')
        .select(['id', 'code', 'name', 'orig_locale'])
        .where('active', '=', 1)
        .orderBy('sort_order')
        .orderBy('code')
        .execute();
    },

    /** Countries taking part (the ones a consultation can be addressed to). */
    async memberCountries(): Promise<string[]> {
      const rows = await db
        .selectFrom('countries')
        .select('iso3')
        .where('status', '=', 'active')
        .orderBy('iso3')
        .execute();
      return rows.map((r) => r.iso3);
    },

    async institution(id: number) {
      return db.selectFrom('institutions').selectAll().where('id', '=', id).executeTakeFirst();
    },

    async userName(id: number): Promise<string | null> {
      const row = await db.selectFrom('users').select('name').where('id', '=', id).executeTakeFirst();
      return row?.name ?? null;
    },

    /** Asking countries that have consultations, for the filter. */
    async askingCountries(): Promise<string[]> {
      const rows = await db
        .selectFrom('consultations')
        .select('country_iso3')
        .distinct()
        .where('deleted_at', 'is', null)
        .orderBy('country_iso3')
        .execute();
      return rows.map((r) => r.country_iso3);
    },
  };
}

export type ConsultationRepository = ReturnType<typeof consultationRepository>;
