import type { StatObservation } from '../../../db/schema.ts';
import { CODELIST_BY_ID, isObsStatus, NOT_APPLICABLE, normalizeCode } from '../codelists.ts';
import { isAdditive } from '../indicators.ts';
import { normalizePeriod, parseNumber, previousPeriod } from '../periods.ts';
import { type IndicatorView, keyOf } from '../repository.ts';
import { classify, outOfRange, type WriteItem } from '../service.ts';
import type { Sheet } from './parse.ts';

export const ILOSTAT_SOURCE = 'ILOSTAT, International Labour Organization';

export type ImportLayout = 'ilostat' | 'template';

export interface Problem {
  row: number;
  column: string;
  key: string;
  values?: Record<string, string | number>;
}

/** A row that changes something, as it is staged for the preview and the apply. */
export interface StagedRow extends WriteItem {
  row: number;
  action: 'new' | 'changed' | 'unchanged' | 'removed';
  observation_id: number | null;
  old_value: number | null;
  old_status: string | null;
}

export interface ValidationResult {
  layout: ImportLayout;
  errors: Problem[];
  errorCount: number;
  warnings: Problem[];
  warningCount: number;
  counts: { new: number; changed: number; unchanged: number; removed: number };
  staged: StagedRow[];
  countries: string[];
  rows: number;
}

export interface ValidationContext {
  indicators: IndicatorView[];
  countries: Set<string>;
  /** Countries the uploader may change. */
  writable: (iso3: string) => boolean;
  /** Existing observations of the file's indicator × country pairs. */
  loadExisting: (pairs: { indicatorId: number; iso3: string }[]) => Promise<Map<string, StatObservation>>;
  progress?: (done: number, total: number) => void;
}

const MAX_LISTED = 500;

/** Which layout the header describes, and where each column is. */
export function detectLayout(header: string[]): { layout: ImportLayout; col: Map<string, number> } | null {
  const col = new Map<string, number>();
  header.forEach((h, i) => {
    const k = h.trim().toLowerCase();
    if (!col.has(k)) col.set(k, i);
  });
  if (col.has('ref_area') && col.has('indicator') && col.has('time') && col.has('obs_value'))
    return { layout: 'ilostat', col };
  if (col.has('indicator') && col.has('country') && col.has('period') && col.has('value'))
    return { layout: 'template', col };
  return null;
}

/**
 * Checks every row of an upload and compares it with what is stored. Errors block the upload;
 * warnings need an explicit confirmation. Runs in one pass over the rows plus one bulk read of
 * the existing values.
 */
