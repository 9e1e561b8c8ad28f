import fs from 'node:fs';
import path from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import formatsPlugin from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeUser } from '../../../../test/factories.ts';
import { createTestApp, loginAs, type TestApp } from '../../../../test/helpers.ts';
import { insertObservations, standardFixture } from '../explorer/test-fixtures.ts';

/**
 * The SDMX REST service: query parameters, content negotiation, error codes, validators, and
 * every kind of SDMX-JSON message checked against the official schemas of the SDMX TWG.
 */

const SDMX_DIR = '/work/shared/data/sdmx';

/**
 * The schemas declare the generic "http://json-schema.org/schema#" and use draft-04's `id`; they
 * use nothing that differs between draft-04 and draft-07, so ajv validates them as draft-07
 * with `id` read as `$id`.
 */
function loadSchema(file: string): ValidateFunction {
  const schema = JSON.parse(fs.readFileSync(path.join(SDMX_DIR, file), 'utf8')) as Record<string, unknown>;
  schema.$schema = 'http://json-schema.org/draft-07/schema#';
  schema.$id = schema.id;
  delete schema.id;
  const ajv = new Ajv({ strict: false, allErrors: true, allowUnionTypes: true });
  // ajv-formats is CommonJS: its function is the default export's `default` under NodeNext.
  const addFormats = ((formatsPlugin as unknown as { default?: typeof formatsPlugin }).default ??
    formatsPlugin) as unknown as (a: Ajv) => void;
  addFormats(ajv);
  return ajv.compile(schema);
}

const validateData = loadSchema('sdmx-json-1.0-data-schema.json');
const validateStructure = loadSchema('sdmx-json-1.0-structure-schema.json');

function expectValid(validate: ValidateFunction, body: unknown) {
  const ok = validate(body);
  expect(ok ? [] : validate.errors?.slice(0, 5)).toEqual([]);
}

type Series = Record<string, { observations?: Record<string, unknown[]>; attributes?: number[] }>;
interface DataMessage {
  data: {
    structure: {
      dimensions: Record<
        'dataSet' | 'series' | 'observation',
        { id: string; keyPosition: number; values: { id: string }[] }[]
      >;
    };
    dataSets: { action: string; series?: Series; observations?: Record<string, unknown[]> }[];
  };
  errors?: { code: number; title: string; detail: string }[];
}

const KEY = 'URY+CHL.SEX_T.AGE_YTHADULT_YGE15';

