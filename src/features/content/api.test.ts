import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeUser } from '../../../test/factories.ts';
import { createTestApp, type Login, loginAs, type TestApp, makeApiToken } from '../../../test/helpers.ts';
import { seedContentDemo } from './demo.ts';

describe('content API', () => {
  let t: TestApp;
  let secretariat: Login;
  let coordinator: Login;
  let coordinatorToken: string;

  beforeAll(async () => {
    t = await createTestApp();
    await seedContentDemo(t.db);
    secretariat = await loginAs(t, await makeUser(t.db, { role: 'secretariat' }));
    const coordUser = await makeUser(t.db, { role: 'coordinator' });
    coordinator = await loginAs(t, coordUser);
    coordinatorToken = await makeApiToken(t.db, coordUser.id);
  });
  afterAll(() => t.close());

  const json = (login: Login) => ({ ...login.headers, 'content-type': 'application/json' });

  it('lists themes, pages, news and links to anyone', async () => {
    const themes = (await t.app.inject({ url: '/api/v1/themes' })).json();
    expect(themes.items.find((x: { code: string }) => x.code === 'child-labour').name.es).toBe(
      'Trabajo infantil',
    );
    const pages = (await t.app.inject({ url: '/api/v1/pages?section=help' })).json();
    expect(pages.items.map((p: { slug: string }) => p.slug)).toContain('signing-in');
    expect(pages.items[0].body).toBeUndefined();
    const about = (await t.app.inject({ url: '/api/v1/pages/about' })).json();
    expect(about.body.fr).toContain('Secrétariat pro tempore');
    const news = (await t.app.inject({ url: '/api/v1/news?perPage=2' })).json();
    expect(news.items).toHaveLength(2);
    expect(news.total).toBe(3);
    expect(news.pages).toBe(2);
    const links = (await t.app.inject({ url: '/api/v1/links' })).json();
    expect(links.items.some((l: { url: string }) => l.url === 'https://www.ilo.org')).toBe(true);
    expect((await t.app.inject({ url: '/api/v1/pages/no-such' })).statusCode).toBe(404);
  });

  it('refuses every write from anonymous callers (401) and from a coordinator (403), and nothing changes', async () => {
    const snapshot = async () => ({
      themes: await t.db.selectFrom('themes').selectAll().orderBy('id').execute(),
      pages: await t.db.selectFrom('content_pages').selectAll().orderBy('id').execute(),
      news: await t.db.selectFrom('news').selectAll().orderBy('id').execute(),
      links: await t.db.selectFrom('links').selectAll().orderBy('id').execute(),
      audit: await t.db.selectFrom('audit_log').selectAll().orderBy('id').execute(),
    });
    const before = await snapshot();
    const news = await t.db.selectFrom('news').select('id').executeTakeFirstOrThrow();
    const link = await t.db.selectFrom('links').select('id').executeTakeFirstOrThrow();
    const writes: [string, string, object][] = [
      ['POST', '/api/v1/themes', { code: 'green-jobs', name: { en: 'Green jobs' } }],
      ['PATCH', '/api/v1/themes/child-labour', { name: { en: 'Forged' } }],
      ['PUT', '/api/v1/pages/about', { title: { en: 'Forged' }, body: { en: 'Forged' } }],
      ['PUT', '/api/v1/pages/new-page', { title: { en: 'Forged' }, body: { en: 'Forged' } }],
      ['POST', '/api/v1/news', { title: { en: 'Forged' }, body: { en: 'Forged' } }],
      ['PATCH', `/api/v1/news/${news.id}`, { published: false }],
      ['DELETE', `/api/v1/news/${news.id}`, {}],
      ['POST', '/api/v1/links', { name: { en: 'Forged' }, url: 'https://evil.example', category: 'other' }],
      ['PATCH', `/api/v1/links/${link.id}`, { url: 'https://evil.example' }],
      ['DELETE', `/api/v1/links/${link.id}`, {}],
    ];
    for (const [method, url, body] of writes) {
      const payload = method === 'DELETE' ? undefined : body;
      const anon = await t.app.inject({ method: method as 'POST', url, payload });
      expect(anon.statusCode, `${method} ${url} anonymous`).toBe(401);
      const headers = method === 'DELETE' ? coordinator.headers : json(coordinator);
      const bySession = await t.app.inject({ method: method as 'POST', url, payload, headers });
      expect(bySession.statusCode, `${method} ${url} coordinator`).toBe(403);
      expect(bySession.json().error).toBe('You do not have permission to do this');
      const byToken = await t.app.inject({
        method: method as 'POST',
        url,
        payload,
        headers: { authorization: `Bearer ${coordinatorToken}` },
      });
      expect(byToken.statusCode, `${method} ${url} coordinator token`).toBe(403);
    }
    expect(await snapshot()).toEqual(before);
  });

  it('lets the Secretariat create and change themes, merging languages one by one', async () => {
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/themes',
      headers: json(secretariat),
      payload: { code: 'green-jobs', name: { en: 'Green jobs', es: 'Empleos verdes' }, sortOrder: 200 },
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ code: 'green-jobs', active: true, sortOrder: 200 });
    const patched = await t.app.inject({
      method: 'PATCH',
      url: '/api/v1/themes/green-jobs',
      headers: json(secretariat),
      payload: { name: { fr: 'Emplois verts', es: '' }, active: false },
    });
    expect(patched.statusCode).toBe(200);
    expect(patched.json().name).toEqual({ en: 'Green jobs', fr: 'Emplois verts' });
    expect((await t.app.inject({ url: '/en/themes/green-jobs' })).statusCode).toBe(404);
    const duplicate = await t.app.inject({
      method: 'POST',
      url: '/api/v1/themes',
      headers: json(secretariat),
      payload: { code: 'green-jobs', name: { en: 'Again' } },
    });
    expect(duplicate.statusCode).toBe(422);
    expect(duplicate.json().errors).toEqual([
      { field: 'code', message: 'A theme with this code already exists' },
    ]);
    expect(
      (
        await t.app.inject({
          method: 'PATCH',
          url: '/api/v1/themes/nope',
          headers: json(secretariat),
          payload: {},
        })
      ).statusCode,
    ).toBe(404);
  });

  it('creates a page with PUT, replaces it with a second PUT, and records both', async () => {
    const first = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/pages/accessibility',
      headers: json(secretariat),
      payload: { title: { en: 'Accessibility' }, body: { en: 'We follow **WCAG 2.1 AA**.' } },
    });
    expect(first.statusCode).toBe(201);
    const second = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/pages/accessibility',
      headers: json(secretariat),
      payload: {
        title: { en: 'Accessibility', pt: 'Acessibilidade' },
        body: { en: 'Text', pt: 'Texto' },
        published: false,
      },
    });
    expect(second.statusCode).toBe(200);
    expect(second.json()).toMatchObject({
      slug: 'accessibility',
      published: false,
      title: { pt: 'Acessibilidade' },
    });
    expect((await t.app.inject({ url: '/en/pages/accessibility' })).statusCode).toBe(404);
    const actions = await t.db
      .selectFrom('audit_log')
      .select('action')
      .where('object_id', '=', 'accessibility')
      .orderBy('id')
      .execute();
    expect(actions.map((a) => a.action)).toEqual(['page.create', 'page.update']);
    const bad = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/pages/Not%20A%20Slug',
      headers: json(secretariat),
      payload: { title: { en: 'X' }, body: { en: 'Y' } },
    });
    expect(bad.statusCode).toBe(422);
  });

  it('lets the Secretariat write, unpublish and remove news, and add, change and remove links', async () => {
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/news',
      headers: json(secretariat),
      payload: { title: { es: 'Reunión' }, body: { es: 'Texto' }, origLocale: 'es' },
    });
    expect(created.statusCode).toBe(201);
    const id = created.json().id;
    expect(created.json().published).toBe(true);
    const unpublished = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/news/${id}`,
      headers: json(secretariat),
      payload: { published: false },
    });
    expect(unpublished.json().publishedAt).toBeNull();
    expect(
      (await t.app.inject({ method: 'DELETE', url: `/api/v1/news/${id}`, headers: secretariat.headers }))
        .statusCode,
    ).toBe(204);
    expect(
      (await t.app.inject({ method: 'DELETE', url: `/api/v1/news/${id}`, headers: secretariat.headers }))
        .statusCode,
    ).toBe(404);

    const link = await t.app.inject({
      method: 'POST',
      url: '/api/v1/links',
      headers: json(secretariat),
      payload: { name: { en: 'CARICOM' }, url: 'https://caricom.org', category: 'regional' },
    });
    expect(link.statusCode).toBe(201);
    const badUrl = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/links/${link.json().id}`,
      headers: json(secretariat),
      payload: { url: 'javascript:alert(1)' },
    });
    expect(badUrl.statusCode).toBe(422);
    expect(
      (
        await t.app.inject({
          method: 'DELETE',
          url: `/api/v1/links/${link.json().id}`,
          headers: secretariat.headers,
        })
      ).statusCode,
    ).toBe(204);
    const links = (await t.app.inject({ url: '/api/v1/links' })).json();
    expect(links.items.some((l: { url: string }) => l.url === 'https://caricom.org')).toBe(false);
  });

  it('documents the routes in the OpenAPI document under the content tag', async () => {
    const doc = (await t.app.inject({ url: '/api/openapi.json' })).json();
    expect(doc.paths['/api/v1/pages/{slug}'].put.tags).toEqual(['content']);
    expect(doc.paths['/api/v1/news/{id}'].delete.tags).toEqual(['content']);
    expect(doc.paths['/api/v1/links/{id}'].patch.tags).toEqual(['content']);
  });
});