export async function validateSheet(
  sheet: Sheet,
  ctx: ValidationContext,
): Promise<ValidationResult | { unknownLayout: true }> {
  const detected = detectLayout(sheet.header);
  if (!detected) return { unknownLayout: true };
  const { layout, col } = detected;
  const headerName = (k: string) => sheet.header[col.get(k) ?? -1] ?? k;
  const byCode = new Map<string, IndicatorView>();
  for (const ind of ctx.indicators) {
    byCode.set(ind.code.toUpperCase(), ind);
    if (ind.ilostat_code) byCode.set(ind.ilostat_code.toUpperCase(), ind);
  }
  const codeSets = new Map<string, Set<string>>();
  for (const [id, list] of CODELIST_BY_ID) codeSets.set(id, new Set(list.codes.map((c) => c.code)));

  const errors: Problem[] = [];
  let errorCount = 0;
  const addError = (p: Problem) => {
    errorCount++;
    if (errors.length < MAX_LISTED) errors.push(p);
  };
  /** Column positions, found once; -1 for a column the file does not have. */
  const at = (k: string) => col.get(k) ?? -1;
  const cell = (r: string[], i: number) => (i < 0 ? '' : (r[i] ?? '').trim());
  const get = (r: string[], k: string) => cell(r, at(k));
  const items: (WriteItem & { row: number; key: string })[] = [];
  const seen = new Map<string, number>();
  const countries = new Set<string>();
  const total = sheet.rows.length;
  const ilostat = layout === 'ilostat';
  const countryCol = ilostat ? 'ref_area' : 'country';
  const periodCol = ilostat ? 'time' : 'period';
  const valueCol = ilostat ? 'obs_value' : 'value';
  const statusCol = ilostat ? 'obs_status' : 'status';
  const iIndicator = at('indicator');
  const iCountry = at(countryCol);
  const iPeriod = at(periodCol);
  const iValue = at(valueCol);
  const iStatus = at(statusCol);
  const iSex = at('sex');
  const iSource = at('source');
  const iNote = at('note');
  const iNotes = ['note_classif', 'note_indicator', 'note_source'].map(at).filter((i) => i >= 0);
  const classifCols = ['classif1', 'classif2'];
  /** Per indicator: where each of its breakdowns is read, and the valid codes. */
  const plans = new Map<number, { dim: string; column: string; index: number; codes: Set<string> }[]>();
  const planOf = (ind: IndicatorView) => {
    let plan = plans.get(ind.id);
    if (!plan) {
      let next = 0;
      plan = ind.dimensions.map((d) => {
        const column = ilostat
          ? d === 'SEX'
            ? 'sex'
            : (classifCols[next++] ?? 'classif2')
          : d.toLowerCase();
        return { dim: d, column, index: at(column), codes: codeSets.get(d) ?? new Set<string>() };
      });
      plans.set(ind.id, plan);
    }
    return plan;
  };
  const writable = new Map<string, boolean>();

  for (let i = 0; i < total; i++) {
    if (ctx.progress && i % 5000 === 0) ctx.progress(i, total);
    const r = sheet.rows[i]!;
    const row = i + 2;
    let blank = true;
    for (const c of r) {
      if (c && c.trim() !== '') {
        blank = false;
        break;
      }
    }
    if (blank) continue;
    const indCode = cell(r, iIndicator);
    const ind = byCode.get(indCode.toUpperCase());
    if (!ind) {
      addError({
        row,
        column: headerName('indicator'),
        key: 'stats.error.unknownIndicator',
        values: { code: indCode },
      });
      continue;
    }
    const iso3 = cell(r, iCountry).toUpperCase();
    if (!ctx.countries.has(iso3)) {
      addError({
        row,
        column: headerName(countryCol),
        key: 'stats.error.unknownCountry',
        values: { code: iso3 },
      });
      continue;
    }
    let mayWrite = writable.get(iso3);
    if (mayWrite === undefined) {
      mayWrite = ctx.writable(iso3);
      writable.set(iso3, mayWrite);
    }
    if (!mayWrite) {
      addError({
        row,
        column: headerName(countryCol),
        key: 'stats.error.notYourCountry',
        values: { code: iso3 },
      });
      continue;
    }
    const rawPeriod = cell(r, iPeriod);
    const period = normalizePeriod(rawPeriod, ind.frequency);
    if (!period) {
      addError({
        row,
        column: headerName(periodCol),
        key: 'stats.error.badPeriod',
        values: { value: rawPeriod },
      });
      continue;
    }
    // Breakdown codes, in the indicator's dimension order.
    const plan = planOf(ind);
    const dims: string[] = [NOT_APPLICABLE, NOT_APPLICABLE, NOT_APPLICABLE];
    let bad = false;
    if (ilostat) {
      const sex = cell(r, iSex);
      if (sex !== '' && !ind.dimensions.includes('SEX')) {
        addError({
          row,
          column: headerName('sex'),
          key: 'stats.error.unexpectedCode',
          values: { code: sex },
        });
        bad = true;
      }
      const others = plan.length - (ind.dimensions.includes('SEX') ? 1 : 0);
      const classifs = classifCols.filter((k) => get(r, k) !== '');
      if (classifs.length > others) {
        const k = classifs[others]!;
        addError({
          row,
          column: headerName(k),
          key: 'stats.error.unexpectedCode',
          values: { code: get(r, k) },
        });
        bad = true;
      }
      for (let d = 0; d < plan.length; d++) {
        const p = plan[d]!;
        const code = normalizeCode(cell(r, p.index));
        if (!bad && !p.codes.has(code)) {
          addError({
            row,
            column: headerName(p.column),
            key: code ? 'stats.error.unknownCode' : 'stats.error.missingCode',
            values: { code, codelist: p.dim },
          });
          bad = true;
        }
        dims[d] = code;
      }
    } else {
      for (let d = 0; d < plan.length; d++) {
        const p = plan[d]!;
        const code = normalizeCode(cell(r, p.index));
        if (!p.codes.has(code)) {
          addError({
            row,
            column: p.index >= 0 ? headerName(p.column) : p.dim,
            key: code ? 'stats.error.unknownCode' : 'stats.error.missingCode',
            values: { code, codelist: p.dim },
          });
          bad = true;
          break;
        }
        dims[d] = code;
      }
    }
    if (bad) continue;
    const rawValue = cell(r, iValue);
    let value: number | null = null;
    if (rawValue !== '') {
      value = parseNumber(rawValue);
      if (value === null) {
        addError({
          row,
          column: headerName(valueCol),
          key: 'stats.error.notNumber',
          values: { value: rawValue, period },
        });
        continue;
      }
      if (outOfRange(ind, value)) {
        addError({
          row,
          column: headerName(valueCol),
          key: 'stats.error.outOfRange',
          values: { value: rawValue, period, min: ind.min_value ?? '', max: ind.max_value ?? '' },
        });
        continue;
      }
    }
    const status = cell(r, iStatus).toUpperCase() || 'A';
    if (!isObsStatus(status)) {
      addError({
        row,
        column: headerName(statusCol),
        key: 'stats.error.badStatus',
        values: { value: status },
      });
      continue;
    }
    let source: string | null;
    let note: string | null;
    if (ilostat) {
      source = cell(r, iSource) || ILOSTAT_SOURCE;
      note = null;
      for (const n of iNotes) {
        const text = cell(r, n);
        if (text) note = note ? `${note}; ${text}` : text;
      }
    } else {
      source = cell(r, iSource) || null;
      note = cell(r, iNote) || null;
    }
    const item = {
      row,
      key: '',
      indicator_id: ind.id,
      country_iso3: iso3,
      period,
      dim1: dims[0]!,
      dim2: dims[1]!,
      dim3: dims[2]!,
      value,
      obs_status: status,
      source,
      note,
    };
    item.key = keyOf(item);
    const first = seen.get(item.key);
    if (first !== undefined) {
      addError({ row, column: headerName(periodCol), key: 'stats.error.duplicate', values: { first } });
      continue;
    }
    seen.set(item.key, row);
    countries.add(iso3);
    items.push(item);
  }

  const pairs = new Map<string, { indicatorId: number; iso3: string }>();
  for (const it of items)
    pairs.set(`${it.indicator_id}|${it.country_iso3}`, {
      indicatorId: it.indicator_id,
      iso3: it.country_iso3,
    });
  const existing = await ctx.loadExisting([...pairs.values()]);
  const counts = { new: 0, changed: 0, unchanged: 0, removed: 0 };
  const staged: StagedRow[] = [];
  const warnings: Problem[] = [];
  let warningCount = 0;
  const warn = (p: Problem) => {
    warningCount++;
    if (warnings.length < MAX_LISTED) warnings.push(p);
  };
  // The values as they would stand after the upload, to compare neighbours and totals.
  const after = new Map<string, number>();
  for (const o of existing.values()) if (!o.deleted_at && o.value !== null) after.set(keyOf(o), o.value);
  for (const it of items) {
    const cur = existing.get(it.key);
    const action = classify(it, cur);
    counts[action]++;
    const live = cur && !cur.deleted_at ? cur : undefined;
    if (action !== 'unchanged')
      staged.push({
        row: it.row,
        indicator_id: it.indicator_id,
        country_iso3: it.country_iso3,
        period: it.period,
        dim1: it.dim1,
        dim2: it.dim2,
        dim3: it.dim3,
        value: it.value,
        obs_status: it.obs_status,
        source: it.source,
        note: it.note,
        action,
        observation_id: cur?.id ?? null,
        old_value: live?.value ?? null,
        old_status: live?.obs_status ?? null,
      });
    if (it.value === null) after.delete(it.key);
    else after.set(it.key, it.value);
    if ((action === 'changed' || action === 'removed') && live?.published === 1 && live.value !== it.value) {
      warn({
        row: it.row,
        column: headerName(valueCol),
        key: 'stats.warning.published',
        values: { old: live.value ?? '', value: it.value ?? '', period: it.period },
      });
    }
  }
  const indById = new Map(ctx.indicators.map((i) => [i.id, i]));
  for (const it of items) {
    if (it.value === null) continue;
    const ind = indById.get(it.indicator_id)!;
    const prev = after.get(
      `${it.indicator_id}|${it.country_iso3}|${previousPeriod(it.period)}|${it.dim1}|${it.dim2}|${it.dim3}`,
    );
    if (prev !== undefined && isJump(ind.unit, prev, it.value)) {
      warn({
        row: it.row,
        column: headerName(valueCol),
        key: 'stats.warning.jump',
        values: { value: it.value, previous: prev, period: it.period },
      });
    }
    if (isAdditive(ind.unit)) checkSums(ind, it, after, (p) => warn({ ...p, column: headerName(valueCol) }));
  }
  return {
    layout,
    errors,
    errorCount,
    warnings,
    warningCount,
    counts,
    staged: errorCount ? [] : staged,
    countries: [...countries].sort(),
    rows: total,
  };
}

