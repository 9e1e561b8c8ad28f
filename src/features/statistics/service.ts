import type { Db } from '../../db/connection.ts';
import { nowIso } from '../../db/dialect.ts';
import type { StatObservation } from '../../db/schema.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { assertCan, can } from '../../platform/auth/policy.ts';
import { audit } from '../../platform/audit/audit.ts';
import { FieldErrors, HttpError, NotFoundError } from '../../platform/http/errors.ts';
import { CODELIST_BY_ID, isObsStatus, NOT_APPLICABLE, normalizeCode } from './codelists.ts';
import { normalizePeriod, parseNumber } from './periods.ts';
import {
  type Executor,
  type IndicatorView,
  indicatorByCode,
  insertObservations,
  insertRevisions,
  keyOf,
  type NewObservation,
  type NewRevision,
  type ObsKey,
  type ObservationChange,
  observationById,
  observationsForPairs,
  revisionById,
  updateObservations,
} from './repository.ts';
import { statisticsChanged } from './version.ts';

/** One value to write. `value: null` removes it (a soft delete that keeps the history). */
export interface WriteItem extends ObsKey {
  value: number | null;
  obs_status: string;
  source: string | null;
  note: string | null;
  published?: number;
  restoredFrom?: number | null;
}

export interface WriteCounts {
  created: number;
  changed: number;
  removed: number;
  unchanged: number;
}

export interface WriteOptions {
  batchId?: string | null;
  reason?: string | null;
  /** Observations already loaded for the items' keys (bulk imports load them once). */
  existing?: Map<string, StatObservation>;
}

function sameValue(a: number | null, b: number | null): boolean {
  if (a === null || b === null) return a === b;
  return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
}

/** How an item compares with what is stored: what applying it would do. */
export function classify(
  item: WriteItem,
  current: StatObservation | undefined,
): 'new' | 'changed' | 'unchanged' | 'removed' {
  const live = current && !current.deleted_at ? current : undefined;
  if (item.value === null) return live ? 'removed' : 'unchanged';
  if (!live) return 'new';
  const same =
    sameValue(live.value, item.value) &&
    live.obs_status === item.obs_status &&
    (live.source ?? null) === (item.source ?? null) &&
    (live.note ?? null) === (item.note ?? null) &&
    (item.published === undefined || item.published === live.published);
  return same ? 'unchanged' : 'changed';
}

/**
 * Writes values with one revision each, in the caller's transaction, in batches. Permission
 * checks are the caller's job (done per country before this is called).
 */
export async function writeObservations(
  trx: Executor,
  actor: Actor,
  items: WriteItem[],
  opts: WriteOptions = {},
): Promise<WriteCounts> {
  statisticsChanged();
  const now = nowIso();
  const by = actor.id > 0 ? actor.id : null;
  const batchId = opts.batchId ?? null;
  const reason = opts.reason ?? null;
  const existing =
    opts.existing ??
    (await observationsForPairs(
      trx,
      [...new Set(items.map((i) => `${i.indicator_id}|${i.country_iso3}`))].map((p) => {
        const [id, iso3] = p.split('|');
        return { indicatorId: Number(id), iso3: iso3! };
      }),
    ));
  const counts: WriteCounts = { created: 0, changed: 0, removed: 0, unchanged: 0 };
  const inserts: NewObservation[] = [];
  const insertItems: WriteItem[] = [];
  const updates: ObservationChange[] = [];
  const revisions: NewRevision[] = [];
  for (const item of items) {
    const current = existing.get(keyOf(item));
    const kind = classify(item, current);
    if (kind === 'unchanged') {
      counts.unchanged++;
      continue;
    }
    if (kind === 'new') counts.created++;
    else if (kind === 'changed') counts.changed++;
    else counts.removed++;
    if (!current) {
      inserts.push({
        indicator_id: item.indicator_id,
        country_iso3: item.country_iso3,
        period: item.period,
        dim1: item.dim1,
        dim2: item.dim2,
        dim3: item.dim3,
        value: item.value,
        obs_status: item.obs_status,
        source: item.source,
        note: item.note,
        published: item.published ?? 1,
        created_at: now,
        updated_at: now,
        updated_by: by,
        batch_id: batchId,
      });
      insertItems.push(item);
      continue;
    }
    const removing = kind === 'removed';
    const revisionNo = current.revision_no + 1;
    updates.push({
      id: current.id,
      value: removing ? current.value : item.value,
      obs_status: removing ? current.obs_status : item.obs_status,
      source: removing ? current.source : item.source,
      note: removing ? current.note : item.note,
      published: item.published ?? current.published,
      revision_no: revisionNo,
      updated_at: now,
      updated_by: by,
      batch_id: batchId,
      deleted_at: removing ? now : null,
    });
    revisions.push({
      observation_id: current.id,
      revision_no: revisionNo,
      value: removing ? current.value : item.value,
      obs_status: removing ? current.obs_status : item.obs_status,
      source: removing ? current.source : item.source,
      note: removing ? current.note : item.note,
      deleted: removing ? 1 : 0,
      changed_at: now,
      changed_by: by,
      reason,
      batch_id: batchId,
      restored_from: item.restoredFrom ?? null,
    });
  }
  if (inserts.length) {
    const ids = await insertObservations(trx, inserts);
    for (const item of insertItems) {
      revisions.push({
        observation_id: ids.get(keyOf(item))!,
        revision_no: 1,
        value: item.value,
        obs_status: item.obs_status,
        source: item.source,
        note: item.note,
        deleted: 0,
        changed_at: now,
        changed_by: by,
        reason,
        batch_id: batchId,
        restored_from: null,
      });
    }
  }
  await updateObservations(trx, updates);
  await insertRevisions(trx, revisions);
  // Again once written: a reader that cached in between must not keep what it read.
  statisticsChanged();
  return counts;
}

