import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeUser } from '../../../test/factories.ts';
import { createTestApp, form, type Login, loginAs, type TestApp } from '../../../test/helpers.ts';
import { nowIso } from '../../db/dialect.ts';
import { NEWS_PER_PAGE } from './news-routes.tsx';
import { childrenNamed, childText, parseXml } from './xml-test-helpers.ts';

describe('news', () => {
  let t: TestApp;
  let secretariat: Login;
  let editor: Login;
  const ids: Record<string, number> = {};

  async function addNews(
    key: string,
    values: {
      title: object;
      body: object;
      published_at: string | null;
      deleted_at?: string | null;
      orig_locale?: string;
    },
  ) {
    const now = nowIso();
    const row = await t.db
      .insertInto('news')
      .values({
        title: JSON.stringify(values.title),
        body: JSON.stringify(values.body),
        orig_locale: values.orig_locale ?? 'en',
        published_at: values.published_at,
        deleted_at: values.deleted_at ?? null,
        created_by: null,
        created_at: now,
        updated_at: values.published_at ?? now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    ids[key] = row.id;
  }

  beforeAll(async () => {
    t = await createTestApp({ BASE_URL: 'https://sismel.example.org' });
    secretariat = await loginAs(t, await makeUser(t.db, { role: 'secretariat' }));
    editor = await loginAs(t, await makeUser(t.db, { role: 'editor' }));
    for (let i = 1; i <= NEWS_PER_PAGE + 2; i++) {
      await addNews(`old${i}`, {
        title: { en: `Old item ${i}` },
        body: { en: `Body ${i}` },
        published_at: new Date(Date.UTC(2026, 0, i)).toISOString(),
      });
    }
    await addNews('published', {
      title: { en: 'Wages & <hours> survey', es: 'Encuesta de salarios' },
      body: { en: 'Results of the **survey** & more', es: 'Resultados de la **encuesta**' },
      published_at: '2026-11-20T10:00:00.000Z',
    });
    await addNews('spanishOnly', {
      title: { es: 'Solo en español' },
      body: { es: 'Cuerpo' },
      orig_locale: 'es',
      published_at: '2026-11-19T10:00:00.000Z',
    });
    await addNews('draft', { title: { en: 'Secret draft' }, body: { en: 'Draft body' }, published_at: null });
    await addNews('deleted', {
      title: { en: 'Removed item' },
      body: { en: 'Gone' },
      published_at: '2026-11-21T10:00:00.000Z',
      deleted_at: '2026-11-22T10:00:00.000Z',
    });
  });
  afterAll(() => t.close());

  it('lists published news newest first, paginated, without drafts or removed items', async () => {
    const first = await t.app.inject({ url: '/en/news' });
    expect(first.statusCode).toBe(200);
    expect(first.body.indexOf('Wages &amp; &lt;hours&gt; survey')).toBeLessThan(
      first.body.indexOf('Old item 12'),
    );
    expect(first.body).not.toContain('Secret draft');
    expect(first.body).not.toContain('Removed item');
    expect(first.body).toContain('Page 1 of 2');
    expect(first.body).not.toContain('Old item 1<');
    const second = await t.app.inject({ url: '/en/news?page=2' });
    expect(second.body).toContain('Old item 1<');
  });

  it('shows an item, and hides drafts and removed items from readers', async () => {
    const item = await t.app.inject({ url: `/es/news/${ids.published}` });
    expect(item.statusCode).toBe(200);
    expect(item.body).toContain('Resultados de la <strong>encuesta</strong>');
    expect((await t.app.inject({ url: `/en/news/${ids.draft}` })).statusCode).toBe(404);
    expect(
      (await t.app.inject({ url: `/en/news/${ids.draft}`, headers: { cookie: editor.cookie } })).statusCode,
    ).toBe(404);
    expect((await t.app.inject({ url: `/en/news/${ids.deleted}` })).statusCode).toBe(404);
    expect((await t.app.inject({ url: '/en/news/abc' })).statusCode).toBe(404);
    const asSecretariat = await t.app.inject({
      url: `/en/news/${ids.draft}`,
      headers: { cookie: secretariat.cookie },
    });
    expect(asSecretariat.statusCode).toBe(200);
    expect(asSecretariat.body).toContain('This item is not published');
  });

  it('serves a well-formed Atom 1.0 feed per language with the published news only', async () => {
    const res = await t.app.inject({ url: '/es/news/feed.xml' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/atom+xml; charset=utf-8');
    const feed = parseXml(res.body);
    expect(feed.name).toBe('feed');
    expect(feed.attrs.xmlns).toBe('http://www.w3.org/2005/Atom');
    expect(feed.attrs['xml:lang']).toBe('es');
    expect(childText(feed, 'id')).toBe('https://sismel.example.org/es/news');
    expect(childText(feed, 'title')).toBe('Noticias de SISMEL');
    expect(childText(feed, 'updated')).toBe('2026-11-20T10:00:00.000Z');
    expect(childrenNamed(feed, 'link').map((l) => l.attrs.rel)).toEqual(['self', 'alternate']);
    const entries = childrenNamed(feed, 'entry');
    const titles = entries.map((e) => childText(e, 'title'));
    expect(titles[0]).toBe('Encuesta de salarios');
    expect(titles).toContain('Solo en español');
    expect(titles).not.toContain('Secret draft');
    expect(titles).not.toContain('Removed item');
    const first = entries[0]!;
    expect(childText(first, 'id')).toBe(`https://sismel.example.org/es/news/${ids.published}`);
    expect(childText(first, 'updated')).toBe('2026-11-20T10:00:00.000Z');
    expect(childrenNamed(first, 'link')[0]!.attrs.href).toBe(
      `https://sismel.example.org/es/news/${ids.published}`,
    );
    expect(childText(first, 'summary')).toBe('Resultados de la encuesta');
    expect(childText(first, 'content')).toContain('<strong>encuesta</strong>');

    // Escaping: the English title carries & and < >, and still parses.
    const en = parseXml((await t.app.inject({ url: '/en/news/feed.xml' })).body);
    const enEntries = childrenNamed(en, 'entry');
    expect(childText(enEntries[0]!, 'title')).toBe('Wages & <hours> survey');
    // A missing language falls back to the original, marked with xml:lang.
    const fallback = enEntries.find((e) => childText(e, 'title') === 'Solo en español')!;
    expect(childrenNamed(fallback, 'title')[0]!.attrs['xml:lang']).toBe('es');
  });

  it('lets the Secretariat write, preview, publish, unpublish, remove and restore news, with audit records', async () => {
    const headers = { ...form({}).headers, cookie: secretariat.cookie };
    const fields = {
      _csrf: secretariat.csrf,
      orig_locale: 'en',
      title_en: 'Meeting of the working group',
      body_en: 'The group meets on **3 December**.',
    };
    const preview = await t.app.inject({
      method: 'POST',
      url: '/en/admin/news/new',
      ...form({ ...fields, intent: 'preview' }),
      headers,
    });
    expect(preview.statusCode).toBe(200);
    expect(preview.body).toContain('The group meets on <strong>3 December</strong>.');
    expect(
      await t.db.selectFrom('news').select('id').where('title', 'like', '%working group%').executeTakeFirst(),
    ).toBeUndefined();

    const created = await t.app.inject({
      method: 'POST',
      url: '/en/admin/news/new',
      ...form({ ...fields, intent: 'save' }),
      headers,
    });
    expect(created.statusCode).toBe(303);
    const row = await t.db
      .selectFrom('news')
      .selectAll()
      .where('title', 'like', '%working group%')
      .executeTakeFirstOrThrow();
    expect(row.published_at).toBeNull();
    expect((await t.app.inject({ url: '/en/news/feed.xml' })).body).not.toContain('working group');

    const post = (path: string) =>
      t.app.inject({
        method: 'POST',
        url: `/en/admin/news/${row.id}/${path}`,
        ...form({ _csrf: secretariat.csrf }),
        headers,
      });
    expect((await post('publish')).statusCode).toBe(303);
    expect((await t.app.inject({ url: '/en/news/feed.xml' })).body).toContain('Meeting of the working group');
    expect((await post('unpublish')).statusCode).toBe(303);
    expect((await t.app.inject({ url: `/en/news/${row.id}` })).statusCode).toBe(404);
    expect((await post('publish')).statusCode).toBe(303);
    expect((await post('delete')).statusCode).toBe(303);
    expect((await t.app.inject({ url: `/en/news/${row.id}` })).statusCode).toBe(404);
    expect((await t.app.inject({ url: '/en/news' })).body).not.toContain('working group');
    expect((await post('restore')).statusCode).toBe(303);
    expect((await t.app.inject({ url: `/en/news/${row.id}` })).statusCode).toBe(200);

    const actions = await t.db
      .selectFrom('audit_log')
      .select('action')
      .where('object_type', '=', 'news')
      .where('object_id', '=', String(row.id))
      .orderBy('id')
      .execute();
    expect(actions.map((a) => a.action)).toEqual([
      'news.create',
      'news.publish',
      'news.unpublish',
      'news.publish',
      'news.delete',
      'news.restore',
    ]);
  });

  it('refuses news changes from an editor and changes nothing', async () => {
    const headers = { ...form({}).headers, cookie: editor.cookie };
    const before = await t.db.selectFrom('news').selectAll().orderBy('id').execute();
    for (const url of [
      '/en/admin/news/new',
      `/en/admin/news/${ids.published}/edit`,
      `/en/admin/news/${ids.published}/unpublish`,
      `/en/admin/news/${ids.published}/delete`,
      `/en/admin/news/${ids.deleted}/restore`,
    ]) {
      const res = await t.app.inject({
        method: 'POST',
        url,
        ...form({
          _csrf: editor.csrf,
          intent: 'save',
          orig_locale: 'en',
          title_en: 'Forged',
          body_en: 'Forged',
        }),
        headers,
      });
      expect(res.statusCode, url).toBe(403);
    }
    expect(await t.db.selectFrom('news').selectAll().orderBy('id').execute()).toEqual(before);
  });
});
