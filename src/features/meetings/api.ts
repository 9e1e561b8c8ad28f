import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppDeps } from '../../app.ts';
import { nowIso } from '../../db/dialect.ts';
import { NotFoundError } from '../../platform/http/errors.ts';
import { requireActor } from '../../platform/http/guards.ts';
import { parseLocalized, pick } from '../../platform/i18n/format.ts';
import { meetingsCalendar } from './calendar.ts';
import {
  endsAt,
  MAX_AGENDA,
  MAX_DURATION,
  MAX_MESSAGE,
  MAX_TITLE,
  MESSAGES_SHOWN,
  MIN_DURATION,
  videoUrl,
} from './model.ts';
import type { MeetingRepository, MeetingWithGroup } from './repository.ts';
import {
  inputFromMeeting,
  type MeetingAccess,
  type MeetingInput,
  type MeetingService,
  messageJson,
} from './service.ts';
import { utcToLocalInput } from './time.ts';

const TAGS = ['meetings'];

const localizedSchema = {
  type: 'object',
  properties: {
    en: { type: 'string' },
    es: { type: 'string' },
    fr: { type: 'string' },
    pt: { type: 'string' },
  },
} as const;

const meetingSchema = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    groupId: { type: 'integer' },
    title: localizedSchema,
    agenda: { ...localizedSchema, description: 'Markdown' },
    origLocale: { type: 'string' },
    startsAt: { type: 'string', format: 'date-time', description: 'UTC' },
    endsAt: { type: 'string', format: 'date-time', description: 'UTC' },
    hostTimezone: { type: 'string', description: 'IANA time zone of the host' },
    localStart: { type: 'string', description: 'Start in the host time zone (YYYY-MM-DDTHH:mm)' },
    durationMinutes: { type: 'integer' },
    capacity: { type: ['integer', 'null'] },
    status: { type: 'string', enum: ['scheduled', 'cancelled'] },
    registered: { type: 'integer' },
    waitlisted: { type: 'integer' },
    registration: {
      type: ['string', 'null'],
      enum: ['registered', 'waitlisted', null],
      description: 'The caller’s registration',
    },
    videoUrl: {
      type: ['string', 'null'],
      description: 'The video room, for registered people and those who run the meeting',
    },
    embedVideo: { type: 'boolean' },
    minutes: { ...localizedSchema, description: 'Markdown, once published' },
    minutesPublishedAt: { type: ['string', 'null'] },
    url: { type: 'string' },
    icsUrl: { type: 'string' },
  },
} as const;

const messageSchema = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    userId: { type: 'integer' },
    name: { type: 'string' },
    country: { type: ['string', 'null'] },
    body: { type: 'string' },
    createdAt: { type: 'string' },
  },
} as const;

const idParams = {
  type: 'object',
  properties: { id: { type: 'integer', minimum: 1 } },
  required: ['id'],
} as const;

const errorResponses = {
  401: { description: 'Not signed in', type: 'object', additionalProperties: true },
  403: { description: 'Not allowed', type: 'object', additionalProperties: true },
  404: {
    description: 'No such meeting (or hidden from the caller)',
    type: 'object',
    additionalProperties: true,
  },
  409: { description: 'The meeting is cancelled or over', type: 'object', additionalProperties: true },
  422: {
    description: 'Invalid input, with one message per field',
    type: 'object',
    additionalProperties: true,
  },
} as const;

interface MeetingBody {
  title?: string;
  agenda?: string;
  origLocale?: string;
  start?: string;
  startsAt?: string;
  timezone?: string;
  durationMinutes?: number;
  capacity?: number | null;
  embedVideo?: boolean;
}

const meetingBodySchema = {
  type: 'object',
  properties: {
    title: { type: 'string', maxLength: MAX_TITLE * 2 },
    agenda: { type: 'string', maxLength: MAX_AGENDA * 2, description: 'Markdown' },
    origLocale: {
      type: 'string',
      enum: ['en', 'es', 'fr', 'pt'],
      description: 'Language of title and agenda',
    },
    start: {
      type: 'string',
      description: 'Local date and time in `timezone` (YYYY-MM-DDTHH:mm); or give `startsAt`',
    },
    startsAt: {
      type: 'string',
      format: 'date-time',
      description: 'The start as an instant (UTC or with offset)',
    },
    timezone: { type: 'string', description: 'IANA time zone of the host, e.g. America/Montevideo' },
    durationMinutes: { type: 'integer', minimum: MIN_DURATION, maximum: MAX_DURATION },
    capacity: { type: ['integer', 'null'], minimum: 1, description: 'Seats; null for no limit' },
    embedVideo: { type: 'boolean', description: 'Embed the video room in the live page' },
  },
  required: ['title', 'timezone', 'durationMinutes'],
  additionalProperties: false,
} as const;

