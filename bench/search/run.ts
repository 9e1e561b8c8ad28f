/**
 * Search benchmark: indexes N documents built from the reference corpus (default 20,000), then
 * measures search latency in process (p50/p95, with snippets, as the page and the API compute
 * them) and requests per second through the HTTP API (autocannon), for one-word, three-word and
 * phrase queries, on SQLite and on PostgreSQL. Each engine runs in its own child process so the
 * peak memory is its own.
 *
 *   npm run bench:search                       both engines, 20,000 documents
 *   npm run bench:search -- --engine sqlite --docs 5000 --seconds 3
 *
 * PostgreSQL: BENCH_POSTGRES_URL or TEST_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432/test),
 * in a schema of its own that is dropped at the end. Results are printed and written to
 * bench/search/results-<engine>.json.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { sql } from 'kysely';
import { buildApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { connect, type DatabaseHandle } from '../../src/db/connection.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { seedReferenceData } from '../../src/db/seed.ts';
import { corpusEntries, DEFAULT_CORPUS_DIR, readCorpus } from '../../src/platform/search/corpus.ts';
import { indexEntries, type SearchQuery, search } from '../../src/platform/search/index.ts';

const here = path.dirname(fileURLToPath(import.meta.url));

const { values } = parseArgs({
  options: {
    engine: { type: 'string', default: 'both' },
    docs: { type: 'string', default: '20000' },
    iterations: { type: 'string', default: '300' },
    seconds: { type: 'string', default: '5' },
    connections: { type: 'string', default: '10' },
  },
});

const QUERIES: Record<string, string[]> = {
  'one word': [
    'trabajador',
    'salario',
    'employer',
    'apprentice',
    'vacaciones',
    'seguridad',
    'contrato',
    'minister',
    'remuneracion',
    'sindicato',
  ],
  'three words': [
    'seguridad salud trabajo',
    'trabajadores hogar remuneracion',
    'apprentice loan minister',
    'contrato trabajo indemnizacion',
    'employer health safety',
    'descanso vacaciones remunerado',
  ],
  phrase: [
    '"seguridad y salud en el trabajo"',
    '"trabajadores del hogar"',
    '"occupational health and safety"',
    '"apprentice loan"',
    '"jornada de trabajo"',
    '"sustainable jobs"',
  ],
};

const PG_URL =
  process.env.BENCH_POSTGRES_URL ||
  process.env.TEST_POSTGRES_URL ||
  'postgres://postgres@127.0.0.1:5432/test';

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** Text of the corpus PDF (the Mexican labour law), extracted once and kept in a temporary file. */
const PDF_CACHE = path.join(os.tmpdir(), 'sismel-bench-corpus-pdf.txt');

async function extractPdfTexts() {
  const title = 'Ley Federal del Trabajo';
  if (fs.existsSync(PDF_CACHE))
    return [{ file: 'es/pdf', locale: 'es' as const, title, text: fs.readFileSync(PDF_CACHE, 'utf8') }];
  const dir = path.join(DEFAULT_CORPUS_DIR, 'es');
  if (!fs.existsSync(dir)) return [];
  const { getDocumentProxy, extractText } = await import('unpdf');
  let text = '';
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.pdf'))) {
    const pdf = await getDocumentProxy(new Uint8Array(fs.readFileSync(path.join(dir, file))));
    text += (await extractText(pdf, { mergePages: true })).text.replace(/\n(?=\S)/g, '\n\n');
  }
  fs.writeFileSync(PDF_CACHE, text);
  return [{ file: 'es/pdf', locale: 'es' as const, title, text }];
}

