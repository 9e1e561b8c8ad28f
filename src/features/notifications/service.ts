import type { Kysely } from 'kysely';
import { nowIso } from '../../db/dialect.ts';
import type { Database, Role } from '../../db/schema.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { audit } from '../../platform/audit/audit.ts';
import { FieldErrors, NotFoundError } from '../../platform/http/errors.ts';
import { enqueue } from '../../platform/jobs/queue.ts';
import { type NotificationRow, notificationRepository } from './repository.ts';
import { ALL_KINDS } from './tokens.ts';

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
  /** Optional: message key of a short label for the preferences page (otherwise the title with "…"). */
  labelKey?: string;
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

/** A notification as the centre and the API show it. */
export interface NotificationView {
  id: number;
  kind: string;
  params: Record<string, string | number>;
  url: string;
  countryIso3: string | null;
  themes: string[];
  createdAt: string;
  readAt: string | null;
}

function toView(row: NotificationRow): NotificationView {
  const parse = <T>(json: string, fallback: T): T => {
    try {
      return (JSON.parse(json) as T) ?? fallback;
    } catch {
      return fallback;
    }
  };
  return {
    id: row.id,
    kind: row.kind,
    params: parse(row.params, {}),
    url: row.url,
    countryIso3: row.country_iso3,
    themes: parse(row.themes, []),
    createdAt: row.created_at,
    readAt: row.read_at,
  };
}

export const PAGE_SIZE = 20;

/** The use cases of one's own notifications and settings. Every query is scoped to the actor. */
export function notificationService(db: Kysely<Database>) {
  const repo = notificationRepository(db);

  async function effectivePreferences(userId: number): Promise<{ kind: string; frequency: Frequency }[]> {
    const saved = await repo.preferences(userId);
    return notificationKinds().map((k) => ({
      kind: k.kind,
      frequency: saved.get(k.kind) ?? k.defaultFrequency,
    }));
  }

  async function applyPreferences(
    actor: Actor | { id: number },
    changes: { kind: string; frequency: Frequency }[],
    action: string,
    via: Actor | null,
  ): Promise<void> {
    const known = changes.filter((c) => notificationKind(c.kind) && isFrequency(c.frequency));
    if (known.length === 0) return;
    await db.transaction().execute(async (trx) => {
      const trxRepo = notificationRepository(trx);
      const before = Object.fromEntries(await trxRepo.preferences(actor.id));
      const now = nowIso();
      for (const c of known) await trxRepo.setPreference(actor.id, c.kind, c.frequency, now);
      const after = Object.fromEntries(await trxRepo.preferences(actor.id));
      await audit(trx, via, {
        action,
        objectType: 'user',
        objectId: actor.id,
        before,
        after,
      });
    });
  }

  return {
    async list(
      actor: Actor,
      opts: { unreadOnly?: boolean; page?: number; pageSize?: number } = {},
    ): Promise<{ items: NotificationView[]; total: number; unread: number; page: number; pages: number }> {
      const pageSize = opts.pageSize ?? PAGE_SIZE;
      const total = await repo.countForUser(actor.id, !!opts.unreadOnly);
      const unread = opts.unreadOnly ? total : await repo.countForUser(actor.id, true);
      const pages = Math.max(1, Math.ceil(total / pageSize));
      const page = Math.min(Math.max(1, opts.page ?? 1), pages);
      const rows = await repo.listForUser(actor.id, {
        unreadOnly: opts.unreadOnly,
        limit: pageSize,
        offset: (page - 1) * pageSize,
      });
      return { items: rows.map(toView), total, unread, page, pages };
    },

    /** Marks one of the actor's notifications read; someone else's is not found (404). */
    async markRead(actor: Actor, id: number): Promise<NotificationView> {
      const row = await repo.findForUser(id, actor.id);
      if (!row) throw new NotFoundError();
      if (!row.read_at) {
        const at = nowIso();
        await repo.markRead(id, actor.id, at);
        row.read_at = at;
      }
      return toView(row);
    },

    async markAllRead(actor: Actor): Promise<number> {
      return repo.markAllRead(actor.id, nowIso());
    },

    unreadCount(actor: Actor, cap = 100): Promise<number> {
      return repo.unreadCapped(actor.id, cap);
    },

    preferences(actor: Pick<Actor, 'id'>): Promise<{ kind: string; frequency: Frequency }[]> {
      return effectivePreferences(actor.id);
    },

    /** Saves the actor's choices; unknown kinds or values are refused next to their field. */
    async setPreferences(actor: Actor, changes: { kind: string; frequency: unknown }[]): Promise<void> {
      const errors = new FieldErrors();
      for (const c of changes) {
        if (!notificationKind(c.kind)) errors.add(`pref.${c.kind}`, 'notifications.error.unknownKind');
        else if (!isFrequency(c.frequency)) errors.add(`pref.${c.kind}`, 'notifications.error.frequency');
      }
      errors.throwIfAny();
      await applyPreferences(
        actor,
        changes as { kind: string; frequency: Frequency }[],
        'notifications.preferences',
        actor,
      );
    },

    /**
     * Turns e-mails off for one kind or for every kind ('*'), for the user an unsubscribe
     * token names — no session needed, the signed token is the authority.
     */
    async unsubscribe(userId: number, kind: string): Promise<boolean> {
      const user = await db
        .selectFrom('users')
        .select(['id', 'email', 'name'])
        .where('id', '=', userId)
        .where('deleted_at', 'is', null)
        .executeTakeFirst();
      if (!user) return false;
      const kinds = kind === ALL_KINDS ? notificationKinds().map((k) => k.kind) : [kind];
      const changes = kinds
        .filter((k) => notificationKind(k))
        .map((k) => ({ kind: k, frequency: 'off' as const }));
      if (changes.length === 0) return false;
      await applyPreferences(user, changes, 'notifications.unsubscribe', null);
      return true;
    },
  };
}