/** The codes an indicator accepts for each of its dimensions. */
export function validCodes(ind: IndicatorView): Set<string>[] {
  return ind.dimensions.map((d) => new Set(CODELIST_BY_ID.get(d)?.codes.map((c) => c.code) ?? []));
}

export function outOfRange(ind: IndicatorView, value: number): boolean {
  return (
    (ind.min_value !== null && value < ind.min_value) || (ind.max_value !== null && value > ind.max_value)
  );
}

export interface EntryCell {
  period: string;
  dims: string[];
  /** As typed; empty removes the value. */
  raw: string;
  status: string;
}

export interface EntryInput {
  cells: EntryCell[];
  source: string | null;
  reason: string | null;
}

export function cellField(period: string, dims: string[]): string {
  return `v_${[period, ...dims].join('__')}`;
}

/**
 * Saves the entry grid of one indicator and country: every changed cell gets a revision; empty
 * cells that had a value are deleted (softly). One audit record for the save.
 */
export async function saveEntry(
  db: Db,
  actor: Actor,
  ind: IndicatorView,
  iso3: string,
  input: EntryInput,
): Promise<WriteCounts> {
  assertCan(actor, 'observation.write', { countryIso3: iso3 });
  const errors = new FieldErrors();
  const allowed = validCodes(ind);
  const items: WriteItem[] = [];
  for (const cell of input.cells) {
    const field = cellField(cell.period, cell.dims);
    const period = normalizePeriod(cell.period, ind.frequency);
    if (
      !period ||
      cell.dims.length !== ind.dimensions.length ||
      cell.dims.some((c, i) => !allowed[i]!.has(c))
    ) {
      errors.add(field, 'stats.error.badCell');
      continue;
    }
    const status = cell.status || 'A';
    if (!isObsStatus(status)) {
      errors.add(field, 'stats.error.badStatus', { value: status });
      continue;
    }
    let value: number | null = null;
    if (cell.raw.trim() !== '') {
      value = parseNumber(cell.raw);
      if (value === null) {
        errors.add(field, 'stats.error.notNumber', { value: cell.raw, period });
        continue;
      }
      if (outOfRange(ind, value)) {
        errors.add(field, 'stats.error.outOfRange', {
          value: cell.raw,
          period,
          min: ind.min_value ?? '',
          max: ind.max_value ?? '',
        });
        continue;
      }
    }
    const d = [...cell.dims, NOT_APPLICABLE, NOT_APPLICABLE, NOT_APPLICABLE];
    items.push({
      indicator_id: ind.id,
      country_iso3: iso3,
      period,
      dim1: d[0]!,
      dim2: d[1]!,
      dim3: d[2]!,
      value,
      obs_status: status,
      source: input.source,
      note: null,
    });
  }
  if ((input.reason ?? '').length > 500) errors.add('reason', 'stats.error.tooLong');
  errors.throwIfAny();
  return db.transaction().execute(async (trx) => {
    const existing = await observationsForPairs(trx, [{ indicatorId: ind.id, iso3 }]);
    // Cells keep the note they had; the form edits value, status and source.
    for (const item of items) {
      const cur = existing.get(keyOf(item));
      if (cur) {
        item.note = cur.note;
        if (
          item.value !== null &&
          cur.deleted_at === null &&
          sameValue(cur.value, item.value) &&
          cur.obs_status === item.obs_status
        )
          item.source = cur.source;
      }
    }
    const counts = await writeObservations(trx, actor, items, { reason: input.reason, existing });
    if (counts.created + counts.changed + counts.removed > 0) {
      await audit(trx, actor, {
        action: 'observation.save',
        objectType: 'stat_indicator',
        objectId: ind.code,
        countryIso3: iso3,
        after: { ...counts, reason: input.reason },
      });
    }
    return counts;
  });
}

