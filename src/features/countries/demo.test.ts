import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers.ts';
import { seedDemo } from '../../db/demo.ts';

describe('countries demo', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    await seedDemo(t.db);
  });
  afterAll(() => t.close());

  it("shows Uruguay's former coordinator in the history and an institution that may not publish", async () => {
    const res = await t.app.inject({ url: '/en/countries/URY' });
    expect(res.statusCode).toBe(200);
    const history = res.body.slice(res.body.indexOf('id="coordinators"'));
    expect(history.indexOf('Lucía Pereira')).toBeLessThan(history.indexOf('Martín Suárez'));
    expect(history).toContain('Mar 1, 2025');
    const ine = res.body.slice(res.body.indexOf('Instituto Nacional de Estadística'));
    expect(ine.slice(0, ine.indexOf('</tr>'))).toContain('May not publish');
  });
});