async function runEngine(engine: 'sqlite' | 'postgres') {
  const docs = Number(values.docs);
  const iterations = Number(values.iterations);
  let handle: DatabaseHandle;
  let cleanup: () => Promise<void>;
  if (engine === 'sqlite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sismel-bench-'));
    handle = connect(`sqlite:${path.join(dir, 'bench.db')}`);
    cleanup = async () => {
      await handle.close();
      fs.rmSync(dir, { recursive: true, force: true });
    };
  } else {
    const schema = `bench_${randomBytes(4).toString('hex')}`;
    const admin = connect(PG_URL, { poolSize: 1 });
    await admin.db.schema.createSchema(schema).execute();
    await admin.close();
    handle = connect(PG_URL, { schema, poolSize: 10 });
    cleanup = async () => {
      await handle.close();
      const a = connect(PG_URL, { poolSize: 1 });
      await a.db.schema.dropSchema(schema).cascade().execute();
      await a.close();
    };
  }
  try {
    await migrateToLatest(handle.db);
    await seedReferenceData(handle.db);
    const texts = [...readCorpus(), ...(await extractPdfTexts())];
    const entries = corpusEntries(docs, texts);

    // Indexing: batches of 500 in their own transactions, as a bulk import would.
    const t0 = performance.now();
    for (let i = 0; i < entries.length; i += 500) {
      const batch = entries.slice(i, i + 500);
      await handle.db.transaction().execute((trx) => indexEntries(trx, batch));
    }
    const indexSeconds = (performance.now() - t0) / 1000;
    if (engine === 'postgres') await sql`ANALYZE search_entries`.execute(handle.db);

    // Latency in process, anonymous visitor, relevance order, snippets on.
    // CPU time of this process per search as well: on SQLite (in process) it is the work itself,
    // which stays meaningful when other programs load the machine.
    const latency: Record<
      string,
      { p50: number; p95: number; cpuP50: number; cpuP95: number; meanTotal: number }
    > = {};
    for (const [label, qs] of Object.entries(QUERIES)) {
      for (const q of qs) await search(handle.db, null, { q });
      const times: number[] = [];
      const cpu: number[] = [];
      let totals = 0;
      for (let i = 0; i < iterations; i++) {
        const query: SearchQuery = { q: qs[i % qs.length]! };
        const s = performance.now();
        const c0 = process.cpuUsage();
        const r = await search(handle.db, null, query);
        const c1 = process.cpuUsage(c0);
        times.push(performance.now() - s);
        cpu.push((c1.user + c1.system) / 1000);
        totals += r.total;
      }
      times.sort((a, b) => a - b);
      cpu.sort((a, b) => a - b);
      latency[label] = {
        p50: +percentile(times, 50).toFixed(2),
        p95: +percentile(times, 95).toFixed(2),
        cpuP50: +percentile(cpu, 50).toFixed(2),
        cpuP95: +percentile(cpu, 95).toFixed(2),
        meanTotal: Math.round(totals / iterations),
      };
    }

    // Requests per second through the API.
    const config = loadConfig({
      NODE_ENV: 'test',
      SESSION_SECRET: 'x'.repeat(40),
      SEED_DEMO: 'false',
      RUN_JOBS: 'false',
      LOG_LEVEL: 'warn',
    });
    const app = await buildApp({ config, handle, logger: false });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const http: Record<string, { rps: number; p50: number; p97_5: number; errors: number; non2xx: number }> =
      {};
    for (const [label, qs] of Object.entries(QUERIES)) {
      const result = await autocannon({
        url: `http://127.0.0.1:${port}`,
        connections: Number(values.connections),
        duration: Number(values.seconds),
        requests: qs.map((q) => ({ method: 'GET', path: `/api/v1/search?q=${encodeURIComponent(q)}` })),
      });
      http[label] = {
        rps: Math.round(result.requests.average),
        p50: result.latency.p50,
        p97_5: result.latency.p97_5,
        errors: result.errors,
        non2xx: result.non2xx,
      };
    }
    await app.close();

    const peakRssMiB = Math.round(process.resourceUsage().maxRSS / 1024);
    return {
      engine,
      date: new Date().toISOString(),
      machine: `${os.cpus()[0]?.model ?? 'cpu'} × ${os.cpus().length}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.platform()} ${os.release()}, Node ${process.version}`,
      loadAverage: os.loadavg().map((l) => +l.toFixed(1)),
      documents: entries.length,
      corpusPassages: texts.length,
      indexing: {
        seconds: +indexSeconds.toFixed(1),
        documentsPerSecond: Math.round(entries.length / indexSeconds),
      },
      latencyMs: latency,
      http,
      peakRssMiB,
    };
  } finally {
    await cleanup();
  }
}

if (values.engine === 'both') {
  // One child process per engine, so each reports its own peak memory (the PDF is read here).
  await extractPdfTexts();
  let failed = false;
  for (const engine of ['sqlite', 'postgres']) {
    const args = ['--import', 'tsx', fileURLToPath(import.meta.url), '--engine', engine];
    for (const k of ['docs', 'iterations', 'seconds', 'connections'] as const)
      args.push(`--${k}`, String(values[k]));
    const r = spawnSync(process.execPath, args, { stdio: 'inherit' });
    if (r.status !== 0) failed = true;
  }
  process.exit(failed ? 1 : 0);
} else {
  const engine = values.engine === 'postgres' ? 'postgres' : 'sqlite';
  const result = await runEngine(engine);
  fs.writeFileSync(path.join(here, `results-${engine}.json`), `${JSON.stringify(result, null, 2)}\n`);
  console.log(`\n## ${engine}: ${result.documents} documents (${result.machine})`);
  console.log(
    `indexing: ${result.indexing.documentsPerSecond} documents/s (${result.indexing.seconds} s); peak RSS ${result.peakRssMiB} MiB; load average ${result.loadAverage.join(' ')}`,
  );
  console.log(
    '| queries | p50 ms | p95 ms | CPU p50 ms | CPU p95 ms | mean hits | API req/s | API p50 ms | API p97.5 ms |',
  );
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const label of Object.keys(QUERIES)) {
    const l = result.latencyMs[label]!;
    const h = result.http[label]!;
    console.log(
      `| ${label} | ${l.p50} | ${l.p95} | ${l.cpuP50} | ${l.cpuP95} | ${l.meanTotal} | ${h.rps} | ${h.p50} | ${h.p97_5} |`,
    );
  }
  process.exit(0);
}