/** Soft-deletes one value, keeping its history. */
export async function deleteObservation(
  db: Db,
  actor: Actor,
  id: number,
  reason: string | null,
): Promise<void> {
  const obs = await observationById(db, id);
  if (!obs || obs.deleted_at) throw new NotFoundError();
  assertCan(actor, 'observation.write', { countryIso3: obs.country_iso3 });
  await db.transaction().execute(async (trx) => {
    await writeObservations(trx, actor, [{ ...obs, value: null }], {
      reason,
      existing: new Map([[keyOf(obs), obs]]),
    });
    await audit(trx, actor, {
      action: 'observation.delete',
      objectType: 'stat_observation',
      objectId: id,
      countryIso3: obs.country_iso3,
      before: { period: obs.period, value: obs.value, obs_status: obs.obs_status },
      after: { reason },
    });
  });
}

/**
 * Brings back the value of an earlier revision (also undoes a deletion). The restore is itself a
 * new revision that names the one it restored.
 */
export async function restoreRevision(
  db: Db,
  actor: Actor,
  observationId: number,
  revisionId: number,
  reason: string | null,
): Promise<void> {
  const obs = await observationById(db, observationId);
  const rev = await revisionById(db, revisionId);
  if (!obs || !rev || rev.observation_id !== obs.id) throw new NotFoundError();
  assertCan(actor, 'observation.write', { countryIso3: obs.country_iso3 });
  if (rev.deleted) throw new HttpError(422, 'stats.error.restoreDeleted');
  await db.transaction().execute(async (trx) => {
    const current = await observationById(trx, observationId);
    if (!current) throw new NotFoundError();
    const counts = await writeObservations(
      trx,
      actor,
      [
        {
          ...current,
          value: rev.value,
          obs_status: rev.obs_status,
          source: rev.source,
          note: rev.note,
          restoredFrom: rev.id,
        },
      ],
      { reason, existing: new Map([[keyOf(current), current]]) },
    );
    if (counts.unchanged) return;
    await audit(trx, actor, {
      action: 'observation.restore',
      objectType: 'stat_observation',
      objectId: observationId,
      countryIso3: obs.country_iso3,
      before: { value: current.deleted_at ? null : current.value, obs_status: current.obs_status },
      after: { value: rev.value, obs_status: rev.obs_status, restored_revision: rev.revision_no, reason },
    });
  });
}

/** Whether the actor may write this country's data (for views). */
export function canWriteCountry(actor: Actor | null, iso3: string): boolean {
  return can(actor, 'observation.write', { countryIso3: iso3 });
}

/** The countries an actor may enter data for: their own, or all for the Secretariat. */
export function writableCountries(actor: Actor | null, all: string[]): string[] {
  return all.filter((iso3) => canWriteCountry(actor, iso3));
}

export interface ApiItemInput {
  indicator: string;
  country: string;
  period: string;
  dimensions?: Record<string, string>;
  value: number | string | null;
  status?: string;
  source?: string | null;
  note?: string | null;
  published?: boolean;
}

export interface ApiItemError {
  index: number;
  field: string;
  key: string;
  values?: Record<string, string | number>;
}

/**
 * Writes a list of values from the API: all or nothing. Any country the actor may not change
 * refuses the whole request (403) before anything is written.
 */
