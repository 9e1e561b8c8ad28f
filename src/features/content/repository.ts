import type { Db } from '../../db/connection.ts';

export function contentRepository(db: Db) {
  return {
    listThemes() {
      return db.selectFrom('themes').selectAll().where('active', '=', 1).orderBy('sort_order').orderBy('id').execute();
    },
    latestNews(limit: number) {
      return db
        .selectFrom('news')
        .selectAll()
        .where('deleted_at', 'is', null)
        .where('published_at', 'is not', null)
        .orderBy('published_at', 'desc')
        .limit(limit)
        .execute();
    },
    pageBySlug(slug: string) {
      return db.selectFrom('content_pages').selectAll().where('slug', '=', slug).executeTakeFirst();
    },
  };
}
