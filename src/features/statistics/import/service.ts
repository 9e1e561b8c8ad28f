import { randomBytes } from 'node:crypto';
import type { Db } from '../../../db/connection.ts';
import { nowIso } from '../../../db/dialect.ts';
import type { StatImport } from '../../../db/schema.ts';
import type { Actor } from '../../../platform/auth/actor.ts';
import { assertCan, can, isSecretariat } from '../../../platform/auth/policy.ts';
import { audit } from '../../../platform/audit/audit.ts';
import { HttpError, NotFoundError } from '../../../platform/http/errors.ts';
import {
  applyStagedRows,
  insertImportRows,
  keyOf,
  listIndicators,
  observationsByIds,
  observationsForPairs,
  revisionsBeforeBatch,
} from '../repository.ts';
import { type WriteItem, writeObservations } from '../service.ts';
import { statisticsChanged } from '../version.ts';
import { readSheet, UnreadableFileError } from './parse.ts';
import { type Problem, validateSheet } from './validate.ts';

export interface ImportReport {
  layout?: 'ilostat' | 'template';
  errors: Problem[];
  errorCount: number;
  warnings: Problem[];
  warningCount: number;
  counts: { new: number; changed: number; unchanged: number; removed: number };
  /** A file-level problem (unreadable, unknown layout), as a message key. */
  fileError?: string;
  /** After apply / revert. */
  applied?: { created: number; changed: number; removed: number; unchanged: number };
  reverted?: { restored: number; skipped: number };
  durationMs?: number;
}

export function parseReport(imp: Pick<StatImport, 'report'>): ImportReport {
  const empty: ImportReport = {
    errors: [],
    errorCount: 0,
    warnings: [],
    warningCount: 0,
    counts: { new: 0, changed: 0, unchanged: 0, removed: 0 },
  };
  try {
    return { ...empty, ...(JSON.parse(imp.report) as Partial<ImportReport>) };
  } catch {
    return empty;
  }
}

/** Progress of work running in this process, for the page that refreshes itself. */
const progress = new Map<
  string,
  { phase: 'validating' | 'applying' | 'reverting'; done: number; total: number }
>();
const running = new Map<string, Promise<void>>();

export function importProgress(id: string) {
  return progress.get(id) ?? null;
}

/** Resolves when the background work of an import has finished (tests and the API wait on it). */
export async function waitForImport(id: string): Promise<void> {
  await running.get(id);
}

function track(id: string, work: Promise<void>) {
  const p = work.finally(() => {
    running.delete(id);
    progress.delete(id);
  });
  running.set(id, p);
}

/** May this actor see this import? Its uploader, the Secretariat, and the country it touches. */
export function canSeeImport(actor: Actor | null, imp: StatImport): boolean {
  if (!actor) return false;
  if (isSecretariat(actor) || imp.uploaded_by === actor.id) return true;
  const countries = JSON.parse(imp.countries) as string[];
  return countries.length > 0 && countries.every((c) => can(actor, 'import.write', { countryIso3: c }));
}

export async function getImport(db: Db, actor: Actor | null, id: string): Promise<StatImport> {
  const imp = await db.selectFrom('stat_imports').selectAll().where('id', '=', id).executeTakeFirst();
  if (!imp || !canSeeImport(actor, imp)) throw new NotFoundError();
  return imp;
}

