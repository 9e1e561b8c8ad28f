import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeUser } from '../../../../test/factories.ts';
import { createTestApp, type TestApp } from '../../../../test/helpers.ts';
import { actorFromUser } from '../../../platform/auth/actor.ts';
import { insertObservations, standardFixture } from '../explorer/test-fixtures.ts';
import { writeApiItems } from '../service.ts';

/** Repeated SDMX-JSON queries are answered from the kept data part until the data change. */
describe('SDMX answers kept between writes', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    await insertObservations(t.db, standardFixture());
  });
  afterAll(() => t.close());

  const url = '/sdmx/rest/data/UNE_RT/URY.SEX_T.AGE_YTHADULT_YGE15?startPeriod=2023&endPeriod=2023';
  const get = async () => {
    const res = await t.app.inject({ url });
    expect(res.statusCode).toBe(200);
    return res.json() as { meta: { id: string; prepared: string }; data: unknown };
  };

  it('gives each answer its own message id, and the new value once it is written', async () => {
    const first = await get();
    const second = await get();
    expect(second.data).toEqual(first.data);
    expect(second.meta.id).not.toBe(first.meta.id);
    expect(JSON.stringify(first.data)).not.toContain('9.876');

    const user = await makeUser(t.db, { role: 'secretariat' });
    const { errors } = await writeApiItems(
      t.db,
      actorFromUser(user),
      [
        {
          indicator: 'UNE_RT',
          country: 'URY',
          period: '2023',
          dimensions: { SEX: 'SEX_T', AGE: 'AGE_YTHADULT_YGE15' },
          value: 9.876,
        },
      ],
      'correction',
    );
    expect(errors).toEqual([]);
    const third = await get();
    expect(JSON.stringify(third.data)).toContain('9.876');
  });
});
