import { AxeBuilder } from '@axe-core/playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from './harness.ts';

describe('the public site in Chromium', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h?.close());

  it.each([
    ['en', 'Labour market information for the Americas'],
    ['es', 'Información del mercado laboral de las Américas'],
    ['fr', "L'information sur le marché du travail des Amériques"],
    ['pt', 'Informação sobre o mercado de trabalho das Américas'],
  ])('shows the home page in %s', async (locale, heading) => {
    const context = await h.newContext();
    const page = await context.newPage();
    await page.goto(`/${locale}`);
    expect(await page.getAttribute('html', 'lang')).toBe(locale);
    expect(await page.textContent('h1')).toBe(heading);
    await h.screenshot(page, `home-${locale}`);
    await context.close();
  });

  it('keeps the current page when switching language', async () => {
    const context = await h.newContext();
    const page = await context.newPage();
    await page.goto('/en/pages/plan-of-action');
    await page.click('a[hreflang="es"][lang="es"]');
    await page.waitForURL('**/es/pages/plan-of-action');
    expect(await page.textContent('h1')).toContain('Plan de Acción');
    await context.close();
  });

  it('works at phone width with JavaScript off', async () => {
    const context = await h.newContext({ javaScriptEnabled: false, viewport: { width: 375, height: 740 } });
    const page = await context.newPage();
    await page.goto('/es');
    expect(await page.textContent('h1')).toContain('mercado laboral');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);
    expect(overflow).toBe(false);
    await h.screenshot(page, 'home-es-phone-nojs');
    await context.close();
  });

  it.each([
    '/en',
    '/es/login',
    '/en/themes',
    '/fr/pages/ilo-declaration',
    '/en/statistics',
    '/es/statistics/indicators/UNE_RT?c=URY&c=CHL&c=MEX',
    '/pt/statistics/countries/BRA',
    '/en/documents',
    '/es/search?q=formacion',
    '/en/countries',
    '/fr/countries/HTI',
    '/en/cooperation',
    '/en/cooperation/table',
    '/es/news',
    '/en/help',
  ])('has no axe violations on %s', async (path) => {
    const context = await h.newContext();
    const page = await context.newPage();
    const res = await page.goto(path);
    expect(res?.status()).toBe(200);
    const results = await new AxeBuilder({ page })
      .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
      .analyze();
    expect(
      results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
    ).toEqual([]);
    await context.close();
  });
});
