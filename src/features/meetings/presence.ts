import { MAX_PAYLOAD_BYTES, type RealtimeHub } from '../../platform/realtime/hub.ts';
import { alpha3ToAlpha2 } from '../../platform/i18n/format.ts';
import { meetingChannel, PRESENCE_INTERVAL_MS } from './model.ts';
import type { MeetingRepository, PersonRow } from './repository.ts';

export interface PersonJson {
  userId: number;
  name: string;
  region: string | null;
}

/** A `presence` event: who arrived and who left since the room's previous one. */
export interface PresenceChange {
  joined: PersonJson[];
  left: number[];
}

export function personJson(p: Pick<PersonRow, 'user_id' | 'name' | 'country_iso3'>): PersonJson {
  return {
    userId: p.user_id,
    name: p.name,
    region: p.country_iso3 ? (alpha3ToAlpha2(p.country_iso3) ?? null) : null,
  };
}

/** Room for the NOTIFY envelope (schema, origin, channel, event name) within the payload limit. */
const ENVELOPE_BYTES = 1000;
const EMPTY_CHANGE_BYTES = JSON.stringify({ joined: [], left: [] }).length;

/**
 * Splits a change into events whose data stays under `budget` bytes of JSON (one event when it
 * fits): a PostgreSQL notification carries at most MAX_PAYLOAD_BYTES.
 */
export function splitChange(change: PresenceChange, budget: number): PresenceChange[] {
  const out: PresenceChange[] = [];
  let current: PresenceChange = { joined: [], left: [] };
  let size = EMPTY_CHANGE_BYTES;
  const add = (bytes: number, put: (c: PresenceChange) => void) => {
    if (size + bytes > budget && (current.joined.length || current.left.length)) {
      out.push(current);
      current = { joined: [], left: [] };
      size = EMPTY_CHANGE_BYTES;
    }
    put(current);
    size += bytes;
  };
  for (const id of change.left) add(String(id).length + 1, (c) => c.left.push(id));
  for (const p of change.joined) add(Buffer.byteLength(JSON.stringify(p)) + 1, (c) => c.joined.push(p));
  if (current.joined.length || current.left.length) out.push(current);
  return out;
}

interface Room {
  /** People whose arrival or departure is not announced yet. */
  dirty: Set<number>;
  timer?: NodeJS.Timeout;
  flushing?: Promise<void>;
}

interface ListRead {
  running?: Promise<PersonJson[]>;
  /** The read that starts once `running` ends, shared by everyone who asks meanwhile. */
  next?: Promise<PersonJson[]>;
}

/**
 * Presence announcements of the live rooms of this process. A person's arrival or departure
 * marks them as changed; at most once every `intervalMs` per room, one `presence` event tells
 * everyone in the room who of the changed people is there now (read from meeting_presence, which
 * every process writes) and who is not. Each event says where the people it names are at the
 * moment it is sent, not what happened to them in turn, so a client that applies it is right
 * about them whatever it was told before. With several processes each announces its own
 * arrivals and departures, so a room may receive one event per process per interval.
 *
 * Newcomers get the full list on connect (`list`); readers who ask while a read is running share
 * the next one, which starts after they asked and so sees their own arrival.
 */
export function presenceAnnouncer(opts: {
  hub: RealtimeHub;
  repo: MeetingRepository;
  cutoff: () => string;
  intervalMs?: number;
  log?: { error(o: unknown, m?: string): void };
}) {
  const { hub, repo } = opts;
  const interval = opts.intervalMs ?? PRESENCE_INTERVAL_MS;
  const rooms = new Map<number, Room>();
  const reads = new Map<number, ListRead>();
  let closed = false;

  function tick(meetingId: number, room: Room): void {
    room.timer = undefined;
    if (room.dirty.size === 0) {
      rooms.delete(meetingId);
      return;
    }
    const userIds = [...room.dirty];
    room.dirty.clear();
    const started = Date.now();
    room.flushing = announce(meetingId, userIds)
      .catch((err) => opts.log?.error({ err }, 'meetings: presence not announced'))
      .finally(() => {
        room.flushing = undefined;
        // The room stays for one interval after each event: what changes meanwhile waits for it.
        if (!closed) room.timer = setTimeout(() => tick(meetingId, room), started + interval - Date.now());
      });
  }

  async function announce(meetingId: number, userIds: number[]): Promise<void> {
    const here = new Map<number, PersonRow>();
    for (let i = 0; i < userIds.length; i += 500) {
      for (const p of await repo.presentAmong(meetingId, userIds.slice(i, i + 500), opts.cutoff()))
        here.set(p.user_id, p);
    }
    const change: PresenceChange = {
      joined: [...here.values()].map(personJson),
      left: userIds.filter((id) => !here.has(id)),
    };
    const budget = hub.distributed ? MAX_PAYLOAD_BYTES - ENVELOPE_BYTES : Number.POSITIVE_INFINITY;
    for (const part of splitChange(change, budget)) {
      await hub.publish(meetingChannel(meetingId), 'presence', part);
    }
  }

  function startRead(meetingId: number, r: ListRead): Promise<PersonJson[]> {
    const p: Promise<PersonJson[]> = repo
      .present(meetingId, opts.cutoff())
      .then((rows) => rows.map(personJson))
      .finally(() => {
        if (r.running !== p) return;
        r.running = undefined;
        if (!r.next && reads.get(meetingId) === r) reads.delete(meetingId);
      });
    r.running = p;
    return p;
  }

  return {
    /** The person's presence in the room changed (their first tab opened or their last closed). */
    changed(meetingId: number, userId: number): void {
      if (closed) return;
      let room = rooms.get(meetingId);
      if (!room) {
        room = { dirty: new Set() };
        rooms.set(meetingId, room);
        const created = room;
        // Nothing was announced lately: announce at once (with whatever else arrives this turn).
        room.timer = setTimeout(() => tick(meetingId, created), 0);
      }
      room.dirty.add(userId);
    },

    /** Everyone present now, for a newcomer; read after the call, so it includes the caller. */
    list(meetingId: number): Promise<PersonJson[]> {
      let r = reads.get(meetingId);
      if (!r) {
        r = {};
        reads.set(meetingId, r);
      }
      const read = r;
      if (!read.running) return startRead(meetingId, read);
      read.next ??= read.running
        .then(
          () => undefined,
          () => undefined,
        )
        .then(() => {
          read.next = undefined;
          return startRead(meetingId, read);
        });
      return read.next;
    },

    /** Sends what is still waiting, then announces nothing more (the app is closing). */
    async close(): Promise<void> {
      closed = true;
      for (const room of rooms.values()) {
        clearTimeout(room.timer);
        room.timer = undefined;
      }
      await Promise.all([...rooms.values()].map((r) => r.flushing));
      await Promise.all(
        [...rooms]
          .filter(([, room]) => room.dirty.size > 0)
          .map(([meetingId, room]) =>
            announce(meetingId, [...room.dirty]).catch((err) =>
              opts.log?.error({ err }, 'meetings: presence not announced'),
            ),
          ),
      );
      rooms.clear();
    },
  };
}

export type PresenceAnnouncer = ReturnType<typeof presenceAnnouncer>;
