import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../../test/helpers.ts';
import { explorerRepository, type ObsFilter } from '../explorer/repository.ts';
import { insertObservations, type ObsSpec } from '../explorer/test-fixtures.ts';
import { sdmxCsvText, sdmxCsvWriter } from './csv.ts';

/**
 * SDMX-CSV pages built by the database are the same text, byte for byte, as the row-by-row
 * writer gives for the same rows: numbers as JavaScript writes them, quoting as RFC 4180 wants,
 * pages joined in key order.
 */
describe('SDMX-CSV built by the database', () => {
  let t: TestDatabase;
  const values = [
    45,
    45.5,
    0,
    -0,
    12.345,
    99.999,
    0.000123,
    1 / 3,
    2 / 3,
    0.1 + 0.2,
    1e-7,
    1e16,
    1e21,
    123456789.125,
    -7.25,
    5e-5,
    1e15,
    999999999999999,
    null,
  ];
  const texts: (string | null)[] = [
    'ILOSTAT, International Labour Organization',
    'Encuesta "continua" de hogares',
    'Line\nbreak',
    'Enquête emploi',
    '',
    null,
  ];
  /** Texts whose first or last character JavaScript judges (white space or not). */
  const edgy = [
    ' leading space',
    'trailing tab\t',
    'non-breaking space\u00a0',
    'Instituto de Estadística, Perú',
  ];
  let indicatorId = 0;
  beforeAll(async () => {
    t = await createTestDatabase();
    const specs: ObsSpec[] = [];
    const countries = ['URY', 'ARG', 'CHL'];
    values.forEach((value, i) => {
      for (const [ci, country] of countries.entries()) {
        specs.push({
          code: 'UNE_RT',
          country,
          period: String(2000 + i),
          dims: [['SEX_T', 'SEX_F', 'SEX_M'][(i + ci) % 3]!, 'AGE_YTHADULT_YGE15'],
          value,
          status: i % 4 === 0 ? 'E' : 'A',
          source: texts[(i + ci) % texts.length]!,
          note: texts[(i * 2 + ci) % texts.length]!,
        });
      }
    });
    edgy.forEach((text, i) => {
      specs.push({
        code: 'UNE_RT',
        country: 'URY',
        period: String(2030 + i),
        dims: ['SEX_T', 'AGE_YTHADULT_YGE15'],
        value: 10 + i,
        source: i % 2 ? text : 'ILOSTAT',
        note: i % 2 ? null : text,
      });
    });
    await insertObservations(t.db, specs);
    indicatorId = (
      await t.db
        .selectFrom('stat_indicators')
        .select('id')
        .where('code', '=', 'UNE_RT')
        .executeTakeFirstOrThrow()
    ).id;
  });
  afterAll(() => t.close());

  async function text(gen: AsyncIterable<string>) {
    let out = '';
    for await (const s of gen) out += s;
    return out;
  }

  it.each([
    ['full', 7],
    ['full', 1000],
    ['dataonly', 4],
  ] as const)('gives the writer’s text with detail=%s in pages of %i rows', async (detail, size) => {
    const repo = explorerRepository(t.db);
    const ind = (await repo.indicator('UNE_RT'))!;
    const filter: ObsFilter = { indicatorId };
    const scope = { kind: 'all' } as const;
    const o = { detail, labels: 'id', locale: 'en' } as const;
    const writer = sdmxCsvWriter(ind, o);
    let expected = writer.header();
    for (const r of await repo.observations(filter, scope)) expected += writer.row(r) ?? '';
    const got = await text(sdmxCsvText(repo, ind, filter, scope, o, size));
    expect(got.split('\r\n').length).toBe(values.length * 3 + edgy.length + 2);
    expect(got).toBe(expected);
  });

  it('builds pages with quoted texts and plain numbers in the database, as the writer would', async () => {
    const repo = explorerRepository(t.db);
    const ind = (await repo.indicator('UNE_RT'))!;
    const plain = [0, 1, 2, 3, 4, 5, 6, 13, 14, 17, 18].map((i) => String(2000 + i));
    const filter: ObsFilter = { indicatorId, periods: plain };
    const o = { detail: 'full', labels: 'id', locale: 'en' } as const;
    const writer = sdmxCsvWriter(ind, o);
    let expected = '';
    for (const r of await repo.observations(filter, { kind: 'all' })) expected += writer.row(r) ?? '';
    const layout = { prefix: 'SISMEL:UNE_RT(1.0),', dimCount: 2, afterValue: ',PT,0', attributes: true };
    const page = await repo.csvPage(filter, { kind: 'all' }, layout, undefined, 1000);
    expect(page.needsRows).toBe(false);
    expect(page.count).toBe(plain.length * 3);
    expect(page.text).toContain('"Encuesta ""continua"" de hogares"');
    expect(page.text).toContain('"Line\nbreak"');
    expect(page.text).toBe(expected);
  });

  it('leaves a page with a number in exponent range or an edgy text to JavaScript', async () => {
    const repo = explorerRepository(t.db);
    const withTexts = { prefix: 'X,', dimCount: 2, afterValue: '', attributes: true };
    for (const i of edgy.keys()) {
      const page = await repo.csvPage(
        { indicatorId, periods: [String(2030 + i)] },
        { kind: 'all' },
        withTexts,
        undefined,
        100,
      );
      expect(page.needsRows).toBe(true);
    }
    const layout = { prefix: 'X,', dimCount: 2, afterValue: '', attributes: false };
    for (const i of [10, 11, 12, 16]) {
      const page = await repo.csvPage(
        { indicatorId, periods: [String(2000 + i)] },
        { kind: 'all' },
        layout,
        undefined,
        100,
      );
      expect(page.needsRows).toBe(true);
    }
  });
});
