import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/helpers.ts';
import { DEMO_SOURCE, seedStatisticsDemo } from './demo.ts';
import { findObservations, indicatorByCode } from './repository.ts';

describe('statistics demo data', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(() => t.close());

  it('fills every indicator for the 35 countries, deterministically, marked as demo data', async () => {
    const started = Date.now();
    await seedStatisticsDemo(t.db);
    console.log(`demo statistics seeded in ${Date.now() - started} ms`);
    const une = (await indicatorByCode(t.db, 'UNE_RT'))!;
    const rows = await findObservations(t.db, {
      indicatorIds: [une.id],
      periods: ['2020'],
      dim1: ['SEX_T'],
      dim2: ['AGE_YTHADULT_YGE15'],
    });
    expect(rows.length).toBe(35);
    expect(rows.every((r) => r.source === DEMO_SOURCE)).toBe(true);
    expect(rows.every((r) => r.value! > 0 && r.value! < 30)).toBe(true);
    const ury = rows.find((r) => r.country_iso3 === 'URY')!.value;
    // Seeding again does nothing; a fresh seed gives the same numbers.
    await seedStatisticsDemo(t.db);
    const again = await findObservations(t.db, {
      indicatorIds: [une.id],
      countries: ['URY'],
      periods: ['2020'],
      dim1: ['SEX_T'],
      dim2: ['AGE_YTHADULT_YGE15'],
    });
    expect(again[0]!.value).toBe(ury);
    const revs = await t.db
      .selectFrom('stat_revisions')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const obs = await t.db
      .selectFrom('stat_observations')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(revs.n)).toBe(Number(obs.n));
  }, 120_000);
});
