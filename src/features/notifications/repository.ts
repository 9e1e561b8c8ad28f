import type { Kysely, Selectable } from 'kysely';
import type { Database, NotificationsTable } from '../../db/schema.ts';
import type { Frequency } from './service.ts';

export type NotificationRow = Selectable<NotificationsTable>;

/** Kysely queries of the notifications feature; no permission logic. */
export function notificationRepository(db: Kysely<Database>) {
  return {
    async countForUser(userId: number, unreadOnly: boolean): Promise<number> {
      let q = db
        .selectFrom('notifications')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('user_id', '=', userId);
      if (unreadOnly) q = q.where('read_at', 'is', null);
      return Number((await q.executeTakeFirstOrThrow()).n);
    },

    /** Unread count for the header, capped so the query stays cheap however many there are. */
    async unreadCapped(userId: number, cap: number): Promise<number> {
      const rows = await db
        .selectFrom('notifications')
        .select('id')
        .where('user_id', '=', userId)
        .where('read_at', 'is', null)
        .limit(cap)
        .execute();
      return rows.length;
    },

    async listForUser(
      userId: number,
      opts: { unreadOnly?: boolean; limit: number; offset: number },
    ): Promise<NotificationRow[]> {
      let q = db.selectFrom('notifications').selectAll().where('user_id', '=', userId);
      if (opts.unreadOnly) q = q.where('read_at', 'is', null);
      return q
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .limit(opts.limit)
        .offset(opts.offset)
        .execute();
    },

    async findForUser(id: number, userId: number): Promise<NotificationRow | undefined> {
      return db
        .selectFrom('notifications')
        .selectAll()
        .where('id', '=', id)
        .where('user_id', '=', userId)
        .executeTakeFirst();
    },

    async markRead(id: number, userId: number, at: string): Promise<void> {
      await db
        .updateTable('notifications')
        .set({ read_at: at })
        .where('id', '=', id)
        .where('user_id', '=', userId)
        .where('read_at', 'is', null)
        .execute();
    },

    async markAllRead(userId: number, at: string): Promise<number> {
      const res = await db
        .updateTable('notifications')
        .set({ read_at: at })
        .where('user_id', '=', userId)
        .where('read_at', 'is', null)
        .executeTakeFirst();
      return Number(res.numUpdatedRows);
    },

    async preferences(userId: number): Promise<Map<string, Frequency>> {
      const rows = await db
        .selectFrom('notification_preferences')
        .select(['kind', 'frequency'])
        .where('user_id', '=', userId)
        .execute();
      return new Map(rows.map((r) => [r.kind, r.frequency]));
    },

    async setPreference(userId: number, kind: string, frequency: Frequency, at: string): Promise<void> {
      await db
        .insertInto('notification_preferences')
        .values({ user_id: userId, kind, frequency, updated_at: at })
        .onConflict((oc) => oc.columns(['user_id', 'kind']).doUpdateSet({ frequency, updated_at: at }))
        .execute();
    },
  };
}
