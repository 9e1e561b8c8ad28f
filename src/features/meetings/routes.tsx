import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppDeps } from '../../app.ts';
import { nowIso } from '../../db/dialect.ts';
import { type Actor, actorFromUser } from '../../platform/auth/actor.ts';
import { can } from '../../platform/auth/policy.ts';
import { NotFoundError, ValidationError } from '../../platform/http/errors.ts';
import { bool, intParam, list, str } from '../../platform/http/form.ts';
import { loginRedirect } from '../../platform/http/guards.ts';
import { redirectLocal, render } from '../../platform/http/render.tsx';
import { translator } from '../../platform/i18n/catalog.ts';
import { pick } from '../../platform/i18n/format.ts';
import { isLocale } from '../../platform/i18n/locales.ts';
import { studyGroupRepository } from '../study-groups/repository.ts';
import { meetingsApi } from './api.ts';
import { meetingsCalendar } from './calendar.ts';
import { liveRoom } from './live.ts';
import { hasStarted, MESSAGES_SHOWN, PAGE_SIZE, REMINDER_JOB, videoUrl } from './model.ts';
import './notify.ts';
import { type MeetingWithGroup, meetingRepository } from './repository.ts';
import './section.tsx';
import { inputFromMeeting, type MeetingAccess, type MeetingInput, meetingService } from './service.ts';
import { MeetingFormPage } from './views/form.tsx';
import { MeetingsIndexPage } from './views/list.tsx';
import { LivePage } from './views/live.tsx';
import { MeetingPage } from './views/meeting.tsx';
import { utcToLocalInput } from './time.ts';
import { AttendancePage, MinutesPage } from './views/minutes.tsx';
import { DeletedMeetingsPage, MeetingDeletePage } from './views/delete.tsx';

type IdParams = { Params: { locale: string; id: string } };

const NOTICES = new Set([
  'saved',
  'scheduled',
  'registered',
  'waitlisted',
  'unregistered',
  'cancelled',
  'minutes',
  'attendance',
  'feedReset',
  'deleted',
  'restored',
]);

function noticeFrom(query: unknown): string | undefined {
  const n = (query as Record<string, unknown> | undefined)?.done;
  return typeof n === 'string' && NOTICES.has(n) ? n : undefined;
}

function meetingInputFrom(body: unknown): MeetingInput {
  return {
    title: str(body, 'title'),
    agenda: str(body, 'agenda'),
    origLocale: str(body, 'orig_locale'),
    start: str(body, 'start'),
    timezone: str(body, 'timezone'),
    duration: str(body, 'duration'),
    capacity: str(body, 'capacity'),
    embedVideo: bool(body, 'embed_video'),
  };
}

/** How long calendar apps may keep a feed before asking again. */
const FEED_MAX_AGE = 900;

