import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeUser } from '../../../test/factories.ts';
import { createTestApp, form, type Login, loginAs, type TestApp } from '../../../test/helpers.ts';
import { nowIso } from '../../db/dialect.ts';
import { seedContentDemo } from './demo.ts';

describe('content pages and help manuals', () => {
  let t: TestApp;
  let secretariat: Login;
  let coordinator: Login;

  beforeAll(async () => {
    t = await createTestApp();
    await seedContentDemo(t.db);
    secretariat = await loginAs(t, await makeUser(t.db, { role: 'secretariat' }));
    coordinator = await loginAs(t, await makeUser(t.db, { role: 'coordinator' }));
    const now = nowIso();
    await t.db
      .insertInto('content_pages')
      .values([
        {
          slug: 'only-spanish',
          section: 'site',
          title: JSON.stringify({ es: 'Página solo en español' }),
          body: JSON.stringify({ es: 'Texto **original** en español.' }),
          orig_locale: 'es',
          published: 1,
          created_at: now,
          updated_at: now,
        },
        {
          slug: 'hidden-draft',
          section: 'site',
          title: JSON.stringify({ en: 'Draft page' }),
          body: JSON.stringify({ en: 'Not yet.' }),
          orig_locale: 'en',
          published: 0,
          created_at: now,
          updated_at: now,
        },
      ])
      .execute();
  });
  afterAll(() => t.close());

  it.each([
    ['en', 'About SISMEL', 'Who does what'],
    ['es', 'Acerca de SISMEL', 'Quién hace qué'],
    ['fr', 'À propos de SISMEL', 'Qui fait quoi'],
    ['pt', 'Sobre o SISMEL', 'Quem faz o quê'],
  ])('shows the About page in %s', async (locale, title, heading) => {
    const res = await t.app.inject({ url: `/${locale}/about` });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain(`<html lang="${locale}">`);
    expect(res.body).toContain(`<h1><span>${title}</span></h1>`);
    expect(res.body).toContain(`<h2>${heading}</h2>`);
    expect(res.body).not.toContain('fallback-note');
  });

  it('shows the original language with a visible note when the reader language is missing', async () => {
    const en = await t.app.inject({ url: '/en/pages/only-spanish' });
    expect(en.statusCode).toBe(200);
    expect(en.body).toContain('Página solo en español');
    expect(en.body).toContain('(original in Español)');
    expect(en.body).toContain('It is shown in its original language, Español.');
    expect(en.body).toContain(
      '<div class="prose" lang="es"><p>Texto <strong>original</strong> en español.</p>',
    );
    const fr = await t.app.inject({ url: '/fr/pages/only-spanish' });
    expect(fr.body).toMatch(/Il est affiché dans sa langue d(&#39;|')origine, Español\./);
    const es = await t.app.inject({ url: '/es/pages/only-spanish' });
    expect(es.body).not.toContain('idioma original');
  });

  it('hides unpublished pages from everyone but the Secretariat', async () => {
    expect((await t.app.inject({ url: '/en/pages/hidden-draft' })).statusCode).toBe(404);
    expect(
      (await t.app.inject({ url: '/en/pages/hidden-draft', headers: { cookie: coordinator.cookie } }))
        .statusCode,
    ).toBe(404);
    const sec = await t.app.inject({
      url: '/en/pages/hidden-draft',
      headers: { cookie: secretariat.cookie },
    });
    expect(sec.statusCode).toBe(200);
    expect(sec.body).toContain('This page is not published');
    expect((await t.app.inject({ url: '/en/pages/no-such-page' })).statusCode).toBe(404);
  });

  it('lists the manuals and shows a chapter with contents and previous/next links', async () => {
    const index = await t.app.inject({ url: '/es/help' });
    expect(index.statusCode).toBe(200);
    expect(index.body).toContain('Primeros pasos en SISMEL');
    expect(index.body).toContain('href="/es/help/signing-in"');

    const chapter = await t.app.inject({ url: '/es/help/changing-language' });
    expect(chapter.statusCode).toBe(200);
    expect(chapter.body).toContain('<h1><span>Cambiar el idioma</span></h1>');
    expect(chapter.body).toContain('aria-current="page"');
    expect(chapter.body).toMatch(/href="\/es\/help\/signing-in" rel="prev"/);
    expect(chapter.body).toMatch(/href="\/es\/help\/finding-information" rel="next"/);

    const print = await t.app.inject({ url: '/en/help/getting-started/print' });
    expect(print.statusCode).toBe(200);
    for (const slug of [
      'what-is-sismel',
      'signing-in',
      'changing-language',
      'finding-information',
      'contact',
    ]) {
      expect(print.body).toContain(`id="chapter-${slug}"`);
    }
  });

  it('sends anonymous visitors to sign in and refuses the editing pages to others', async () => {
    const anon = await t.app.inject({ url: '/en/admin/pages' });
    expect(anon.statusCode).toBe(303);
    expect(anon.headers.location).toBe('/en/login?next=%2Fadmin%2Fpages');
    expect(
      (await t.app.inject({ url: '/en/admin/pages', headers: { cookie: coordinator.cookie } })).statusCode,
    ).toBe(403);
  });

  it('refuses a page write from a coordinator, even with a valid CSRF token, and changes nothing', async () => {
    const before = await t.db
      .selectFrom('content_pages')
      .selectAll()
      .where('slug', '=', 'about')
      .executeTakeFirstOrThrow();
    const res = await t.app.inject({
      method: 'POST',
      url: '/en/admin/pages/about/edit',
      ...form({
        _csrf: coordinator.csrf,
        intent: 'save',
        section: 'site',
        orig_locale: 'en',
        title_en: 'Hacked',
        body_en: 'Hacked',
      }),
      headers: { ...form({}).headers, cookie: coordinator.cookie },
    });
    expect(res.statusCode).toBe(403);
    const after = await t.db
      .selectFrom('content_pages')
      .selectAll()
      .where('slug', '=', 'about')
      .executeTakeFirstOrThrow();
    expect(after).toEqual(before);
    const created = await t.app.inject({
      method: 'POST',
      url: '/en/admin/pages/new',
      ...form({
        _csrf: coordinator.csrf,
        intent: 'save',
        slug: 'forged',
        section: 'site',
        orig_locale: 'en',
        title_en: 'X',
        body_en: 'Y',
      }),
      headers: { ...form({}).headers, cookie: coordinator.cookie },
    });
    expect(created.statusCode).toBe(403);
    expect(
      await t.db.selectFrom('content_pages').select('id').where('slug', '=', 'forged').executeTakeFirst(),
    ).toBeUndefined();
  });

  it('previews the rendered Markdown without saving anything', async () => {
    const fields = {
      _csrf: secretariat.csrf,
      intent: 'preview',
      slug: 'data-protection',
      section: 'site',
      orig_locale: 'en',
      sort_order: '5',
      title_en: 'Data protection',
      body_en: '## Your data\n\nWe keep **little**. <script>alert(1)</script>',
      published: 'on',
    };
    const res = await t.app.inject({
      method: 'POST',
      url: '/en/admin/pages/new',
      ...form(fields),
      headers: { ...form({}).headers, cookie: secretariat.cookie },
    });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('This is a preview: nothing has been saved yet.');
    expect(res.body).toContain('<h2>Your data</h2>');
    expect(res.body).toContain('We keep <strong>little</strong>.');
    expect(res.body).not.toContain('<script>alert(1)</script>');
    // The form keeps what was typed.
    expect(res.body).toContain('value="data-protection"');
    expect(
      await t.db
        .selectFrom('content_pages')
        .select('id')
        .where('slug', '=', 'data-protection')
        .executeTakeFirst(),
    ).toBeUndefined();
    const audits = await t.db
      .selectFrom('audit_log')
      .select('id')
      .where('object_id', '=', 'data-protection')
      .execute();
    expect(audits).toEqual([]);
  });

  it('saves a new page with an audit record, then shows it to everyone', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/en/admin/pages/new',
      ...form({
        _csrf: secretariat.csrf,
        intent: 'save',
        slug: 'data-protection',
        section: 'site',
        orig_locale: 'en',
        sort_order: '5',
        title_en: 'Data protection',
        title_es: 'Protección de datos',
        body_en: 'We keep **little**.',
        body_es: 'Guardamos **poco**.',
        published: 'on',
      }),
      headers: { ...form({}).headers, cookie: secretariat.cookie },
    });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/en/admin/pages?saved=1');
    const page = await t.app.inject({ url: '/es/pages/data-protection' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Guardamos <strong>poco</strong>.');
    const audit = await t.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'page.create')
      .where('object_id', '=', 'data-protection')
      .executeTakeFirstOrThrow();
    expect(JSON.parse(audit.after!).title).toContain('Protección de datos');
  });

  it('re-shows the form with every error in the reader language when input is bad', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/es/admin/pages/new',
      ...form({
        _csrf: secretariat.csrf,
        intent: 'save',
        slug: 'Bad Slug!',
        section: 'site',
        orig_locale: 'fr',
        sort_order: 'ten',
        title_en: 'Only English',
        body_en: 'Only English',
      }),
      headers: { ...form({}).headers, cookie: secretariat.cookie },
    });
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('class="error-summary"');
    expect(res.body).toContain('href="#f-slug"');
    expect(res.body).toContain('Escriba el título en Français, el idioma original');
    expect(res.body).toContain('Escriba el orden como un número entero');
    expect(res.body).toContain('value="Only English"');

    const taken = await t.app.inject({
      method: 'POST',
      url: '/en/admin/pages/new',
      ...form({
        _csrf: secretariat.csrf,
        intent: 'save',
        slug: 'about',
        section: 'site',
        orig_locale: 'en',
        title_en: 'X',
        body_en: 'Y',
      }),
      headers: { ...form({}).headers, cookie: secretariat.cookie },
    });
    expect(taken.statusCode).toBe(422);
    expect(taken.body).toContain('A page with this address already exists');
  });

  it('makes a page a chapter of a manual only in the Help section', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/en/admin/pages/data-protection/edit',
      ...form({
        _csrf: secretariat.csrf,
        intent: 'save',
        section: 'site',
        parent_slug: 'getting-started',
        orig_locale: 'en',
        title_en: 'Data protection',
        body_en: 'Text',
        published: 'on',
      }),
      headers: { ...form({}).headers, cookie: secretariat.cookie },
    });
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('A chapter of a manual belongs to the Help section');
  });
});
