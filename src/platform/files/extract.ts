import { Worker } from 'node:worker_threads';
import { DEFAULT_LIMITS, type ExtractFailure, type ExtractLimits } from './extract-core.ts';
import { type FileKind, kindFromName } from './kinds.ts';
import { sniffFile } from './sniff.ts';

export type { ExtractFailure } from './extract-core.ts';

export type ExtractOutcome =
  | { ok: true; text: string; truncated: boolean }
  | { ok: false; code: ExtractFailure; detail: string };

export interface ExtractOptions {
  /** Wall-clock limit for one file. */
  timeoutMs?: number;
  /** Heap limit of the worker, in MB. */
  maxHeapMb?: number;
  limits?: Partial<ExtractLimits>;
}

const workerUrl = new URL('./extract-worker.ts', import.meta.url);

/**
 * Extracts the text of a stored file in a worker thread with its own heap limit and a time
 * limit, so a hostile file (zip bomb, endless PDF) cannot take the server down: the worker is
 * terminated and the outcome says why.
 *
 * `name` is the name the file was uploaded with: when it claims another type than the content,
 * nothing is extracted (a file that lies about itself is not worth trusting further).
 */
export async function extractText(
  data: Uint8Array,
  name: string,
  options: ExtractOptions = {},
): Promise<ExtractOutcome> {
  if (data.length === 0) return { ok: false, code: 'empty', detail: 'empty file' };
  const sniffed = sniffFile(data);
  if (!sniffed.ok) return { ok: false, code: 'mismatch', detail: 'content is not an accepted type' };
  const claimed = kindFromName(name);
  if (claimed && claimed !== sniffed.kind && !(claimed === 'txt' && sniffed.kind === 'html')) {
    return { ok: false, code: 'mismatch', detail: `name says ${claimed}, content is ${sniffed.kind}` };
  }
  return runWorker(sniffed.kind, data, options);
}

function runWorker(kind: FileKind, data: Uint8Array, options: ExtractOptions): Promise<ExtractOutcome> {
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  return new Promise((resolve) => {
    let settled = false;
    const worker = new Worker(workerUrl, {
      workerData: { kind, data, limits },
      execArgv: ['--import', 'tsx'],
      resourceLimits: { maxOldGenerationSizeMb: options.maxHeapMb ?? 512, maxYoungGenerationSizeMb: 64 },
      stdout: true,
      stderr: true,
    });
    const finish = (outcome: ExtractOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void worker.terminate();
      resolve(outcome);
    };
    const timer = setTimeout(
      () =>
        finish({ ok: false, code: 'timeout', detail: `no result after ${options.timeoutMs ?? 120_000} ms` }),
      options.timeoutMs ?? 120_000,
    );
    worker.on('message', (msg: ExtractOutcome) => finish(msg));
    worker.on('error', (err: Error & { code?: string }) =>
      finish({
        ok: false,
        code: err.code === 'ERR_WORKER_OUT_OF_MEMORY' ? 'tooLarge' : 'corrupt',
        detail: err.message,
      }),
    );
    worker.on('exit', (code) =>
      finish({ ok: false, code: 'corrupt', detail: `extraction stopped (exit ${code})` }),
    );
  });
}
