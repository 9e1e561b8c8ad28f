import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeUser } from '../../../../test/factories.ts';
import { createTestApp, type Login, loginAs, type TestApp } from '../../../../test/helpers.ts';
import { SYSTEM_ACTOR } from '../../../platform/auth/actor.ts';
import { findObservations, indicatorByCode } from '../repository.ts';
import { writeObservations } from '../service.ts';
import { waitForImport } from './service.ts';

const ILOSTAT_DIR = '/work/shared/data/ilostat';

function multipart(filename: string, content: Buffer | string, type = 'text/csv') {
  const boundary = `----stats${Math.random().toString(16).slice(2)}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${type}\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return {
    payload: Buffer.concat([head, Buffer.isBuffer(content) ? content : Buffer.from(content), tail]),
    contentType: `multipart/form-data; boundary=${boundary}`,
  };
}

describe('bulk import of statistics', () => {
  let t: TestApp;
  let secretariat: Login;
  let ury: Login;

  beforeAll(async () => {
    t = await createTestApp();
    secretariat = await loginAs(t, await makeUser(t.db, { role: 'secretariat' }));
    ury = await loginAs(t, await makeUser(t.db, { role: 'editor', country_iso3: 'URY', locale: 'es' }));
  });
  afterAll(() => t.close());

  async function upload(login: Login, filename: string, content: Buffer | string, lang = 'en') {
    const m = multipart(filename, content);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/imports',
      headers: { ...login.headers, 'content-type': m.contentType, 'accept-language': lang },
      payload: m.payload,
    });
    return res;
  }

  async function apply(login: Login, id: string, confirmWarnings = false) {
    return t.app.inject({
      method: 'POST',
      url: `/api/v1/imports/${id}/apply`,
      headers: login.headers,
      payload: { confirmWarnings },
    });
  }

  it.each(['EMP_NIFL_SEX_RT_A.csv', 'EAP_2WAP_SEX_AGE_RT_A.csv', 'EAP_2EAP_SEX_AGE_NB_A.csv'])(
    'imports the ILOSTAT file %s with exact values',
    async (file) => {
      const text = fs.readFileSync(path.join(ILOSTAT_DIR, file), 'utf8');
      const rows = parse(text, { columns: true }) as Record<string, string>[];
      const res = await upload(secretariat, file, text);
      expect(res.statusCode).toBe(201);
      const report = res.json();
      expect(report.errorCount).toBe(0);
      expect(report.format).toBe('ilostat');
      expect(report.counts.new).toBe(rows.length);
      const applied = await apply(secretariat, report.id, true);
      expect(applied.statusCode).toBe(200);
      expect(applied.json().status).toBe('applied');
      const ind = await t.db
        .selectFrom('stat_indicators')
        .selectAll()
        .where('ilostat_code', '=', rows[0]!.indicator!)
        .executeTakeFirstOrThrow();
      const dims = JSON.parse(ind.dimensions) as string[];
      const stored = await findObservations(t.db, { indicatorIds: [ind.id] });
      expect(stored.length).toBe(rows.length);
      const byKey = new Map(stored.map((o) => [`${o.country_iso3}|${o.period}|${o.dim1}|${o.dim2}`, o]));
      for (const r of rows) {
        const key = `${r.ref_area}|${r.time}|${r.sex}|${dims.length > 1 ? r.classif1 : '_Z'}`;
        const o = byKey.get(key);
        expect(o, key).toBeDefined();
        expect(o!.value).toBe(Number(r.obs_value));
        expect(String(o!.value)).toBe(r.obs_value);
        expect(o!.source).toBe('ILOSTAT, International Labour Organization');
      }
      // Uploading the same file again changes nothing.
      const again = (await upload(secretariat, file, text)).json();
      expect(again.counts).toMatchObject({ new: 0, changed: 0, removed: 0, unchanged: rows.length });
    },
    60_000,
  );

  it('blocks a broken file and names row, column and reason in Spanish', async () => {
    const csv = [
      'ref_area,source,indicator,sex,classif1,classif2,time,obs_value,obs_status',
      'URY,,EMP_NIFL_SEX_RT_A,SEX_T,,,20X4,24.1,',
      'URY,,EMP_NIFL_SEX_RT_A,SEX_M,,,2024,abc,',
      'URY,,EMP_NIFL_SEX_RT_A,SEX_Q,,,2024,22.0,',
      'URY,,EMP_NIFL_SEX_RT_A,SEX_F,,,2024,25.0,',
      'URY,,EMP_NIFL_SEX_RT_A,SEX_F,,,2024,26.0,',
      'ARG,,EMP_NIFL_SEX_RT_A,SEX_F,,,2024,40.0,',
      'URY,,NO_SUCH_INDICATOR,SEX_F,,,2024,40.0,',
    ].join('\n');
    const res = await upload(ury, 'roto.csv', csv, 'es');
    expect(res.statusCode).toBe(201);
    const report = res.json();
    expect(report.status).toBe('invalid');
    const byRow = new Map(
      report.errors.map((e: { row: number; column: string; message: string }) => [e.row, e]),
    );
    expect(byRow.get(2)).toMatchObject({
      column: 'time',
      message: expect.stringContaining('no es un período válido'),
    });
    expect(byRow.get(3)).toMatchObject({ column: 'obs_value', message: '“abc” para 2024 no es un número' });
    expect(byRow.get(4)).toMatchObject({ column: 'sex', message: 'Código desconocido “SEX_Q” para SEX' });
    expect(byRow.get(6)).toMatchObject({
      column: 'time',
      message: expect.stringContaining('primero en la fila 5'),
    });
    expect(byRow.get(7)).toMatchObject({
      column: 'ref_area',
      message: 'No puede modificar los datos de ARG',
    });
    expect(byRow.get(8)).toMatchObject({
      column: 'indicator',
      message: 'Indicador desconocido “NO_SUCH_INDICATOR”',
    });
    const denied = await apply(ury, report.id, true);
    expect(denied.statusCode).toBe(409);
    const ind = (await indicatorByCode(t.db, 'INF_RT'))!;
    expect(
      await findObservations(t.db, { indicatorIds: [ind.id], countries: ['URY'], periods: ['2024'] }),
    ).toEqual(
      await findObservations(t.db, { indicatorIds: [ind.id], countries: ['URY'], periods: ['2024'] }),
    );
    // The page shows the same report to the uploader.
    const page = await t.app.inject({
      url: `/es/statistics/imports/${report.id}`,
      headers: { cookie: ury.cookie },
    });
    expect(page.body).toContain('No puede modificar los datos de ARG');
  });

  it('needs a confirmation for warnings, applies in one batch, and reverts it', async () => {
    const ind = (await indicatorByCode(t.db, 'INF_RT'))!;
    const before = await findObservations(t.db, { indicatorIds: [ind.id], countries: ['URY'] });
    const v2023 = before.find((o) => o.period === '2023' && o.dim1 === 'SEX_T')!;
    const v2022 = before.find((o) => o.period === '2022' && o.dim1 === 'SEX_T')!;
    // A template-layout file: a jump far from 2022, and a change of a published value.
    const csv = [
      'indicator,country,period,SEX,value,status,source,note',
      `INF_RT,URY,2023,SEX_T,${v2022.value! + 30},P,Encuesta Continua de Hogares,`,
      'INF_RT,URY,2030,SEX_T,20,F,,',
    ].join('\n');
    const report = (await upload(ury, 'plantilla.csv', csv, 'es')).json();
    expect(report.status).toBe('validated');
    expect(report.counts).toMatchObject({ new: 1, changed: 1 });
    const keys = report.warnings.map((w: { message: string }) => w.message).join(' | ');
    expect(keys).toContain('lejos del período anterior');
    expect(keys).toContain('Modifica el valor publicado');
    const refused = await apply(ury, report.id, false);
    expect(refused.statusCode).toBe(422);
    expect(
      (
        await findObservations(t.db, {
          indicatorIds: [ind.id],
          countries: ['URY'],
          periods: ['2023'],
          dim1: ['SEX_T'],
        })
      )[0]!.value,
    ).toBe(v2023.value);

    // Without JavaScript: the page's form asks for the confirmation too.
    const page = await t.app.inject({
      url: `/es/statistics/imports/${report.id}`,
      headers: { cookie: ury.cookie },
    });
    expect(page.body).toContain('name="confirmWarnings"');

    const ok = await apply(ury, report.id, true);
    expect(ok.statusCode).toBe(200);
    expect(ok.json().applied).toMatchObject({ created: 1, changed: 1 });
    const changed = (
      await findObservations(t.db, {
        indicatorIds: [ind.id],
        countries: ['URY'],
        periods: ['2023'],
        dim1: ['SEX_T'],
      })
    )[0]!;
    expect(changed.value).toBe(v2022.value! + 30);
    const revs = await t.db
      .selectFrom('stat_revisions')
      .selectAll()
      .where('batch_id', '=', report.id)
      .execute();
    expect(revs.length).toBe(2);
    const audits = await t.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'import.apply')
      .where('object_id', '=', report.id)
      .execute();
    expect(audits.length).toBe(1);

    const reverted = await t.app.inject({
      method: 'POST',
      url: `/api/v1/imports/${report.id}/revert`,
      headers: ury.headers,
    });
    expect(reverted.statusCode).toBe(200);
    expect(reverted.json().reverted).toMatchObject({ restored: 2, skipped: 0 });
    const back = (
      await findObservations(t.db, {
        indicatorIds: [ind.id],
        countries: ['URY'],
        periods: ['2023'],
        dim1: ['SEX_T'],
      })
    )[0]!;
    expect(back.value).toBe(v2023.value);
    expect(back.source).toBe(v2023.source);
    expect(
      await findObservations(t.db, { indicatorIds: [ind.id], countries: ['URY'], periods: ['2030'] }),
    ).toEqual([]);
  });

  it('applies by comparing with the values stored at apply time, by the same rules as the preview', async () => {
    const ind = (await indicatorByCode(t.db, 'INF_RT'))!;
    const item = (period: string, value: number | null, extra: { source?: string; note?: string } = {}) => ({
      indicator_id: ind.id,
      country_iso3: 'PRY',
      period,
      dim1: 'SEX_T',
      dim2: '_Z',
      dim3: '_Z',
      value,
      obs_status: 'A',
      source: extra.source ?? 'EPH',
      note: extra.note ?? null,
    });
    const write = (items: ReturnType<typeof item>[]) =>
      t.db.transaction().execute((trx) => writeObservations(trx, SYSTEM_ACTOR, items));
    await write([item('2004', 40), item('2005', null), item('2008', null)]);
    await write([
      item('2001', 10),
      item('2002', 20),
      item('2003', 30),
      item('2004', null),
      item('2006', 60, { note: 'x' }),
      item('2007', 70),
    ]);
    const csv = [
      'indicator,country,period,SEX,value,status,source,note',
      'INF_RT,PRY,2001,SEX_T,10.0000000000001,A,EPH,', // equal within 1e-9: unchanged
      'INF_RT,PRY,2002,SEX_T,21,A,EPH,', // changed, but equal within 1e-9 by the time it is applied
      'INF_RT,PRY,2003,SEX_T,,A,EPH,', // empty: removed
      'INF_RT,PRY,2004,SEX_T,44,A,EPH,', // over a removed value: new
      'INF_RT,PRY,2005,SEX_T,55,A,EPH,', // new
      'INF_RT,PRY,2006,SEX_T,60,A,EPH,', // the note goes: changed
      'INF_RT,PRY,2007,SEX_T,70,A,EPH,', // unchanged in the preview: left alone when applied
      'INF_RT,PRY,2008,SEX_T,,A,EPH,', // nothing to remove: unchanged
    ].join('\n');
    const report = (await upload(secretariat, 'pry.csv', csv)).json();
    expect(report.errorCount).toBe(0);
    expect(report.counts).toEqual({ new: 2, changed: 2, removed: 1, unchanged: 3 });
    await write([item('2002', 21.000000000001), item('2007', 75)]);
    const ok = await apply(secretariat, report.id, true);
    expect(ok.statusCode).toBe(200);
    expect(ok.json().applied).toEqual({ created: 2, changed: 1, removed: 1, unchanged: 4 });

    const rows = await t.db
      .selectFrom('stat_observations')
      .selectAll()
      .where('indicator_id', '=', ind.id)
      .where('country_iso3', '=', 'PRY')
      .where('dim1', '=', 'SEX_T')
      .where('period', 'in', ['2001', '2002', '2003', '2004', '2005', '2006', '2007'])
      .orderBy('period')
      .execute();
    const by = new Map(rows.map((r) => [r.period, r]));
    expect(by.get('2001')).toMatchObject({ value: 10, revision_no: 1 });
    expect(by.get('2002')).toMatchObject({ value: 21.000000000001, revision_no: 2, batch_id: null });
    expect(by.get('2003')).toMatchObject({ value: 30, revision_no: 2 });
    expect(by.get('2003')!.deleted_at).not.toBeNull();
    expect(by.get('2004')).toMatchObject({ value: 44, deleted_at: null, batch_id: report.id });
    expect(by.get('2005')).toMatchObject({ value: 55, revision_no: 1, deleted_at: null });
    expect(by.get('2006')).toMatchObject({ value: 60, note: null, batch_id: report.id });
    expect(by.get('2007')).toMatchObject({ value: 75, revision_no: 2 });

    // One revision per written value, numbered after the one before; each value's last revision
    // is what the table holds.
    const revs = await t.db
      .selectFrom('stat_revisions')
      .selectAll()
      .where('batch_id', '=', report.id)
      .execute();
    expect(revs).toHaveLength(4);
    for (const r of revs) {
      const obs = rows.find((o) => o.id === r.observation_id)!;
      expect(r).toMatchObject({ revision_no: obs.revision_no, value: obs.value, note: obs.note });
      expect(r.deleted).toBe(obs.deleted_at ? 1 : 0);
      expect(r.reason).toBe('Import: pry.csv');
    }

    const reverted = await t.app.inject({
      method: 'POST',
      url: `/api/v1/imports/${report.id}/revert`,
      headers: secretariat.headers,
    });
    expect(reverted.json().reverted).toMatchObject({ restored: 4, skipped: 0 });
    const back = await findObservations(t.db, {
      indicatorIds: [ind.id],
      countries: ['PRY'],
      periods: ['2002', '2003', '2004', '2005', '2007'],
      dim1: ['SEX_T'],
    });
    expect(Object.fromEntries(back.map((o) => [o.period, o.value]))).toEqual({
      '2002': 21.000000000001,
      '2003': 30,
      '2007': 75,
    });
  });

  it("refuses another country's editor who forges the address of an upload: no preview, apply or revert", async () => {
    const chl = await loginAs(t, await makeUser(t.db, { role: 'editor', country_iso3: 'CHL' }));
    const ind = (await indicatorByCode(t.db, 'MIN_WAGE'))!;
    const stored = async () =>
      (await findObservations(t.db, { indicatorIds: [ind.id], countries: ['URY'], periods: ['2031'] })).map(
        (o) => o.value,
      );
    const report = (
      await upload(ury, 'ury.csv', 'indicator,country,period,value\nMIN_WAGE,URY,2031,777\n')
    ).json();
    expect(report.status).toBe('validated');
    const id = report.id as string;
    const page = (url: string, method: 'GET' | 'POST' = 'GET') =>
      t.app.inject({
        method,
        url,
        headers:
          method === 'POST'
            ? { cookie: chl.cookie, 'content-type': 'application/x-www-form-urlencoded' }
            : { cookie: chl.cookie },
        payload: method === 'POST' ? `_csrf=${encodeURIComponent(chl.csrf)}&confirmWarnings=on` : undefined,
      });
    expect((await page(`/en/statistics/imports/${id}`)).statusCode).toBe(404);
    expect((await t.app.inject({ url: `/api/v1/imports/${id}`, headers: chl.headers })).statusCode).toBe(404);
    expect((await page(`/en/statistics/imports/${id}/apply`, 'POST')).statusCode).toBe(404);
    expect((await apply(chl, id, true)).statusCode).toBe(404);
    expect(await stored()).toEqual([]);

    expect((await apply(ury, id, true)).statusCode).toBe(200);
    expect(await stored()).toEqual([777]);
    expect((await page(`/en/statistics/imports/${id}/revert`, 'POST')).statusCode).toBe(404);
    expect(
      (await t.app.inject({ method: 'POST', url: `/api/v1/imports/${id}/revert`, headers: chl.headers }))
        .statusCode,
    ).toBe(404);
    expect(await stored()).toEqual([777]);
  });

  it('warns when a breakdown does not add up to its total', async () => {
    const csv = [
      'indicator,country,period,SEX,ECO,value,status,source,note',
      'EMP_ECO_NB,URY,2021,SEX_T,ECO_SECTOR_TOTAL,1600,,,',
      'EMP_ECO_NB,URY,2021,SEX_T,ECO_SECTOR_AGR,130,,,',
      'EMP_ECO_NB,URY,2021,SEX_T,ECO_SECTOR_IND,300,,,',
      'EMP_ECO_NB,URY,2021,SEX_T,ECO_SECTOR_SER,1100,,,',
    ].join('\n');
    const report = (await upload(ury, 'eco.csv', csv, 'es')).json();
    expect(report.status).toBe('validated');
    expect(report.warnings.map((w: { message: string }) => w.message).join(' ')).toContain(
      'suma 1530, no el total 1600',
    );
  });

  it('refuses a file that is not a spreadsheet, by content', async () => {
    const res = await upload(ury, 'datos.csv', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 1]), 'es');
    expect(res.json().fileError).toBe('El archivo no es un archivo CSV ni XLSX');
  });

  it('offers a template pre-filled with current values that imports back unchanged, as XLSX and CSV', async () => {
    const xlsx = await t.app.inject({
      url: '/es/statistics/imports/template.xlsx?indicator=INF_RT&country=URY',
      headers: { cookie: ury.cookie },
    });
    expect(xlsx.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets[0]!.getRow(1).values).toContain('value');
    const report = (await upload(ury, 'INF_RT_URY.xlsx', xlsx.rawPayload, 'es')).json();
    expect(report.errorCount).toBe(0);
    expect(report.format).toBe('xlsx');
    expect(report.counts.changed).toBe(0);
    expect(report.counts.unchanged).toBeGreaterThan(10);
    const csv = await t.app.inject({
      url: '/es/statistics/imports/template.csv?indicator=INF_RT&country=URY',
      headers: { cookie: ury.cookie },
    });
    expect(csv.body.split('\r\n')[0]).toBe('indicator,country,period,SEX,value,status,source,note');
    const other = await t.app.inject({
      url: '/es/statistics/imports/template.csv?indicator=INF_RT&country=ARG',
      headers: { cookie: ury.cookie },
    });
    expect(other.statusCode).toBe(403);
  });

  it('uploads through the page without JavaScript and shows progress, then the preview', async () => {
    const csv = 'indicator,country,period,value\nMIN_WAGE,URY,2019,420\n';
    const m = multipart('salario.csv', csv);
    const res = await t.app.inject({
      method: 'POST',
      url: `/es/statistics/imports?_csrf=${encodeURIComponent(ury.csrf)}`,
      headers: { cookie: ury.cookie, 'content-type': m.contentType },
      payload: m.payload,
    });
    expect(res.statusCode).toBe(303);
    const id = (res.headers.location as string).split('/').pop()!;
    await waitForImport(id);
    const page = await t.app.inject({ url: `/es/statistics/imports/${id}`, headers: { cookie: ury.cookie } });
    expect(page.body).toContain('1 valor nuevo');
    const list = await t.app.inject({ url: '/es/statistics/imports', headers: { cookie: ury.cookie } });
    expect(list.body).toContain('salario.csv');
  });
});
