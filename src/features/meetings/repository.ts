import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { Meeting, MeetingRegistration, RegistrationStatus } from './model.ts';

type Db = Kysely<Database>;

/** Orders names as people read them (one collator: far cheaper than localeCompare per pair). */
const byName = new Intl.Collator();

export interface MeetingWithGroup extends Meeting {
  group_title: string;
  group_orig_locale: string;
  group_moderator_id: number;
  group_status: string;
  group_theme_id: number | null;
}

export interface PersonRow {
  user_id: number;
  name: string;
  country_iso3: string | null;
}

export interface RegistrationRow extends PersonRow {
  status: RegistrationStatus;
  created_at: string;
  updated_at: string;
}

export interface MessageRow {
  id: number;
  user_id: number;
  name: string;
  country_iso3: string | null;
  body: string;
  created_at: string;
}

export interface MeetingCounts {
  registered: number;
  waitlisted: number;
}

/** Kysely queries of the meetings feature; no permission logic. */
export function meetingRepository(db: Db) {
  /** Meetings of groups that are there, deleted meetings included. */
  const ofLiveGroups = () =>
    db
      .selectFrom('meetings')
      .innerJoin('study_groups as g', 'g.id', 'meetings.group_id')
      .selectAll('meetings')
      .select([
        'g.title as group_title',
        'g.orig_locale as group_orig_locale',
        'g.moderator_id as group_moderator_id',
        'g.status as group_status',
        'g.theme_id as group_theme_id',
      ])
      .where('g.deleted_at', 'is', null);
  const withGroup = () => ofLiveGroups().where('meetings.deleted_at', 'is', null);

  return {
    byId(id: number): Promise<MeetingWithGroup | undefined> {
      return withGroup().where('meetings.id', '=', id).executeTakeFirst();
    },

    /** A meeting, deleted or not (the Secretariat's view, to restore it); its group must be there. */
    byIdWithDeleted(id: number): Promise<MeetingWithGroup | undefined> {
      return ofLiveGroups().where('meetings.id', '=', id).executeTakeFirst();
    },

    /** Deleted meetings (of groups that are there), most recently deleted first. */
    deleted(opts: { offset: number; limit: number }) {
      return ofLiveGroups()
        .where('meetings.deleted_at', 'is not', null)
        .orderBy('meetings.deleted_at', 'desc')
        .orderBy('meetings.id', 'desc')
        .offset(opts.offset)
        .limit(opts.limit)
        .execute();
    },

    async countDeleted(): Promise<number> {
      const row = await db
        .selectFrom('meetings')
        .innerJoin('study_groups as g', 'g.id', 'meetings.group_id')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('meetings.deleted_at', 'is not', null)
        .where('g.deleted_at', 'is', null)
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },

    /** Scheduled meetings not yet over (ending at or after `now`), soonest first. */
    upcoming(opts: { now: string; groupId?: number; offset?: number; limit?: number }) {
      let q = withGroup()
        .where('meetings.status', '=', 'scheduled')
        .where('g.status', '=', 'active')
        // The end is start + duration; meetings last at most 12 hours.
        .where('meetings.starts_at', '>=', new Date(Date.parse(opts.now) - 12 * 3600_000).toISOString());
      if (opts.groupId !== undefined) q = q.where('meetings.group_id', '=', opts.groupId);
      // Those that ended in the last 12 hours are dropped below; fetch enough to fill the page.
      return q
        .orderBy('meetings.starts_at')
        .orderBy('meetings.id')
        .limit((opts.offset ?? 0) + (opts.limit ?? 1000) + 200)
        .execute()
        .then((rows) =>
          rows
            .filter((m) => Date.parse(m.starts_at) + m.duration_minutes * 60_000 >= Date.parse(opts.now))
            .slice(opts.offset ?? 0, (opts.offset ?? 0) + (opts.limit ?? 1000)),
        );
    },

    /** Meetings that have started (and cancelled ones), most recent first. */
    async past(opts: { now: string; groupId?: number; offset: number; limit: number }) {
      let q = withGroup().where((eb) =>
        eb.or([eb('meetings.starts_at', '<', opts.now), eb('meetings.status', '=', 'cancelled')]),
      );
      if (opts.groupId !== undefined) q = q.where('meetings.group_id', '=', opts.groupId);
      return q
        .orderBy('meetings.starts_at', 'desc')
        .orderBy('meetings.id', 'desc')
        .offset(opts.offset)
        .limit(opts.limit)
        .execute();
    },

    async countPast(opts: { now: string; groupId?: number }): Promise<number> {
      let q = db
        .selectFrom('meetings')
        .innerJoin('study_groups as g', 'g.id', 'meetings.group_id')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('meetings.deleted_at', 'is', null)
        .where('g.deleted_at', 'is', null)
        .where((eb) =>
          eb.or([eb('meetings.starts_at', '<', opts.now), eb('meetings.status', '=', 'cancelled')]),
        );
      if (opts.groupId !== undefined) q = q.where('meetings.group_id', '=', opts.groupId);
      return Number((await q.executeTakeFirstOrThrow()).n);
    },

    /** Every meeting of a group, for its calendar feed (cancelled ones too: calendars remove them). */
    forGroupFeed(groupId: number, since: string) {
      return withGroup()
        .where('meetings.group_id', '=', groupId)
        .where('meetings.starts_at', '>=', since)
        .orderBy('meetings.starts_at')
        .limit(500)
        .execute();
    },

    /** The meetings a user registered for (or moderates, or whose group they belong to), for their feed. */
    forUserFeed(userId: number, since: string) {
      return withGroup()
        .where('meetings.starts_at', '>=', since)
        .where((eb) =>
          eb.or([
            eb(
              'meetings.id',
              'in',
              eb
                .selectFrom('meeting_registrations')
                .select('meeting_id')
                .where('user_id', '=', userId)
                .where('status', 'in', ['registered', 'waitlisted']),
            ),
            eb('g.moderator_id', '=', userId),
          ]),
        )
        .orderBy('meetings.starts_at')
        .limit(500)
        .execute();
    },

    /** Upcoming meetings the user registered for (or waits for), soonest first. */
    myUpcoming(userId: number, now: string) {
      return withGroup()
        .innerJoin('meeting_registrations as r', 'r.meeting_id', 'meetings.id')
        .select('r.status as registration_status')
        .where('r.user_id', '=', userId)
        .where('r.status', 'in', ['registered', 'waitlisted'])
        .where('meetings.status', '=', 'scheduled')
        .where('meetings.starts_at', '>=', new Date(Date.parse(now) - 12 * 3600_000).toISOString())
        .orderBy('meetings.starts_at')
        .limit(50)
        .execute()
        .then((rows) =>
          rows.filter((m) => Date.parse(m.starts_at) + m.duration_minutes * 60_000 >= Date.parse(now)),
        );
    },

    async counts(meetingIds: number[]): Promise<Map<number, MeetingCounts>> {
      const out = new Map<number, MeetingCounts>();
      for (const id of meetingIds) out.set(id, { registered: 0, waitlisted: 0 });
      if (meetingIds.length === 0) return out;
      const rows = await db
        .selectFrom('meeting_registrations')
        .select(['meeting_id', 'status', (eb) => eb.fn.countAll<number>().as('n')])
        .where('meeting_id', 'in', meetingIds)
        .where('status', 'in', ['registered', 'waitlisted'])
        .groupBy(['meeting_id', 'status'])
        .execute();
      for (const r of rows) {
        const c = out.get(r.meeting_id)!;
        if (r.status === 'registered') c.registered = Number(r.n);
        else c.waitlisted = Number(r.n);
      }
      return out;
    },

    registration(meetingId: number, userId: number): Promise<MeetingRegistration | undefined> {
      return db
        .selectFrom('meeting_registrations')
        .selectAll()
        .where('meeting_id', '=', meetingId)
        .where('user_id', '=', userId)
        .executeTakeFirst();
    },

    /** Registered people then the waiting list, each in the order they got there. */
    registrations(meetingId: number): Promise<RegistrationRow[]> {
      return db
        .selectFrom('meeting_registrations as r')
        .innerJoin('users as u', 'u.id', 'r.user_id')
        .select(['r.user_id', 'u.name', 'u.country_iso3', 'r.status', 'r.created_at', 'r.updated_at'])
        .where('r.meeting_id', '=', meetingId)
        .where('r.status', 'in', ['registered', 'waitlisted'])
        .orderBy('r.status')
        .orderBy('r.updated_at')
        .orderBy('r.id')
        .execute();
    },

    attendance(meetingId: number) {
      return db
        .selectFrom('meeting_attendance as a')
        .innerJoin('users as u', 'u.id', 'a.user_id')
        .select(['a.user_id', 'u.name', 'u.country_iso3', 'a.source', 'a.recorded_at'])
        .where('a.meeting_id', '=', meetingId)
        .orderBy('u.name')
        .execute();
    },

    /** The latest messages (up to `limit`), oldest first; `before` pages back. */
    async messages(
      meetingId: number,
      opts: { limit: number; before?: number; after?: number },
    ): Promise<MessageRow[]> {
      let q = db
        .selectFrom('meeting_messages as m')
        .innerJoin('users as u', 'u.id', 'm.user_id')
        .select(['m.id', 'm.user_id', 'u.name', 'u.country_iso3', 'm.body', 'm.created_at'])
        .where('m.meeting_id', '=', meetingId)
        .where('m.deleted_at', 'is', null);
      if (opts.before !== undefined) q = q.where('m.id', '<', opts.before);
      if (opts.after !== undefined) {
        return q.where('m.id', '>', opts.after).orderBy('m.id').limit(opts.limit).execute();
      }
      const rows = await q.orderBy('m.id', 'desc').limit(opts.limit).execute();
      return rows.reverse();
    },

    /** Who has the live room open now (fresh presence rows), one entry per person. */
    async present(meetingId: number, freshSince: string): Promise<PersonRow[]> {
      const rows = await db
        .selectFrom('meeting_presence as p')
        .innerJoin('users as u', 'u.id', 'p.user_id')
        .select(['p.user_id', 'u.name', 'u.country_iso3'])
        .distinct()
        .where('p.meeting_id', '=', meetingId)
        .where('p.seen_at', '>=', freshSince)
        .execute();
      return rows.sort((a, b) => byName.compare(a.name, b.name) || a.user_id - b.user_id);
    },

    /** Which of these people have the live room open now. */
    presentAmong(meetingId: number, userIds: number[], freshSince: string): Promise<PersonRow[]> {
      if (userIds.length === 0) return Promise.resolve([]);
      return db
        .selectFrom('meeting_presence as p')
        .innerJoin('users as u', 'u.id', 'p.user_id')
        .select(['p.user_id', 'u.name', 'u.country_iso3'])
        .distinct()
        .where('p.meeting_id', '=', meetingId)
        .where('p.user_id', 'in', userIds)
        .where('p.seen_at', '>=', freshSince)
        .execute();
    },

    async openStreams(meetingId: number, userId: number, freshSince: string): Promise<number> {
      const row = await db
        .selectFrom('meeting_presence')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('meeting_id', '=', meetingId)
        .where('user_id', '=', userId)
        .where('seen_at', '>=', freshSince)
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },

    calendarToken(userId: number) {
      return db.selectFrom('calendar_tokens').selectAll().where('user_id', '=', userId).executeTakeFirst();
    },

    userByCalendarToken(token: string) {
      return db
        .selectFrom('calendar_tokens as c')
        .innerJoin('users as u', 'u.id', 'c.user_id')
        .select(['u.id', 'u.name', 'u.locale', 'u.timezone', 'u.status', 'u.deleted_at'])
        .where('c.token', '=', token)
        .executeTakeFirst();
    },
  };
}

export type MeetingRepository = ReturnType<typeof meetingRepository>;
