import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { AppDeps } from '../../app.ts';
import { isPostgres, nowIso } from '../../db/dialect.ts';
import type { Database } from '../../db/schema.ts';
import { audit } from '../../platform/audit/audit.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { assertCan, can, ForbiddenError, isSecretariat } from '../../platform/auth/policy.ts';
import { FieldErrors, HttpError, NotFoundError } from '../../platform/http/errors.ts';
import { isLocale } from '../../platform/i18n/locales.ts';
import { enqueue } from '../../platform/jobs/queue.ts';
import { groupMemberIds, isGroupMember } from '../study-groups/service.ts';
import {
  hasStarted,
  inAttendanceWindow,
  isPast,
  MAX_AGENDA,
  MAX_CAPACITY,
  MAX_DURATION,
  MAX_MESSAGE,
  MAX_MINUTES,
  MAX_TITLE,
  type Meeting,
  meetingChannel,
  MIN_DURATION,
  newRoomName,
  PRESENCE_STALE_MS,
  type RegistrationStatus,
  REMINDER_BEFORE_MS,
  REMINDER_JOB,
} from './model.ts';
import { notify } from '../notifications/service.ts';
import { reindexMeeting } from './indexing.ts';
import { original } from './notify.ts';
import { type MeetingWithGroup, type MessageRow, meetingRepository } from './repository.ts';
import { isTimeZone, localToUtc, utcToLocalInput } from './time.ts';

type Tx = Kysely<Database>;

/** What a form or an API call says about a meeting (strings, as forms send them). */
export interface MeetingInput {
  title: string;
  agenda: string;
  origLocale: string;
  /** Local date and time in `timezone`: `YYYY-MM-DDTHH:mm`. */
  start: string;
  timezone: string;
  /** Minutes. */
  duration: string;
  /** Empty: no limit. */
  capacity: string;
  embedVideo: boolean;
}

/** What the reader may do with a meeting. */
export interface MeetingAccess {
  /** The group's moderator or the Secretariat: edit, cancel, minutes, attendance. */
  canManage: boolean;
  /** May delete the meeting (the group's moderator or the Secretariat). */
  canDelete: boolean;
  isMember: boolean;
  registration: RegistrationStatus | null;
  /** May register now (a member, or the Secretariat, while the meeting is still ahead or on). */
  canRegister: boolean;
  /** The live room and the video call: registered people and those who run the meeting. */
  canEnterLive: boolean;
}

interface Resolved {
  title: string;
  agenda: string;
  origLocale: string;
  startsAt: string;
  hostTz: string;
  duration: number;
  capacity: number | null;
  embedVideo: boolean;
}

function validate(input: MeetingInput, errors: FieldErrors, opts: { requireFuture: boolean }): Resolved {
  const title = input.title.trim();
  const agenda = input.agenda.trim();
  if (!title) errors.add('title', 'meetings.error.titleRequired');
  else if (title.length > MAX_TITLE) errors.add('title', 'meetings.error.titleTooLong', { max: MAX_TITLE });
  if (agenda.length > MAX_AGENDA) errors.add('agenda', 'meetings.error.agendaTooLong', { max: MAX_AGENDA });
  if (!isLocale(input.origLocale)) errors.add('orig_locale', 'meetings.error.language');
  const tz = input.timezone.trim();
  let startsAt = '';
  if (!isTimeZone(tz)) errors.add('timezone', 'meetings.error.timezone');
  const converted = localToUtc(input.start, isTimeZone(tz) ? tz : 'UTC');
  if (!converted.ok) {
    if (converted.reason === 'nonexistent')
      errors.add('start', 'meetings.error.startNonexistent', { zone: tz });
    else errors.add('start', 'meetings.error.startFormat');
  } else {
    startsAt = converted.utc.toISOString();
    if (opts.requireFuture && converted.utc.getTime() <= Date.now())
      errors.add('start', 'meetings.error.startPast');
  }
  const duration = /^\d{1,4}$/.test(input.duration.trim()) ? Number(input.duration.trim()) : Number.NaN;
  if (!(duration >= MIN_DURATION && duration <= MAX_DURATION))
    errors.add('duration', 'meetings.error.duration', { min: MIN_DURATION, max: MAX_DURATION });
  let capacity: number | null = null;
  if (input.capacity.trim() !== '') {
    capacity = /^\d{1,6}$/.test(input.capacity.trim()) ? Number(input.capacity.trim()) : Number.NaN;
    if (!(capacity >= 1 && capacity <= MAX_CAPACITY))
      errors.add('capacity', 'meetings.error.capacity', { max: MAX_CAPACITY });
  }
  return {
    title,
    agenda,
    origLocale: input.origLocale,
    startsAt,
    hostTz: tz,
    duration,
    capacity,
    embedVideo: input.embedVideo,
  };
}

