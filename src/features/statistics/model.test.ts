import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/helpers.ts';
import { CODELISTS } from './codelists.ts';
import { INDICATORS } from './indicators.ts';

describe('statistics data model', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(() => t.close());

  it('seeds the codelists and the core indicators with their ILOSTAT codes', async () => {
    const indicators = await t.db.selectFrom('stat_indicators').selectAll().orderBy('sort_order').execute();
    expect(indicators.length).toBe(INDICATORS.length);
    expect(indicators.length).toBeGreaterThanOrEqual(15);
    const eap = indicators.find((i) => i.code === 'EAP_RT')!;
    expect(eap.ilostat_code).toBe('EAP_2WAP_SEX_AGE_RT_A');
    expect(JSON.parse(eap.dimensions)).toEqual(['SEX', 'AGE']);
    expect(JSON.parse(eap.name).es).toBe('Tasa de participación en la fuerza de trabajo');
    const codes = await t.db.selectFrom('stat_codes').selectAll().where('codelist_id', '=', 'SEX').execute();
    expect(codes.map((c) => c.code).sort()).toEqual(['SEX_F', 'SEX_M', 'SEX_O', 'SEX_T']);
    const lists = await t.db.selectFrom('stat_codelists').selectAll().execute();
    expect(lists.length).toBe(CODELISTS.length);
  });

  it('every indicator dimension is a known codelist, at most three', () => {
    for (const ind of INDICATORS) {
      expect(ind.dimensions.length).toBeLessThanOrEqual(3);
      for (const d of ind.dimensions) expect(CODELISTS.some((c) => c.id === d)).toBe(true);
    }
  });

  it('refuses a second observation with the same key', async () => {
    const ind = await t.db
      .selectFrom('stat_indicators')
      .select('id')
      .where('code', '=', 'MIN_WAGE')
      .executeTakeFirstOrThrow();
    const row = {
      indicator_id: ind.id,
      country_iso3: 'URY',
      period: '2020',
      value: 500,
      created_at: 'x',
      updated_at: 'x',
      updated_by: null,
      batch_id: null,
      deleted_at: null,
      source: null,
      note: null,
    };
    await t.db.insertInto('stat_observations').values(row).execute();
    await expect(t.db.insertInto('stat_observations').values(row).execute()).rejects.toThrow();
  });
});
