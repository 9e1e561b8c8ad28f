import type { Db } from '../../db/connection.ts';
import { nowIso } from '../../db/dialect.ts';
import type { NewRevision } from './repository.ts';
import {
  insertObservations,
  insertRevisions,
  keyOf,
  listIndicators,
  type NewObservation,
} from './repository.ts';

export const DEMO_SOURCE = 'Demo data — generated';

/** A small deterministic PRNG (mulberry32), so the demo is the same on every start. */
function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Level, yearly trend and noise of each indicator's total; breakdowns are derived from it. */
const PROFILE: Record<string, { base: [number, number]; trend: number; noise: number }> = {
  EAP_RT: { base: [55, 70], trend: 0.1, noise: 0.6 },
  EAP_NB: { base: [60, 20000], trend: 0.015, noise: 0.005 },
  EMP_2WAP_RT: { base: [50, 65], trend: 0.1, noise: 0.7 },
  UNE_RT: { base: [3.5, 12], trend: -0.05, noise: 0.5 },
  UNE_Q_RT: { base: [3.5, 12], trend: -0.01, noise: 0.4 },
  YUN_RT: { base: [9, 28], trend: -0.1, noise: 1.2 },
  NEET_RT: { base: [10, 25], trend: -0.1, noise: 0.7 },
  INF_RT: { base: [20, 75], trend: -0.3, noise: 0.8 },
  TRU_RT: { base: [3, 15], trend: -0.05, noise: 0.5 },
  EMP_STE_NB: { base: [40, 15000], trend: 0.012, noise: 0.005 },
  EMP_ECO_NB: { base: [40, 15000], trend: 0.012, noise: 0.005 },
  HOW_NB: { base: [36, 45], trend: -0.05, noise: 0.3 },
  EAR_MTH: { base: [300, 4500], trend: 0.025, noise: 0.01 },
  MIN_WAGE: { base: [150, 2200], trend: 0.03, noise: 0.005 },
  GDP_EMP: { base: [15000, 120000], trend: 0.01, noise: 0.01 },
  WPOV_RT: { base: [0.5, 20], trend: -0.15, noise: 0.3 },
  INJ_FATL_RT: { base: [2, 12], trend: -0.05, noise: 0.4 },
  STR_NB: { base: [2, 300], trend: 0, noise: 0.15 },
};

const SHARE: Record<string, number> = {
  SEX_M: 0.55,
  SEX_F: 0.45,
  ECO_SECTOR_AGR: 0.12,
  ECO_SECTOR_IND: 0.22,
  ECO_SECTOR_SER: 0.66,
  STE_ICSE93_1: 0.62,
  STE_ICSE93_2: 0.04,
  STE_ICSE93_3: 0.28,
  STE_ICSE93_5: 0.06,
  GEO_COV_URB: 0.8,
  GEO_COV_RUR: 0.2,
};
/** For rates: how a breakdown sits relative to the total. */
const FACTOR: Record<string, number> = {
  SEX_M: 1.12,
  SEX_F: 0.86,
  AGE_YTHADULT_Y15_24: 0.75,
  AGE_YTHADULT_YGE25: 1.05,
  GEO_COV_URB: 1.04,
  GEO_COV_RUR: 0.9,
};
const UNEMPLOYMENT_FACTOR: Record<string, number> = {
  SEX_M: 0.85,
  SEX_F: 1.2,
  AGE_YTHADULT_Y15_24: 2.3,
  AGE_YTHADULT_YGE25: 0.8,
  GEO_COV_URB: 1.05,
  GEO_COV_RUR: 0.8,
};

