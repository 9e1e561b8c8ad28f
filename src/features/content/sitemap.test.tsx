import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeUser } from '../../../test/factories.ts';
import { createTestApp, form, type Login, loginAs, type TestApp } from '../../../test/helpers.ts';
import { seedContentDemo } from './demo.ts';
import { childrenNamed, childText, parseXml } from './xml-test-helpers.ts';

describe('site map, themes and links', () => {
  let t: TestApp;
  let secretariat: Login;

  beforeAll(async () => {
    t = await createTestApp({ BASE_URL: 'https://sismel.example.org' });
    await seedContentDemo(t.db);
    secretariat = await loginAs(t, await makeUser(t.db, { role: 'secretariat' }));
    // Another feature registers its public pages and a section on theme pages.
    t.app.deps.sitemap.push({
      label: 'content.links.title',
      href: '/reports',
      order: 50,
      entries: async () => [{ path: '/reports/42', title: { en: 'Annual report' }, origLocale: 'en' }],
    });
    t.app.deps.themeSections.push({
      key: 'reports',
      order: 10,
      load: async ({ theme }) => (theme.code === 'child-labour' ? <h2>Reports on {theme.code}</h2> : null),
    });
  });
  afterAll(() => t.close());

  it('lists every public page in the four languages, with hreflang alternates', async () => {
    const res = await t.app.inject({ url: '/sitemap.xml' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/xml; charset=utf-8');
    const urlset = parseXml(res.body);
    expect(urlset.attrs.xmlns).toBe('http://www.sitemaps.org/schemas/sitemap/0.9');
    expect(urlset.attrs['xmlns:xhtml']).toBe('http://www.w3.org/1999/xhtml');
    const urls = childrenNamed(urlset, 'url');
    const locs = urls.map((u) => childText(u, 'loc'));
    for (const locale of ['en', 'es', 'fr', 'pt']) {
      for (const path of [
        '',
        '/about',
        '/help',
        '/help/getting-started',
        '/help/signing-in',
        '/news',
        '/themes',
        '/themes/child-labour',
        '/links',
        '/pages/plan-of-action',
        '/reports/42',
      ]) {
        expect(locs).toContain(`https://sismel.example.org/${locale}${path}`);
      }
    }
    const about = urls.find((u) => childText(u, 'loc') === 'https://sismel.example.org/fr/about')!;
    const alternates = childrenNamed(about, 'xhtml:link');
    expect(alternates.map((a) => [a.attrs.hreflang, a.attrs.href])).toEqual([
      ['en', 'https://sismel.example.org/en/about'],
      ['es', 'https://sismel.example.org/es/about'],
      ['fr', 'https://sismel.example.org/fr/about'],
      ['pt', 'https://sismel.example.org/pt/about'],
    ]);
    expect(childText(about, 'lastmod')).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(new Set(locs).size).toBe(locs.length);
  });

  it('leaves unpublished pages, drafts and the Secretariat-only pages out of the site map', async () => {
    await t.db
      .updateTable('content_pages')
      .set({ published: 0 })
      .where('slug', '=', 'ilo-declaration')
      .execute();
    const body = (await t.app.inject({ url: '/sitemap.xml' })).body;
    expect(body).not.toContain('ilo-declaration');
    expect(body).not.toContain('/admin');
  });

  it('shows a site map page generated from the navigation and the content', async () => {
    const res = await t.app.inject({ url: '/pt/sitemap' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<h1>Mapa do site</h1>');
    expect(res.body).toContain('href="/pt/help/signing-in"');
    expect(res.body).toContain('Entrar e verificação em duas etapas');
    expect(res.body).toContain('href="/pt/themes/informality"');
    expect(res.body).toContain('Annual report');
    expect(res.body).toContain('(original em English)');
  });

  it('shows the priority themes with their descriptions, and the sections other features add', async () => {
    const list = await t.app.inject({ url: '/fr/themes' });
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('Travail des enfants');
    expect(list.body).toContain('Mesurer le travail des enfants');
    const theme = await t.app.inject({ url: '/fr/themes/child-labour' });
    expect(theme.body).toContain(
      '<section id="theme-reports" class="theme-section"><h2>Reports on child-labour</h2></section>',
    );
    const other = await t.app.inject({ url: '/fr/themes/informality' });
    expect(other.body).toContain("Rien n'a encore été publié sur ce thème.");
    expect((await t.app.inject({ url: '/fr/themes/unknown' })).statusCode).toBe(404);
  });

  it('lets the Secretariat edit a theme in each language, with an audit record', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/en/admin/themes/child-labour/edit',
      ...form({
        _csrf: secretariat.csrf,
        orig_locale: 'en',
        sort_order: '1',
        name_en: 'Child labour',
        name_es: 'Trabajo infantil',
        name_fr: 'Travail des enfants',
        name_pt: 'Trabalho infantil',
        description_en: 'Ending child labour in the Americas.',
        active: 'on',
      }),
      headers: { ...form({}).headers, cookie: secretariat.cookie },
    });
    expect(res.statusCode).toBe(303);
    const es = await t.app.inject({ url: '/es/themes/child-labour' });
    expect(es.body).toContain('Ending child labour in the Americas.');
    expect(es.body).toContain('Se muestra en su idioma original, English.');
    const audit = await t.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'theme.update')
      .executeTakeFirstOrThrow();
    expect(audit.object_id).toBe('child-labour');
    expect(JSON.parse(audit.before!).description).toContain('Measuring child labour');
  });

  it('groups the links by category and lets the Secretariat remove and restore one', async () => {
    const page = await t.app.inject({ url: '/es/links' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<h2 id="links-regional">Organizaciones regionales</h2>');
    expect(page.body.indexOf('id="links-regional"')).toBeLessThan(
      page.body.indexOf('id="links-international"'),
    );
    expect(page.body).toContain('Organización Internacional del Trabajo (OIT)');
    const ilo = await t.db
      .selectFrom('links')
      .select('id')
      .where('url', '=', 'https://www.ilo.org')
      .executeTakeFirstOrThrow();
    const headers = { ...form({}).headers, cookie: secretariat.cookie };
    const confirm = await t.app.inject({
      url: `/en/admin/links/${ilo.id}/delete`,
      headers: { cookie: secretariat.cookie },
    });
    expect(confirm.body).toContain('Remove this link?');
    const removed = await t.app.inject({
      method: 'POST',
      url: `/en/admin/links/${ilo.id}/delete`,
      ...form({ _csrf: secretariat.csrf }),
      headers,
    });
    expect(removed.statusCode).toBe(303);
    expect((await t.app.inject({ url: '/es/links' })).body).not.toContain('https://www.ilo.org');
    await t.app.inject({
      method: 'POST',
      url: `/en/admin/links/${ilo.id}/restore`,
      ...form({ _csrf: secretariat.csrf }),
      headers,
    });
    expect((await t.app.inject({ url: '/es/links' })).body).toContain('https://www.ilo.org');
  });
});
