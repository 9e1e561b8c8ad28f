import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeUser } from '../../../test/factories.ts';
import { createTestApp, loginAs, type TestApp } from '../../../test/helpers.ts';
import { nowIso } from '../../db/dialect.ts';
import { indexEntries, search } from '../../platform/search/index.ts';
import { SYSTEM_ACTOR } from '../../platform/auth/actor.ts';
import { seedContentDemo } from '../content/demo.ts';
import { contentService } from '../content/service.ts';
import { indexNews, newsEntries } from '../content/search-feed.ts';
import { reindexAll } from './feeds.ts';

interface ApiResult {
  type: string;
  id: number | string;
  title: string;
  url: string;
  snippet: string;
}

describe('search page and API', () => {
  let t: TestApp;
  let reader: Awaited<ReturnType<typeof loginAs>>;
  let chileEditor: Awaited<ReturnType<typeof loginAs>>;

  beforeAll(async () => {
    t = await createTestApp();
    await seedContentDemo(t.db);
    await reindexAll({ db: t.db });
    const docs = Array.from({ length: 25 }, (_, i) => ({
      type: 'bulletin',
      id: 100 + i,
      locale: 'es' as const,
      title: `Boletín de zafreros número ${i + 1}`,
      body: `Estadísticas de zafreros jóvenes y cañeros, edición ${i + 1}. Los cañeros jóvenes <b>cuentan</b>.`,
      url: `/documents/${100 + i}`,
      visibility: 'public' as const,
      countryIso3: i % 2 ? 'URY' : 'CHL',
      date: `20${10 + (i % 10)}-01-15`,
      section: 'labour-training',
      kind: 'report',
    }));
    await t.db.transaction().execute((trx) =>
      indexEntries(trx, [
        ...docs,
        {
          type: 'bulletin',
          id: 900,
          locale: 'es',
          title: 'Memorando reservado sobre los zafreros',
          body: 'Texto solo para miembros registrados.',
          url: '/documents/900',
          visibility: 'members',
        },
        {
          type: 'bulletin',
          id: 901,
          locale: 'es',
          title: 'Acta confidencial uruguaya de los zafreros',
          body: 'Texto solo para el Uruguay.',
          url: '/documents/901',
          visibility: 'country',
          countryIso3: 'URY',
        },
      ]),
    );
    reader = await loginAs(t, await makeUser(t.db, { role: 'reader', country_iso3: null }));
    chileEditor = await loginAs(t, await makeUser(t.db, { role: 'editor', country_iso3: 'CHL' }));
  });
  afterAll(() => t.close());

  it('shows a helpful page for an empty search', async () => {
    const res = await t.app.inject({ url: '/en/search?q=+' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('What are you looking for?');
    expect(res.body).toContain('Search tips');
    expect(res.body).toContain('name="robots" content="noindex, follow"');
    const es = await t.app.inject({ url: '/es/search' });
    expect(es.body).toContain('¿Qué está buscando?');
  });

  it('says so when the query has only common words', async () => {
    const res = await t.app.inject({ url: '/en/search?q=a+y+o' });
    expect(res.body).toContain('only has very common words');
  });

  it('indexes the site content: pages, news and themes', async () => {
    const res = await t.app.inject({ url: '/es/search?q=plan+de+accion' });
    expect(res.body).toContain('<mark>Plan</mark> de <mark>Acción</mark>');
    const phrase = await t.app.inject({ url: '/es/search?q=%22plan+de+acci%C3%B3n%22' });
    expect(phrase.body).toContain('<mark>Plan de Acción</mark>');
    expect(res.body).toContain('href="/es/pages/plan-of-action"');
    const news = await t.app.inject({ url: '/fr/search?q=coordonnateurs' });
    expect(news.body).toContain('/fr/news/');
    const themes = await t.app.inject({ url: '/en/search?q=inspection&type=theme&lang=en' });
    expect(themes.body).toMatch(/1 result for/);
    expect(themes.body).toContain('href="/en/themes/');
  });

  it('finds statistical indicators by their name in each language, without accents', async () => {
    const es = await t.app.inject({ url: '/es/search?q=desocupacion+juvenil&type=indicator' });
    expect(es.body).toContain('href="/es/statistics/indicators/YUN_RT"');
    const en = await t.app.inject({ url: '/api/v1/search?q=informal+employment&lang=en&type=indicator' });
    expect(en.json().results.map((r: { id: string }) => String(r.id))).toContain('INF_RT');
  });

  it('keeps news in step: unpublished news leave the index', async () => {
    const now = nowIso();
    const item = await t.db
      .insertInto('news')
      .values({
        title: JSON.stringify({
          en: 'Regional forum on zafra harvest work',
          es: 'Foro regional sobre la zafra',
        }),
        body: JSON.stringify({ en: 'Sugar cane harvest.', es: 'Cosecha de caña.' }),
        orig_locale: 'en',
        published_at: now,
        created_at: now,
        updated_at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    expect(newsEntries(item).length).toBe(2);
    await t.db.transaction().execute((trx) => indexNews(trx, item));
    expect((await search(t.db, null, { q: 'zafra', type: 'news' })).total).toBe(2);
    await t.db.transaction().execute((trx) => indexNews(trx, { ...item, published_at: null }));
    expect((await search(t.db, null, { q: 'zafra', type: 'news' })).total).toBe(0);
    await t.db.transaction().execute((trx) => indexNews(trx, item));
    expect((await search(t.db, null, { q: 'zafra', type: 'news' })).total).toBe(2);
  });

  it('follows the content service: a published news item is found at once, a deleted one no more', async () => {
    const content = contentService(t.db);
    const item = await content.createNews(SYSTEM_ACTOR, {
      title: { en: 'Molasses exporters meet', pt: 'Exportadores de melaço se reúnem' },
      body: { en: 'A meeting on molasses.', pt: 'Reunião sobre melaço.' },
      origLocale: 'en',
      published: true,
    });
    expect((await search(t.db, null, { q: 'molasses' })).hits.map((h) => h.url)).toEqual([
      `/news/${item.id}`,
    ]);
    expect((await search(t.db, null, { q: 'melaco' })).total).toBe(1);
    await content.updateNews(SYSTEM_ACTOR, item.id, { published: false });
    expect((await search(t.db, null, { q: 'molasses' })).total).toBe(0);
    await content.updateNews(SYSTEM_ACTOR, item.id, { published: true });
    await content.deleteNews(SYSTEM_ACTOR, item.id);
    expect((await search(t.db, null, { q: 'molasses' })).total).toBe(0);
    await content.restoreNews(SYSTEM_ACTOR, item.id);
    expect((await search(t.db, null, { q: 'molasses' })).total).toBe(1);
  });

  it('lists results with count, marked snippets, facets as links, sort and pages', async () => {
    const res = await t.app.inject({ url: '/es/search?q=zafrero+jovenes' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('25 resultados para «zafrero jovenes»');
    expect(res.body).toContain('<mark>zafreros</mark>');
    expect(res.body).toContain('<mark>jóvenes</mark>');
    // The original text is escaped, never injected.
    expect(res.body).toContain('&lt;b>cuentan&lt;/b>');
    expect(res.body).not.toContain('<b>cuentan</b>');
    // Facets, with counts, as plain links.
    expect(res.body).toMatch(/href="\/es\/search\?q=zafrero\+jovenes&amp;country=URY">Uruguay[^<]*\(12\)/);
    expect(res.body).toMatch(/href="\/es\/search\?q=zafrero\+jovenes&amp;country=CHL">Chile[^<]*\(13\)/);
    expect(res.body).toContain('href="/es/search?q=zafrero+jovenes&amp;sort=date"');
    expect(res.body).toContain('href="/es/search?q=zafrero+jovenes&amp;page=2"');
    expect(res.body.match(/class="search-hit"/g)).toHaveLength(20);

    const page2 = await t.app.inject({ url: '/es/search?q=zafrero+jovenes&page=2' });
    expect(page2.body.match(/class="search-hit"/g)).toHaveLength(5);
    expect(page2.body).toContain('<ol class="search-results" start="21"');

    const filtered = await t.app.inject({ url: '/es/search?q=zafrero+jovenes&country=URY&year=2011' });
    expect(filtered.body).toContain('3 resultados');
    expect(filtered.body).toContain('Quitar el filtro: Uruguay');
  });

  it('sorts by date when asked', async () => {
    const res = await t.app.inject({ url: '/en/search?q=boletin+zafreros&sort=date' });
    const years = [...res.body.matchAll(/datetime="(\d{4})/g)].map((m) => Number(m[1]));
    expect(years.length).toBe(20);
    expect([...years].sort((a, b) => b - a)).toEqual(years);
  });

  it('never shows restricted entries to visitors, in titles, counts or facets', async () => {
    const res = await t.app.inject({ url: '/es/search?q=zafreros' });
    expect(res.body).toContain('25 resultados');
    expect(res.body).not.toMatch(/reservado|confidencial/i);
    const only = await t.app.inject({ url: '/es/search?q=memorando' });
    expect(only.body).toContain('Ningún resultado');
    const api = await t.app.inject({ url: '/api/v1/search?q=confidencial' });
    expect(api.json()).toMatchObject({ total: 0, results: [] });
  });

  it('shows members-only entries to signed-in users and country-only ones to their country', async () => {
    const asReader = await t.app.inject({ url: '/es/search?q=zafreros', headers: { cookie: reader.cookie } });
    expect(asReader.body).toContain('26 resultados');
    const memo = await t.app.inject({ url: '/es/search?q=memorando', headers: { cookie: reader.cookie } });
    expect(memo.body).toContain('Solo para miembros');
    expect(asReader.body).not.toContain('confidencial');
    expect(asReader.headers['cache-control']).toContain('private');

    const asChile = await t.app.inject({
      url: '/api/v1/search?q=confidencial',
      headers: { cookie: chileEditor.cookie },
    });
    expect(asChile.json().total).toBe(0);
    const uruguayan = await loginAs(t, await makeUser(t.db, { role: 'editor', country_iso3: 'URY' }));
    const asUruguay = await t.app.inject({
      url: '/api/v1/search?q=confidencial',
      headers: { cookie: uruguayan.cookie },
    });
    expect(asUruguay.json().results.map((r: ApiResult) => r.id)).toEqual([901]);
  });

  it('answers the API with the same results as the page, for the same viewer', async () => {
    const res = await t.app.inject({ url: '/api/v1/search?q=zafrero+jovenes&lang=es&type=bulletin&page=2' });
    expect(res.statusCode).toBe(200);
    const body = res.json() as { total: number; results: ApiResult[] };
    expect(body.total).toBe(25);
    expect(body.results).toHaveLength(5);
    expect(body.results[0]).toEqual(
      expect.objectContaining({ type: 'bulletin', url: expect.stringMatching(/^\/es\/documents\/\d+$/) }),
    );
    expect(body.results[0]!.snippet).toContain('<mark>zafreros</mark>');
    expect(body.results[0]!.snippet).toContain('&lt;b&gt;');

    const page = await t.app.inject({ url: '/es/search?q=zafrero+jovenes&lang=es&type=bulletin&page=2' });
    const pageUrls = [...page.body.matchAll(/<h3 class="search-hit__title"><a href="([^"]+)"/g)].map(
      (m) => m[1],
    );
    expect(pageUrls).toEqual(body.results.map((r) => r.url));

    const all = await t.app.inject({ url: '/api/v1/search?q=zafreros', headers: { cookie: reader.cookie } });
    expect(all.json().total).toBe(26);
  });

  it('refuses malformed API parameters with a JSON error', async () => {
    const res = await t.app.inject({ url: '/api/v1/search?q=empleo&lang=xx' });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/json');
  });

  it('lists the search API in the OpenAPI document', async () => {
    const doc = (await t.app.inject({ url: '/api/openapi.json' })).json();
    expect(doc.paths['/api/v1/search'].get.tags).toEqual(['search']);
  });

  it('rebuilds the index from the data', async () => {
    const now = nowIso();
    await t.db
      .insertInto('news')
      .values({
        title: JSON.stringify({ en: 'Quarterly bulletin on bagasse' }),
        body: JSON.stringify({ en: 'Bagasse from sugar mills in the Caribbean.' }),
        orig_locale: 'en',
        published_at: now,
        created_at: now,
        updated_at: now,
      })
      .execute();
    expect((await search(t.db, null, { q: 'bagasse' })).total).toBe(0);
    const report = await reindexAll({ db: t.db });
    const published = await t.db
      .selectFrom('news')
      .selectAll()
      .where('published_at', 'is not', null)
      .execute();
    expect(report.find((r) => r.types.includes('news'))!.entries).toBe(published.flatMap(newsEntries).length);
    expect((await search(t.db, null, { q: 'bagasse' })).total).toBe(1);
    // Entries of other features are left alone.
    expect((await search(t.db, null, { q: 'zafreros boletin' })).total).toBe(25);
  });
});
