import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppDeps } from '../../app.ts';
import { nowIso } from '../../db/dialect.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { intParam } from '../../platform/http/form.ts';
import { alpha3ToAlpha2 } from '../../platform/i18n/format.ts';
import { meetingChannel } from './model.ts';
import type { MeetingRepository, MeetingWithGroup, PersonRow } from './repository.ts';
import { type MeetingService, messageJson } from './service.ts';

/** How many missed messages a reconnecting client gets at most (the page has the rest). */
const CATCH_UP = 500;

export function personJson(p: Pick<PersonRow, 'user_id' | 'name' | 'country_iso3'>) {
  return {
    userId: p.user_id,
    name: p.name,
    region: p.country_iso3 ? (alpha3ToAlpha2(p.country_iso3) ?? null) : null,
  };
}

/**
 * The live room's event stream: new messages, and who is present. Each open stream (a browser
 * tab) is a row in meeting_presence, so presence holds across app processes; a person joins
 * with their first tab and leaves with their last.
 */
export function liveRoom(deps: AppDeps, service: MeetingService, repo: MeetingRepository) {
  const db = deps.db;
  const hub = deps.realtime;

  // Keep this process's presence rows fresh; rows of a process that died go stale.
  const stopHeartbeat = hub.onHeartbeat(async () => {
    await db
      .updateTable('meeting_presence')
      .set({ seen_at: nowIso() })
      .where('process', '=', hub.origin)
      .execute();
  });

  async function publishPresence(m: MeetingWithGroup, actor: Actor, state: 'join' | 'leave') {
    await hub.publish(meetingChannel(m.id), 'presence', {
      ...personJson({ user_id: actor.id, name: actor.name, country_iso3: actor.countryIso3 }),
      state,
    });
  }

  async function open(request: FastifyRequest, reply: FastifyReply, m: MeetingWithGroup, actor: Actor) {
    const lastEventId = request.headers['last-event-id'];
    const after =
      intParam(typeof lastEventId === 'string' ? lastEventId : undefined) ??
      intParam((request.query as Record<string, unknown>)?.after);
    await hub.stream(request, reply, [meetingChannel(m.id)], {
      retryMs: 3000,
      prepare: async (stream) => {
        const cutoff = service.presenceCutoff();
        const otherTabs = await repo.openStreams(m.id, actor.id, cutoff);
        const now = nowIso();
        await db
          .insertInto('meeting_presence')
          .values({
            id: stream.id,
            meeting_id: m.id,
            user_id: actor.id,
            process: hub.origin,
            connected_at: now,
            seen_at: now,
          })
          .execute();
        await service.recordLiveAttendance(m, actor.id);
        if (otherTabs === 0) await publishPresence(m, actor, 'join');
        const people = await repo.present(m.id, cutoff);
        stream.send('presence-list', { people: people.map(personJson) });
        if (after !== null) {
          for (const msg of await repo.messages(m.id, { limit: CATCH_UP, after })) {
            stream.send('message', messageJson(msg), msg.id);
          }
        }
      },
      onClose: async (stream) => {
        await db.deleteFrom('meeting_presence').where('id', '=', stream.id).execute();
        const left = await repo.openStreams(m.id, actor.id, service.presenceCutoff());
        if (left === 0) await publishPresence(m, actor, 'leave');
      },
    });
  }

  /** The app is closing: its streams are gone, and so is their presence. */
  async function close() {
    stopHeartbeat();
    await db.deleteFrom('meeting_presence').where('process', '=', hub.origin).execute();
  }

  return { open, close };
}
