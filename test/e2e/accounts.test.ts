import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/db/demo.ts';
import { type Harness, linkFrom, startHarness } from './harness.ts';

describe('accounts in Chromium', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h?.close());

  it('shows and announces form errors in the reader language', async () => {
    const context = await h.newContext();
    const page = await context.newPage();
    await page.goto('/es/login');
    await page.click('main button[type="submit"]');
    const summary = page.locator('.error-summary');
    await summary.waitFor();
    expect(await summary.getAttribute('role')).toBe('alert');
    expect(await summary.textContent()).toContain('Hay un problema');
    expect(await page.title()).toMatch(/^Error:/);
    // The summary takes the focus, so a screen reader reads it out at once.
    expect(await page.evaluate(() => document.activeElement?.classList.contains('error-summary'))).toBe(true);
    await h.screenshot(page, 'login-error-es');
    await context.close();
  });

  it('a coordinator invites an editor, who sets a password, is signed in and sees the profile', async () => {
    const coordinator = await h.newContext();
    const page = await coordinator.newPage();
    await page.goto('/es/login');
    await page.fill('#f-email', 'coordinator.ury@sismel.example');
    await page.fill('#f-password', DEMO_PASSWORD);
    await page.click('main button[type="submit"]');
    await page.waitForLoadState('load');
    await page.goto('/es/countries/URY/people');
    await page.fill('#f-name', 'Valentina Costa');
    await page.fill('#f-email', 'valentina.costa@example.org');
    await page.selectOption('#f-role', 'editor');
    const institution = await page
      .locator('#f-institutionId option:not([value=""])')
      .first()
      .getAttribute('value');
    await page.selectOption('#f-institutionId', institution!);
    await page.selectOption('#f-locale', 'es');
    await h.screenshot(page, 'people-invite-es');
    await page.click('form:has(#f-name) button[type="submit"]');
    await page.waitForLoadState('load');
    expect(await page.textContent('main')).toContain('valentina.costa@example.org');
    await coordinator.close();

    const mails = await h.deliverMail();
    const mail = mails.find((m) => m.to === 'valentina.costa@example.org');
    expect(mail).toBeDefined();
    const link = linkFrom(mail!, h.baseUrl);
    expect(link).toContain('/es/invitation/');

    const invitee = await h.newContext();
    const p2 = await invitee.newPage();
    await p2.goto(link);
    expect(await p2.getAttribute('html', 'lang')).toBe('es');
    await p2.fill('#f-password', 'una-clave-bien-larga');
    await p2.fill('#f-confirm', 'una-clave-bien-larga');
    await h.screenshot(p2, 'invitation-es');
    await p2.click('main button[type="submit"]');
    await p2.waitForLoadState('load');
    await p2.goto('/es/account');
    expect(await p2.textContent('header')).toContain('Valentina Costa');
    expect(await p2.inputValue('#f-name')).toBe('Valentina Costa');
    await h.screenshot(p2, 'account-es');
    await invitee.close();
  });
});
