import { AxeBuilder } from '@axe-core/playwright';
import { generate } from 'otplib';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/db/demo.ts';
import { type Harness, startHarness } from './harness.ts';

describe('theme proposals and study groups in Chromium', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h?.close());

  async function signIn(page: Page, email: string) {
    await page.goto('/en/login');
    await page.fill('#f-email', email);
    await page.fill('#f-password', DEMO_PASSWORD);
    await page.click('main button[type="submit"]');
    await page.waitForLoadState('load');
  }

  async function expectNoAxeViolations(page: Page, label: string) {
    const results = await new AxeBuilder({ page })
      .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
      .analyze();
    expect(
      results.violations.map((v) => `${label} ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
    ).toEqual([]);
  }

  it('a proposal gathers supports from two countries, the Secretariat accepts it, and the group exists', async () => {
    const title = 'Statistics on platform work';

    // Uruguay proposes.
    const uruguay = await h.newContext();
    const a = await uruguay.newPage();
    await signIn(a, 'editor.ury@sismel.example');
    await a.goto('/en/proposals');
    await a.click('text=Propose a theme');
    await a.waitForURL('**/en/proposals/new');
    await a.selectOption('#f-theme', 'labour-market-information');
    await a.fill('#f-title_en', title);
    await a.fill(
      '#f-rationale_en',
      'Several ministries are starting to measure **platform work**; a common approach would make figures comparable.',
    );
    await expectNoAxeViolations(a, 'new proposal');
    await h.screenshot(a, 'proposal-new-en');
    await a.click('main form button[type="submit"]');
    await a.waitForURL(/\/en\/proposals\/\d+\?notice=created$/);
    const path = new URL(a.url()).pathname;
    expect(await a.textContent('main')).toContain('Your proposal has been published');
    expect(await a.textContent('main')).toContain('Your country made this proposal.');
    await uruguay.close();

    // Chile supports, then a colleague of Chile finds the country's support already given.
    const chile = await h.newContext();
    const b = await chile.newPage();
    await signIn(b, 'editor.chl@sismel.example');
    await b.goto(path);
    await b.click('text=Support for my country');
    await b.waitForURL(/notice=supported/);
    expect(await b.textContent('main')).toContain('You gave your country’s support.');
    await chile.close();

    const chile2 = await h.newContext();
    const b2 = await chile2.newPage();
    await signIn(b2, 'coordinator.chl@sismel.example');
    await b2.goto(path);
    expect(await b2.textContent('main')).toContain('Supported by your country (given by Diego Muñoz).');
    expect(await b2.locator('text=Support for my country').count()).toBe(0);
    await chile2.close();

    // Mexico supports.
    const mexico = await h.newContext();
    const c = await mexico.newPage();
    await signIn(c, 'coordinator.mex@sismel.example');
    await c.goto(path.replace('/en/', '/es/'));
    await c.click('text=Apoyar en nombre de mi país');
    await c.waitForURL(/notice=supported/);
    expect(await c.textContent('main')).toContain('Países que apoyan (2)');
    await mexico.close();

    // The Secretariat sets up two-factor sign-in, then accepts.
    const secretariat = await h.newContext();
    const s = await secretariat.newPage();
    await signIn(s, 'secretariat@sismel.example');
    await s.waitForURL('**/en/login/setup');
    const secret = ((await s.textContent('code.secret')) ?? '').replace(/\s/g, '');
    expect(secret).toMatch(/^[A-Z2-7]+$/);
    await s.fill('#f-code', await generate({ secret }));
    await s.click('main form button[type="submit"]');
    await s.waitForLoadState('load');
    await s.goto(path);
    await s.click('text=Give the official answer');
    await s.waitForURL(`**${path}/decision`);
    await s.check('#f-status-accepted');
    await s.fill('#f-reasons_en', 'A shared priority, supported by **two countries**.');
    await expectNoAxeViolations(s, 'decision');
    await s.click('main form button[type="submit"]');
    await s.waitForURL(/notice=decided/);
    const main = await s.textContent('main');
    expect(main).toContain('The official answer has been published');
    expect(main).toContain('A shared priority, supported by two countries.');
    await h.screenshot(s, 'proposal-accepted-en');

    // The proposal leads to its study group, moderated by the proposer.
    await s.click(`main dd a[href^="/en/study-groups/"]`);
    await s.waitForURL(/\/en\/study-groups\/\d+$/);
    expect(await s.textContent('h1')).toContain(title);
    const groupText = await s.textContent('main');
    expect(groupText).toContain('Martín Suárez (Uruguay)');
    expect(groupText).toContain('Member countries (1)');
    await expectNoAxeViolations(s, 'study group');
    await h.screenshot(s, 'study-group-en');
    await secretariat.close();

    const groups = await h.handle.db
      .selectFrom('study_groups')
      .innerJoin('users', 'users.id', 'study_groups.moderator_id')
      .innerJoin('proposals', 'proposals.id', 'study_groups.proposal_id')
      .select(['users.email', 'proposals.status'])
      .where('proposals.id', '=', Number(path.split('/').pop()))
      .execute();
    expect(groups).toEqual([{ email: 'editor.ury@sismel.example', status: 'accepted' }]);
  });
});
