import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { User } from '../../db/schema.ts';
import { makeUser } from '../../../test/factories.ts';
import { createTestApp, type Login, loginAs, type TestApp, makeApiToken } from '../../../test/helpers.ts';
import { multipart } from './test-helpers.ts';

describe('consultations API', () => {
  let t: TestApp;
  let dir: string;
  let uryEditor: User;
  let chlEditor: User;
  let chlCoordinator: User;
  let reader: User;
  const tokens = new Map<number, string>();
  const bearer = async (u: User) => {
    let tok = tokens.get(u.id);
    if (!tok) {
      tok = await makeApiToken(t.db, u.id);
      tokens.set(u.id, tok);
    }
    return { authorization: `Bearer ${tok}` };
  };

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sismel-cons-api-'));
    t = await createTestApp({ FILES_DIR: dir });
    uryEditor = await makeUser(t.db, { role: 'editor', country_iso3: 'URY' });
    chlEditor = await makeUser(t.db, { role: 'editor', country_iso3: 'CHL', name: 'Diego Muñoz' });
    chlCoordinator = await makeUser(t.db, { role: 'coordinator', country_iso3: 'CHL' });
    reader = await makeUser(t.db, { role: 'reader' });
  });
  afterAll(async () => {
    await t.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  async function create(u: User, body: Record<string, unknown>) {
    return t.app.inject({
      method: 'POST',
      url: '/api/v1/consultations',
      headers: await bearer(u),
      payload: {
        title: 'Platform work inspection',
        body: 'How do you inspect **platform** work?',
        origLocale: 'es',
        ...body,
      },
    });
  }

  it('asks, answers, accepts and marks helpful through the API', async () => {
    const created = await create(uryEditor, { themes: ['labour-inspection'], deadline: '2099-01-31' });
    expect(created.statusCode).toBe(201);
    const c = created.json();
    expect(c).toMatchObject({
      state: 'open',
      country: 'URY',
      addressedTo: 'all',
      themes: ['labour-inspection'],
      deadline: '2099-01-31',
      title: { es: 'Platform work inspection' },
      answers: [],
    });

    const ans = await t.app.inject({
      method: 'POST',
      url: `/api/v1/consultations/${c.id}/answers`,
      headers: await bearer(chlEditor),
      payload: { body: 'Con inspecciones *digitales*.', origLocale: 'es' },
    });
    expect(ans.statusCode).toBe(201);
    const a = ans.json();
    expect(a).toMatchObject({ consultationId: c.id, country: 'CHL', author: 'Diego Muñoz', accepted: false });

    const refused = await t.app.inject({
      method: 'POST',
      url: `/api/v1/answers/${a.id}/accept`,
      headers: await bearer(chlCoordinator),
    });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error).toBeTruthy();

    const accepted = await t.app.inject({
      method: 'POST',
      url: `/api/v1/answers/${a.id}/accept`,
      headers: await bearer(uryEditor),
    });
    expect(accepted.statusCode).toBe(200);
    expect(accepted.json()).toMatchObject({ state: 'answered', acceptedAnswerId: a.id });
    expect(accepted.json().answers[0]).toMatchObject({ id: a.id, accepted: true });

    const helpful = async (u: User, payload?: unknown) =>
      t.app.inject({
        method: 'POST',
        url: `/api/v1/answers/${a.id}/helpful`,
        headers: await bearer(u),
        ...(payload === undefined ? {} : { payload: payload as object }),
      });
    expect((await helpful(reader, { helpful: true })).json()).toMatchObject({
      helpful: true,
      helpfulCount: 1,
    });
    expect((await helpful(reader, { helpful: true })).json()).toMatchObject({
      helpful: true,
      helpfulCount: 1,
    });
    expect((await helpful(reader)).json()).toMatchObject({ helpful: false, helpfulCount: 0 });
    expect((await helpful(chlEditor)).statusCode).toBe(403);

    const closed = await t.app.inject({
      method: 'POST',
      url: `/api/v1/consultations/${c.id}/close`,
      headers: await bearer(uryEditor),
    });
    expect(closed.json().state).toBe('closed');
    const late = await t.app.inject({
      method: 'POST',
      url: `/api/v1/consultations/${c.id}/answers`,
      headers: await bearer(chlCoordinator),
      payload: { body: 'Tarde' },
    });
    expect(late.statusCode).toBe(403);
  });

  it('refuses a forged answer from the asking country and from a country not addressed', async () => {
    const c = (await create(uryEditor, { countries: ['MEX'] })).json();
    expect(c.addressedTo).toEqual(['MEX']);
    for (const u of [uryEditor, chlEditor, reader]) {
      const res = await t.app.inject({
        method: 'POST',
        url: `/api/v1/consultations/${c.id}/answers`,
        headers: await bearer(u),
        payload: { body: 'Forged' },
      });
      expect(res.statusCode).toBe(403);
    }
  });

  it('reports bad input field by field, in the caller’s own language', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/consultations',
      headers: await bearer(await makeUser(t.db, { role: 'coordinator', country_iso3: 'HTI', locale: 'fr' })),
      payload: { title: '', body: 'x', themes: ['no-such-theme'], countries: ['HTI'] },
    });
    expect(res.statusCode).toBe(422);
    const fields = res.json().errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['title', 'themes', 'countries']));
    expect(res.json().errors.find((e: { field: string }) => e.field === 'title').message).toBe(
      'Saisissez la question',
    );
  });

  it('accepts multipart with attachments, and lists them', async () => {
    const body = multipart(
      { title: 'With annex', body: 'See the annex', orig_locale: 'en', themes: ['social-dialogue'] },
      [{ name: 'annex.txt', content: 'Annex text' }],
    );
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/consultations',
      headers: { ...(await bearer(uryEditor)), ...body.headers },
      payload: body.payload,
    });
    expect(res.statusCode).toBe(201);
    const c = res.json();
    expect(c.attachments).toHaveLength(1);
    expect(c.attachments[0]).toMatchObject({ name: 'annex.txt', kind: 'txt', size: 10 });
    const file = await t.app.inject({ url: c.attachments[0].url, headers: await bearer(reader) });
    expect(file.statusCode).toBe(200);
    expect(file.body).toBe('Annex text');
  });

  it('reads are for members: 401 for the anonymous list, 404 for an anonymous read', async () => {
    const c = (await create(uryEditor, { title: 'Members only' })).json();
    expect((await t.app.inject({ url: '/api/v1/consultations' })).statusCode).toBe(401);
    expect((await t.app.inject({ url: `/api/v1/consultations/${c.id}` })).statusCode).toBe(404);
    const one = await t.app.inject({ url: `/api/v1/consultations/${c.id}`, headers: await bearer(reader) });
    expect(one.statusCode).toBe(200);
    expect(one.json().title.es).toBe('Members only');
  });

  it('filters the list', async () => {
    await create(chlEditor, { title: 'Chilean question', themes: ['informality'] });
    const list = async (query: string, u: User = reader) =>
      (await t.app.inject({ url: `/api/v1/consultations?${query}`, headers: await bearer(u) })).json();
    const byCountry = await list('country=CHL');
    expect(byCountry.items.map((i: { country: string }) => i.country)).toEqual(
      byCountry.items.map(() => 'CHL'),
    );
    expect(byCountry.total).toBeGreaterThan(0);
    const byTheme = await list('theme=informality');
    expect(byTheme.items.map((i: { title: { es: string } }) => i.title.es)).toEqual(['Chilean question']);
    const closed = await list('state=closed');
    expect(closed.items.every((i: { state: string }) => i.state === 'closed')).toBe(true);
    const mine = await list('mine=true', chlEditor);
    expect(mine.items.some((i: { country: string }) => i.country === 'CHL')).toBe(false);
    expect(mine.items.some((i: { addressedTo: unknown }) => Array.isArray(i.addressedTo))).toBe(false);
  });

  it('works with the session cookie and the CSRF header, and refuses it without the header', async () => {
    const login: Login = await loginAs(t, uryEditor);
    const ok = await t.app.inject({
      method: 'POST',
      url: '/api/v1/consultations',
      headers: login.headers,
      payload: { title: 'Cookie question', body: 'Body', origLocale: 'en' },
    });
    expect(ok.statusCode).toBe(201);
    const forged = await t.app.inject({
      method: 'POST',
      url: '/api/v1/consultations',
      headers: { cookie: login.cookie },
      payload: { title: 'Forged', body: 'Body', origLocale: 'en' },
    });
    expect(forged.statusCode).toBe(403);
  });

  it('appears in the OpenAPI document', async () => {
    const doc = (await t.app.inject({ url: '/api/openapi.json' })).json();
    for (const p of [
      '/api/v1/consultations',
      '/api/v1/consultations/{id}',
      '/api/v1/consultations/{id}/answers',
      '/api/v1/answers/{id}/accept',
      '/api/v1/answers/{id}/helpful',
      '/api/v1/consultations/{id}/close',
    ]) {
      expect(doc.paths[p], p).toBeTruthy();
    }
    expect(doc.paths['/api/v1/consultations'].post.tags).toEqual(['consultations']);
  });
});
