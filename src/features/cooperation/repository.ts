import { type Kysely, sql } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { CooperationInterest, CooperationItem, CooperationStatusChange, Kind, Status } from './model.ts';

export interface ListFilters {
  kind?: Kind | null;
  theme?: string | null;
  modality?: string | null;
  country?: string | null;
  status?: Status | null;
  lang?: string | null;
}

export interface ItemTheme {
  item_id: number;
  id: number;
  code: string;
  name: string;
  orig_locale: string;
}

export interface InterestRow extends CooperationInterest {
  user_name: string | null;
}

export interface HistoryRow extends CooperationStatusChange {
  actor_name: string | null;
}

export interface TableCount {
  country_iso3: string;
  theme_code: string;
  kind: Kind;
  n: number;
}

/** Kysely queries for offers, requests, interests and history. No permission logic here. */
export function cooperationRepository(db: Kysely<Database>) {
  function filtered(filters: ListFilters) {
    let q = db.selectFrom('cooperation_items').where('cooperation_items.deleted_at', 'is', null);
    if (filters.kind) q = q.where('cooperation_items.kind', '=', filters.kind);
    if (filters.modality) q = q.where('cooperation_items.modality', '=', filters.modality);
    if (filters.country) q = q.where('cooperation_items.country_iso3', '=', filters.country);
    if (filters.status) q = q.where('cooperation_items.status', '=', filters.status);
    if (filters.lang) q = q.where('cooperation_items.languages', 'like', `%|${filters.lang}|%`);
    if (filters.theme) {
      const code = filters.theme;
      q = q.where((eb) =>
        eb.exists(
          eb
            .selectFrom('cooperation_item_themes as cit')
            .innerJoin('themes', 'themes.id', 'cit.theme_id')
            .select(sql`1`.as('one'))
            .whereRef('cit.item_id', '=', 'cooperation_items.id')
            .where('themes.code', '=', code),
        ),
      );
    }
    return q;
  }

  return {
    async list(
      filters: ListFilters,
      page: number,
      perPage: number,
    ): Promise<{ rows: CooperationItem[]; total: number }> {
      const [rows, count] = await Promise.all([
        filtered(filters)
          .selectAll('cooperation_items')
          .orderBy('cooperation_items.created_at', 'desc')
          .orderBy('cooperation_items.id', 'desc')
          .limit(perPage)
          .offset((page - 1) * perPage)
          .execute(),
        filtered(filters)
          .select((eb) => eb.fn.countAll<number | string>().as('n'))
          .executeTakeFirst(),
      ]);
      return { rows, total: Number(count?.n ?? 0) };
    },

    /** Every item that is not withdrawn, newest first (site map, matching). */
    async all(filters: ListFilters = {}): Promise<CooperationItem[]> {
      return filtered(filters)
        .selectAll('cooperation_items')
        .orderBy('cooperation_items.created_at', 'desc')
        .orderBy('cooperation_items.id', 'desc')
        .execute();
    },

    /** One item, withdrawn or not. */
    async byId(id: number): Promise<CooperationItem | undefined> {
      return db.selectFrom('cooperation_items').selectAll().where('id', '=', id).executeTakeFirst();
    },

    async themesOf(ids: number[]): Promise<ItemTheme[]> {
      if (ids.length === 0) return [];
      return db
        .selectFrom('cooperation_item_themes as cit')
        .innerJoin('themes', 'themes.id', 'cit.theme_id')
        .select(['cit.item_id', 'themes.id', 'themes.code', 'themes.name', 'themes.orig_locale'])
        .where('cit.item_id', 'in', ids)
        .orderBy('themes.sort_order')
        .orderBy('themes.id')
        .execute();
    },

    async interestsOf(itemId: number): Promise<InterestRow[]> {
      return db
        .selectFrom('cooperation_interests as i')
        .leftJoin('users', 'users.id', 'i.user_id')
        .selectAll('i')
        .select('users.name as user_name')
        .where('i.item_id', '=', itemId)
        .where('i.deleted_at', 'is', null)
        .orderBy('i.created_at')
        .orderBy('i.id')
        .execute();
    },

    async interest(itemId: number, country: string): Promise<CooperationInterest | undefined> {
      return db
        .selectFrom('cooperation_interests')
        .selectAll()
        .where('item_id', '=', itemId)
        .where('country_iso3', '=', country)
        .executeTakeFirst();
    },

    async historyOf(itemId: number): Promise<HistoryRow[]> {
      return db
        .selectFrom('cooperation_status_history as h')
        .leftJoin('users', 'users.id', 'h.actor_id')
        .selectAll('h')
        .select('users.name as actor_name')
        .where('h.item_id', '=', itemId)
        .orderBy('h.at')
        .orderBy('h.id')
        .execute();
    },

    /** Offers and requests per country, theme and kind (items without a theme are not counted). */
    async tableCounts(status: Status | null): Promise<TableCount[]> {
      let q = db
        .selectFrom('cooperation_items as ci')
        .innerJoin('cooperation_item_themes as cit', 'cit.item_id', 'ci.id')
        .innerJoin('themes', 'themes.id', 'cit.theme_id')
        .select(['ci.country_iso3', 'themes.code as theme_code', 'ci.kind'])
        .select((eb) => eb.fn.countAll<number | string>().as('n'))
        .where('ci.deleted_at', 'is', null)
        .groupBy(['ci.country_iso3', 'themes.code', 'ci.kind']);
      if (status) q = q.where('ci.status', '=', status);
      const rows = await q.execute();
      return rows.map((r) => ({ ...r, n: Number(r.n) }));
    },

    /** Offers and requests per country and kind, each item once. */
    async countryTotals(status: Status | null): Promise<{ country_iso3: string; kind: Kind; n: number }[]> {
      let q = db
        .selectFrom('cooperation_items as ci')
        .select(['ci.country_iso3', 'ci.kind'])
        .select((eb) => eb.fn.countAll<number | string>().as('n'))
        .where('ci.deleted_at', 'is', null)
        .groupBy(['ci.country_iso3', 'ci.kind']);
      if (status) q = q.where('ci.status', '=', status);
      const rows = await q.execute();
      return rows.map((r) => ({ ...r, n: Number(r.n) }));
    },

    async themes() {
      return db
        .selectFrom('themes')
        .select(['id', 'code', 'name', 'orig_locale'])
        .where('active', '=', 1)
        .orderBy('sort_order')
        .orderBy('id')
        .execute();
    },

    async themeIds(codes: string[]): Promise<Map<string, number>> {
      if (codes.length === 0) return new Map();
      const rows = await db
        .selectFrom('themes')
        .select(['id', 'code'])
        .where('code', 'in', codes)
        .where('active', '=', 1)
        .execute();
      return new Map(rows.map((r) => [r.code, r.id]));
    },

    /** Member states that take part, for the country choices. */
    async countries(): Promise<string[]> {
      const rows = await db
        .selectFrom('countries')
        .select('iso3')
        .where('status', '=', 'active')
        .orderBy('iso3')
        .execute();
      return rows.map((r) => r.iso3);
    },

    async countryExists(iso3: string): Promise<boolean> {
      return !!(await db.selectFrom('countries').select('iso3').where('iso3', '=', iso3).executeTakeFirst());
    },

    async institutionsOf(country: string) {
      return db
        .selectFrom('institutions')
        .select(['id', 'name', 'acronym'])
        .where('country_iso3', '=', country)
        .where('deleted_at', 'is', null)
        .orderBy('name')
        .execute();
    },

    async institution(id: number) {
      return db
        .selectFrom('institutions')
        .select(['id', 'name', 'acronym', 'country_iso3', 'deleted_at'])
        .where('id', '=', id)
        .executeTakeFirst();
    },
  };
}

export type CooperationRepository = ReturnType<typeof cooperationRepository>;

export type { CooperationInterest, CooperationItem };
