import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeUser } from '../../../test/factories.ts';
import { createTestApp, form, loginAs, type TestApp } from '../../../test/helpers.ts';
import { getCatalogs } from '../../platform/i18n/catalog.ts';
import { LOCALES } from '../../platform/i18n/locales.ts';
import {
  helpImageFile,
  helpLinks,
  IMAGE_LINE,
  imageReferences,
  MANUALS,
  manualPageSources,
  readManualFiles,
  resolveUiLabels,
  seedManuals,
  uiReferences,
} from './manuals.ts';

const files = readManualFiles();
const slugs = new Set(files.map((f) => f.slug));
const srcDir = path.resolve(import.meta.dirname, '../..');

/** The chapters the manuals must have (the issue's list), by page slug. */
const REQUIRED = {
  'user-manual': [
    'access',
    'statistics',
    'search',
    'documents',
    'consultations',
    'proposals',
    'study-groups',
    'cooperation',
    'notifications',
  ],
  'coordinator-manual': [
    'designation',
    'institutions-and-editors',
    'data-entry',
    'bulk-upload',
    'reverting-a-batch',
    'country-profile',
    'dashboard',
    'daily-routine',
  ],
  'secretariat-guide': [
    'themes',
    'content-pages',
    'news',
    'coordinators',
    'audit-trail',
    'outbox',
    'backups',
    'postgresql',
  ],
};

describe('the manual files', () => {
  it.each(MANUALS)('%s has the same chapters, in the same order, in the four languages', (manual) => {
    const names = (locale: string) =>
      files.filter((f) => f.manual === manual && f.locale === locale).map((f) => f.name);
    expect(names('en')[0]).toBe('00-introduction');
    for (const locale of LOCALES) expect(names(locale), locale).toEqual(names('en'));
    const chapters = files
      .filter((f) => f.manual === manual && f.locale === 'en' && f.order > 0)
      .map((f) => f.slug);
    expect(chapters).toEqual(REQUIRED[manual].map((c) => `${manual}-${c}`));
  });

  it('names only buttons, links and menus that exist, without placeholders, in every catalogue', () => {
    const catalogs = getCatalogs();
    const problems: string[] = [];
    let count = 0;
    for (const f of files) {
      for (const key of uiReferences(f.body)) {
        count++;
        for (const locale of LOCALES) {
          const label = catalogs[locale][key];
          if (label === undefined) problems.push(`${f.file}: ${key} is missing in ${locale}`);
          else if (/[{}]/.test(label)) problems.push(`${f.file}: ${key} needs values`);
        }
      }
      // A marker written wrongly would reach readers as raw text.
      const stray = f.body.replace(/\[\[ui:[A-Za-z0-9_.-]+\]\]/g, '').match(/\[\[[^\]]*\]\]/g);
      if (stray) problems.push(`${f.file}: malformed marker ${stray.join(', ')}`);
    }
    expect(problems).toEqual([]);
    expect(count).toBeGreaterThan(200);
  });

  it('refers only to screenshots that exist, of its own language, each on a line of its own', () => {
    const problems: string[] = [];
    let count = 0;
    for (const f of files) {
      for (const src of imageReferences(f.body)) {
        count++;
        const line = f.body.split('\n').find((l) => l.includes(`(${src})`)) ?? '';
        const m = IMAGE_LINE.exec(line.trim());
        if (!m) problems.push(`${f.file}: ${src} is not a screenshot line`);
        else if (m[3] !== f.locale) problems.push(`${f.file}: ${src} is not in ${f.locale}`);
        else if (!fs.existsSync(helpImageFile(src))) problems.push(`${f.file}: ${src} does not exist`);
      }
    }
    expect(problems).toEqual([]);
    expect(count).toBeGreaterThan(40);
  });

  it('links only to help pages that exist', () => {
    const broken = files.flatMap((f) =>
      helpLinks(f.body)
        .filter((slug) => !slugs.has(slug))
        .map((slug) => `${f.file}: /help/${slug}`),
    );
    expect(broken).toEqual([]);
  });

  it('is where the help link of every page points', () => {
    const targets: string[] = [];
    const walk = (dir: string) => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else if (/\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name)) {
          const text = fs.readFileSync(p, 'utf8');
          for (const m of text.matchAll(/(?:help=\{?|HELP\w* = )['"`]\/help\/([a-z0-9-]+)['"`]/g))
            targets.push(`${path.relative(srcDir, p)} → ${m[1]}`);
        }
      }
    };
    walk(path.join(srcDir, 'features'));
    expect(targets.length).toBeGreaterThan(20);
    expect(targets.filter((t) => !slugs.has(t.split(' → ')[1]!))).toEqual([]);
  });

  it('refuses a label that is not in the catalogue', () => {
    expect(() => resolveUiLabels('Select [[ui:no.such.key]].', 'es')).toThrow(/no.such.key/);
    expect(resolveUiLabels('Select [[ui:stats.import.upload]].', 'es')).toBe(
      `Select **${getCatalogs().es['stats.import.upload']}**.`,
    );
  });
});

