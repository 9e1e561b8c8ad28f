import type { Kysely } from 'kysely';
import { CODELISTS } from './codelists.ts';
import { INDICATORS } from './indicators.ts';
import { statisticsChanged } from './version.ts';

/**
 * Puts the codelists and the core indicators in place. Idempotent: existing rows are left as
 * they are (the Secretariat may have edited them), missing ones are added.
 */
export async function seedStatisticsReferenceData(db: Kysely<any>): Promise<void> {
  statisticsChanged();
  const now = new Date().toISOString();
  const lists = new Set(
    (await db.selectFrom('stat_codelists').select('id').execute()).map((r: { id: string }) => r.id),
  );
  const newLists = CODELISTS.map((c, i) => ({ c, i })).filter(({ c }) => !lists.has(c.id));
  if (newLists.length) {
    await db
      .insertInto('stat_codelists')
      .values(
        newLists.map(({ c, i }) => ({
          id: c.id,
          name: JSON.stringify(c.name),
          total_code: c.total,
          sort_order: (i + 1) * 10,
        })),
      )
      .execute();
  }
  const codes = new Set(
    (await db.selectFrom('stat_codes').select(['codelist_id', 'code']).execute()).map(
      (r: { codelist_id: string; code: string }) => `${r.codelist_id}:${r.code}`,
    ),
  );
  const newCodes = CODELISTS.flatMap((c) =>
    c.codes.map((code, i) => ({
      codelist_id: c.id,
      code: code.code,
      name: JSON.stringify(code.name),
      sort_order: (i + 1) * 10,
    })),
  ).filter((r) => !codes.has(`${r.codelist_id}:${r.code}`));
  if (newCodes.length) await db.insertInto('stat_codes').values(newCodes).execute();

  const indicators = new Set(
    (await db.selectFrom('stat_indicators').select('code').execute()).map((r: { code: string }) => r.code),
  );
  const newIndicators = INDICATORS.map((d, i) => ({ d, i })).filter(({ d }) => !indicators.has(d.code));
  if (newIndicators.length) {
    await db
      .insertInto('stat_indicators')
      .values(
        newIndicators.map(({ d, i }) => ({
          code: d.code,
          ilostat_code: d.ilostatCode,
          name: JSON.stringify(d.name),
          definition: JSON.stringify(d.definition),
          notes: JSON.stringify(d.notes),
          orig_locale: 'en',
          topic: d.topic,
          unit: d.unit,
          unit_multiplier: d.unitMultiplier,
          decimals: d.decimals,
          dimensions: JSON.stringify(d.dimensions),
          frequency: d.frequency,
          min_value: d.min,
          max_value: d.max,
          sort_order: (i + 1) * 10,
          updated_at: now,
        })),
      )
      .execute();
  }
}