/** Distance meetings of study groups: pages, the live room, calendars, reminders, and the API. */
export async function meetingsRoutes(app: FastifyInstance, { deps }: { deps: AppDeps }) {
  const repo = meetingRepository(deps.db);
  const groups = studyGroupRepository(deps.db);
  const service = meetingService({ db: deps.db, realtime: deps.realtime, log: app.log });
  const live = liveRoom(deps, service, repo, { log: app.log });
  app.addHook('onClose', async () => live.close());

  deps.jobs.register(REMINDER_JOB, async (payload: { meetingId: number; startsAt: string }) => {
    await service.sendReminder(payload);
  });

  await app.register(meetingsApi, { deps, service, repo });

  async function meetingOr404(idParam: string): Promise<MeetingWithGroup> {
    const id = intParam(idParam);
    const m = id === null ? undefined : await repo.byId(id);
    if (!m) throw new NotFoundError();
    return m;
  }

  /** The signed-in actor, or null after sending the visitor to sign in. */
  function signedIn(request: FastifyRequest, reply: FastifyReply): Actor | null {
    if (request.actor) return request.actor;
    reply.redirect(loginRedirect(request), 303);
    return null;
  }

  function icsReply(reply: FastifyReply, body: string, filename: string, cache: string) {
    reply.header('cache-control', cache);
    reply.header('content-disposition', `attachment; filename="${filename}"`);
    return reply.type('text/calendar; charset=utf-8').send(body);
  }

  function calendarFor(
    request: FastifyRequest,
    name: string,
    meetings: MeetingWithGroup[],
    video: (m: MeetingWithGroup) => boolean,
  ) {
    return meetingsCalendar(meetings, {
      name,
      locale: request.locale,
      t: request.t,
      baseUrl: deps.config.baseUrl,
      jitsiBaseUrl: deps.config.jitsiBaseUrl,
      withVideo: video,
      ttlSeconds: FEED_MAX_AGE,
    });
  }

  async function videoAllowed(actor: Actor | null, meetings: MeetingWithGroup[]): Promise<Set<number>> {
    const out = new Set<number>();
    if (!actor) return out;
    for (const m of meetings) if ((await service.access(actor, m)).canEnterLive) out.add(m.id);
    return out;
  }

  // The list of meetings, with the reader's own and their calendar feed

  app.get('/:locale/meetings', { schema: { hide: true } }, async (request, reply) => {
    const q = request.query as Record<string, unknown>;
    const groupId = intParam(q.group) ?? undefined;
    const now = nowIso();
    const total = await repo.countPast({ now, groupId });
    const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
    const page = Math.min(Math.max(1, intParam(q.page) ?? 1), pages);
    const [upcoming, past] = await Promise.all([
      repo.upcoming({ now, groupId, limit: 100 }),
      repo.past({ now, groupId, offset: (page - 1) * PAGE_SIZE, limit: PAGE_SIZE }),
    ]);
    const actor = request.actor;
    const mine = actor ? await repo.myUpcoming(actor.id, now) : null;
    const token = actor ? await service.calendarToken(actor) : null;
    return render(
      request,
      reply,
      <MeetingsIndexPage
        upcoming={upcoming}
        counts={await repo.counts(upcoming.map((m) => m.id))}
        mine={mine}
        past={past}
        page={page}
        pages={pages}
        feedUrl={token ? `${deps.config.baseUrl}/calendar/users/${token}.ics?locale=${request.locale}` : null}
        showDeleted={can(actor, 'meeting.restore')}
        notice={noticeFrom(request.query)}
      />,
    );
  });

  // Deleted meetings: the Secretariat's list, to restore them

  app.get('/:locale/meetings/deleted', { schema: { hide: true } }, async (request, reply) => {
    const actor = signedIn(request, reply);
    if (!actor) return reply;
    if (!can(actor, 'meeting.restore')) throw new NotFoundError();
    const total = await repo.countDeleted();
    const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
    const q = request.query as Record<string, unknown>;
    const page = Math.min(Math.max(1, intParam(q.page) ?? 1), pages);
    const meetings = await repo.deleted({ offset: (page - 1) * PAGE_SIZE, limit: PAGE_SIZE });
    return render(request, reply, <DeletedMeetingsPage meetings={meetings} page={page} pages={pages} />);
  });

  app.post('/:locale/meetings/calendar-token', { schema: { hide: true } }, async (request, reply) => {
    const actor = signedIn(request, reply);
    if (!actor) return reply;
    await service.resetCalendarToken(actor);
    return redirectLocal(request, reply, '/meetings?done=feedReset');
  });

  // Scheduling

  async function groupOr404(idParam: string) {
    const id = intParam(idParam);
    const group = id === null ? undefined : await groups.byId(id);
    if (!group) throw new NotFoundError();
    return group;
  }

  app.get<IdParams>(
    '/:locale/study-groups/:id/meetings/new',
    { schema: { hide: true } },
    async (request, reply) => {
      const actor = signedIn(request, reply);
      if (!actor) return reply;
      const group = await groupOr404(request.params.id);
      const zone = actor.timezone || 'UTC';
      // A week from now, on the hour, in the host's zone: a starting point to change.
      const nextWeek = new Date(Date.now() + 7 * 86400_000);
      nextWeek.setUTCMinutes(0, 0, 0);
      const values: MeetingInput = {
        title: '',
        agenda: '',
        origLocale: request.locale,
        start: utcToLocalInput(nextWeek.toISOString(), zone),
        timezone: zone,
        duration: '90',
        capacity: '',
        embedVideo: false,
      };
      if (!can(actor, 'meeting.schedule', { ownerId: group.moderator_id })) throw new NotFoundError();
      return render(
        request,
        reply,
        <MeetingFormPage
          mode="new"
          action={`/study-groups/${group.id}/meetings/new`}
          group={group}
          values={values}
        />,
      );
    },
  );

  app.post<IdParams>(
    '/:locale/study-groups/:id/meetings/new',
    { schema: { hide: true } },
    async (request, reply) => {
      const actor = signedIn(request, reply);
      if (!actor) return reply;
      const group = await groupOr404(request.params.id);
      const values = meetingInputFrom(request.body);
      try {
        const id = await service.schedule(actor, group.id, values);
        return redirectLocal(request, reply, `/meetings/${id}?done=scheduled`);
      } catch (err) {
        if (!(err instanceof ValidationError)) throw err;
        return render(
          request,
          reply,
          <MeetingFormPage
            mode="new"
            action={`/study-groups/${group.id}/meetings/new`}
            group={group}
            values={values}
            errors={err.errors}
          />,
          422,
        );
      }
    },
  );

  // The meeting page (and its .ics)

  app.get<IdParams>('/:locale/meetings/:id.ics', { schema: { hide: true } }, async (request, reply) => {
    const m = await meetingOr404(request.params.id);
    const access = await service.access(request.actor, m);
    const title = pick(m.title, request.locale, m.orig_locale).text;
    return icsReply(
      reply,
      calendarFor(request, title, [m], () => access.canEnterLive),
      `meeting-${m.id}.ics`,
      request.actor ? 'private, no-store' : 'public, max-age=300',
    );
  });

  app.get<IdParams>('/:locale/meetings/:id', { schema: { hide: true } }, async (request, reply) => {
    const id = intParam(request.params.id);
    const deleted =
      id !== null && can(request.actor, 'meeting.restore') ? await repo.byIdWithDeleted(id) : undefined;
    // A deleted meeting's page is gone, except for the Secretariat, who may restore it.
    if (deleted?.deleted_at) {
      const none: MeetingAccess = {
        canManage: false,
        canDelete: false,
        isMember: false,
        registration: null,
        canRegister: false,
        canEnterLive: false,
      };
      return render(
        request,
        reply,
        <MeetingPage
          m={deleted}
          access={none}
          counts={(await repo.counts([deleted.id])).get(deleted.id)!}
          registrations={null}
          attendance={null}
          videoUrl={null}
          canRestore
          notice={noticeFrom(request.query)}
        />,
      );
    }
    const m = await meetingOr404(request.params.id);
    const access = await service.access(request.actor, m);
    const [counts, registrations, attendance] = await Promise.all([
      repo.counts([m.id]),
      access.canManage ? repo.registrations(m.id) : Promise.resolve(null),
      access.canManage || access.isMember ? repo.attendance(m.id) : Promise.resolve(null),
    ]);
    return render(
      request,
      reply,
      <MeetingPage
        m={m}
        access={access}
        counts={counts.get(m.id)!}
        registrations={registrations}
        attendance={attendance}
        videoUrl={access.canEnterLive ? videoUrl(deps.config.jitsiBaseUrl, m.video_room) : null}
        notice={noticeFrom(request.query)}
      />,
    );
  });

  async function managed(request: FastifyRequest<IdParams>, reply: FastifyReply) {
    const actor = signedIn(request, reply);
    if (!actor) return null;
    const m = await meetingOr404(request.params.id);
    // Those who may not run the meeting do not learn that these pages exist.
    if (!service.canManage(actor, m)) throw new NotFoundError();
    return { actor, m };
  }

  function groupOf(m: MeetingWithGroup) {
    return { id: m.group_id, title: m.group_title, orig_locale: m.group_orig_locale };
  }

  app.get<IdParams>('/:locale/meetings/:id/edit', { schema: { hide: true } }, async (request, reply) => {
    const ok = await managed(request, reply);
    if (!ok) return reply;
    return render(
      request,
      reply,
      <MeetingFormPage
        mode="edit"
        action={`/meetings/${ok.m.id}/edit`}
        group={groupOf(ok.m)}
        meetingId={ok.m.id}
        values={inputFromMeeting(ok.m)}
      />,
    );
  });

  app.post<IdParams>('/:locale/meetings/:id/edit', { schema: { hide: true } }, async (request, reply) => {
    const actor = signedIn(request, reply);
    if (!actor) return reply;
    const m = await meetingOr404(request.params.id);
    const values = meetingInputFrom(request.body);
    try {
      await service.update(actor, m.id, values);
      return redirectLocal(request, reply, `/meetings/${m.id}?done=saved`);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      return render(
        request,
        reply,
        <MeetingFormPage
          mode="edit"
          action={`/meetings/${m.id}/edit`}
          group={groupOf(m)}
          meetingId={m.id}
          values={values}
          errors={err.errors}
        />,
        422,
      );
    }
  });

  // Deleting (after a page that asks first) and restoring

  app.get<IdParams>('/:locale/meetings/:id/delete', { schema: { hide: true } }, async (request, reply) => {
    const actor = signedIn(request, reply);
    if (!actor) return reply;
    const m = await meetingOr404(request.params.id);
    if (!service.canDelete(actor, m)) throw new NotFoundError();
    return render(request, reply, <MeetingDeletePage m={m} />);
  });

  app.post<IdParams>('/:locale/meetings/:id/delete', { schema: { hide: true } }, async (request, reply) => {
    const actor = signedIn(request, reply);
    if (!actor) return reply;
    const m = await meetingOr404(request.params.id);
    await service.remove(actor, m.id);
    return redirectLocal(request, reply, '/meetings?done=deleted');
  });

  app.post<IdParams>('/:locale/meetings/:id/restore', { schema: { hide: true } }, async (request, reply) => {
    const actor = signedIn(request, reply);
    if (!actor) return reply;
    const id = intParam(request.params.id);
    if (id === null) throw new NotFoundError();
    await service.restore(actor, id);
    return redirectLocal(request, reply, `/meetings/${id}?done=restored`);
  });

  app.post<IdParams>('/:locale/meetings/:id/cancel', { schema: { hide: true } }, async (request, reply) => {
    const actor = signedIn(request, reply);
    if (!actor) return reply;
    const m = await meetingOr404(request.params.id);
    await service.cancel(actor, m.id);
    return redirectLocal(request, reply, `/meetings/${m.id}?done=cancelled`);
  });

  // Registration

  app.post<IdParams>('/:locale/meetings/:id/register', { schema: { hide: true } }, async (request, reply) => {
    const actor = signedIn(request, reply);
    if (!actor) return reply;
    const m = await meetingOr404(request.params.id);
    const status = await service.register(actor, m.id);
    return redirectLocal(request, reply, `/meetings/${m.id}?done=${status}`);
  });

  app.post<IdParams>(
    '/:locale/meetings/:id/unregister',
    { schema: { hide: true } },
    async (request, reply) => {
      const actor = signedIn(request, reply);
      if (!actor) return reply;
      const m = await meetingOr404(request.params.id);
      await service.unregister(actor, m.id);
      return redirectLocal(request, reply, `/meetings/${m.id}?done=unregistered`);
    },
  );

  // The live room

  async function liveAccess(
    request: FastifyRequest<IdParams>,
  ): Promise<{ m: MeetingWithGroup; access: MeetingAccess }> {
    const m = await meetingOr404(request.params.id);
    const access = await service.access(request.actor, m);
    if (!access.canEnterLive) throw new NotFoundError();
    return { m, access };
  }

  async function renderLive(
    request: FastifyRequest<IdParams>,
    reply: FastifyReply,
    m: MeetingWithGroup,
    opts: { draft?: string; errors?: ValidationError } = {},
  ) {
    const before = intParam((request.query as Record<string, unknown>)?.before) ?? undefined;
    const messages = await repo.messages(m.id, { limit: MESSAGES_SHOWN + 1, before });
    const earlier = messages.length > MESSAGES_SHOWN;
    const shown = earlier ? messages.slice(1) : messages;
    return render(
      request,
      reply,
      <LivePage
        m={m}
        messages={shown}
        earlierBefore={earlier ? shown[0]!.id : null}
        present={await repo.present(m.id, service.presenceCutoff())}
        videoUrl={videoUrl(deps.config.jitsiBaseUrl, m.video_room)}
        draft={opts.draft}
        errors={opts.errors?.errors}
      />,
      opts.errors ? 422 : 200,
    );
  }

  app.get<IdParams>('/:locale/meetings/:id/live', { schema: { hide: true } }, async (request, reply) => {
    if (!signedIn(request, reply)) return reply;
    const { m } = await liveAccess(request);
    return renderLive(request, reply, m);
  });

  app.post<IdParams>('/:locale/meetings/:id/messages', { schema: { hide: true } }, async (request, reply) => {
    const actor = signedIn(request, reply);
    if (!actor) return reply;
    const { m } = await liveAccess(request);
    const body = str(request.body, 'body');
    try {
      const msg = await service.postMessage(actor, m.id, body);
      return reply.redirect(`/${request.locale}/meetings/${m.id}/live#m-${msg.id}`, 303);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      return renderLive(request, reply, m, { draft: body, errors: err });
    }
  });

  app.get<IdParams>('/meetings/:id/events', { schema: { hide: true } }, async (request, reply) => {
    const actor = request.actor;
    if (!actor) throw new NotFoundError();
    const { m } = await liveAccess(request);
    await live.open(request, reply, m, actor);
    return reply;
  });

  // After the meeting: minutes and attendance

  app.get<IdParams>('/:locale/meetings/:id/minutes', { schema: { hide: true } }, async (request, reply) => {
    const ok = await managed(request, reply);
    if (!ok) return reply;
    const { m, actor } = ok;
    const locale = m.minutes_locale ?? actor.locale;
    const minutes = JSON.parse(m.minutes) as Record<string, string>;
    return render(request, reply, <MinutesPage m={m} values={{ minutes: minutes[locale] ?? '', locale }} />);
  });

  app.post<IdParams>('/:locale/meetings/:id/minutes', { schema: { hide: true } }, async (request, reply) => {
    const ok = await managed(request, reply);
    if (!ok) return reply;
    const values = { minutes: str(request.body, 'minutes'), locale: str(request.body, 'minutes_locale') };
    try {
      await service.saveMinutes(ok.actor, ok.m.id, { text: values.minutes, locale: values.locale });
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      return render(
        request,
        reply,
        <MinutesPage
          m={ok.m}
          values={{ ...values, locale: isLocale(values.locale) ? values.locale : request.locale }}
          errors={err.errors}
        />,
        422,
      );
    }
    return redirectLocal(request, reply, `/meetings/${ok.m.id}?done=minutes`);
  });

  async function attendancePeople(m: MeetingWithGroup) {
    const [registrations, attendance] = await Promise.all([repo.registrations(m.id), repo.attendance(m.id)]);
    const people = new Map<
      number,
      { user_id: number; name: string; country_iso3: string | null; registered: boolean; live: boolean }
    >();
    for (const r of registrations) {
      if (r.status === 'registered') people.set(r.user_id, { ...r, registered: true, live: false });
    }
    for (const a of attendance) {
      const p = people.get(a.user_id);
      if (p) p.live = a.source === 'live';
      else people.set(a.user_id, { ...a, registered: false, live: a.source === 'live' });
    }
    return {
      people: [...people.values()].sort((a, b) => a.name.localeCompare(b.name)),
      attended: new Set(attendance.map((a) => a.user_id)),
    };
  }

  app.get<IdParams>(
    '/:locale/meetings/:id/attendance',
    { schema: { hide: true } },
    async (request, reply) => {
      const ok = await managed(request, reply);
      if (!ok) return reply;
      if (!hasStarted(ok.m)) throw new NotFoundError();
      const { people, attended } = await attendancePeople(ok.m);
      return render(request, reply, <AttendancePage m={ok.m} people={people} attended={attended} />);
    },
  );

  app.post<IdParams>(
    '/:locale/meetings/:id/attendance',
    { schema: { hide: true } },
    async (request, reply) => {
      const ok = await managed(request, reply);
      if (!ok) return reply;
      const ids = list(request.body, 'attended').map((v) => intParam(v) ?? -1);
      try {
        await service.setAttendance(ok.actor, ok.m.id, ids);
      } catch (err) {
        if (!(err instanceof ValidationError)) throw err;
        const { people } = await attendancePeople(ok.m);
        return render(
          request,
          reply,
          <AttendancePage m={ok.m} people={people} attended={new Set(ids)} errors={err.errors} />,
          422,
        );
      }
      return redirectLocal(request, reply, `/meetings/${ok.m.id}?done=attendance`);
    },
  );

  // Calendar feeds

  app.get<{ Params: { locale: string; id: string } }>(
    '/:locale/study-groups/:id/calendar.ics',
    { schema: { hide: true } },
    async (request, reply) => {
      const group = await groupOr404(request.params.id);
      const since = new Date(Date.now() - 90 * 86400_000).toISOString();
      const meetings = await repo.forGroupFeed(group.id, since);
      const allowed = await videoAllowed(request.actor, meetings);
      return icsReply(
        reply,
        calendarFor(request, pick(group.title, request.locale, group.orig_locale).text, meetings, (m) =>
          allowed.has(m.id),
        ),
        `study-group-${group.id}.ics`,
        request.actor ? 'private, no-store' : `public, max-age=${FEED_MAX_AGE}`,
      );
    },
  );

  app.get<{ Params: { token: string } }>(
    '/calendar/users/:token.ics',
    { schema: { hide: true } },
    async (request, reply) => {
      const token = request.params.token;
      const user = /^[A-Za-z0-9_-]{16,64}$/.test(token) ? await repo.userByCalendarToken(token) : undefined;
      if (!user || user.deleted_at || user.status !== 'active') throw new NotFoundError();
      const q = request.query as Record<string, unknown>;
      const locale =
        typeof q.locale === 'string' && isLocale(q.locale)
          ? q.locale
          : isLocale(user.locale)
            ? user.locale
            : 'en';
      const since = new Date(Date.now() - 90 * 86400_000).toISOString();
      const meetings = await repo.forUserFeed(user.id, since);
      // The feed acts for its owner: the video address of meetings they may join is in it.
      const owner = await deps.db
        .selectFrom('users')
        .selectAll()
        .where('id', '=', user.id)
        .executeTakeFirstOrThrow();
      const allowed = await videoAllowed(actorFromUser(owner), meetings);
      request.locale = locale;
      request.t = translator(locale);
      return icsReply(
        reply,
        calendarFor(request, request.t('meetings.feed.name', { name: user.name }), meetings, (mm) =>
          allowed.has(mm.id),
        ),
        'sismel-meetings.ics',
        'private, max-age=0, no-store',
      );
    },
  );
}
