import type { AppDeps } from '../../app.ts';
import { nowIso } from '../../db/dialect.ts';
import { extractText, fileStore } from '../../platform/files/index.ts';
import { PermanentJobError } from '../../platform/jobs/queue.ts';
import { reindexDocument } from './indexing.ts';
import { EXTRACT_JOB } from './service.ts';

/** Reasons an extraction fails; each has a message `documents.extraction.error.<code>`. */
export const EXTRACTION_ERRORS = [
  'empty',
  'corrupt',
  'encrypted',
  'zipBomb',
  'mismatch',
  'timeout',
  'tooLarge',
  'noText',
  'missing',
] as const;

export interface ExtractionOptions {
  timeoutMs?: number;
}

/**
 * Registers the background job that reads the text of an uploaded file. The outcome is written
 * on the file (done, or failed with a reason the uploader sees); a failure is permanent, since a
 * corrupt file will still be corrupt tomorrow, and never affects other jobs.
 */
export function registerExtraction(deps: AppDeps, options: ExtractionOptions = {}): void {
  const store = fileStore(deps.config.filesDir);
  deps.jobs.register(EXTRACT_JOB, async ({ fileId }: { fileId: number }) => {
    const file = await deps.db
      .selectFrom('document_files')
      .selectAll()
      .where('id', '=', fileId)
      .executeTakeFirst();
    if (!file || file.extraction_status === 'done') return;
    await deps.db
      .updateTable('document_files')
      .set({ extraction_status: 'running' })
      .where('id', '=', fileId)
      .execute();

    const fail = async (code: string, detail: string): Promise<never> => {
      await deps.db
        .updateTable('document_files')
        .set({ extraction_status: 'failed', extraction_error: code, extracted_at: nowIso() })
        .where('id', '=', fileId)
        .execute();
      throw new PermanentJobError(`file ${fileId}: ${code} (${detail})`);
    };

    let data: Buffer;
    try {
      data = await store.read(file.sha256);
    } catch (err) {
      return fail('missing', err instanceof Error ? err.message : String(err));
    }
    const outcome = await extractText(data, file.original_name, { timeoutMs: options.timeoutMs ?? 180_000 });
    if (!outcome.ok) return fail(outcome.code, outcome.detail);
    await deps.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('document_files')
        .set({
          extraction_status: 'done',
          extraction_error: null,
          extracted_text: outcome.text,
          extracted_truncated: outcome.truncated ? 1 : 0,
          extracted_at: nowIso(),
        })
        .where('id', '=', fileId)
        .execute();
      await reindexDocument(trx, file.document_id);
    });
  });
}