function inputFromBody(body: MeetingBody, fallbackLocale: string): MeetingInput {
  const tz = body.timezone ?? '';
  let start = body.start ?? '';
  if (!start && body.startsAt && !Number.isNaN(Date.parse(body.startsAt))) {
    try {
      start = utcToLocalInput(new Date(body.startsAt).toISOString(), tz);
    } catch {
      start = '';
    }
  }
  return {
    title: body.title ?? '',
    agenda: body.agenda ?? '',
    origLocale: body.origLocale ?? fallbackLocale,
    start,
    timezone: tz,
    duration: body.durationMinutes === undefined ? '' : String(body.durationMinutes),
    capacity: body.capacity == null ? '' : String(body.capacity),
    embedVideo: body.embedVideo === true,
  };
}

export async function meetingsApi(
  app: FastifyInstance,
  opts: { deps: AppDeps; service: MeetingService; repo: MeetingRepository },
) {
  const { deps, service, repo } = opts;

  async function meetingOr404(id: number): Promise<MeetingWithGroup> {
    const m = await repo.byId(id);
    if (!m) throw new NotFoundError();
    return m;
  }

  async function meetingJson(request: FastifyRequest, m: MeetingWithGroup, access?: MeetingAccess) {
    const acc = access ?? (await service.access(request.actor, m));
    const counts = (await repo.counts([m.id])).get(m.id)!;
    return {
      id: m.id,
      groupId: m.group_id,
      title: parseLocalized(m.title),
      agenda: parseLocalized(m.agenda),
      origLocale: m.orig_locale,
      startsAt: m.starts_at,
      endsAt: endsAt(m),
      hostTimezone: m.host_tz,
      localStart: utcToLocalInput(m.starts_at, m.host_tz),
      durationMinutes: m.duration_minutes,
      capacity: m.capacity,
      status: m.status,
      registered: counts.registered,
      waitlisted: counts.waitlisted,
      registration: acc.registration,
      videoUrl: acc.canEnterLive ? videoUrl(deps.config.jitsiBaseUrl, m.video_room) : null,
      embedVideo: m.embed_video === 1,
      minutes: m.minutes_published_at ? parseLocalized(m.minutes) : {},
      minutesPublishedAt: m.minutes_published_at,
      url: `/${request.locale}/meetings/${m.id}`,
      icsUrl: `/api/v1/meetings/${m.id}.ics`,
    };
  }

  app.get<{ Params: { id: number }; Querystring: { when?: 'upcoming' | 'past' } }>(
    '/api/v1/study-groups/:id/meetings',
    {
      schema: {
        tags: TAGS,
        summary: 'Meetings of a study group',
        params: idParams,
        querystring: {
          type: 'object',
          properties: { when: { type: 'string', enum: ['upcoming', 'past'], default: 'upcoming' } },
        },
        response: {
          200: { type: 'object', properties: { items: { type: 'array', items: meetingSchema } } },
          404: errorResponses[404],
        },
      },
    },
    async (request) => {
      const group = await deps.db
        .selectFrom('study_groups')
        .select('id')
        .where('id', '=', request.params.id)
        .where('deleted_at', 'is', null)
        .executeTakeFirst();
      if (!group) throw new NotFoundError();
      const now = nowIso();
      const meetings =
        request.query.when === 'past'
          ? await repo.past({ now, groupId: group.id, offset: 0, limit: 100 })
          : await repo.upcoming({ now, groupId: group.id, limit: 100 });
      return { items: await Promise.all(meetings.map((m) => meetingJson(request, m))) };
    },
  );

  app.post<{ Params: { id: number }; Body: MeetingBody }>(
    '/api/v1/study-groups/:id/meetings',
    {
      schema: {
        tags: TAGS,
        summary: 'Schedule a meeting (the group’s moderator or the Secretariat)',
        description:
          'The start is a local date and time in the host’s IANA time zone (`start` + `timezone`), or an instant (`startsAt`). Group members are notified; registered people get a reminder 24 hours before.',
        params: idParams,
        body: meetingBodySchema,
        response: { 201: meetingSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const id = await service.schedule(
        actor,
        request.params.id,
        inputFromBody(request.body, request.locale),
      );
      return reply.code(201).send(await meetingJson(request, await meetingOr404(id)));
    },
  );

  app.get<{ Params: { id: number } }>(
    '/api/v1/meetings/:id',
    {
      schema: {
        tags: TAGS,
        summary: 'A meeting',
        params: idParams,
        response: { 200: meetingSchema, 404: errorResponses[404] },
      },
    },
    async (request) => meetingJson(request, await meetingOr404(request.params.id)),
  );

  app.patch<{ Params: { id: number }; Body: MeetingBody }>(
    '/api/v1/meetings/:id',
    {
      schema: {
        tags: TAGS,
        summary: 'Change or move a meeting (the group’s moderator or the Secretariat)',
        params: idParams,
        body: { ...meetingBodySchema, required: [] },
        response: { 200: meetingSchema, ...errorResponses },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const m = await meetingOr404(request.params.id);
      if (!service.canManage(actor, m)) throw new NotFoundError();
      const current = inputFromMeeting(m);
      const patch = inputFromBody(request.body, m.orig_locale);
      const b = request.body;
      const input: MeetingInput = {
        title: b.title !== undefined ? patch.title : current.title,
        agenda: b.agenda !== undefined ? patch.agenda : current.agenda,
        origLocale: b.origLocale !== undefined ? patch.origLocale : current.origLocale,
        timezone: b.timezone !== undefined ? patch.timezone : current.timezone,
        start:
          b.start !== undefined || b.startsAt !== undefined
            ? inputFromBody({ ...b, timezone: b.timezone ?? current.timezone }, m.orig_locale).start
            : b.timezone !== undefined
              ? utcToLocalInput(m.starts_at, b.timezone)
              : current.start,
        duration: b.durationMinutes !== undefined ? patch.duration : current.duration,
        capacity: b.capacity !== undefined ? patch.capacity : current.capacity,
        embedVideo: b.embedVideo !== undefined ? patch.embedVideo : current.embedVideo,
      };
      await service.update(actor, m.id, input);
      return meetingJson(request, await meetingOr404(m.id));
    },
  );

  app.delete<{ Params: { id: number } }>(
    '/api/v1/meetings/:id',
    {
      schema: {
        tags: TAGS,
        summary:
          'Delete a meeting (the group’s moderator or the Secretariat; the Secretariat can restore it)',
        description:
          'The meeting leaves its page, the group’s lists, the search and the calendar feeds, and its live room lets nobody in. Those registered for a meeting still ahead are told it is cancelled.',
        params: idParams,
        response: {
          204: { type: 'null', description: 'Deleted' },
          401: errorResponses[401],
          403: errorResponses[403],
          404: errorResponses[404],
        },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      await service.remove(actor, request.params.id);
      return reply.code(204).send();
    },
  );

  app.post<{ Params: { id: number } }>(
    '/api/v1/meetings/:id/restore',
    {
      schema: {
        tags: TAGS,
        summary: 'Restore a deleted meeting (Secretariat)',
        description: 'It is back on its page, in the group’s lists, the search and the calendar feeds.',
        params: idParams,
        response: {
          200: meetingSchema,
          401: errorResponses[401],
          403: errorResponses[403],
          404: errorResponses[404],
        },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      await service.restore(actor, request.params.id);
      return meetingJson(request, await meetingOr404(request.params.id));
    },
  );

  app.get<{ Params: { id: number } }>(
    '/api/v1/meetings/:id.ics',
    {
      schema: {
        tags: TAGS,
        summary: 'A meeting as an iCalendar file',
        params: idParams,
        produces: ['text/calendar'],
        response: { 200: { description: 'text/calendar', type: 'string' }, 404: errorResponses[404] },
      },
    },
    async (request, reply) => {
      const m = await meetingOr404(request.params.id);
      const access = await service.access(request.actor, m);
      const body = meetingsCalendar([m], {
        name: pick(m.title, request.locale, m.orig_locale).text,
        locale: request.locale,
        t: request.t,
        baseUrl: deps.config.baseUrl,
        jitsiBaseUrl: deps.config.jitsiBaseUrl,
        withVideo: () => access.canEnterLive,
      });
      reply.header('cache-control', request.actor ? 'private, no-store' : 'public, max-age=300');
      reply.header('content-disposition', `attachment; filename="meeting-${m.id}.ics"`);
      return reply.type('text/calendar; charset=utf-8').send(body);
    },
  );

  const registrationResponse = {
    type: 'object',
    properties: {
      registration: { type: ['string', 'null'], enum: ['registered', 'waitlisted', null] },
      registered: { type: 'integer' },
      waitlisted: { type: 'integer' },
    },
  } as const;

  async function registrationJson(request: FastifyRequest, id: number) {
    const m = await meetingOr404(id);
    const acc = await service.access(request.actor, m);
    const counts = (await repo.counts([id])).get(id)!;
    return { registration: acc.registration, registered: counts.registered, waitlisted: counts.waitlisted };
  }

  app.post<{ Params: { id: number } }>(
    '/api/v1/meetings/:id/register',
    {
      schema: {
        tags: TAGS,
        summary: 'Register for a meeting (members of the group)',
        description: 'When every seat is taken, the caller goes on the waiting list.',
        params: idParams,
        response: { 200: registrationResponse, ...errorResponses },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      await service.register(actor, request.params.id);
      return registrationJson(request, request.params.id);
    },
  );

  app.delete<{ Params: { id: number } }>(
    '/api/v1/meetings/:id/register',
    {
      schema: {
        tags: TAGS,
        summary: 'Cancel one’s registration',
        description: 'The first person on the waiting list takes the seat.',
        params: idParams,
        response: { 200: registrationResponse, ...errorResponses },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      await service.unregister(actor, request.params.id);
      return registrationJson(request, request.params.id);
    },
  );

  app.get<{ Params: { id: number }; Querystring: { after?: number } }>(
    '/api/v1/meetings/:id/messages',
    {
      schema: {
        tags: TAGS,
        summary: 'The live room’s conversation (registered people and those who run the meeting)',
        params: idParams,
        querystring: { type: 'object', properties: { after: { type: 'integer', minimum: 0 } } },
        response: {
          200: { type: 'object', properties: { items: { type: 'array', items: messageSchema } } },
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const m = await meetingOr404(request.params.id);
      if (!(await service.access(actor, m)).canEnterLive) throw new NotFoundError();
      const rows =
        request.query.after !== undefined
          ? await repo.messages(m.id, { limit: 500, after: request.query.after })
          : await repo.messages(m.id, { limit: MESSAGES_SHOWN });
      return { items: rows.map(messageJson) };
    },
  );

  app.post<{ Params: { id: number }; Body: { body: string } }>(
    '/api/v1/meetings/:id/messages',
    {
      schema: {
        tags: TAGS,
        summary: 'Post a message in the live room',
        description: 'Everyone with the live room open receives it at once (Server-Sent Events).',
        params: idParams,
        body: {
          type: 'object',
          properties: { body: { type: 'string', maxLength: MAX_MESSAGE * 2 } },
          required: ['body'],
          additionalProperties: false,
        },
        response: { 201: messageSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const msg = await service.postMessage(actor, request.params.id, request.body.body);
      return reply.code(201).send(messageJson(msg));
    },
  );

  app.put<{ Params: { id: number }; Body: { minutes: string; locale: string } }>(
    '/api/v1/meetings/:id/minutes',
    {
      schema: {
        tags: TAGS,
        summary:
          'Publish the minutes (the group’s moderator or the Secretariat, once the meeting has started)',
        params: idParams,
        body: {
          type: 'object',
          properties: {
            minutes: { type: 'string', description: 'Markdown' },
            locale: { type: 'string', enum: ['en', 'es', 'fr', 'pt'] },
          },
          required: ['minutes', 'locale'],
          additionalProperties: false,
        },
        response: { 200: meetingSchema, ...errorResponses },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      await service.saveMinutes(actor, request.params.id, {
        text: request.body.minutes,
        locale: request.body.locale,
      });
      return meetingJson(request, await meetingOr404(request.params.id));
    },
  );

  app.put<{ Params: { id: number }; Body: { userIds: number[] } }>(
    '/api/v1/meetings/:id/attendance',
    {
      schema: {
        tags: TAGS,
        summary: 'Record who attended (the group’s moderator or the Secretariat)',
        description:
          'Replaces the record with exactly these people, among those registered and those seen in the live room.',
        params: idParams,
        body: {
          type: 'object',
          properties: { userIds: { type: 'array', items: { type: 'integer', minimum: 1 }, maxItems: 10000 } },
          required: ['userIds'],
          additionalProperties: false,
        },
        response: {
          200: {
            type: 'object',
            properties: {
              attended: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: {
                    userId: { type: 'integer' },
                    name: { type: 'string' },
                    source: { type: 'string', enum: ['live', 'moderator'] },
                  },
                },
              },
            },
          },
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      await service.setAttendance(actor, request.params.id, request.body.userIds);
      const rows = await repo.attendance(request.params.id);
      return { attended: rows.map((r) => ({ userId: r.user_id, name: r.name, source: r.source })) };
    },
  );
}
