import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeUser } from '../../../test/factories.ts';
import { createTestApp, type Login, loginAs, type TestApp } from '../../../test/helpers.ts';
import type { User } from '../../db/schema.ts';
import { actorFromUser } from '../../platform/auth/actor.ts';
import { reindexAll } from '../search/feeds.ts';
import { studyGroupService } from '../study-groups/service.ts';
import { meetingSearchFeed, reindexMeeting } from './indexing.ts';
import { SEARCH_TYPE } from './model.ts';
import { type MeetingInput, meetingService } from './service.ts';
import { makeGroup } from './test-support.ts';

interface SearchAnswer {
  total: number;
  results: {
    type: string;
    id: number | string;
    kind: string | null;
    title: string;
    url: string;
    locale: string;
    snippet: string;
  }[];
  facets: { type: { value: string; count: number }[] };
}

describe('meetings in the search', () => {
  let t: TestApp;
  let moderator: User;
  let member: User;
  let outsider: User;
  let secretariat: User;
  let groupId: number;
  let asMember: Login;
  let asOutsider: Login;
  let asSecretariat: Login;
  let service: ReturnType<typeof meetingService>;

  const nextMonth = new Date(Date.now() + 30 * 86400_000).toISOString().slice(0, 10);
  const input = (over: Partial<MeetingInput> = {}): MeetingInput => ({
    title: 'Revisión de los cuestionarios de hogares',
    agenda: '1. Población económicamente activa\n2. Informalidad en la región',
    origLocale: 'es',
    start: `${nextMonth}T10:00`,
    timezone: 'America/Montevideo',
    duration: '90',
    capacity: '',
    embedVideo: false,
    ...over,
  });

  async function find(login: Login | null, q: string, type = SEARCH_TYPE): Promise<SearchAnswer> {
    const res = await t.app.inject({
      url: `/api/v1/search?q=${encodeURIComponent(q)}${type ? `&type=${type}` : ''}`,
      headers: login?.headers ?? {},
    });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as SearchAnswer;
  }

  const readers = () => [null, asOutsider, asMember, asSecretariat];

  beforeAll(async () => {
    t = await createTestApp();
    moderator = await makeUser(t.db, { name: 'Lucía Pereira', timezone: 'America/Montevideo' });
    member = await makeUser(t.db, { name: 'Camila Rojas', country_iso3: 'CHL' });
    outsider = await makeUser(t.db, { name: 'Ana Souza', country_iso3: 'BRA' });
    secretariat = await makeUser(t.db, { role: 'secretariat', name: 'Ana Secretaría' });
    groupId = await makeGroup(t.db, moderator.id, [member.id]);
    service = meetingService({ db: t.db, realtime: t.app.deps.realtime });
    asMember = await loginAs(t, member);
    asOutsider = await loginAs(t, outsider);
    asSecretariat = await loginAs(t, secretariat);
  });
  afterAll(() => t.close());

  it('lets a member find a meeting by a word of its Spanish agenda typed without accents', async () => {
    const id = await service.schedule(actorFromUser(moderator), groupId, input());
    const found = await find(asMember, 'economicamente');
    expect(found.total).toBe(1);
    expect(found.results[0]).toMatchObject({
      type: 'meeting',
      id,
      title: 'Revisión de los cuestionarios de hogares',
      url: `/es/meetings/${id}`,
      locale: 'es',
    });
    expect(found.results[0]!.snippet).toContain('<mark>económicamente</mark>');
    // The search page names the type in the reader's language, in the result and the facet.
    const page = await t.app.inject({ url: '/es/search?q=economicamente', headers: asMember.headers });
    expect(page.body).toContain(`href="/es/meetings/${id}"`);
    expect(page.body).toContain('Reunión');
    for (const [locale, label] of [
      ['en', 'Meeting'],
      ['fr', 'Réunion'],
      ['pt', 'Reunião'],
    ] as const) {
      const other = await t.app.inject({ url: `/${locale}/search?q=economicamente` });
      expect(other.body).toContain(`${label} (1)`);
    }
  });

  it('shows each reader what the meeting page shows them, and never the words of the live room or who came', async () => {
    const guest = await makeUser(t.db, { name: 'Zacarías Quetzalcóatl', country_iso3: 'MEX' });
    const id = await service.schedule(
      actorFromUser(moderator),
      groupId,
      input({ title: 'Estadísticas de accidentes laborales', agenda: 'Registros de siniestralidad' }),
    );
    await service.register(actorFromUser(member), id);
    await service.postMessage(actorFromUser(member), id, 'Propongo hablar del xilófono de la oficina');
    await t.db
      .insertInto('meeting_attendance')
      .values({
        meeting_id: id,
        user_id: guest.id,
        source: 'moderator',
        recorded_by: moderator.id,
        recorded_at: new Date().toISOString(),
      })
      .execute();
    for (const login of readers()) {
      // The meeting page is open to everyone: so is what it says.
      const page = await t.app.inject({ url: `/es/meetings/${id}`, headers: login?.headers ?? {} });
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('Registros de siniestralidad');
      const found = await find(login, 'siniestralidad');
      expect(found.results.map((r) => r.url)).toEqual([`/es/meetings/${id}`]);
      // The conversation, the registrations and the attendance are not on the page for everyone:
      // no result, count or facet reveals them, whoever asks.
      for (const q of ['xilofono', 'Quetzalcoatl', 'Camila Rojas']) {
        const hidden = await find(login, q, '');
        expect(hidden.results.filter((r) => r.type === SEARCH_TYPE)).toEqual([]);
        expect(hidden.facets.type.find((f) => f.value === SEARCH_TYPE)).toBeUndefined();
      }
    }
  });

  it('follows the meeting: a new title or agenda replaces the old words, published minutes join them', async () => {
    const id = await service.schedule(
      actorFromUser(moderator),
      groupId,
      input({ title: 'Trabajo doméstico remunerado', agenda: 'Encuesta piloto' }),
    );
    expect((await find(asMember, 'piloto')).total).toBe(1);
    await service.update(
      actorFromUser(moderator),
      id,
      input({ title: 'Trabajo de cuidados', agenda: 'Cuestionario definitivo' }),
    );
    expect((await find(asMember, 'piloto')).total).toBe(0);
    expect((await find(asMember, 'domestico')).total).toBe(0);
    expect((await find(asMember, 'cuidados definitivo')).total).toBe(1);
    // Time passes; the moderator publishes the minutes.
    await t.db
      .updateTable('meetings')
      .set({ starts_at: new Date(Date.now() - 3 * 3600_000).toISOString() })
      .where('id', '=', id)
      .execute();
    await service.saveMinutes(actorFromUser(moderator), id, {
      text: '## Acuerdos\n\n- Armonizar la clasificación ocupacional',
      locale: 'es',
    });
    const minutes = await find(null, 'clasificacion ocupacional');
    expect(minutes.results.map((r) => r.url)).toEqual([`/es/meetings/${id}`]);
  });

  it('keeps a cancelled meeting findable, as its page stays listed, and its result says it is cancelled', async () => {
    const id = await service.schedule(
      actorFromUser(moderator),
      groupId,
      input({ title: 'Sesión suspendida de teletrabajo', agenda: '' }),
    );
    const hitMeta = async (locale: string) => {
      const res = await t.app.inject({ url: `/${locale}/search?q=teletrabajo` });
      const hit = res.body.slice(res.body.indexOf(`href="/${locale}/meetings/${id}"`));
      return /<p class="meta">([^<]*)/.exec(hit)![1]!;
    };
    // Scheduled: the result names the type and nothing more.
    expect(await hitMeta('es')).toBe('Reunión · ');
    expect(await hitMeta('en')).not.toContain('Cancelled');
    expect((await find(null, 'teletrabajo')).results[0]).toMatchObject({ id, kind: null });

    await service.cancel(actorFromUser(moderator), id);
    const page = await t.app.inject({ url: `/es/meetings/${id}` });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Esta reunión ha sido cancelada');
    const found = await find(null, 'teletrabajo');
    expect(found.results.map((r) => r.url)).toEqual([`/es/meetings/${id}`]);
    // The result says so, in the reader's language (and the API gives the kind).
    expect(found.results[0]).toMatchObject({ kind: 'cancelled' });
    for (const [locale, meta] of [
      ['es', 'Reunión · Cancelada · '],
      ['en', 'Meeting · Cancelled · '],
      ['fr', 'Réunion · Annulée · '],
      ['pt', 'Reunião · Cancelada · '],
    ] as const) {
      // The title is Spanish: other languages' pages say so after the kind.
      expect((await hitMeta(locale)).startsWith(meta), `${locale}: ${await hitMeta(locale)}`).toBe(true);
    }
    // The rebuilt index says the same.
    await reindexAll({ db: t.db }, [meetingSearchFeed]);
    expect((await find(null, 'teletrabajo')).results[0]).toMatchObject({ id, kind: 'cancelled' });
  });

  it('drops the meetings whose page is gone, in results and counts, as the rebuilt index does', async () => {
    const doomedGroup = await makeGroup(t.db, moderator.id, [member.id], 'Grupo que se elimina');
    const ofGroup = await service.schedule(
      actorFromUser(moderator),
      doomedGroup,
      input({ title: 'Reunión sobre pasantías', agenda: '' }),
    );
    const removed = await service.schedule(
      actorFromUser(moderator),
      groupId,
      input({ title: 'Reunión sobre aprendices', agenda: '' }),
    );
    expect((await find(asSecretariat, 'pasantias')).total).toBe(1);
    expect((await find(asSecretariat, 'aprendices')).total).toBe(1);

    // The Secretariat removes the group: its meetings' pages answer 404.
    await studyGroupService({ db: t.db }).remove(actorFromUser(secretariat), doomedGroup);
    expect((await t.app.inject({ url: `/es/meetings/${ofGroup}` })).statusCode).toBe(404);
    // A meeting removed on its own (the row kept, marked deleted) is gone from its pages too.
    await t.db
      .updateTable('meetings')
      .set({ deleted_at: new Date().toISOString(), deleted_by: secretariat.id })
      .where('id', '=', removed)
      .execute();
    await t.db.transaction().execute((trx) => reindexMeeting(trx, removed));
    expect((await t.app.inject({ url: `/es/meetings/${removed}` })).statusCode).toBe(404);

    for (const login of readers()) {
      for (const q of ['pasantias', 'aprendices']) {
        const found = await find(login, q, '');
        expect(found.total).toBe(0);
        expect(found.facets.type).toEqual([]);
      }
    }

    // `npm run cli -- reindex` writes exactly the entries kept day to day.
    const entries = () =>
      t.db
        .selectFrom('search_entries')
        .select(['ref_id', 'locale', 'title', 'url', 'visibility', 'date', 'tf', 'token_count'])
        .where('type', '=', SEARCH_TYPE)
        .orderBy('ref_id')
        .execute();
    const kept = await entries();
    expect(kept.map((e) => e.ref_id)).not.toContain(String(ofGroup));
    expect(kept.map((e) => e.ref_id)).not.toContain(String(removed));
    const [report] = await reindexAll({ db: t.db }, [meetingSearchFeed]);
    expect(report).toEqual({ types: [SEARCH_TYPE], entries: kept.length });
    expect(await entries()).toEqual(kept);
  });
});
