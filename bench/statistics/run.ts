/**
 * Statistics benchmark: loads 1,000,000 observations through the bulk import service, then
 * starts the server on 127.0.0.1 and measures the SDMX-CSV export, the indicator page and an
 * SDMX data query with autocannon, and the server's peak memory. Bounded: every load test runs
 * for a fixed time, and the script stops the server and removes its database when done.
 *
 *   npm run bench:statistics                      # SQLite, then PostgreSQL when it answers
 *   npm run bench:statistics -- --engine sqlite   # one engine
 *   BENCH_ROWS=200000 npm run bench:statistics    # a smaller run
 *   BENCH_SERVER_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" npm run bench:statistics  # profile the server
 */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import pg from 'pg';
import { connect } from '../../src/db/connection.ts';
import { nowIso } from '../../src/db/dialect.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { seedReferenceData } from '../../src/db/seed.ts';
import type { Actor } from '../../src/platform/auth/actor.ts';
import { SYSTEM_ACTOR } from '../../src/platform/auth/actor.ts';
import { OAS_MEMBER_STATES } from '../../src/features/countries/reference-data.ts';
import { CODELIST_BY_ID } from '../../src/features/statistics/codelists.ts';
import { applyImport, createImport, parseReport } from '../../src/features/statistics/import/service.ts';
import { INDICATORS } from '../../src/features/statistics/indicators.ts';

const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const BATCH = 100_000;
const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const PG_URL =
  process.env.BENCH_POSTGRES_URL ??
  process.env.TEST_POSTGRES_URL ??
  'postgres://postgres@127.0.0.1:5432/test';
const args = process.argv.slice(2);
const only = args.includes('--engine') ? args[args.indexOf('--engine') + 1] : undefined;

/** Rates indicators whose breakdown starts with sex, annual: what a ministry uploads most. */
const FLOWS = INDICATORS.filter((i) => i.frequency === 'A' && i.unit === 'PT' && i.dimensions[0] === 'SEX');