export async function listImports(db: Db, actor: Actor, page: number, perPage = 25) {
  let q = db.selectFrom('stat_imports as i').leftJoin('users as u', 'u.id', 'i.uploaded_by');
  if (!isSecretariat(actor)) {
    const own =
      actor.countryIso3 && (actor.role === 'coordinator' || actor.role === 'editor')
        ? actor.countryIso3
        : null;
    q = q.where((eb) =>
      own
        ? eb.or([eb('i.uploaded_by', '=', actor.id), eb('i.countries', '=', JSON.stringify([own]))])
        : eb('i.uploaded_by', '=', actor.id),
    );
  }
  const total = Number(
    (await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n,
  );
  const rows = await q
    .selectAll('i')
    .select('u.name as uploader')
    .orderBy('i.created_at', 'desc')
    .limit(perPage)
    .offset((page - 1) * perPage)
    .execute();
  return { rows, total, pages: Math.max(1, Math.ceil(total / perPage)) };
}

/** The staged changes of an import, a page at a time, for the preview. */
export async function importChanges(db: Db, id: string, page: number, perPage = 50) {
  const q = db.selectFrom('stat_import_rows').where('import_id', '=', id).where('action', '!=', 'unchanged');
  const total = Number(
    (await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n,
  );
  const rows = await q
    .selectAll()
    .orderBy('row_no')
    .limit(perPage)
    .offset((page - 1) * perPage)
    .execute();
  return { rows, total, pages: Math.max(1, Math.ceil(total / perPage)) };
}

/**
 * Takes an upload: records it, then reads and validates it in the background (the page shows
 * progress). `wait` makes the call return only when the report is ready (the API does that).
 */
export async function createImport(
  db: Db,
  actor: Actor,
  file: { filename: string; data: Buffer },
  wait = false,
): Promise<StatImport> {
  if (!can(actor, 'import.write', { countryIso3: actor.countryIso3 }) && !isSecretariat(actor))
    throw new HttpError(403, 'error.forbidden');
  const id = randomBytes(12).toString('base64url');
  const now = nowIso();
  await db
    .insertInto('stat_imports')
    .values({
      id,
      uploaded_by: actor.id,
      filename: file.filename.slice(0, 200) || 'upload',
      format: 'csv',
      status: 'validating',
      created_at: now,
      applied_at: null,
      applied_by: null,
      reverted_at: null,
      reverted_by: null,
    })
    .execute();
  track(id, runValidation(db, actor, id, file.data));
  if (wait) await waitForImport(id);
  return await db.selectFrom('stat_imports').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

async function runValidation(db: Db, actor: Actor, id: string, data: Buffer): Promise<void> {
  const started = Date.now();
  progress.set(id, { phase: 'validating', done: 0, total: 0 });
  try {
    await new Promise((r) => setImmediate(r));
    let sheet: Awaited<ReturnType<typeof readSheet>>;
    try {
      sheet = await readSheet(data);
    } catch (err) {
      if (!(err instanceof UnreadableFileError)) throw err;
      await finish(db, id, 'invalid', { fileError: err.key }, 0, 'csv', []);
      return;
    }
    const indicators = await listIndicators(db);
    const countries = new Set((await db.selectFrom('countries').select('iso3').execute()).map((r) => r.iso3));
    const result = await validateSheet(sheet, {
      indicators,
      countries,
      writable: (iso3) => can(actor, 'import.write', { countryIso3: iso3 }),
      loadExisting: (pairs) => observationsForPairs(db, pairs),
      progress: (done, total) => progress.set(id, { phase: 'validating', done, total }),
    });
    if ('unknownLayout' in result) {
      await finish(
        db,
        id,
        'invalid',
        { fileError: 'stats.import.error.unknownLayout' },
        sheet.rows.length,
        sheet.kind,
        [],
      );
      return;
    }
    const format = result.layout === 'ilostat' ? 'ilostat' : sheet.kind;
    const report: Partial<ImportReport> = {
      layout: result.layout,
      errors: result.errors,
      errorCount: result.errorCount,
      warnings: result.warnings,
      warningCount: result.warningCount,
      counts: result.counts,
    };
    if (result.errorCount === 0) {
      await db.transaction().execute((trx) => insertImportRows(trx, id, result.staged));
    }
    report.durationMs = Date.now() - started;
    await finish(
      db,
      id,
      result.errorCount ? 'invalid' : 'validated',
      report,
      result.rows,
      format,
      result.countries,
    );
  } catch (err) {
    await db
      .updateTable('stat_imports')
      .set({ status: 'failed', report: JSON.stringify({ fileError: 'stats.import.error.failed' }) })
      .where('id', '=', id)
      .execute();
    throw err;
  }
}

async function finish(
  db: Db,
  id: string,
  status: 'invalid' | 'validated',
  report: Partial<ImportReport>,
  rows: number,
  format: 'csv' | 'xlsx' | 'ilostat',
  countries: string[],
) {
  await db
    .updateTable('stat_imports')
    .set({
      status,
      report: JSON.stringify(report),
      rows,
      format,
      countries: JSON.stringify(countries),
      progress: 100,
    })
    .where('id', '=', id)
    .execute();
}

/**
 * Applies a validated import in one transaction, every value with a revision carrying the
 * import's id as batch id. Warnings must have been confirmed.
 */
export async function applyImport(
  db: Db,
  actor: Actor,
  id: string,
  confirmWarnings: boolean,
  wait = false,
): Promise<void> {
  const imp = await getImport(db, actor, id);
  const countries = JSON.parse(imp.countries) as string[];
  for (const c of countries) assertCan(actor, 'import.write', { countryIso3: c });
  if (imp.status !== 'validated') throw new HttpError(409, 'stats.import.error.notValidated');
  const report = parseReport(imp);
  if (report.warningCount > 0 && !confirmWarnings)
    throw new HttpError(422, 'stats.import.error.confirmWarnings');
  const claimed = await db
    .updateTable('stat_imports')
    .set({ status: 'applying' })
    .where('id', '=', id)
    .where('status', '=', 'validated')
    .executeTakeFirst();
  if (Number(claimed.numUpdatedRows) !== 1) throw new HttpError(409, 'stats.import.error.notValidated');
  track(id, runApply(db, actor, imp, report));
  if (wait) await waitForImport(id);
}

async function runApply(db: Db, actor: Actor, imp: StatImport, report: ImportReport): Promise<void> {
  const started = Date.now();
  progress.set(imp.id, { phase: 'applying', done: 0, total: 0 });
  try {
    await new Promise((r) => setImmediate(r));
    await db.transaction().execute(async (trx) => {
      statisticsChanged();
      const result = await applyStagedRows(trx, {
        importId: imp.id,
        batchId: imp.id,
        now: nowIso(),
        by: actor.id > 0 ? actor.id : null,
        reason: `Import: ${imp.filename}`,
      });
      // Rows the preview found unchanged were not staged: they count as unchanged.
      result.unchanged += report.counts.unchanged;
      // Again once written: a reader that cached in between must not keep what it read.
      statisticsChanged();
      const now = nowIso();
      await trx
        .updateTable('stat_imports')
        .set({
          status: 'applied',
          applied_at: now,
          applied_by: actor.id > 0 ? actor.id : null,
          report: JSON.stringify({ ...report, applied: result, durationMs: Date.now() - started }),
        })
        .where('id', '=', imp.id)
        .execute();
      await audit(trx, actor, {
        action: 'import.apply',
        objectType: 'stat_import',
        objectId: imp.id,
        countryIso3:
          (JSON.parse(imp.countries) as string[]).length === 1
            ? (JSON.parse(imp.countries) as string[])[0]
            : null,
        after: { filename: imp.filename, countries: JSON.parse(imp.countries), ...result },
      });
    });
  } catch (err) {
    await db.updateTable('stat_imports').set({ status: 'validated' }).where('id', '=', imp.id).execute();
    throw err;
  }
}

/**
 * Undoes an applied import: each value it wrote goes back to what it was before (values it
 * created are deleted). A value changed again since then is left alone and counted as skipped.
 */
export async function revertImport(
  db: Db,
  actor: Actor,
  id: string,
): Promise<{ restored: number; skipped: number }> {
  const imp = await getImport(db, actor, id);
  const countries = JSON.parse(imp.countries) as string[];
  for (const c of countries) assertCan(actor, 'import.write', { countryIso3: c });
  if (imp.status !== 'applied') throw new HttpError(409, 'stats.import.error.notApplied');
  return db.transaction().execute(async (trx) => {
    const { batch, previous } = await revisionsBeforeBatch(trx, id);
    const current = new Map(
      (
        await observationsByIds(
          trx,
          batch.map((b) => b.observation_id),
        )
      ).map((o) => [o.id, o]),
    );
    const items: WriteItem[] = [];
    let skipped = 0;
    for (const rev of batch) {
      const obs = current.get(rev.observation_id);
      if (!obs || obs.revision_no !== rev.revision_no) {
        skipped++;
        continue;
      }
      const prev = previous.get(rev.observation_id);
      const gone = !prev || prev.deleted === 1;
      items.push({
        ...obs,
        value: gone ? null : prev.value,
        obs_status: gone ? obs.obs_status : prev.obs_status,
        source: gone ? obs.source : prev.source,
        note: gone ? obs.note : prev.note,
        restoredFrom: prev?.id ?? null,
      });
    }
    const existing = new Map([...current.values()].map((o) => [keyOf(o), o]));
    const counts = await writeObservations(trx, actor, items, {
      reason: `Revert of import: ${imp.filename}`,
      existing,
    });
    const result = { restored: counts.created + counts.changed + counts.removed, skipped };
    const report = parseReport(imp);
    await trx
      .updateTable('stat_imports')
      .set({
        status: 'reverted',
        reverted_at: nowIso(),
        reverted_by: actor.id > 0 ? actor.id : null,
        report: JSON.stringify({ ...report, reverted: result }),
      })
      .where('id', '=', id)
      .execute();
    await audit(trx, actor, {
      action: 'import.revert',
      objectType: 'stat_import',
      objectId: id,
      countryIso3: countries.length === 1 ? countries[0] : null,
      after: { filename: imp.filename, ...result },
    });
    return result;
  });
}
