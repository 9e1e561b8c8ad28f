import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeUser } from '../../../../test/factories.ts';
import { createTestDatabase, type TestDatabase } from '../../../../test/helpers.ts';
import { actorFromUser } from '../../../platform/auth/actor.ts';
import { OAS_MEMBER_STATES } from '../../countries/reference-data.ts';
import { CODELIST_BY_ID } from '../codelists.ts';
import { applyImport, createImport, getImport, parseReport } from './service.ts';

/** A generated file of 100,000 rows is validated and applied well within a minute. */
describe('a 100,000-row upload', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(() => t.close());

  it('is validated and applied in one batch', async () => {
    const sexes = ['SEX_T', 'SEX_M', 'SEX_F', 'SEX_O'];
    const ages = CODELIST_BY_ID.get('AGE')!.codes.map((c) => c.code);
    const lines = ['ref_area,indicator,sex,classif1,time,obs_value'];
    let seed = 7;
    const rnd = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    outer: for (const c of OAS_MEMBER_STATES) {
      for (let year = 1980; year <= 2024; year++) {
        for (const s of sexes) {
          for (const a of ages) {
            lines.push(`${c.iso3},EAP_2WAP_SEX_AGE_RT_A,${s},${a},${year},${(40 + rnd() * 30).toFixed(3)}`);
            if (lines.length > 100_000) break outer;
          }
        }
      }
    }
    expect(lines.length).toBe(100_001);
    const user = await makeUser(t.db, { role: 'secretariat' });
    const actor = actorFromUser(user);
    const t0 = Date.now();
    const imp = await createImport(
      t.db,
      actor,
      { filename: 'large.csv', data: Buffer.from(lines.join('\n')) },
      true,
    );
    const t1 = Date.now();
    const report = parseReport(imp);
    expect(report.errorCount).toBe(0);
    expect(report.counts.new).toBe(100_000);
    await applyImport(t.db, actor, imp.id, true, true);
    const t2 = Date.now();
    expect((await getImport(t.db, actor, imp.id)).status).toBe('applied');
    const n = await t.db
      .selectFrom('stat_observations')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(n.n)).toBe(100_000);
    console.log(
      `100,000 rows (${process.env.TEST_DATABASE ?? 'sqlite'}): validated in ${t1 - t0} ms, applied in ${t2 - t1} ms`,
    );
    expect(t2 - t0).toBeLessThan(120_000);
  }, 180_000);
});