/** The import files, as ILOSTAT bulk CSV, BATCH rows each, ROWS in all. */
function* files(): Generator<{ name: string; csv: string; rows: number }> {
  let seed = 11;
  const rnd = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  let lines: string[] = [];
  let total = 0;
  let n = 0;
  const flush = () => {
    const out = {
      name: `bench-${++n}.csv`,
      csv: `ref_area,indicator,sex,classif1,classif2,time,obs_value\n${lines.join('\n')}`,
      rows: lines.length,
    };
    lines = [];
    return out;
  };
  for (const ind of FLOWS) {
    const lists = ind.dimensions.map((d) => CODELIST_BY_ID.get(d)!.codes.map((c) => c.code));
    const combos: string[][] = lists.reduce<string[][]>(
      (acc, codes) => acc.flatMap((a) => codes.map((c) => [...a, c])),
      [[]],
    );
    for (const country of OAS_MEMBER_STATES) {
      for (const combo of combos) {
        let v = 20 + rnd() * 50;
        for (let year = 1900; year <= 2030; year++) {
          v = Math.min(95, Math.max(1, v + (rnd() - 0.5)));
          lines.push(
            `${country.iso3},${ind.code},${combo[0]},${combo[1] ?? ''},${combo[2] ?? ''},${year},${v.toFixed(3)}`,
          );
          total++;
          if (lines.length === BATCH) yield flush();
          if (total === ROWS) {
            if (lines.length) yield flush();
            return;
          }
        }
      }
    }
  }
  if (lines.length) yield flush();
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function waitForServer(url: string): Promise<void> {
  for (let i = 0; i < 300; i++) {
    try {
      const r = await fetch(`${url}/healthz`);
      if (r.ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('server did not start');
}

function peakRssMb(pid: number): number {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
    return Math.round(kb / 1024);
  } catch {
    return Number.NaN;
  }
}

async function load(url: string, title: string) {
  const result = await autocannon({ url, connections: 10, duration: DURATION, title });
  return {
    requestsPerSecond: Math.round(result.requests.average),
    p50: result.latency.p50,
    p95: percentileFromHistogram(result),
    non2xx: result.non2xx,
  };
}

/** autocannon reports p90 and p97.5; p95 is read from its latency samples when present. */
function percentileFromHistogram(result: autocannon.Result): number {
  const l = result.latency as unknown as Record<string, number>;
  if (typeof l.p95 === 'number') return l.p95;
  // Between p90 and p97.5, linearly.
  return Math.round((l.p90! + (l.p97_5! - l.p90!) * (5 / 7.5)) * 100) / 100;
}

interface EngineResult {
  engine: string;
  importRowsPerSecond: number;
  importSeconds: number;
  exportRowsPerSecond: number;
  exportRows: number;
  page: Awaited<ReturnType<typeof load>>;
  sdmx: Awaited<ReturnType<typeof load>>;
  sdmxSingle: { p50: number; p95: number };
  peakRssMb: number;
}

async function runEngine(engine: 'sqlite' | 'postgres'): Promise<EngineResult> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sismel-bench-'));
  let databaseUrl: string;
  let dropDb: (() => Promise<void>) | undefined;
  if (engine === 'sqlite') {
    databaseUrl = `sqlite:${path.join(tmp, 'bench.db')}`;
  } else {
    const name = `sismel_bench_${process.pid}`;
    const admin = new pg.Client({ connectionString: PG_URL });
    await admin.connect();
    await admin.query(`drop database if exists ${name}`);
    await admin.query(`create database ${name}`);
    await admin.end();
    const u = new URL(PG_URL);
    u.pathname = `/${name}`;
    databaseUrl = u.toString();
    dropDb = async () => {
      const a = new pg.Client({ connectionString: PG_URL });
      await a.connect();
      await a.query(`drop database if exists ${name}`);
      await a.end();
    };
  }
  let server: ChildProcess | undefined;
  try {
    const handle = connect(databaseUrl);
    await migrateToLatest(handle.db);
    await seedReferenceData(handle.db);
    // The import runs as the Secretariat (a real user row, for the audit trail).
    const user = await handle.db
      .insertInto('users')
      .values({
        email: 'bench@sismel.example',
        name: 'Benchmark',
        role: 'secretariat',
        status: 'active',
        created_at: nowIso(),
        updated_at: nowIso(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const actor: Actor = { ...SYSTEM_ACTOR, id: user.id, email: 'bench@sismel.example', name: 'Benchmark' };

    console.log(
      `[${engine}] importing ${ROWS.toLocaleString('en')} observations in files of ${BATCH.toLocaleString('en')} rows…`,
    );
    let imported = 0;
    const t0 = performance.now();
    for (const file of files()) {
      const imp = await createImport(
        handle.db,
        actor,
        { filename: file.name, data: Buffer.from(file.csv) },
        true,
      );
      const report = parseReport(imp);
      if (report.errorCount > 0) throw new Error(`${file.name}: ${report.errorCount} errors`);
      await applyImport(handle.db, actor, imp.id, true, true);
      imported += file.rows;
      const s = (performance.now() - t0) / 1000;
      console.log(
        `[${engine}]   ${imported.toLocaleString('en')} rows, ${Math.round(imported / s).toLocaleString('en')} rows/s`,
      );
    }
    const importSeconds = (performance.now() - t0) / 1000;
    await handle.close();

    const port = 20000 + Math.floor(Math.random() * 20000);
    const base = `http://127.0.0.1:${port}`;
    const serverArgs = (process.env.BENCH_SERVER_ARGS ?? '').split(' ').filter(Boolean);
    server = spawn(process.execPath, [...serverArgs, '--import', 'tsx', 'src/server.ts'], {
      env: {
        ...process.env,
        NODE_ENV: 'production',
        SESSION_SECRET: 'b'.repeat(48),
        DATABASE_URL: databaseUrl,
        DATA_DIR: tmp,
        HOST: '127.0.0.1',
        PORT: String(port),
        RUN_JOBS: 'false',
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    await waitForServer(base);

    // Export: SDMX-CSV of every flow, read to the end.
    let exportRows = 0;
    const e0 = performance.now();
    for (const ind of FLOWS) {
      const res = await fetch(`${base}/sdmx/rest/data/${ind.code}/all?format=csv`);
      if (res.status === 404) continue;
      const text = await res.text();
      let lines = 0;
      for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lines++;
      exportRows += lines - 1;
    }
    const exportSeconds = (performance.now() - e0) / 1000;
    console.log(
      `[${engine}] exported ${exportRows.toLocaleString('en')} rows in ${exportSeconds.toFixed(1)} s`,
    );

    const flow = FLOWS[0]!;
    const pageUrl = `${base}/en/statistics/indicators/${flow.code}?c=ARG&c=BRA&c=MEX&c=CHL&c=URY`;
    const sdmxUrl = `${base}/sdmx/rest/data/${flow.code}/ARG+BRA.SEX_T.AGE_YTHADULT_YGE15?startPeriod=2000`;
    // Warm the availability summary, then measure one request at a time, then under load.
    await fetch(pageUrl);
    const single: number[] = [];
    for (let i = 0; i < 200; i++) {
      const s = performance.now();
      await (await fetch(sdmxUrl)).arrayBuffer();
      single.push(performance.now() - s);
    }
    single.sort((a, b) => a - b);
    const page = await load(pageUrl, 'indicator page');
    const sdmx = await load(sdmxUrl, 'SDMX query');
    if (page.non2xx || sdmx.non2xx)
      throw new Error(`errors under load: page ${page.non2xx}, SDMX ${sdmx.non2xx}`);
    const result: EngineResult = {
      engine,
      importRowsPerSecond: Math.round(imported / importSeconds),
      importSeconds: Math.round(importSeconds),
      exportRowsPerSecond: Math.round(exportRows / exportSeconds),
      exportRows,
      page,
      sdmx,
      sdmxSingle: {
        p50: Math.round(percentile(single, 50) * 10) / 10,
        p95: Math.round(percentile(single, 95) * 10) / 10,
      },
      peakRssMb: peakRssMb(server.pid!),
    };
    console.log(JSON.stringify(result, null, 2));
    return result;
  } finally {
    if (server && server.exitCode === null) {
      server.kill('SIGTERM');
      await new Promise((r) => server!.once('exit', r));
    }
    fs.rmSync(tmp, { recursive: true, force: true });
    await dropDb?.();
  }
}

async function postgresAnswers(): Promise<boolean> {
  const c = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 3000 });
  try {
    await c.connect();
    await c.end();
    return true;
  } catch {
    return false;
  }
}

const results: EngineResult[] = [];
if (!only || only === 'sqlite') results.push(await runEngine('sqlite'));
if ((!only || only === 'postgres') && (await postgresAnswers())) results.push(await runEngine('postgres'));

console.log(
  `\n${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}`,
);
console.log(
  '| engine | import rows/s | SDMX-CSV export rows/s | page p50 / p95 ms | page req/s | SDMX p50 / p95 ms | SDMX req/s | SDMX alone p50 / p95 ms | peak RSS MB |',
);
console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const r of results) {
  console.log(
    `| ${r.engine} | ${r.importRowsPerSecond.toLocaleString('en')} | ${r.exportRowsPerSecond.toLocaleString('en')} | ${r.page.p50} / ${r.page.p95} | ${r.page.requestsPerSecond} | ${r.sdmx.p50} / ${r.sdmx.p95} | ${r.sdmx.requestsPerSecond} | ${r.sdmxSingle.p50} / ${r.sdmxSingle.p95} | ${r.peakRssMb} |`,
  );
}
process.exit(0);
