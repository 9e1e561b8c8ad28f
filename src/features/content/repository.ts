import type { Insertable, Updateable } from 'kysely';
import type { Db } from '../../db/connection.ts';
import type { ContentPagesTable, LinksTable, NewsTable, ThemesTable } from '../../db/schema.ts';

/** Kysely queries of the site content. No permission logic: the service and routes decide. */
export function contentRepository(db: Db) {
  return {
    // Themes
    listThemes() {
      return db
        .selectFrom('themes')
        .selectAll()
        .where('active', '=', 1)
        .orderBy('sort_order')
        .orderBy('id')
        .execute();
    },
    listAllThemes() {
      return db.selectFrom('themes').selectAll().orderBy('sort_order').orderBy('id').execute();
    },
    themeByCode(code: string) {
      return db.selectFrom('themes').selectAll().where('code', '=', code).executeTakeFirst();
    },
    insertTheme(values: Insertable<ThemesTable>) {
      return db.insertInto('themes').values(values).returningAll().executeTakeFirstOrThrow();
    },
    updateTheme(id: number, values: Updateable<ThemesTable>) {
      return db
        .updateTable('themes')
        .set(values)
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
    },

    // News
    latestNews(limit: number) {
      return db
        .selectFrom('news')
        .selectAll()
        .where('deleted_at', 'is', null)
        .where('published_at', 'is not', null)
        .orderBy('published_at', 'desc')
        .orderBy('id', 'desc')
        .limit(limit)
        .execute();
    },
    publishedNews(offset: number, limit: number) {
      return db
        .selectFrom('news')
        .selectAll()
        .where('deleted_at', 'is', null)
        .where('published_at', 'is not', null)
        .orderBy('published_at', 'desc')
        .orderBy('id', 'desc')
        .offset(offset)
        .limit(limit)
        .execute();
    },
    async countPublishedNews(): Promise<number> {
      const row = await db
        .selectFrom('news')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('deleted_at', 'is', null)
        .where('published_at', 'is not', null)
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },
    /** Every item for the Secretariat: drafts and removed ones too, newest change first. */
    allNews(offset: number, limit: number) {
      return db
        .selectFrom('news')
        .selectAll()
        .orderBy('updated_at', 'desc')
        .orderBy('id', 'desc')
        .offset(offset)
        .limit(limit)
        .execute();
    },
    async countAllNews(): Promise<number> {
      const row = await db
        .selectFrom('news')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },
    newsById(id: number) {
      return db.selectFrom('news').selectAll().where('id', '=', id).executeTakeFirst();
    },
    insertNews(values: Insertable<NewsTable>) {
      return db.insertInto('news').values(values).returningAll().executeTakeFirstOrThrow();
    },
    updateNews(id: number, values: Updateable<NewsTable>) {
      return db.updateTable('news').set(values).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
    },

    // Pages
    pageBySlug(slug: string) {
      return db.selectFrom('content_pages').selectAll().where('slug', '=', slug).executeTakeFirst();
    },
    listPages(opts: { publishedOnly: boolean; section?: 'site' | 'help' }) {
      let q = db.selectFrom('content_pages').selectAll();
      if (opts.publishedOnly) q = q.where('published', '=', 1);
      if (opts.section) q = q.where('section', '=', opts.section);
      return q.orderBy('section', 'desc').orderBy('sort_order').orderBy('slug').execute();
    },
    /** Manuals: the help pages without a parent. */
    manuals(publishedOnly: boolean) {
      let q = db
        .selectFrom('content_pages')
        .selectAll()
        .where('section', '=', 'help')
        .where('parent_slug', 'is', null);
      if (publishedOnly) q = q.where('published', '=', 1);
      return q.orderBy('sort_order').orderBy('slug').execute();
    },
    chapters(parentSlug: string, publishedOnly: boolean) {
      let q = db.selectFrom('content_pages').selectAll().where('parent_slug', '=', parentSlug);
      if (publishedOnly) q = q.where('published', '=', 1);
      return q.orderBy('sort_order').orderBy('slug').execute();
    },
    async countChapters(parentSlug: string): Promise<number> {
      const row = await db
        .selectFrom('content_pages')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('parent_slug', '=', parentSlug)
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },
    insertPage(values: Insertable<ContentPagesTable>) {
      return db.insertInto('content_pages').values(values).returningAll().executeTakeFirstOrThrow();
    },
    updatePage(id: number, values: Updateable<ContentPagesTable>) {
      return db
        .updateTable('content_pages')
        .set(values)
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
    },

    // Links
    listLinks() {
      return db
        .selectFrom('links')
        .selectAll()
        .where('deleted_at', 'is', null)
        .orderBy('category')
        .orderBy('sort_order')
        .orderBy('id')
        .execute();
    },
    /** For the Secretariat: removed links too, so they can be restored. */
    listAllLinks() {
      return db
        .selectFrom('links')
        .selectAll()
        .orderBy('category')
        .orderBy('sort_order')
        .orderBy('id')
        .execute();
    },
    linkById(id: number) {
      return db.selectFrom('links').selectAll().where('id', '=', id).executeTakeFirst();
    },
    insertLink(values: Insertable<LinksTable>) {
      return db.insertInto('links').values(values).returningAll().executeTakeFirstOrThrow();
    },
    updateLink(id: number, values: Updateable<LinksTable>) {
      return db
        .updateTable('links')
        .set(values)
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
    },
  };
}

export type ContentRepository = ReturnType<typeof contentRepository>;
