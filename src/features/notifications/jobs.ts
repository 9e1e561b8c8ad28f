import type { Db } from '../../db/connection.ts';
import { nowIso } from '../../db/dialect.ts';
import { enqueue, type JobRunner } from '../../platform/jobs/queue.ts';
import { queueMail } from '../../platform/mail/mailer.ts';
import { digestMail, immediateMail, type MailSettings, type ThemeInfo } from './mail.ts';
import { EMAIL_JOB, type Frequency, notificationKind } from './service.ts';

export const DIGEST_JOB = 'notifications.digest';
/** Digests go out at this hour (UTC): daily every day, weekly on Mondays. */
export const DIGEST_HOUR_UTC = 6;

const DAY_MS = 24 * 3600_000;

/** The first digest time (06:00 UTC) strictly after `after`. */
export function nextDigestSlot(after: Date): Date {
  const slot = new Date(
    Date.UTC(after.getUTCFullYear(), after.getUTCMonth(), after.getUTCDate(), DIGEST_HOUR_UTC),
  );
  return slot.getTime() > after.getTime() ? slot : new Date(slot.getTime() + DAY_MS);
}

/** Writes the e-mails of 'immediate' notifications to the outbox, each in its reader's language. */
export async function sendImmediate(db: Db, settings: MailSettings, ids: number[]): Promise<number> {
  if (ids.length === 0) return 0;
  return db.transaction().execute(async (trx) => {
    const rows = await trx
      .selectFrom('notifications as n')
      .innerJoin('users as u', 'u.id', 'n.user_id')
      .select([
        'n.id',
        'n.kind',
        'n.params',
        'n.url',
        'n.country_iso3',
        'n.themes',
        'u.id as user_id',
        'u.email',
        'u.name',
        'u.locale',
      ])
      .where('n.id', 'in', ids)
      .where('n.emailed_at', 'is', null)
      .where('n.digest_id', 'is', null)
      .where('u.status', '=', 'active')
      .where('u.deleted_at', 'is', null)
      .orderBy('n.id')
      .execute();
    const now = nowIso();
    for (const r of rows) {
      await queueMail(
        trx,
        immediateMail(settings, { id: r.user_id, email: r.email, name: r.name, locale: r.locale }, r),
      );
    }
    if (rows.length)
      await trx
        .updateTable('notifications')
        .set({ emailed_at: now })
        .where(
          'id',
          'in',
          rows.map((r) => r.id),
        )
        .execute();
    return rows.length;
  });
}

/** The period a digest covers, named by the date of its slot (a Monday for weekly digests). */
function periodKey(slot: Date): string {
  return slot.toISOString().slice(0, 10);
}

function effectiveFrequency(kind: string, pref: Frequency | null): Frequency {
  return pref ?? notificationKind(kind)?.defaultFrequency ?? 'off';
}

async function loadThemes(db: Db): Promise<Map<string, ThemeInfo>> {
  const rows = await db.selectFrom('themes').select(['code', 'name', 'orig_locale', 'sort_order']).execute();
  return new Map(rows.map((r) => [r.code, r]));
}

/**
 * Sends the digests of one slot: daily digests always, weekly digests when the slot is a
 * Monday. Each user gets at most one digest per frequency and period (a unique record), with
 * the notifications not yet e-mailed since their previous digest of that frequency. Returns
 * the number of digests written.
 */