export async function writeApiItems(
  db: Db,
  actor: Actor,
  input: ApiItemInput[],
  reason: string | null,
): Promise<{ counts: WriteCounts; errors: ApiItemError[] }> {
  for (const c of new Set(input.map((i) => String(i.country ?? '').toUpperCase())))
    assertCan(actor, 'observation.write', { countryIso3: c });
  const errors: ApiItemError[] = [];
  const items: WriteItem[] = [];
  const indicators = new Map<string, IndicatorView | undefined>();
  const countries = new Set((await db.selectFrom('countries').select('iso3').execute()).map((r) => r.iso3));
  const seen = new Set<string>();
  for (const [index, raw] of input.entries()) {
    const code = String(raw.indicator ?? '');
    if (!indicators.has(code)) indicators.set(code, await indicatorByCode(db, code));
    const ind = indicators.get(code);
    if (!ind) {
      errors.push({ index, field: 'indicator', key: 'stats.error.unknownIndicator', values: { code } });
      continue;
    }
    const iso3 = String(raw.country ?? '').toUpperCase();
    if (!countries.has(iso3)) {
      errors.push({ index, field: 'country', key: 'stats.error.unknownCountry', values: { code: iso3 } });
      continue;
    }
    const period = normalizePeriod(String(raw.period ?? ''), ind.frequency);
    if (!period) {
      errors.push({
        index,
        field: 'period',
        key: 'stats.error.badPeriod',
        values: { value: String(raw.period ?? '') },
      });
      continue;
    }
    const dims: string[] = [];
    let bad = false;
    const given = raw.dimensions ?? {};
    for (const extra of Object.keys(given)) {
      if (!ind.dimensions.includes(extra)) {
        errors.push({
          index,
          field: `dimensions.${extra}`,
          key: 'stats.error.unknownDimension',
          values: { code: extra },
        });
        bad = true;
      }
    }
    for (const d of ind.dimensions) {
      const c = normalizeCode(String(given[d] ?? CODELIST_BY_ID.get(d)?.total ?? ''));
      if (!CODELIST_BY_ID.get(d)?.codes.some((x) => x.code === c)) {
        errors.push({
          index,
          field: `dimensions.${d}`,
          key: 'stats.error.unknownCode',
          values: { code: c, codelist: d },
        });
        bad = true;
      }
      dims.push(c);
    }
    if (bad) continue;
    let value: number | null = null;
    if (raw.value !== null && raw.value !== undefined && raw.value !== '') {
      value = typeof raw.value === 'number' ? raw.value : parseNumber(String(raw.value));
      if (value === null || !Number.isFinite(value)) {
        errors.push({
          index,
          field: 'value',
          key: 'stats.error.notNumber',
          values: { value: String(raw.value), period },
        });
        continue;
      }
      if (outOfRange(ind, value)) {
        errors.push({
          index,
          field: 'value',
          key: 'stats.error.outOfRange',
          values: { value, period, min: ind.min_value ?? '', max: ind.max_value ?? '' },
        });
        continue;
      }
    }
    const status = (raw.status ?? 'A').toUpperCase();
    if (!isObsStatus(status)) {
      errors.push({ index, field: 'status', key: 'stats.error.badStatus', values: { value: status } });
      continue;
    }
    const d = [...dims, NOT_APPLICABLE, NOT_APPLICABLE, NOT_APPLICABLE];
    const item: WriteItem = {
      indicator_id: ind.id,
      country_iso3: iso3,
      period,
      dim1: d[0]!,
      dim2: d[1]!,
      dim3: d[2]!,
      value,
      obs_status: status,
      source: raw.source ?? null,
      note: raw.note ?? null,
      published: raw.published === undefined ? undefined : raw.published ? 1 : 0,
    };
    const k = keyOf(item);
    if (seen.has(k)) {
      errors.push({ index, field: 'period', key: 'stats.error.duplicate', values: { period } });
      continue;
    }
    seen.add(k);
    items.push(item);
  }
  if (errors.length) return { counts: { created: 0, changed: 0, removed: 0, unchanged: 0 }, errors };
  const counts = await db.transaction().execute(async (trx) => {
    const result = await writeObservations(trx, actor, items, { reason });
    for (const iso3 of new Set(items.map((i) => i.country_iso3))) {
      await audit(trx, actor, {
        action: 'observation.save',
        objectType: 'stat_observation',
        objectId: null,
        countryIso3: iso3,
        after: { ...result, via: 'api', reason },
      });
    }
    return result;
  });
  return { counts, errors };
}