describe('the manuals in the help area', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
    const first = await seedManuals(t.db);
    expect(first.created.length).toBe(slugs.size);
  });
  afterAll(() => t.close());

  it('lists the three manuals with their chapters in the reader’s language', async () => {
    const res = await t.app.inject({ url: '/es/help' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Manual del Coordinador Nacional');
    expect(res.body).toContain('href="/es/help/coordinator-manual-bulk-upload"');
    expect(res.body).toContain('href="/es/help/user-manual-access"');
    expect(res.body).toContain('href="/es/help/secretariat-guide-backups"');
  });

  it('shows a chapter with the table of contents, real labels, site links in the language and screenshots', async () => {
    const res = await t.app.inject({ url: '/es/help/coordinator-manual-bulk-upload' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<h1><span>Carga masiva y el informe de validación</span></h1>');
    expect(res.body).toContain('class="manual-toc');
    for (const chapter of REQUIRED['coordinator-manual'])
      expect(res.body).toContain(`href="/es/help/coordinator-manual-${chapter}"`);
    expect(res.body).toContain(`<strong>${getCatalogs().es['stats.import.upload']}</strong>`);
    expect(res.body).not.toContain('[[ui:');
    expect(res.body).toMatch(
      /<figure class="manual-figure"><img src="\/static\/help-images\/es\/coordinator-import-report\.png" alt="[^"]+" loading="lazy" width="\d+" height="\d+"/,
    );
    const fr = await t.app.inject({ url: '/fr/help/coordinator-manual' });
    expect(fr.body).toContain('href="/fr/help/user-manual"');
  });

  it('serves the screenshots', async () => {
    const res = await t.app.inject({ url: '/static/help-images/es/coordinator-import-report.png' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('image/png');
  });

  it('prints a whole manual on one page', async () => {
    const res = await t.app.inject({ url: '/pt/help/secretariat-guide/print' });
    expect(res.statusCode).toBe(200);
    for (const chapter of REQUIRED['secretariat-guide'])
      expect(res.body).toContain(`id="chapter-secretariat-guide-${chapter}"`);
    expect(res.body).toContain('<img src="/static/help-images/pt/secretariat-designate.png"');
  });

  it('is found by the site search', async () => {
    const res = await t.app.inject({ url: `/es/search?q=${encodeURIComponent('revertir carga')}` });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('href="/es/help/coordinator-manual-reverting-a-batch"');
    const en = await t.app.inject({ url: '/en/search?q=recovery+codes' });
    expect(en.body).toContain('href="/en/help/user-manual-access"');
  });

  it('updates pages whose file changed, and keeps pages the Secretariat edited', async () => {
    expect(await seedManuals(t.db)).toEqual({ created: [], updated: [], kept: [] });

    const secretariat = await loginAs(t, await makeUser(t.db, { role: 'secretariat' }));
    const body = form({
      _csrf: secretariat.csrf,
      intent: 'save',
      section: 'help',
      parent_slug: 'secretariat-guide',
      orig_locale: 'en',
      sort_order: '30',
      published: 'on',
      title_en: 'News',
      body_en: 'Our own way of writing news.',
    });
    const edit = await t.app.inject({
      method: 'POST',
      url: '/en/admin/pages/secretariat-guide-news/edit',
      payload: body.payload,
      headers: { ...body.headers, cookie: secretariat.cookie },
    });
    expect(edit.statusCode).toBe(303);

    const changed = manualPageSources().map((s) =>
      s.slug === 'secretariat-guide-news' || s.slug === 'secretariat-guide-outbox'
        ? { ...s, body: { ...s.body, en: `${s.body.en}\n\nA new paragraph.` } }
        : s,
    );
    expect(await seedManuals(t.db, changed)).toEqual({
      created: [],
      updated: ['secretariat-guide-outbox'],
      kept: ['secretariat-guide-news'],
    });
    const news = await t.app.inject({ url: '/en/help/secretariat-guide-news' });
    expect(news.body).toContain('Our own way of writing news.');
    const outbox = await t.app.inject({ url: '/en/help/secretariat-guide-outbox' });
    expect(outbox.body).toContain('A new paragraph.');
    const found = await t.app.inject({ url: '/en/search?q=%22new+paragraph%22' });
    expect(found.body).toContain('href="/en/help/secretariat-guide-outbox"');
  });
});