export async function sendDigests(db: Db, settings: MailSettings, slot: Date): Promise<number> {
  const frequencies: ('daily' | 'weekly')[] = slot.getUTCDay() === 1 ? ['daily', 'weekly'] : ['daily'];
  const themes = await loadThemes(db);
  let sent = 0;
  for (const frequency of frequencies) {
    const period = periodKey(slot);
    const periodMs = frequency === 'daily' ? DAY_MS : 7 * DAY_MS;
    // Without an earlier digest, look back two periods (e.g. after switching from 'off').
    const floor = new Date(slot.getTime() - 2 * periodMs).toISOString();
    const pending = await db
      .selectFrom('notifications as n')
      .innerJoin('users as u', 'u.id', 'n.user_id')
      .leftJoin('notification_preferences as p', (j) =>
        j.onRef('p.user_id', '=', 'n.user_id').onRef('p.kind', '=', 'n.kind'),
      )
      .select([
        'n.id',
        'n.kind',
        'n.params',
        'n.url',
        'n.country_iso3',
        'n.themes',
        'n.created_at',
        'p.frequency',
        'u.id as user_id',
        'u.email',
        'u.name',
        'u.locale',
      ])
      .where('n.emailed_at', 'is', null)
      .where('n.digest_id', 'is', null)
      .where('n.created_at', '>', floor)
      .where('u.status', '=', 'active')
      .where('u.deleted_at', 'is', null)
      .where((eb) => eb.or([eb('p.frequency', '=', frequency), eb('p.frequency', 'is', null)]))
      .orderBy('n.user_id')
      .orderBy('n.created_at')
      .orderBy('n.id')
      .execute();
    const byUser = new Map<number, typeof pending>();
    for (const row of pending) {
      if (effectiveFrequency(row.kind, row.frequency) !== frequency) continue;
      const list = byUser.get(row.user_id) ?? [];
      list.push(row);
      byUser.set(row.user_id, list);
    }
    for (const [userId, rows] of byUser) {
      const done = await db.transaction().execute(async (trx) => {
        const previous = await trx
          .selectFrom('notification_digests')
          .select(['period', 'created_at'])
          .where('user_id', '=', userId)
          .where('frequency', '=', frequency)
          .orderBy('created_at', 'desc')
          .limit(1)
          .executeTakeFirst();
        if (previous && previous.period >= period) return false;
        const items = previous ? rows.filter((r) => r.created_at > previous.created_at) : rows;
        if (items.length === 0) return false;
        const first = items[0]!;
        const recipient = { id: userId, email: first.email, name: first.name, locale: first.locale };
        const outboxId = await queueMail(trx, digestMail(settings, recipient, frequency, items, themes));
        const digest = await trx
          .insertInto('notification_digests')
          .values({
            user_id: userId,
            frequency,
            period,
            item_count: items.length,
            outbox_id: outboxId,
            created_at: nowIso(),
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await trx
          .updateTable('notifications')
          .set({ digest_id: digest.id })
          .where(
            'id',
            'in',
            items.map((r) => r.id),
          )
          .execute();
        return true;
      });
      if (done) sent++;
    }
  }
  return sent;
}

/** Makes sure exactly one digest run is waiting; returns its job id. */
export async function ensureDigestScheduled(db: Db, now = new Date()): Promise<number> {
  const pending = await db
    .selectFrom('jobs')
    .select('id')
    .where('kind', '=', DIGEST_JOB)
    .where('status', 'in', ['queued', 'running'])
    .orderBy('id')
    .executeTakeFirst();
  if (pending) return pending.id;
  const slot = nextDigestSlot(now);
  return enqueue(db, DIGEST_JOB, { slot: slot.toISOString() }, slot);
}

export function registerNotificationJobs(runner: JobRunner, db: Db, settings: MailSettings): void {
  runner.register(EMAIL_JOB, async ({ ids }: { ids: number[] }) => {
    await sendImmediate(db, settings, Array.isArray(ids) ? ids.filter(Number.isInteger) : []);
  });
  runner.register(DIGEST_JOB, async ({ slot }: { slot?: string }, job) => {
    const at = slot ? new Date(slot) : new Date();
    await sendDigests(db, settings, Number.isNaN(at.getTime()) ? new Date() : at);
    // The next run, unless one is already waiting (this job is 'running', so it does not count).
    const other = await db
      .selectFrom('jobs')
      .select('id')
      .where('kind', '=', DIGEST_JOB)
      .where('status', '=', 'queued')
      .where('id', '!=', job.id)
      .executeTakeFirst();
    if (!other) {
      const next = nextDigestSlot(new Date());
      await enqueue(db, DIGEST_JOB, { slot: next.toISOString() }, next);
    }
  });
}
