import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/db/demo.ts';
import { type Harness, startHarness } from './harness.ts';

describe('consultations in Chromium', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h?.close());

  async function signIn(page: Page, email: string) {
    await page.goto('/es/login');
    await page.fill('#f-email', email);
    await page.fill('#f-password', DEMO_PASSWORD);
    await page.click('main button[type="submit"]');
    await page.waitForLoadState('load');
  }

  it('a Uruguayan editor asks, a Chilean editor answers, and the asker accepts the answer', async () => {
    const title = '¿Qué incentivos usan para la contratación de aprendices?';

    // Uruguay asks, with a file attached.
    const asker = await h.newContext();
    const a = await asker.newPage();
    await signIn(a, 'editor.ury@sismel.example');
    await a.goto('/es/consultations');
    await a.click('text=Formular una consulta');
    await a.waitForURL('**/es/consultations/new');
    expect(await a.textContent('main')).toContain('Usted pregunta en nombre de Uruguay');
    await a.selectOption('#f-orig_locale', 'es');
    await a.fill('#f-title', title);
    await a.fill(
      '#f-body',
      'Buscamos experiencias con **incentivos fiscales** para empresas que forman aprendices.',
    );
    await a.check('#f-themes-labour-training');
    await a.check('#f-themes-youth-employment');
    await a.check('#addressed-all');
    await a.fill('#f-deadline', '2099-06-30');
    await a.setInputFiles('#f-files', {
      name: 'nota-conceptual.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from('Nota conceptual: incentivos para aprendices.'),
    });
    await h.screenshot(a, 'consultation-new-es');
    await a.click('main form[enctype="multipart/form-data"] button[type="submit"]');
    await a.waitForURL(/\/es\/consultations\/\d+\?created=1$/);
    const url = new URL(a.url());
    const path = url.pathname;
    expect(await a.textContent('main')).toContain('Su consulta se envió');
    expect(await a.textContent('h1')).toContain(title);
    expect(await a.textContent('main')).toContain('nota-conceptual.txt');
    expect(await a.textContent('.badge')).toContain('Abierta');
    await h.screenshot(a, 'consultation-asked-es');

    // Chile finds it among the consultations addressed to Chile, and answers.
    const answerer = await h.newContext();
    const b = await answerer.newPage();
    await signIn(b, 'editor.chl@sismel.example');
    await b.goto('/es/consultations?mine=1');
    await b.click(`a:has-text("${title}")`);
    await b.waitForURL(`**${path}`);
    await b.fill(
      '#f-body',
      'En Chile la franquicia tributaria cubre parte del costo de la formación del aprendiz.',
    );
    await h.screenshot(b, 'consultation-answer-form-es');
    await b.click('.answer-form button[type="submit"]');
    await b.waitForURL(/answered=1/);
    expect(await b.textContent('.answer-list')).toContain('franquicia tributaria');
    await h.screenshot(b, 'consultation-answered-es');

    // The asker hears of the answer and accepts it.
    await a.goto('/es/notifications');
    expect(await a.textContent('main')).toContain(title);
    await a.goto(path);
    expect(await a.textContent('.answer-list')).toContain('Chile');
    await a.click('.answer-list button:has-text("Aceptar esta respuesta")');
    await a.waitForURL(/accepted=1/);
    expect(await a.textContent('main')).toContain('La respuesta se aceptó');
    expect(await a.textContent('.answer--accepted')).toContain('Respuesta aceptada');
    expect(await a.textContent('p.meta .badge')).toContain('Respondida');
    await h.screenshot(a, 'consultation-accepted-es');

    // The Chilean editor sees the answer accepted too.
    await b.goto(path);
    expect(await b.textContent('.answer--accepted')).toContain('franquicia tributaria');

    // …and corrects it: the answer stays accepted and says it was edited.
    await b.click('.answer--accepted a:has-text("Editar esta respuesta")');
    await b.waitForURL(/\/answers\/\d+\/edit$/);
    const editPath = new URL(b.url()).pathname;
    expect(await b.inputValue('#f-body')).toContain('franquicia tributaria');
    await b.fill('#f-body', '');
    await b.click('main form button[type="submit"]');
    expect(await b.textContent('.error-summary')).toContain('Escriba su respuesta');
    await b.fill(
      '#f-body',
      'En Chile la franquicia tributaria SENCE cubre parte del costo de la formación del aprendiz.',
    );
    await h.screenshot(b, 'consultation-answer-edit-es');
    await b.click('main form button[type="submit"]');
    await b.waitForURL(/edited=1/);
    expect(await b.textContent('main')).toContain('La respuesta se actualizó');
    expect(await b.textContent('.answer--accepted')).toContain('franquicia tributaria SENCE');
    expect(await b.textContent('.answer--accepted .answer__edited')).toContain('editada el');

    // The list, the form and the consultation page pass the WCAG 2.1 AA checks.
    for (const [p, target] of [
      [a, '/es/consultations'],
      [a, '/es/consultations/new'],
      [a, path],
      [b, path],
      [b, editPath],
    ] as const) {
      await p.goto(target);
      const results = await new AxeBuilder({ page: p })
        .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
        .analyze();
      expect(
        results.violations.map(
          (v) => `${target} ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
        ),
      ).toEqual([]);
    }
    await asker.close();
    await answerer.close();
  });
});
