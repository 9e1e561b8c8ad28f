import type { Kysely } from 'kysely';
import { nowIso } from '../../db/dialect.ts';
import type { Database, Role } from '../../db/schema.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { enqueue } from '../../platform/jobs/queue.ts';

export type Frequency = 'immediate' | 'daily' | 'weekly' | 'off';
export const FREQUENCIES: readonly Frequency[] = ['immediate', 'daily', 'weekly', 'off'];

export function isFrequency(value: unknown): value is Frequency {
  return typeof value === 'string' && (FREQUENCIES as readonly string[]).includes(value);
}

export interface NotificationKind {
  /** e.g. 'consultation.addressed' */
  kind: string;
  /** Message key in the defining feature's catalogue, ICU with the notification's params. */
  titleKey: string;
  defaultFrequency: Frequency;
}

const kinds = new Map<string, NotificationKind>();

/** Called at module load by each feature that sends notifications. */
export function registerNotificationKind(def: NotificationKind): void {
  if (!/^[a-z0-9_.-]+$/.test(def.kind)) throw new Error(`Invalid notification kind ${def.kind}`);
  kinds.set(def.kind, { ...def });
}

export function notificationKind(kind: string): NotificationKind | undefined {
  return kinds.get(kind);
}

/** Every registered kind, in a stable order (by kind). */
export function notificationKinds(): NotificationKind[] {
  return [...kinds.values()].sort((a, b) => a.kind.localeCompare(b.kind));
}

export interface NotificationInput {
  kind: string;
  /** Recipients; de-duplicated; the acting user is left out. */
  userIds: number[];
  /** Values for the title message (plain text). */
  params: Record<string, string | number>;
  /** Path without locale, e.g. /consultations/12 */
  url: string;
  /** For grouping digests. */
  countryIso3?: string | null;
  /** For grouping digests. */
  themeCodes?: string[];
}

/** The job that turns 'immediate' notifications into e-mails (see jobs.ts). */
export const EMAIL_JOB = 'notifications.email';

/**
 * Writes one notification per recipient (active users only, never the actor) in the caller's
 * transaction. Recipients whose preference for the kind is 'immediate' get an e-mail: a job,
 * queued in the same transaction, writes it to the outbox in their language.
 */
export async function notify(
  trx: Kysely<Database>,
  actor: Actor | null,
  input: NotificationInput,
): Promise<void> {
  const def = kinds.get(input.kind);
  if (!def) throw new Error(`Unknown notification kind ${input.kind}`);
  if (!input.url.startsWith('/') || input.url.startsWith('//'))
    throw new Error(`Notification url must be a local path`);
  const wanted = [...new Set(input.userIds)].filter(
    (id) => Number.isInteger(id) && id > 0 && id !== actor?.id,
  );
  if (wanted.length === 0) return;

  const now = nowIso();
  const params = JSON.stringify(input.params ?? {});
  const themes = JSON.stringify([...new Set(input.themeCodes ?? [])]);
  const immediate: number[] = [];
  for (let i = 0; i < wanted.length; i += 500) {
    const chunk = wanted.slice(i, i + 500);
    const recipients = await trx
      .selectFrom('users')
      .leftJoin('notification_preferences as p', (j) =>
        j.onRef('p.user_id', '=', 'users.id').on('p.kind', '=', input.kind),
      )
      .select(['users.id', 'p.frequency'])
      .where('users.id', 'in', chunk)
      .where('users.status', '=', 'active')
      .where('users.deleted_at', 'is', null)
      .orderBy('users.id')
      .execute();
    if (recipients.length === 0) continue;
    const rows = await trx
      .insertInto('notifications')
      .values(
        recipients.map((r) => ({
          user_id: r.id,
          kind: input.kind,
          params,
          url: input.url,
          country_iso3: input.countryIso3 ?? null,
          themes,
          actor_id: actor && actor.id > 0 ? actor.id : null,
          created_at: now,
        })),
      )
      .returning(['id', 'user_id'])
      .execute();
    const freqOf = new Map(recipients.map((r) => [r.id, (r.frequency ?? def.defaultFrequency) as Frequency]));
    for (const row of rows) if (freqOf.get(row.user_id) === 'immediate') immediate.push(row.id);
  }
  if (immediate.length > 0) await enqueue(trx, EMAIL_JOB, { ids: immediate });
}

/** The current National Coordinators of these countries (or of every country). */
export async function coordinatorsOf(trx: Kysely<Database>, countries: string[] | 'all'): Promise<number[]> {
  return peopleOf(trx, countries, ['coordinator']);
}

/** Active users of these countries (or of every country), optionally only with these roles. */
export async function peopleOf(
  trx: Kysely<Database>,
  countries: string[] | 'all',
  roles?: Role[],
): Promise<number[]> {
  if (countries !== 'all' && countries.length === 0) return [];
  if (roles && roles.length === 0) return [];
  let q = trx
    .selectFrom('users')
    .select('id')
    .where('status', '=', 'active')
    .where('deleted_at', 'is', null)
    .where('country_iso3', 'is not', null);
  if (countries !== 'all') q = q.where('country_iso3', 'in', countries);
  if (roles) q = q.where('role', 'in', roles);
  return (await q.orderBy('id').execute()).map((r) => r.id);
}

/** Active Secretariat users. */
export async function secretariatUsers(trx: Kysely<Database>): Promise<number[]> {
  const rows = await trx
    .selectFrom('users')
    .select('id')
    .where('role', '=', 'secretariat')
    .where('status', '=', 'active')
    .where('deleted_at', 'is', null)
    .orderBy('id')
    .execute();
  return rows.map((r) => r.id);
}