describe('SDMX REST', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    await insertObservations(t.db, standardFixture());
  });
  afterAll(() => t.close());

  const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ url, headers });

  it('answers a time-series query in SDMX-JSON with the values grouped by series', async () => {
    const res = await get(`/sdmx/rest/data/UNE_RT/${KEY}?startPeriod=2022&endPeriod=2023`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('application/vnd.sdmx.data+json');
    const body = res.json() as DataMessage;
    expectValid(validateData, body);
    const { dimensions } = body.data.structure;
    expect(dimensions.series.map((d) => d.id)).toEqual(['REF_AREA', 'SEX', 'AGE']);
    expect(dimensions.observation.map((d) => d.id)).toEqual(['TIME_PERIOD']);
    const areas = dimensions.series[0]!.values.map((v) => v.id);
    const periods = dimensions.observation[0]!.values.map((v) => v.id);
    expect(periods).toEqual(['2022', '2023']);
    const ury = body.data.dataSets[0]!.series![`${areas.indexOf('URY')}:0:0`]!;
    expect(ury.observations![String(periods.indexOf('2023'))]![0]).toBe(8.456);
    // The unpublished 2024 figure is not there, nor the deleted Chilean 2018 one.
    expect(JSON.stringify(body)).not.toContain('7.777');
  });

  it.each([
    ['AllDimensions', ['REF_AREA', 'SEX', 'AGE', 'TIME_PERIOD'], []],
    ['REF_AREA', ['REF_AREA'], ['SEX', 'AGE', 'TIME_PERIOD']],
    ['SEX', ['SEX'], ['REF_AREA', 'AGE', 'TIME_PERIOD']],
  ])(
    'lays the data out with dimensionAtObservation=%s, valid against the schema',
    async (dim, obsDims, seriesDims) => {
      const res = await get(
        `/sdmx/rest/data/UNE_RT/URY+CHL..AGE_YTHADULT_YGE15?dimensionAtObservation=${dim}`,
      );
      expect(res.statusCode).toBe(200);
      const body = res.json() as DataMessage;
      expectValid(validateData, body);
      expect(body.data.structure.dimensions.observation.map((d) => d.id)).toEqual(obsDims);
      expect(body.data.structure.dimensions.series.map((d) => d.id)).toEqual(seriesDims);
      const ds = body.data.dataSets[0]!;
      const count =
        dim === 'AllDimensions'
          ? Object.keys(ds.observations!).length
          : Object.values(ds.series!).reduce((n, s) => n + Object.keys(s.observations!).length, 0);
      expect(count).toBe(2 * 3 * 5);
    },
  );

  it.each(['dataonly', 'serieskeysonly', 'nodata'])(
    'answers detail=%s with a valid message',
    async (detail) => {
      const res = await get(`/sdmx/rest/data/UNE_RT/${KEY}?detail=${detail}`);
      expect(res.statusCode).toBe(200);
      const body = res.json() as DataMessage;
      expectValid(validateData, body);
      const series = Object.values(body.data.dataSets[0]!.series!);
      expect(series.length).toBe(2);
      if (detail === 'dataonly') expect(Object.values(series[0]!.observations!)[0]).toHaveLength(1);
      else expect(series[0]!.observations).toBeUndefined();
    },
  );

  it('keeps the last or first N observations of each series', async () => {
    const last = (await get(`/sdmx/rest/data/UNE_RT/URY.SEX_T+SEX_F.?lastNObservations=2&format=csv`)).body;
    const rows = last
      .trim()
      .split('\r\n')
      .slice(1)
      .map((l) => l.split(','));
    expect(rows.map((r) => `${r[2]} ${r[4]}`).sort()).toEqual([
      'SEX_F 2022',
      'SEX_F 2023',
      'SEX_T 2022',
      'SEX_T 2023',
    ]);
    const first = (await get(`/sdmx/rest/data/UNE_RT/URY.SEX_T.?firstNObservations=1&format=csv`)).body;
    expect(
      first
        .trim()
        .split('\r\n')
        .slice(1)
        .map((l) => l.split(',')[4]),
    ).toEqual(['2019']);
  });

  it('selects by startPeriod and endPeriod, also across frequencies', async () => {
    const body = (
      await get(`/sdmx/rest/data/UNE_Q_RT/CHL.SEX_T?startPeriod=2023-04&endPeriod=2023-12-31&format=csv`)
    ).body;
    expect(
      body
        .trim()
        .split('\r\n')
        .slice(1)
        .map((l) => l.split(',')[3]),
    ).toEqual(['2023-Q2', '2023-Q3', '2023-Q4']);
    const annual = (await get(`/sdmx/rest/data/UNE_RT/URY.SEX_T.?startPeriod=2023-Q1&format=csv`)).body;
    // The year 2023 lies within "from the first quarter of 2023 on".
    expect(
      annual
        .trim()
        .split('\r\n')
        .slice(1)
        .map((l) => l.split(',')[4]),
    ).toEqual(['2023']);
  });

  it('answers updatedAfter with the changes since then, deletions as a Delete data set', async () => {
    const res = await get(`/sdmx/rest/data/UNE_RT/all?updatedAfter=2025-04-01T00:00:00Z`);
    expect(res.statusCode).toBe(200);
    const body = res.json() as DataMessage;
    expectValid(validateData, body);
    expect(body.data.dataSets.map((d) => d.action)).toEqual(['Replace', 'Delete']);
    expect(JSON.stringify(body.data.dataSets[0])).toContain('8.456');
    expect(JSON.stringify(body.data.dataSets[1])).toContain('6.666');
    const none = await get(`/sdmx/rest/data/UNE_RT/all?updatedAfter=2030-01-01T00:00:00`);
    expect(none.statusCode).toBe(404);
  });

  it('accepts AGENCY,FLOW and AGENCY,FLOW,VERSION references and a provider', async () => {
    for (const flow of ['SISMEL,UNE_RT', 'SISMEL,UNE_RT,1.0', 'all,UNE_RT,latest']) {
      const res = await get(`/sdmx/rest/data/${flow}/${KEY}/all`);
      expect(res.statusCode, flow).toBe(200);
    }
    expect((await get(`/sdmx/rest/data/ECB,UNE_RT/${KEY}`)).statusCode).toBe(404);
    expect((await get(`/sdmx/rest/data/UNE_RT/${KEY}/ECB`)).statusCode).toBe(404);
  });

  it('writes SDMX-CSV with the DATAFLOW column, dimensions, OBS_VALUE and attributes, by Accept header', async () => {
    const res = await get(`/sdmx/rest/data/EAP_NB/URY..`, {
      accept: 'application/vnd.sdmx.data+csv;version=1.0.0',
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('application/vnd.sdmx.data+csv');
    const lines = res.body.trim().split('\r\n');
    expect(lines[0]).toBe(
      'DATAFLOW,REF_AREA,SEX,AGE,TIME_PERIOD,OBS_VALUE,UNIT_MEASURE,UNIT_MULT,OBS_STATUS,SOURCE,COMMENT_OBS',
    );
    expect(lines[2]).toBe(
      'SISMEL:EAP_NB(1.0),URY,SEX_T,AGE_YTHADULT_YGE15,2023,1765.432,NB,3,A,"Source: ILOSTAT, International Labour Organization",',
    );
    const labelled = await get(`/sdmx/rest/data/EAP_NB/URY..`, {
      accept: 'application/vnd.sdmx.data+csv; version=1.0.0; labels=both',
      'accept-language': 'es',
    });
    expect(labelled.body.split('\r\n')[0]).toContain('SEX: Sexo');
    expect(labelled.body).toContain('SEX_T: Total');
    const file = await get(`/sdmx/rest/data/EAP_NB/URY..?format=csvfile`);
    expect(file.headers['content-disposition']).toContain('attachment');
  });

  it('answers 406 with an SDMX error for a format it does not offer', async () => {
    const res = await get(`/sdmx/rest/data/UNE_RT/${KEY}`, {
      accept: 'application/vnd.sdmx.genericdata+xml;version=2.1',
    });
    expect(res.statusCode).toBe(406);
    const body = res.json() as DataMessage;
    expectValid(validateData, body);
    expect(body.errors![0]!.code).toBe(406);
    expect((await get(`/sdmx/rest/data/UNE_RT/${KEY}?format=xml`)).statusCode).toBe(406);
  });

  it.each([
    [`/sdmx/rest/data/UNE_RT/URY.SEX_T`, 400, 140],
    [`/sdmx/rest/data/UNE_RT/${KEY}?startPeriod=yesterday`, 400, 140],
    [`/sdmx/rest/data/UNE_RT/${KEY}?startPeriod=2024&endPeriod=2020`, 400, 140],
    [`/sdmx/rest/data/UNE_RT/${KEY}?lastNObservations=0`, 400, 140],
    [`/sdmx/rest/data/UNE_RT/${KEY}?detail=everything`, 400, 140],
    [`/sdmx/rest/data/UNE_RT/${KEY}?dimensionAtObservation=COLOUR`, 400, 140],
    [`/sdmx/rest/data/UNE_RT/${KEY}?updatedAfter=soon`, 400, 140],
    [`/sdmx/rest/data/NO_SUCH/all`, 404, 100],
    [`/sdmx/rest/data/UNE_RT/HTI.SEX_T.AGE_YTHADULT_YGE15`, 404, 100],
    [`/sdmx/rest/data/UNE_RT/${KEY}?includeHistory=true`, 501, 501],
  ])('%s → %i with an SDMX error message', async (url, status, code) => {
    const res = await get(url, { 'accept-language': 'fr' });
    expect(res.statusCode).toBe(status);
    const body = res.json() as DataMessage;
    expectValid(validateData, body);
    expect(body.errors![0]!.code).toBe(code);
    if (status === 404) expect(body.errors![0]!.title).toBe('NoResultsFound');
    // The detail is in the reader's language.
    expect(res.headers['content-language']).toBe('fr');
  });

  it('sends ETag and Last-Modified from the latest change, and 304 to a matching request', async () => {
    const url = `/sdmx/rest/data/UNE_RT/${KEY}?format=csv`;
    const first = await get(url);
    expect(first.headers['last-modified']).toBe(new Date('2025-06-02T09:30:00.000Z').toUTCString());
    const etag = first.headers.etag as string;
    expect((await get(url, { 'if-none-match': etag })).statusCode).toBe(304);
    expect(
      (await get(url, { 'if-modified-since': first.headers['last-modified'] as string })).statusCode,
    ).toBe(304);
    // A change to the data changes the validator.
    await t.db
      .updateTable('stat_observations')
      .set({ value: 8.5, updated_at: '2025-08-01T00:00:00.000Z' })
      .where('period', '=', '2023')
      .where('country_iso3', '=', 'CHL')
      .where('dim1', '=', 'SEX_T')
      .execute();
    const after = await get(url, { 'if-none-match': etag });
    expect(after.statusCode).toBe(200);
    expect(after.body).toContain(',8.5,');
  });

  it('shows unpublished observations only to the Secretariat and the country’s own people', async () => {
    const url = `/sdmx/rest/data/UNE_RT/URY.SEX_T.AGE_YTHADULT_YGE15?startPeriod=2024&format=csv`;
    expect((await get(url)).statusCode).toBe(404);
    const chl = await loginAs(t, await makeUser(t.db, { role: 'coordinator', country_iso3: 'CHL' }));
    expect((await get(url, { cookie: chl.cookie })).statusCode).toBe(404);
    const reader = await loginAs(t, await makeUser(t.db, { role: 'reader' }));
    expect((await get(url, { cookie: reader.cookie })).statusCode).toBe(404);
    for (const role of ['editor', 'coordinator'] as const) {
      const ury = await loginAs(t, await makeUser(t.db, { role, country_iso3: 'URY' }));
      const res = await get(url, { cookie: ury.cookie });
      expect(res.statusCode).toBe(200);
      expect(res.body).toContain('7.777');
      expect(res.headers['cache-control']).toContain('private');
    }
    const sec = await loginAs(t, await makeUser(t.db, { role: 'secretariat', country_iso3: null }));
    expect((await get(url, { cookie: sec.cookie })).body).toContain('7.777');
  });

  describe('structure queries', () => {
    it('lists every dataflow, valid against the structure schema', async () => {
      const res = await get('/sdmx/rest/dataflow/all/all/latest');
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toContain('application/vnd.sdmx.structure+json');
      const body = res.json() as { data: { dataflows: { id: string; structure: string }[] } };
      expectValid(validateStructure, body);
      expect(body.data.dataflows.map((f) => f.id)).toContain('UNE_RT');
    });

    it('gives a dataflow with its data structure, code lists and concepts', async () => {
      const res = await get('/sdmx/rest/dataflow/SISMEL/UNE_RT/latest?references=descendants', {
        'accept-language': 'pt',
      });
      const body = res.json() as {
        data: Record<string, { id: string; codes?: { id: string; name: string }[] }[]>;
      };
      expectValid(validateStructure, body);
      expect(Object.keys(body.data).sort()).toEqual([
        'codelists',
        'conceptSchemes',
        'dataStructures',
        'dataflows',
      ]);
      const sex = body.data.codelists!.find((c) => c.id === 'CL_SEX')!;
      expect(sex.codes!.find((c) => c.id === 'SEX_F')!.name).toBe('Mulheres');
    });

    it.each([
      '/sdmx/rest/datastructure/SISMEL/DSD_UNE_RT/1.0',
      '/sdmx/rest/datastructure/all/all/latest?references=children',
      '/sdmx/rest/codelist/SISMEL/CL_SEX/latest',
      '/sdmx/rest/codelist/all/all/latest?detail=allstubs',
      '/sdmx/rest/conceptscheme/SISMEL/CS_SISMEL/latest',
      '/sdmx/rest/dataflow?format=structurejson',
    ])('%s is a valid structure message', async (url) => {
      const res = await get(url);
      expect(res.statusCode).toBe(200);
      expectValid(validateStructure, res.json());
    });

    it.each([
      ['/sdmx/rest/dataflow/SISMEL/NO_SUCH/latest', 404],
      ['/sdmx/rest/dataflow/ECB/all/latest', 404],
      ['/sdmx/rest/dataflow/all/all/latest?references=cousins', 400],
    ])('%s → %i with a valid error message', async (url, status) => {
      const res = await get(url);
      expect(res.statusCode).toBe(status);
      expectValid(validateStructure, res.json());
    });

    it('refuses a structure format it does not offer', async () => {
      const res = await get('/sdmx/rest/dataflow/all/all/latest', {
        accept: 'application/vnd.sdmx.structure+xml;version=2.1',
      });
      expect(res.statusCode).toBe(406);
      expectValid(validateStructure, res.json());
    });
  });
});
