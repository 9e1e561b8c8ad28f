import { parentPort, workerData } from 'node:worker_threads';
import { ExtractError, type ExtractLimits, extractByKind } from './extract-core.ts';
import type { FileKind } from './kinds.ts';

interface Input {
  kind: FileKind;
  data: Uint8Array;
  limits: ExtractLimits;
}

const input = workerData as Input;
try {
  const result = await extractByKind(input.kind, input.data, input.limits);
  parentPort!.postMessage({ ok: true, ...result });
} catch (err) {
  if (err instanceof ExtractError)
    parentPort!.postMessage({ ok: false, code: err.code, detail: err.message });
  else
    parentPort!.postMessage({
      ok: false,
      code: 'corrupt',
      detail: err instanceof Error ? err.message : String(err),
    });
}
