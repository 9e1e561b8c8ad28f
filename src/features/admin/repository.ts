import type { Db } from '../../db/connection.ts';
import { ilike } from '../../db/dialect.ts';

export interface AuditFilters {
  /** Part of the actor's name or e-mail, or their user id. */
  actor?: string;
  action?: string;
  objectType?: string;
  country?: string;
  /** Inclusive bounds as ISO timestamps. */
  fromIso?: string;
  toIso?: string;
}

export type OutboxStatus = 'sent' | 'pending' | 'error';
export const OUTBOX_STATUSES: OutboxStatus[] = ['pending', 'sent', 'error'];

/** Kysely queries for the audit trail and the outbox. No permission logic here. */
export function adminRepository(db: Db) {
  function auditQuery(f: AuditFilters) {
    let q = db.selectFrom('audit_log');
    if (f.actor) {
      const actor = f.actor;
      q = /^\d{1,12}$/.test(actor)
        ? q.where('actor_id', '=', Number(actor))
        : q.where('actor_label', ilike(db), `%${actor}%`);
    }
    if (f.action) q = q.where('action', '=', f.action);
    if (f.objectType) q = q.where('object_type', '=', f.objectType);
    if (f.country) q = q.where('country_iso3', '=', f.country);
    if (f.fromIso) q = q.where('at', '>=', f.fromIso);
    if (f.toIso) q = q.where('at', '<', f.toIso);
    return q;
  }

  function outboxQuery(status?: OutboxStatus) {
    let q = db.selectFrom('outbox');
    if (status === 'sent') q = q.where('sent_at', 'is not', null);
    if (status === 'error') q = q.where('sent_at', 'is', null).where('error', 'is not', null);
    if (status === 'pending') q = q.where('sent_at', 'is', null).where('error', 'is', null);
    return q;
  }

  return {
    async listAudit(f: AuditFilters, page: number, perPage: number) {
      const [rows, count] = await Promise.all([
        auditQuery(f)
          .selectAll()
          .orderBy('at', 'desc')
          .orderBy('id', 'desc')
          .limit(perPage)
          .offset((page - 1) * perPage)
          .execute(),
        auditQuery(f)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow(),
      ]);
      return { rows, total: Number(count.n) };
    },

    async auditActions(): Promise<string[]> {
      const rows = await db.selectFrom('audit_log').select('action').distinct().orderBy('action').execute();
      return rows.map((r) => r.action);
    },

    async auditObjectTypes(): Promise<string[]> {
      const rows = await db
        .selectFrom('audit_log')
        .select('object_type')
        .distinct()
        .orderBy('object_type')
        .execute();
      return rows.map((r) => r.object_type);
    },

    async listOutbox(status: OutboxStatus | undefined, page: number, perPage: number) {
      const [rows, count] = await Promise.all([
        outboxQuery(status)
          .select(['id', 'to_address', 'subject', 'created_at', 'sent_at', 'error'])
          .orderBy('created_at', 'desc')
          .orderBy('id', 'desc')
          .limit(perPage)
          .offset((page - 1) * perPage)
          .execute(),
        outboxQuery(status)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow(),
      ]);
      return { rows, total: Number(count.n) };
    },

    findOutbox(id: number) {
      return db.selectFrom('outbox').selectAll().where('id', '=', id).executeTakeFirst();
    },
  };
}

export function outboxStatus(row: { sent_at: string | null; error: string | null }): OutboxStatus {
  if (row.sent_at) return 'sent';
  return row.error ? 'error' : 'pending';
}
