import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppDeps } from '../../app.ts';
import { nowIso } from '../../db/dialect.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { intParam } from '../../platform/http/form.ts';
import { meetingChannel } from './model.ts';
import { presenceAnnouncer } from './presence.ts';
import type { MeetingRepository, MeetingWithGroup } from './repository.ts';
import { type MeetingService, messageJson } from './service.ts';

/** How many missed messages a reconnecting client gets at most (the page has the rest). */
const CATCH_UP = 500;

/**
 * The live room's event stream: new messages, and who is present. Each open stream (a browser
 * tab) is a row in meeting_presence, so presence holds across app processes; a person joins
 * with their first tab and leaves with their last. A newcomer gets the full list
 * (`presence-list`); arrivals and departures are then announced together, a few times a second
 * at most (`presence`, see presence.ts).
 */
export function liveRoom(
  deps: AppDeps,
  service: MeetingService,
  repo: MeetingRepository,
  opts: { presenceIntervalMs?: number; log?: { error(o: unknown, m?: string): void } } = {},
) {
  const db = deps.db;
  const hub = deps.realtime;
  const presence = presenceAnnouncer({
    hub,
    repo,
    cutoff: () => service.presenceCutoff(),
    intervalMs: opts.presenceIntervalMs,
    log: opts.log,
  });

  // Keep this process's presence rows fresh; rows of a process that died go stale.
  const stopHeartbeat = hub.onHeartbeat(async () => {
    await db
      .updateTable('meeting_presence')
      .set({ seen_at: nowIso() })
      .where('process', '=', hub.origin)
      .execute();
  });

  async function open(request: FastifyRequest, reply: FastifyReply, m: MeetingWithGroup, actor: Actor) {
    const lastEventId = request.headers['last-event-id'];
    const after =
      intParam(typeof lastEventId === 'string' ? lastEventId : undefined) ??
      intParam((request.query as Record<string, unknown>)?.after);
    await hub.stream(request, reply, [meetingChannel(m.id)], {
      retryMs: 3000,
      prepare: async (stream) => {
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
        // Tabs are counted after this one is in (and after a closing one is out, below): when one
        // tab opens as another closes, at least one of them sees the other's change.
        const tabs = await repo.openStreams(m.id, actor.id, service.presenceCutoff());
        if (tabs <= 1) presence.changed(m.id, actor.id);
        stream.send('presence-list', { people: await presence.list(m.id) });
        if (after !== null) {
          for (const msg of await repo.messages(m.id, { limit: CATCH_UP, after })) {
            stream.send('message', messageJson(msg), msg.id);
          }
        }
      },
      onClose: async (stream) => {
        await db.deleteFrom('meeting_presence').where('id', '=', stream.id).execute();
        const left = await repo.openStreams(m.id, actor.id, service.presenceCutoff());
        if (left === 0) presence.changed(m.id, actor.id);
      },
    });
  }

  /** The app is closing: its streams are gone, and so is their presence. */
  async function close() {
    stopHeartbeat();
    await presence.close();
    await db.deleteFrom('meeting_presence').where('process', '=', hub.origin).execute();
  }

  return { open, close };
}
