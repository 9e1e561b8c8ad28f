import type { Db } from '../../../db/connection.ts';

/**
 * A small, known set of observations for the explorer and SDMX tests, written straight into
 * the tables (the indicators and codelists come from the statistics migration).
 */

export interface ObsSpec {
  code: string;
  country: string;
  period: string;
  dims?: string[];
  value: number | null;
  status?: string;
  published?: number;
  deleted?: boolean;
  source?: string | null;
  note?: string | null;
  updated?: string;
}

export async function insertObservations(db: Db, specs: ObsSpec[]): Promise<void> {
  const ids = new Map(
    (await db.selectFrom('stat_indicators').select(['id', 'code']).execute()).map((r) => [r.code, r.id]),
  );
  for (const s of specs) {
    const updated = s.updated ?? '2025-03-01T10:00:00.000Z';
    const dims = [...(s.dims ?? []), '_Z', '_Z', '_Z'];
    await db
      .insertInto('stat_observations')
      .values({
        indicator_id: ids.get(s.code)!,
        country_iso3: s.country,
        period: s.period,
        dim1: dims[0]!,
        dim2: dims[1]!,
        dim3: dims[2]!,
        value: s.value,
        obs_status: s.status ?? 'A',
        source: s.source === undefined ? 'Encuesta Continua de Hogares' : s.source,
        note: s.note ?? null,
        published: s.published ?? 1,
        created_at: updated,
        updated_at: updated,
        updated_by: null,
        batch_id: null,
        deleted_at: s.deleted ? updated : null,
      })
      .execute();
  }
}

const TOTAL_AGE = 'AGE_YTHADULT_YGE15';

/** Unemployment for Uruguay, Chile and Argentina 2019–2023 by sex, plus a few special cases. */
export function standardFixture(): ObsSpec[] {
  const base: Record<string, number> = { URY: 8.1, CHL: 7.2, ARG: 9.4 };
  const out: ObsSpec[] = [];
  for (const [country, v] of Object.entries(base)) {
    for (let y = 2019; y <= 2023; y++) {
      for (const [sex, delta] of [
        ['SEX_T', 0],
        ['SEX_M', -0.8],
        ['SEX_F', 1.1],
      ] as const) {
        out.push({
          code: 'UNE_RT',
          country,
          period: String(y),
          dims: [sex, TOTAL_AGE],
          value: Math.round((v + delta + (y - 2019) * 0.1) * 1000) / 1000,
        });
      }
    }
  }
  // Uruguay 2023, total: a provisional figure with a note; 8.5 exactly.
  const ury2023 = out.find((o) => o.country === 'URY' && o.period === '2023' && o.dims![0] === 'SEX_T')!;
  ury2023.value = 8.456;
  ury2023.status = 'P';
  ury2023.note = 'Preliminary results of the 2023 survey.';
  ury2023.updated = '2025-06-02T09:30:00.000Z';
  // Not yet published: Uruguay 2024.
  out.push({
    code: 'UNE_RT',
    country: 'URY',
    period: '2024',
    dims: ['SEX_T', TOTAL_AGE],
    value: 7.777,
    published: 0,
    updated: '2025-07-01T08:00:00.000Z',
  });
  // Deleted: Chile 2018.
  out.push({
    code: 'UNE_RT',
    country: 'CHL',
    period: '2018',
    dims: ['SEX_T', TOTAL_AGE],
    value: 6.666,
    deleted: true,
    updated: '2025-05-01T08:00:00.000Z',
  });
  // Labour force in thousands, Uruguay.
  out.push({
    code: 'EAP_NB',
    country: 'URY',
    period: '2023',
    dims: ['SEX_T', TOTAL_AGE],
    value: 1765.432,
    source: 'Source: ILOSTAT, International Labour Organization',
  });
  out.push({
    code: 'EAP_NB',
    country: 'URY',
    period: '2022',
    dims: ['SEX_T', TOTAL_AGE],
    value: 1750.1,
    source: 'Source: ILOSTAT, International Labour Organization',
  });
  // Quarterly unemployment (one dimension) for Chile.
  for (const [i, q] of ['2023-Q1', '2023-Q2', '2023-Q3', '2023-Q4', '2024-Q1'].entries()) {
    out.push({ code: 'UNE_Q_RT', country: 'CHL', period: q, dims: ['SEX_T'], value: 8 + i / 10 });
  }
  // A flow without dimensions.
  out.push({ code: 'MIN_WAGE', country: 'URY', period: '2023', value: 540.25 });
  return out;
}