/** The form values of a stored meeting, in its host's zone. */
export function inputFromMeeting(m: Meeting): MeetingInput {
  const title = JSON.parse(m.title) as Record<string, string>;
  const agenda = JSON.parse(m.agenda) as Record<string, string>;
  return {
    title: title[m.orig_locale] ?? Object.values(title)[0] ?? '',
    agenda: agenda[m.orig_locale] ?? Object.values(agenda)[0] ?? '',
    origLocale: m.orig_locale,
    start: utcToLocalInput(m.starts_at, m.host_tz),
    timezone: m.host_tz,
    duration: String(m.duration_minutes),
    capacity: m.capacity === null ? '' : String(m.capacity),
    embedVideo: m.embed_video === 1,
  };
}

function snapshot(m: Meeting) {
  return {
    groupId: m.group_id,
    title: m.title,
    agenda: m.agenda,
    origLocale: m.orig_locale,
    startsAt: m.starts_at,
    hostTz: m.host_tz,
    durationMinutes: m.duration_minutes,
    capacity: m.capacity,
    status: m.status,
    embedVideo: m.embed_video,
  };
}

async function themeCodes(trx: Tx, themeId: number | null): Promise<string[]> {
  if (!themeId) return [];
  const row = await trx.selectFrom('themes').select('code').where('id', '=', themeId).executeTakeFirst();
  return row ? [row.code] : [];
}

