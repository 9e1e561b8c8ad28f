import { AxeBuilder } from '@axe-core/playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/db/demo.ts';
import { type Harness, startHarness } from './harness.ts';

describe('the dashboard in Chromium', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h?.close());

  it('a coordinator lands on it after signing in, it passes the WCAG checks, and its links lead to the work, also without JavaScript', async () => {
    for (const javaScriptEnabled of [true, false]) {
      const context = await h.newContext({ javaScriptEnabled });
      const page = await context.newPage();
      await page.goto('/es/login');
      await page.fill('#f-email', 'coordinator.ury@sismel.example');
      await page.fill('#f-password', DEMO_PASSWORD);
      await page.click('main button[type="submit"]');
      await page.waitForURL('**/es/dashboard');
      expect(await page.textContent('h1')).toBe('Mi trabajo');
      expect(await page.textContent('#dash-consultations')).toContain(
        'Consultas que esperan la respuesta de su país',
      );

      if (javaScriptEnabled) {
        await h.screenshot(page, 'dashboard-coordinator-es');
        const results = await new AxeBuilder({ page })
          .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
          .analyze();
        expect(
          results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
        ).toEqual([]);
      }

      // The first consultation to answer opens on its answer form.
      await page.click('section[aria-labelledby="dash-consultations"] .dash-item__title a');
      await page.waitForURL(/\/es\/consultations\/\d+#answer-form-heading$/);
      expect(await page.isVisible('#answer-form-heading')).toBe(true);
      await context.close();
    }
  });
});
