import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeUser } from '../../../../test/factories.ts';
import type { SQLInputValue } from 'node:sqlite';
import { createTestApp, engine, loginAs, type TestApp } from '../../../../test/helpers.ts';
import { rawSqliteOf } from '../../../db/dialect.ts';
import { explorerRepository, type ObsFilter } from './repository.ts';
import { insertObservations, standardFixture } from './test-fixtures.ts';

const VIEW = '/statistics/indicators/UNE_RT?c=URY&c=CHL&SEX=SEX_T';

/** The text of every data cell of a table, tags removed. */
function cells(html: string, tableId: string): string[] {
  const table = new RegExp(`<table[^>]*id="${tableId}"[\\s\\S]*?</table>`).exec(html)?.[0] ?? '';
  const body = /<tbody>([\s\S]*?)<\/tbody>/.exec(table)?.[1] ?? '';
  return [...body.matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((m) => m[1]!.replace(/<[^>]+>/g, '').trim());
}

describe('statistics explorer', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    await insertObservations(t.db, standardFixture());
  });
  afterAll(() => t.close());

  const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ url, headers });

  it('links the country page to the country profile', async () => {
    const res = await get('/es/countries/URY');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('href="/es/statistics/countries/URY"');
  });

  it.each([
    ['en', 'Labour statistics', 'Unemployment rate'],
    ['es', 'Estadísticas laborales', 'Tasa de desocupación'],
  ])('lists the indicators in %s, with facets that filter by country', async (locale, heading, name) => {
    const res = await get(`/${locale}/statistics`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain(heading);
    expect(res.body).toContain(name);
    expect(res.headers['cache-control']).toMatch(/public/);
    const chile = await get(`/${locale}/statistics?country=CHL`);
    expect(chile.body).toContain('/statistics/indicators/UNE_Q_RT');
    const uruguay = await get(`/${locale}/statistics?country=URY`);
    expect(uruguay.body).not.toContain('/statistics/indicators/UNE_Q_RT');
    expect(uruguay.body).toContain('/statistics/indicators/EAP_NB');
    const search = await get(`/${locale}/statistics?q=desocupacion`);
    expect(search.body).toContain('/statistics/indicators/UNE_RT');
    expect(search.body).not.toContain('/statistics/indicators/EAP_NB');
    const year = await get(`/${locale}/statistics?year=2024`);
    expect(year.body).toContain('/statistics/indicators/UNE_Q_RT');
    expect(year.body).not.toContain('/statistics/indicators/MIN_WAGE');
  });

  it.each([
    ['en', '8.5', 'Provisional value'],
    ['es', '8,5', 'Valor provisional'],
  ])(
    'shows an indicator in %s with values formatted for the reader and their flags',
    async (locale, value, flag) => {
      const res = await get(`/${locale}${VIEW}`);
      expect(res.statusCode).toBe(200);
      const table = cells(res.body, 'table-line');
      expect(table).toContain(`${value} P[1]`);
      expect(res.body).toContain(`title="${flag}"`);
      expect(res.body).toContain('Preliminary results of the 2023 survey.');
      expect(res.body).toContain('Encuesta Continua de Hogares');
    },
  );

  it('formats thousands for French readers', async () => {
    const res = await get('/fr/statistics/indicators/EAP_NB?c=URY');
    expect(cells(res.body, 'table-line')).toContain('1\u202f765,4');
    expect(res.body).toContain('Source: ILOSTAT, International Labour Organization');
    const en = await get('/en/statistics/indicators/EAP_NB?c=URY');
    expect(cells(en.body, 'table-line')).toContain('1,765.4');
  });

  it('draws the charts as SVG without JavaScript, with a title, a text alternative and the table’s numbers', async () => {
    const res = await get(`/en${VIEW}`);
    const html = res.body;
    const svg = /<figure class="chart" id="chart-line"[\s\S]*?<\/figure>/.exec(html)![0];
    expect(svg).toMatch(/<svg[^>]*role="img"[^>]*aria-labelledby="chart-line-title chart-line-desc"/);
    expect(svg).toContain('<title id="chart-line-title">Unemployment rate over time (Percent)</title>');
    expect(svg).toMatch(/<desc id="chart-line-desc">Line chart of .*Uruguay.*<\/desc>/);
    const tips = [...svg.matchAll(/<g class="chart-point"[^>]*><title>([^<]+)<\/title>/g)].map((m) => m[1]!);
    // Every number in the table is a point of the chart, and the other way round.
    const table = cells(html, 'table-line').map((c) => c.replace(/ ?P\[1\]$/, ''));
    expect(tips).toHaveLength(10);
    for (const v of table)
      expect(
        tips.some((tip) => tip.includes(`: ${v}`)),
        v,
      ).toBe(true);
    expect(tips).toContain('Uruguay, 2023: 8.5 (P)');
    // The bar chart across countries for the latest period, with the median and its table.
    const bar = /<figure class="chart" id="chart-bar"[\s\S]*?<\/figure>/.exec(html)![0];
    expect(bar).toContain('Argentina: 9.8');
    expect(cells(html, 'table-bar')).toContain('9.8');
    expect(html).toContain('Median 8.5');
    // No inline script or style.
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(html).not.toMatch(/\sstyle="/);
  });

  it('keeps every choice in the URL', async () => {
    const res = await get('/en/statistics/indicators/UNE_RT?c=CHL&SEX=SEX_F&from=2021&to=2022&period=2020');
    expect(res.body).toContain('<input type="checkbox" id="c-CHL" name="c" value="CHL" checked/>');
    expect(res.body).toMatch(/<option value="SEX_F" selected/);
    expect(cells(res.body, 'table-line')).toEqual(['8.6', '8.5']);
    expect(res.body).toContain('Across countries in 2020');
    expect(res.body).toContain(
      'download.csv?c=CHL&amp;SEX=SEX_F&amp;AGE=AGE_YTHADULT_YGE15&amp;from=2021&amp;to=2022&amp;period=2020',
    );
    expect(res.body).toContain(
      '/sdmx/rest/data/UNE_RT/CHL.SEX_F.AGE_YTHADULT_YGE15?startPeriod=2021&amp;endPeriod=2022&amp;format=csvfile',
    );
  });

  it('downloads the view as CSV, XLSX, SDMX-CSV and SDMX-JSON', async () => {
    const csv = await get(`/es/statistics/indicators/UNE_RT/download.csv?c=URY&SEX=SEX_T`);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-disposition']).toContain('attachment');
    const lines = csv.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toContain('Indicador,Nombre del indicador,Código del país,País');
    expect(lines).toHaveLength(6);
    expect(lines[5]).toContain('UNE_RT,Tasa de desocupación,URY,Uruguay,SEX_T,Total');
    expect(lines[5]).toContain(',2023,8.456,Porcentaje,0,P,Valor provisional,');
    expect(csv.headers.etag).toBeTruthy();

    const xlsx = await get(`/en/statistics/indicators/UNE_RT/download.xlsx?c=URY&c=CHL&SEX=SEX_T`);
    expect(xlsx.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const sheet = wb.getWorksheet('Data')!;
    expect(sheet.rowCount).toBe(11);
    const header = sheet.getRow(1).values as unknown[];
    const valueCol = header.indexOf('Value');
    const values = [];
    for (let r = 2; r <= sheet.rowCount; r++) values.push(sheet.getRow(r).getCell(valueCol).value);
    expect(values).toContain(8.456);
    expect(wb.getWorksheet('About')!.getRow(1).getCell(2).value).toContain('UNE_RT');

    const page = (await get(`/en${VIEW}`)).body;
    const sdmxCsv = /href="(\/sdmx\/rest\/data\/[^"]+format=csvfile)"/.exec(page)![1]!.replace(/&amp;/g, '&');
    const sc = await get(sdmxCsv);
    expect(sc.statusCode).toBe(200);
    expect(sc.body.split('\r\n')[0]).toMatch(/^DATAFLOW,REF_AREA,SEX,AGE,TIME_PERIOD,OBS_VALUE/);
    expect(sc.body.trim().split('\r\n')).toHaveLength(11);
    const sdmxJson = /href="(\/sdmx\/rest\/data\/[^"]+format=jsondata)"/
      .exec(page)![1]!
      .replace(/&amp;/g, '&');
    const sj = await get(sdmxJson);
    expect(sj.statusCode).toBe(200);
    expect(sj.json().data.dataSets[0].series).toBeTruthy();
  });

  it('hides unpublished figures from the public and shows them to the country’s own people', async () => {
    const url = '/en/statistics/indicators/UNE_RT?c=URY&SEX=SEX_T';
    const anonymous = await get(url);
    expect(anonymous.body).not.toContain('<th scope="row">2024</th>');
    const chl = await loginAs(t, await makeUser(t.db, { role: 'coordinator', country_iso3: 'CHL' }));
    expect((await get(url, { cookie: chl.cookie })).body).not.toContain('<th scope="row">2024</th>');
    const ury = await loginAs(t, await makeUser(t.db, { role: 'editor', country_iso3: 'URY' }));
    const own = await get(url, { cookie: ury.cookie });
    expect(own.body).toContain('<th scope="row">2024</th>');
    expect(own.body).toContain('unpublished');
    expect(own.headers['cache-control']).toContain('private');
    // The public download has no 2024 row either.
    const csv = await get('/en/statistics/indicators/UNE_RT/download.csv?c=URY&SEX=SEX_T');
    expect(csv.body).not.toContain(',2024,');
    expect(
      (await get('/en/statistics/indicators/UNE_RT/download.csv?c=URY&SEX=SEX_T', { cookie: ury.cookie }))
        .body,
    ).toContain(',2024,7.777,');
  });

  it('shows a country profile with the latest values, sparklines and the median of the Americas', async () => {
    const res = await get('/es/statistics/countries/URY');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Estadísticas laborales: Uruguay');
    const row = /<tr>(?:(?!<\/tr>)[\s\S])*UNE_RT(?:(?!<\/tr>)[\s\S])*<\/tr>/.exec(res.body)![0];
    expect(row).toContain('<strong>8,5</strong>');
    expect(row).toContain('3 países, 2023');
    expect(row).toContain('class="sparkline"');
    expect(row).toContain('De 8,1 en 2019 a 8,5 en 2023');
    expect(row).toContain('Preliminary results of the 2023 survey.');
    // The labour force in thousands, with its source.
    expect(res.body).toContain('1765,4');
    expect(res.body).toContain('Source: ILOSTAT, International Labour Organization');
    expect((await get('/en/statistics/countries/XYZ')).statusCode).toBe(404);
  });

  it('answers an unknown indicator with 404', async () => {
    expect((await get('/en/statistics/indicators/NOPE')).statusCode).toBe(404);
  });

  it.skipIf(engine === 'postgres')(
    'reads a series from the series index and a whole flow from the export index on SQLite',
    async () => {
      const repo = explorerRepository(t.db);
      const ind = (await repo.indicator('UNE_RT'))!;
      const plan = (f: ObsFilter) => {
        const q = repo.observationsQuery(f, { kind: 'public' }).compile();
        const rows = rawSqliteOf(t.db)!
          .prepare(`EXPLAIN QUERY PLAN ${q.sql}`)
          .all(...(q.parameters as SQLInputValue[])) as { detail: string }[];
        return rows.map((r) => r.detail).join(' | ');
      };
      const series = ind.dimensions.map((d) => [d.codes[0]!.id]);
      expect(plan({ indicatorId: ind.id, countries: ['URY', 'CHL', 'ARG'], dims: series })).toContain(
        'INDEX stat_observations_series',
      );
      expect(plan({ indicatorId: ind.id })).toContain('COVERING INDEX stat_observations_export');
    },
  );
});