export function meetingService(
  deps: Pick<AppDeps, 'db' | 'realtime'> & { log?: { error(o: unknown, m?: string): void } },
) {
  const db = deps.db;
  const repo = meetingRepository(db);

  async function meetingOr404(id: number): Promise<MeetingWithGroup> {
    const m = await repo.byId(id);
    if (!m) throw new NotFoundError();
    return m;
  }

  function canManage(actor: Actor | null, m: MeetingWithGroup): boolean {
    return can(actor, 'meeting.schedule', { ownerId: m.group_moderator_id });
  }

  function canDelete(actor: Actor | null, m: MeetingWithGroup): boolean {
    return can(actor, 'meeting.delete', { ownerId: m.group_moderator_id });
  }

  /**
   * Locks the meeting row for the rest of the transaction (PostgreSQL), so seat counts hold. A
   * deleted meeting is not found, unless `withDeleted` (for restoring it).
   */
  async function lockMeeting(trx: Tx, id: number, withDeleted = false): Promise<Meeting> {
    let q = trx.selectFrom('meetings').selectAll().where('id', '=', id);
    if (isPostgres(trx)) q = q.forUpdate();
    const m = await q.executeTakeFirst();
    if (!m || (m.deleted_at && !withDeleted)) throw new NotFoundError();
    return m;
  }

  async function registeredIds(
    trx: Tx,
    meetingId: number,
    statuses: RegistrationStatus[],
  ): Promise<number[]> {
    const rows = await trx
      .selectFrom('meeting_registrations')
      .select('user_id')
      .where('meeting_id', '=', meetingId)
      .where('status', 'in', statuses)
      .execute();
    return rows.map((r) => r.user_id);
  }

  async function scheduleReminder(trx: Tx, meetingId: number, startsAt: string): Promise<void> {
    const runAt = Date.parse(startsAt) - REMINDER_BEFORE_MS;
    // Scheduled less than a day ahead: the announcement itself is the reminder.
    if (runAt <= Date.now()) return;
    await enqueue(trx, REMINDER_JOB, { meetingId, startsAt }, new Date(runAt));
  }

  /** Fills free seats from the waiting list, in order; returns who got one. */
  async function promoteWaiting(trx: Tx, m: Meeting): Promise<number[]> {
    if (m.status !== 'scheduled') return [];
    const registered = (await registeredIds(trx, m.id, ['registered'])).length;
    const free = m.capacity === null ? Number.MAX_SAFE_INTEGER : m.capacity - registered;
    if (free <= 0) return [];
    const waiting = await trx
      .selectFrom('meeting_registrations')
      .select(['id', 'user_id'])
      .where('meeting_id', '=', m.id)
      .where('status', '=', 'waitlisted')
      .orderBy('updated_at')
      .orderBy('id')
      .limit(Math.min(free, 10_000))
      .execute();
    if (waiting.length === 0) return [];
    await trx
      .updateTable('meeting_registrations')
      .set({ status: 'registered', updated_at: nowIso() })
      .where(
        'id',
        'in',
        waiting.map((w) => w.id),
      )
      .execute();
    return waiting.map((w) => w.user_id);
  }

  async function publish(channel: string, event: string, data: unknown, id?: number): Promise<void> {
    try {
      await deps.realtime.publish(channel, event, data, id);
    } catch (err) {
      // The change is saved; live clients catch up when they reconnect.
      deps.log?.error({ err }, 'meetings: live update not sent');
    }
  }

  async function access(actor: Actor | null, m: MeetingWithGroup): Promise<MeetingAccess> {
    const manage = canManage(actor, m);
    if (!actor)
      return {
        canManage: false,
        canDelete: false,
        isMember: false,
        registration: null,
        canRegister: false,
        canEnterLive: false,
      };
    const [member, reg] = await Promise.all([
      isGroupMember(db, m.group_id, actor.id),
      repo.registration(m.id, actor.id),
    ]);
    const registration = reg && reg.status !== 'cancelled' ? reg.status : null;
    const open = m.status === 'scheduled' && !isPast(m) && m.group_status === 'active';
    return {
      canManage: manage,
      canDelete: canDelete(actor, m),
      isMember: member,
      registration,
      canRegister: open && can(actor, 'meeting.attend') && (member || isSecretariat(actor) || manage),
      canEnterLive: m.status === 'scheduled' && (manage || registration === 'registered'),
    };
  }

  /** A new token: the old feed address stops working. */
  async function resetCalendarToken(actor: Actor): Promise<string> {
    const token = randomBytes(24).toString('base64url');
    await db.transaction().execute(async (trx) => {
      const had = await trx
        .selectFrom('calendar_tokens')
        .select('user_id')
        .where('user_id', '=', actor.id)
        .executeTakeFirst();
      if (had)
        await trx
          .updateTable('calendar_tokens')
          .set({ token, created_at: nowIso() })
          .where('user_id', '=', actor.id)
          .execute();
      else
        await trx
          .insertInto('calendar_tokens')
          .values({ user_id: actor.id, token, created_at: nowIso() })
          .execute();
      await audit(trx, actor, {
        action: had ? 'calendar_token.reset' : 'calendar_token.create',
        objectType: 'user',
        objectId: actor.id,
      });
    });
    return token;
  }

  return {
    canManage,

    canDelete,

    access,

    /** The moderator (or the Secretariat) schedules a meeting of the group. */
    async schedule(actor: Actor, groupId: number, input: MeetingInput): Promise<number> {
      const group = await db
        .selectFrom('study_groups')
        .selectAll()
        .where('id', '=', groupId)
        .where('deleted_at', 'is', null)
        .executeTakeFirst();
      if (!group) throw new NotFoundError();
      assertCan(actor, 'meeting.schedule', { ownerId: group.moderator_id });
      if (group.status !== 'active') throw new HttpError(409, 'meetings.error.groupClosed');
      const errors = new FieldErrors();
      const v = validate(input, errors, { requireFuture: true });
      errors.throwIfAny();
      return db.transaction().execute(async (trx) => {
        const now = nowIso();
        const row = await trx
          .insertInto('meetings')
          .values({
            group_id: groupId,
            title: JSON.stringify({ [v.origLocale]: v.title }),
            agenda: JSON.stringify(v.agenda ? { [v.origLocale]: v.agenda } : {}),
            orig_locale: v.origLocale,
            starts_at: v.startsAt,
            host_tz: v.hostTz,
            duration_minutes: v.duration,
            capacity: v.capacity,
            status: 'scheduled',
            video_room: newRoomName(),
            embed_video: v.embedVideo ? 1 : 0,
            minutes_locale: null,
            minutes_published_at: null,
            minutes_by: null,
            created_by: actor.id > 0 ? actor.id : null,
            created_at: now,
            updated_at: now,
            deleted_at: null,
            deleted_by: null,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        await audit(trx, actor, {
          action: 'meeting.schedule',
          objectType: 'meeting',
          objectId: row.id,
          after: snapshot(row),
        });
        await reindexMeeting(trx, row.id);
        await scheduleReminder(trx, row.id, row.starts_at);
        await notify(trx, actor, {
          kind: 'meeting.scheduled',
          userIds: await groupMemberIds(trx, groupId),
          params: { title: v.title, group: original(group.title, group.orig_locale) },
          url: `/meetings/${row.id}`,
          themeCodes: await themeCodes(trx, group.theme_id),
        });
        return row.id;
      });
    },

    /** Changes a meeting; a new start time gets a new reminder (the old one then does nothing). */
    async update(actor: Actor, meetingId: number, input: MeetingInput): Promise<void> {
      const m = await meetingOr404(meetingId);
      assertCan(actor, 'meeting.schedule', { ownerId: m.group_moderator_id });
      if (m.status === 'cancelled') throw new HttpError(409, 'meetings.error.cancelled');
      const errors = new FieldErrors();
      const v = validate(input, errors, { requireFuture: false });
      const moved = v.startsAt !== '' && v.startsAt !== m.starts_at;
      if (moved && Date.parse(v.startsAt) <= Date.now()) errors.add('start', 'meetings.error.startPast');
      errors.throwIfAny();
      const promoted = await db.transaction().execute(async (trx) => {
        const before = await lockMeeting(trx, meetingId);
        if (v.capacity !== null) {
          const registered = (await registeredIds(trx, meetingId, ['registered'])).length;
          if (v.capacity < registered) {
            const e = new FieldErrors();
            e.add('capacity', 'meetings.error.capacityBelowRegistered', { count: registered });
            e.throwIfAny();
          }
        }
        const after = await trx
          .updateTable('meetings')
          .set({
            title: JSON.stringify({ [v.origLocale]: v.title }),
            agenda: JSON.stringify(v.agenda ? { [v.origLocale]: v.agenda } : {}),
            orig_locale: v.origLocale,
            starts_at: v.startsAt,
            host_tz: v.hostTz,
            duration_minutes: v.duration,
            capacity: v.capacity,
            embed_video: v.embedVideo ? 1 : 0,
            updated_at: nowIso(),
          })
          .where('id', '=', meetingId)
          .returningAll()
          .executeTakeFirstOrThrow();
        await audit(trx, actor, {
          action: 'meeting.update',
          objectType: 'meeting',
          objectId: meetingId,
          before: snapshot(before),
          after: snapshot(after),
        });
        await reindexMeeting(trx, meetingId);
        const promoted = await promoteWaiting(trx, after);
        if (moved) {
          await scheduleReminder(trx, meetingId, after.starts_at);
          await notify(trx, actor, {
            kind: 'meeting.changed',
            userIds: await registeredIds(trx, meetingId, ['registered', 'waitlisted']),
            params: { title: v.title },
            url: `/meetings/${meetingId}`,
          });
        }
        if (promoted.length) {
          await notify(trx, actor, {
            kind: 'meeting.promoted',
            userIds: promoted,
            params: { title: v.title },
            url: `/meetings/${meetingId}`,
          });
        }
        return promoted;
      });
      if (moved || promoted.length) await publish(meetingChannel(meetingId), 'changed', { id: meetingId });
    },

    async cancel(actor: Actor, meetingId: number): Promise<void> {
      const m = await meetingOr404(meetingId);
      assertCan(actor, 'meeting.schedule', { ownerId: m.group_moderator_id });
      if (m.status === 'cancelled') return;
      await db.transaction().execute(async (trx) => {
        const before = await lockMeeting(trx, meetingId);
        await trx
          .updateTable('meetings')
          .set({ status: 'cancelled', updated_at: nowIso() })
          .where('id', '=', meetingId)
          .execute();
        await audit(trx, actor, {
          action: 'meeting.cancel',
          objectType: 'meeting',
          objectId: meetingId,
          before: { status: before.status },
          after: { status: 'cancelled' },
        });
        await reindexMeeting(trx, meetingId);
        await notify(trx, actor, {
          kind: 'meeting.cancelled',
          userIds: await registeredIds(trx, meetingId, ['registered', 'waitlisted']),
          params: { title: original(m.title, m.orig_locale) },
          url: `/meetings/${meetingId}`,
        });
      });
      await publish(meetingChannel(meetingId), 'changed', { id: meetingId, status: 'cancelled' });
    },

    /**
     * Deletes a meeting (softly): its page, the group's lists, the search and the calendars lose
     * it, and the live room lets nobody in. Those registered for a meeting still ahead are told,
     * as when it is cancelled. The Secretariat can restore it.
     */
    async remove(actor: Actor, meetingId: number): Promise<void> {
      const m = await meetingOr404(meetingId);
      assertCan(actor, 'meeting.delete', { ownerId: m.group_moderator_id });
      await db.transaction().execute(async (trx) => {
        const before = await lockMeeting(trx, meetingId);
        const now = nowIso();
        await trx
          .updateTable('meetings')
          .set({ deleted_at: now, deleted_by: actor.id > 0 ? actor.id : null, updated_at: now })
          .where('id', '=', meetingId)
          .execute();
        await audit(trx, actor, {
          action: 'meeting.delete',
          objectType: 'meeting',
          objectId: meetingId,
          before: { ...snapshot(before), deletedAt: null },
          after: { deletedAt: now },
        });
        await reindexMeeting(trx, meetingId);
        // Told once: those of a cancelled meeting already were; a meeting that is over needs no notice.
        if (before.status === 'scheduled' && !isPast(before)) {
          await notify(trx, actor, {
            kind: 'meeting.cancelled',
            userIds: await registeredIds(trx, meetingId, ['registered', 'waitlisted']),
            params: { title: original(before.title, before.orig_locale) },
            // The meeting's page is gone: the group's page is where to look.
            url: `/study-groups/${before.group_id}`,
          });
        }
      });
      await publish(meetingChannel(meetingId), 'changed', { id: meetingId, status: 'deleted' });
    },

    /**
     * The Secretariat brings a deleted meeting back, as it was: page, lists, search, calendars.
     * Those registered for a meeting still ahead are told it is on again.
     */
    async restore(actor: Actor, meetingId: number): Promise<void> {
      const m = await repo.byIdWithDeleted(meetingId);
      if (!m) throw new NotFoundError();
      assertCan(actor, 'meeting.restore');
      if (!m.deleted_at) return;
      await db.transaction().execute(async (trx) => {
        const before = await lockMeeting(trx, meetingId, true);
        if (!before.deleted_at) return;
        await trx
          .updateTable('meetings')
          .set({ deleted_at: null, deleted_by: null, updated_at: nowIso() })
          .where('id', '=', meetingId)
          .execute();
        await audit(trx, actor, {
          action: 'meeting.restore',
          objectType: 'meeting',
          objectId: meetingId,
          before: { deletedAt: before.deleted_at, deletedBy: before.deleted_by },
          after: { deletedAt: null },
        });
        await reindexMeeting(trx, meetingId);
        // Those told of its deletion that it was cancelled; nobody for one already cancelled or over.
        if (before.status === 'scheduled' && !isPast(before)) {
          await notify(trx, actor, {
            kind: 'meeting.restored',
            userIds: await registeredIds(trx, meetingId, ['registered', 'waitlisted']),
            params: { title: original(before.title, before.orig_locale) },
            url: `/meetings/${meetingId}`,
          });
        }
      });
    },

    /** Takes a seat, or a place on the waiting list when the meeting is full. */
    async register(actor: Actor, meetingId: number): Promise<RegistrationStatus> {
      const m = await meetingOr404(meetingId);
      const acc = await access(actor, m);
      if (!can(actor, 'meeting.attend') || (!acc.isMember && !isSecretariat(actor) && !acc.canManage))
        throw new ForbiddenError('meeting.attend');
      if (m.status === 'cancelled') throw new HttpError(409, 'meetings.error.cancelled');
      if (isPast(m) || m.group_status !== 'active') throw new HttpError(409, 'meetings.error.over');
      if (acc.registration) return acc.registration;
      return db.transaction().execute(async (trx) => {
        const locked = await lockMeeting(trx, meetingId);
        const taken = (await registeredIds(trx, meetingId, ['registered'])).length;
        const waiting = (await registeredIds(trx, meetingId, ['waitlisted'])).length;
        const status: RegistrationStatus =
          locked.capacity === null || (taken < locked.capacity && waiting === 0)
            ? 'registered'
            : 'waitlisted';
        const now = nowIso();
        const existing = await trx
          .selectFrom('meeting_registrations')
          .select(['id', 'status'])
          .where('meeting_id', '=', meetingId)
          .where('user_id', '=', actor.id)
          .executeTakeFirst();
        if (existing && existing.status !== 'cancelled') return existing.status;
        if (existing) {
          await trx
            .updateTable('meeting_registrations')
            .set({ status, updated_at: now })
            .where('id', '=', existing.id)
            .execute();
        } else {
          await trx
            .insertInto('meeting_registrations')
            .values({ meeting_id: meetingId, user_id: actor.id, status, created_at: now, updated_at: now })
            .execute();
        }
        await audit(trx, actor, {
          action: 'meeting.register',
          objectType: 'meeting',
          objectId: meetingId,
          countryIso3: actor.countryIso3,
          before: existing ? { status: existing.status } : undefined,
          after: { userId: actor.id, status },
        });
        return status;
      });
    },

    /** Gives the seat (or the place in the queue) back; the first one waiting takes the seat. */
    async unregister(actor: Actor, meetingId: number): Promise<void> {
      const m = await meetingOr404(meetingId);
      const promoted = await db.transaction().execute(async (trx) => {
        const locked = await lockMeeting(trx, meetingId);
        const reg = await trx
          .selectFrom('meeting_registrations')
          .select(['id', 'status'])
          .where('meeting_id', '=', meetingId)
          .where('user_id', '=', actor.id)
          .executeTakeFirst();
        if (!reg || reg.status === 'cancelled') return [];
        await trx
          .updateTable('meeting_registrations')
          .set({ status: 'cancelled', updated_at: nowIso() })
          .where('id', '=', reg.id)
          .execute();
        await audit(trx, actor, {
          action: 'meeting.unregister',
          objectType: 'meeting',
          objectId: meetingId,
          countryIso3: actor.countryIso3,
          before: { userId: actor.id, status: reg.status },
          after: { userId: actor.id, status: 'cancelled' },
        });
        const promoted = isPast(locked) ? [] : await promoteWaiting(trx, locked);
        if (promoted.length) {
          await notify(trx, actor, {
            kind: 'meeting.promoted',
            userIds: promoted,
            params: { title: original(m.title, m.orig_locale) },
            url: `/meetings/${meetingId}`,
          });
        }
        return promoted;
      });
      if (promoted.length) await publish(meetingChannel(meetingId), 'changed', { id: meetingId });
    },

    /** A message in the live room's conversation; every open room receives it at once. */
    async postMessage(actor: Actor, meetingId: number, body: string): Promise<MessageRow> {
      const m = await meetingOr404(meetingId);
      const acc = await access(actor, m);
      if (!acc.canEnterLive)
        throw m.status === 'cancelled'
          ? new HttpError(409, 'meetings.error.cancelled')
          : new ForbiddenError('meeting.attend');
      const text = body.replace(/\r\n?/g, '\n').trim();
      const errors = new FieldErrors();
      if (!text) errors.add('body', 'meetings.error.messageRequired');
      else if (text.length > MAX_MESSAGE)
        errors.add('body', 'meetings.error.messageTooLong', { max: MAX_MESSAGE });
      errors.throwIfAny();
      const message = await db.transaction().execute(async (trx) => {
        const row = await trx
          .insertInto('meeting_messages')
          .values({
            meeting_id: meetingId,
            user_id: actor.id,
            body: text,
            created_at: nowIso(),
            deleted_at: null,
            deleted_by: null,
          })
          .returning(['id', 'created_at'])
          .executeTakeFirstOrThrow();
        await audit(trx, actor, {
          action: 'meeting.message',
          objectType: 'meeting_message',
          objectId: row.id,
          after: { meetingId, body: text },
        });
        if (inAttendanceWindow(m)) await recordLive(trx, meetingId, actor.id);
        return row;
      });
      const out: MessageRow = {
        id: message.id,
        user_id: actor.id,
        name: actor.name,
        country_iso3: actor.countryIso3,
        body: text,
        created_at: message.created_at,
      };
      await publish(meetingChannel(meetingId), 'message', messageJson(out), out.id);
      return out;
    },

    /** The moderator publishes (or corrects) the minutes, in one language. */
    async saveMinutes(
      actor: Actor,
      meetingId: number,
      input: { text: string; locale: string },
    ): Promise<void> {
      const m = await meetingOr404(meetingId);
      assertCan(actor, 'meeting.schedule', { ownerId: m.group_moderator_id });
      const text = input.text.trim();
      const errors = new FieldErrors();
      if (!text) errors.add('minutes', 'meetings.error.minutesRequired');
      else if (text.length > MAX_MINUTES)
        errors.add('minutes', 'meetings.error.minutesTooLong', { max: MAX_MINUTES });
      if (!isLocale(input.locale)) errors.add('minutes_locale', 'meetings.error.language');
      errors.throwIfAny();
      if (!hasStarted(m)) throw new HttpError(409, 'meetings.error.notStarted');
      await db.transaction().execute(async (trx) => {
        const before = await lockMeeting(trx, meetingId);
        const first = !before.minutes_published_at;
        const now = nowIso();
        await trx
          .updateTable('meetings')
          .set({
            minutes: JSON.stringify({ [input.locale]: text }),
            minutes_locale: input.locale,
            minutes_published_at: before.minutes_published_at ?? now,
            minutes_by: actor.id > 0 ? actor.id : null,
            updated_at: now,
          })
          .where('id', '=', meetingId)
          .execute();
        await audit(trx, actor, {
          action: 'meeting.minutes',
          objectType: 'meeting',
          objectId: meetingId,
          before: { minutes: before.minutes, locale: before.minutes_locale },
          after: { minutes: { [input.locale]: text }, locale: input.locale },
        });
        await reindexMeeting(trx, meetingId);
        if (first) {
          const group = await trx
            .selectFrom('study_groups')
            .select(['theme_id'])
            .where('id', '=', m.group_id)
            .executeTakeFirstOrThrow();
          await notify(trx, actor, {
            kind: 'meeting.minutes',
            userIds: await groupMemberIds(trx, m.group_id),
            params: { title: original(m.title, m.orig_locale) },
            url: `/meetings/${meetingId}`,
            themeCodes: await themeCodes(trx, group.theme_id),
          });
        }
      });
    },

    /**
     * The moderator's record of who attended: exactly these people (among the registered and
     * those seen in the live room). Those already recorded keep how they were recorded.
     */
    async setAttendance(actor: Actor, meetingId: number, userIds: number[]): Promise<void> {
      const m = await meetingOr404(meetingId);
      assertCan(actor, 'meeting.schedule', { ownerId: m.group_moderator_id });
      if (!hasStarted(m)) throw new HttpError(409, 'meetings.error.notStarted');
      const wanted = [...new Set(userIds)];
      await db.transaction().execute(async (trx) => {
        const current = await trx
          .selectFrom('meeting_attendance')
          .select(['user_id', 'source'])
          .where('meeting_id', '=', meetingId)
          .execute();
        const eligible = new Set([
          ...(await registeredIds(trx, meetingId, ['registered', 'waitlisted', 'cancelled'])),
          ...current.map((c) => c.user_id),
        ]);
        const errors = new FieldErrors();
        if (wanted.some((id) => !eligible.has(id)))
          errors.add('attended', 'meetings.error.attendanceUnknown');
        errors.throwIfAny();
        const have = new Set(current.map((c) => c.user_id));
        const remove = current.filter((c) => !wanted.includes(c.user_id)).map((c) => c.user_id);
        const add = wanted.filter((id) => !have.has(id));
        if (remove.length)
          await trx
            .deleteFrom('meeting_attendance')
            .where('meeting_id', '=', meetingId)
            .where('user_id', 'in', remove)
            .execute();
        if (add.length) {
          const now = nowIso();
          await trx
            .insertInto('meeting_attendance')
            .values(
              add.map((user_id) => ({
                meeting_id: meetingId,
                user_id,
                source: 'moderator' as const,
                recorded_by: actor.id > 0 ? actor.id : null,
                recorded_at: now,
              })),
            )
            .execute();
        }
        await audit(trx, actor, {
          action: 'meeting.attendance',
          objectType: 'meeting',
          objectId: meetingId,
          before: { attended: current.map((c) => c.user_id).sort((a, b) => a - b) },
          after: { attended: [...wanted].sort((a, b) => a - b) },
        });
      });
    },

    /** Presence in the live room during the meeting counts as attendance. */
    async recordLiveAttendance(m: MeetingWithGroup, userId: number): Promise<void> {
      if (!inAttendanceWindow(m)) return;
      await db.transaction().execute((trx) => recordLive(trx, m.id, userId));
    },

    /** The user's private calendar-feed token, made on first use. */
    async calendarToken(actor: Actor): Promise<string> {
      const existing = await repo.calendarToken(actor.id);
      if (existing) return existing.token;
      return resetCalendarToken(actor);
    },

    resetCalendarToken,

    /**
     * The reminder job: 24 hours before, to the registered. A job queued for a start time the
     * meeting no longer has (it moved, or was cancelled) does nothing.
     */
    async sendReminder(payload: { meetingId: number; startsAt: string }): Promise<boolean> {
      const m = await repo.byId(payload.meetingId);
      if (m?.status !== 'scheduled' || m.starts_at !== payload.startsAt) return false;
      if (Date.parse(m.starts_at) <= Date.now()) return false;
      await db.transaction().execute(async (trx) => {
        await notify(trx, null, {
          kind: 'meeting.reminder',
          userIds: await registeredIds(trx, m.id, ['registered']),
          params: { title: original(m.title, m.orig_locale) },
          url: `/meetings/${m.id}`,
          themeCodes: await themeCodes(trx, m.group_theme_id),
        });
      });
      return true;
    },

    presenceCutoff(): string {
      return new Date(Date.now() - PRESENCE_STALE_MS).toISOString();
    },
  };
}

async function recordLive(trx: Tx, meetingId: number, userId: number): Promise<void> {
  const had = await trx
    .selectFrom('meeting_attendance')
    .select('user_id')
    .where('meeting_id', '=', meetingId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  if (had) return;
  await trx
    .insertInto('meeting_attendance')
    .values({
      meeting_id: meetingId,
      user_id: userId,
      source: 'live',
      recorded_by: null,
      recorded_at: nowIso(),
    })
    .onConflict((oc) => oc.columns(['meeting_id', 'user_id']).doNothing())
    .execute();
}

/** A chat message as the live room and the API send it. */
export function messageJson(m: MessageRow) {
  return {
    id: m.id,
    userId: m.user_id,
    name: m.name,
    country: m.country_iso3,
    body: m.body,
    createdAt: m.created_at,
  };
}

export type MeetingService = ReturnType<typeof meetingService>;