const DEMO_CODES: Record<string, string[]> = {
  SEX: ['SEX_T', 'SEX_M', 'SEX_F'],
  AGE: ['AGE_YTHADULT_YGE15', 'AGE_YTHADULT_Y15_24', 'AGE_YTHADULT_YGE25'],
  AREA: ['GEO_COV_NAT', 'GEO_COV_URB', 'GEO_COV_RUR'],
  ECO: ['ECO_SECTOR_TOTAL', 'ECO_SECTOR_AGR', 'ECO_SECTOR_IND', 'ECO_SECTOR_SER'],
  STE: ['STE_ICSE93_TOTAL', 'STE_ICSE93_1', 'STE_ICSE93_2', 'STE_ICSE93_3', 'STE_ICSE93_5'],
};

/**
 * Fills the core indicators with plausible generated values for the 35 member states,
 * 2010–2025 (quarterly for the last years; a quarter of the countries stop in 2024, so their
 * data look stale as real series do), every value marked "Demo data — generated".
 */
export async function seedStatisticsDemo(db: Db): Promise<void> {
  const existing = await db.selectFrom('stat_observations').select('id').limit(1).executeTakeFirst();
  if (existing) return;
  const indicators = await listIndicators(db);
  const countries = (await db.selectFrom('countries').select('iso3').orderBy('iso3').execute()).map(
    (r) => r.iso3,
  );
  const now = nowIso();
  const rows: NewObservation[] = [];
  indicators.forEach((ind, ii) => {
    const p = PROFILE[ind.code];
    if (!p) return;
    const rate = ind.unit !== 'NB';
    const additive = ind.unit === 'NB';
    countries.forEach((iso3, ci) => {
      const rnd = prng(1000 * (ii + 1) + ci);
      const base = p.base[0] + rnd() * (p.base[1] - p.base[0]);
      const periods: string[] = [];
      const last = ci % 4 === 0 ? 2024 : 2025;
      if (ind.frequency === 'A') for (let y = 2010; y <= last; y++) periods.push(String(y));
      else for (let y = 2022; y <= last; y++) for (let q = 1; q <= 4; q++) periods.push(`${y}-Q${q}`);
      let combos: string[][] = [[]];
      for (const d of ind.dimensions)
        combos = combos.flatMap((c) => (DEMO_CODES[d] ?? []).map((code) => [...c, code]));
      periods.forEach((period, pi) => {
        const total = rate
          ? base + p.trend * pi * (ind.frequency === 'A' ? 1 : 0.25) + (rnd() - 0.5) * 2 * p.noise
          : base * (1 + p.trend) ** pi * (1 + (rnd() - 0.5) * 2 * p.noise);
        for (const combo of combos) {
          let v = total;
          for (const code of combo) {
            if (additive) v *= SHARE[code] ?? 1;
            else v *= (ind.topic === 'unemployment' ? UNEMPLOYMENT_FACTOR : FACTOR)[code] ?? 1;
          }
          if (!additive) v *= 1 + (rnd() - 0.5) * 0.02;
          if (ind.max_value !== null) v = Math.min(v, ind.max_value);
          v = Math.max(v, ind.min_value ?? 0);
          const factor = 10 ** ind.decimals;
          const d = [...combo, '_Z', '_Z', '_Z'];
          rows.push({
            indicator_id: ind.id,
            country_iso3: iso3,
            period,
            dim1: d[0]!,
            dim2: d[1]!,
            dim3: d[2]!,
            value: Math.round(v * factor) / factor,
            obs_status: period === String(last) || period.startsWith(`${last}-`) ? 'P' : 'A',
            source: DEMO_SOURCE,
            note: null,
            published: 1,
            created_at: now,
            updated_at: now,
            updated_by: null,
            batch_id: null,
          });
        }
      });
    });
  });
  await db.transaction().execute(async (trx) => {
    const ids = await insertObservations(trx, rows);
    const revisions: NewRevision[] = rows.map((r) => ({
      observation_id: ids.get(keyOf(r))!,
      revision_no: 1,
      value: r.value,
      obs_status: r.obs_status,
      source: r.source,
      note: null,
      deleted: 0,
      changed_at: now,
      changed_by: null,
      reason: DEMO_SOURCE,
      batch_id: null,
      restored_from: null,
    }));
    await insertRevisions(trx, revisions);
  });
}