/** Far from the previous period: more than 10 points for a percentage, more than half for others. */
export function isJump(unit: string, prev: number, value: number): boolean {
  const diff = Math.abs(value - prev);
  if (unit === 'PT') return diff > 10;
  return diff > 0.5 * Math.abs(prev) && diff > 1e-9;
}

/** Warns, on the row of a total, when its parts (all present) do not add up to it. */
function checkSums(
  ind: IndicatorView,
  it: WriteItem & { row: number },
  after: Map<string, number>,
  warn: (p: Omit<Problem, 'column'>) => void,
) {
  const dims = [it.dim1, it.dim2, it.dim3];
  ind.dimensions.forEach((d, pos) => {
    const list = CODELIST_BY_ID.get(d);
    for (const group of list?.sums ?? []) {
      if (group.total !== dims[pos]) continue;
      let sum = 0;
      let present = 0;
      let missing = false;
      for (const part of group.parts) {
        const key = [...dims];
        key[pos] = part;
        const v = after.get(keyOf({ ...it, dim1: key[0]!, dim2: key[1]!, dim3: key[2]! }));
        if (v === undefined) {
          // "Other" and "not classified" are often not reported; the rest must be there.
          if (!/_(O|X)$/.test(part)) missing = true;
        } else {
          sum += v;
          present++;
        }
      }
      if (missing || present < 2) continue;
      const tolerance = 0.001 * Math.abs(it.value!) + 0.01;
      if (Math.abs(sum - it.value!) > tolerance) {
        warn({
          row: it.row,
          key: 'stats.warning.sum',
          values: {
            total: it.value!,
            sum: Math.round(sum * 1000) / 1000,
            period: it.period,
            breakdown: list!.id,
          },
        });
      }
    }
  });
}
