import { randomBytes } from 'node:crypto';
import type { Selectable } from 'kysely';
import type { MeetingMessagesTable, MeetingRegistrationsTable, MeetingsTable } from '../../db/schema.ts';

export type Meeting = Selectable<MeetingsTable>;
export type MeetingRegistration = Selectable<MeetingRegistrationsTable>;
export type MeetingMessage = Selectable<MeetingMessagesTable>;
export type RegistrationStatus = MeetingRegistration['status'];

export const MAX_TITLE = 200;
export const MAX_AGENDA = 20_000;
export const MAX_MINUTES = 100_000;
/** Chat messages stay short: each travels whole in a PostgreSQL notification. */
export const MAX_MESSAGE = 2000;
export const MIN_DURATION = 15;
export const MAX_DURATION = 12 * 60;
export const MAX_CAPACITY = 10_000;
export const PAGE_SIZE = 20;
/** Messages shown on the live page (older ones through "earlier messages"). */
export const MESSAGES_SHOWN = 100;
/** Presence in the live room counts as attendance from this long before the start until the end. */
export const ATTENDANCE_EARLY_MS = 15 * 60_000;
/** A presence row not refreshed for this long belongs to a process that went away. */
export const PRESENCE_STALE_MS = 70_000;
/** A live room announces arrivals and departures at most this often (one event for all of them). */
export const PRESENCE_INTERVAL_MS = 250;
export const REMINDER_BEFORE_MS = 24 * 3600_000;

export const REMINDER_JOB = 'meetings.reminder';
export const SEARCH_TYPE = 'meeting';

export function meetingChannel(id: number): string {
  return `meeting:${id}`;
}

const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';

/** A random 128-bit room name in base32 (26 characters): nobody finds the room by guessing. */
export function newRoomName(): string {
  const bytes = randomBytes(16);
  let bits = 0;
  let value = 0;
  let out = '';
  for (const b of bytes) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += BASE32[(value << (5 - bits)) & 31];
  return `sismel-${out}`;
}

export function videoUrl(jitsiBaseUrl: string, room: string): string {
  return `${jitsiBaseUrl}/${encodeURIComponent(room)}`;
}

export function endsAt(m: Pick<Meeting, 'starts_at' | 'duration_minutes'>): string {
  return new Date(Date.parse(m.starts_at) + m.duration_minutes * 60_000).toISOString();
}

export function isPast(m: Pick<Meeting, 'starts_at' | 'duration_minutes'>, now = Date.now()): boolean {
  return Date.parse(endsAt(m)) < now;
}

export function hasStarted(m: Pick<Meeting, 'starts_at'>, now = Date.now()): boolean {
  return Date.parse(m.starts_at) <= now;
}

/** True while presence in the live room counts as attendance. */
export function inAttendanceWindow(
  m: Pick<Meeting, 'starts_at' | 'duration_minutes'>,
  now = Date.now(),
): boolean {
  return now >= Date.parse(m.starts_at) - ATTENDANCE_EARLY_MS && now <= Date.parse(endsAt(m));
}
