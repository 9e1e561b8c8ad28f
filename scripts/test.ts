/**
 * `npm test`: type-check and lint, the unit and integration suite on SQLite, again on
 * PostgreSQL when it is reachable (required when CI=true or REQUIRE_POSTGRES=1), and the
 * end-to-end suite in Chromium when it is installed (required when CI=true or REQUIRE_E2E=1).
 * Ends with one line: "N passed, N failed".
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

const ci = process.env.CI === 'true' || process.env.CI === '1';
const requirePg = ci || process.env.REQUIRE_POSTGRES === '1';
const requireE2e = ci || process.env.REQUIRE_E2E === '1';
const chromium = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const pgUrl = process.env.TEST_POSTGRES_URL || 'postgres://postgres@127.0.0.1:5432/test';
const only = process.argv.slice(2);

let passed = 0;
let failed = 0;
let broken = false;

function run(cmd: string, args: string[], env: Record<string, string> = {}): number {
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  return r.status ?? 1;
}

function vitest(label: string, config: string | null, env: Record<string, string>): void {
  console.log(`\n=== ${label} ===`);
  const out = path.join(os.tmpdir(), `sismel-vitest-${process.pid}-${label.replace(/\W+/g, '-')}.json`);
  const args = ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile=${out}`];
  if (config) args.push('--config', config);
  args.push(...only);
  const code = run('npx', args, env);
  try {
    const report = JSON.parse(fs.readFileSync(out, 'utf8')) as {
      numPassedTests: number;
      numFailedTests: number;
    };
    passed += report.numPassedTests;
    failed += report.numFailedTests;
    fs.rmSync(out, { force: true });
  } catch {
    broken = true;
  }
  if (code !== 0) broken = true;
}

async function postgresReachable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: pgUrl, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}

if (only.length === 0) {
  console.log('=== typecheck and lint ===');
  if (run('npx', ['tsc', '--noEmit']) !== 0) broken = true;
  if (run('npx', ['biome', 'check', 'src', 'test', 'bench', 'scripts']) !== 0) broken = true;
}

vitest('sqlite', null, { TEST_DATABASE: 'sqlite' });

if (await postgresReachable()) {
  vitest('postgres', null, { TEST_DATABASE: 'postgres', TEST_POSTGRES_URL: pgUrl });
} else if (requirePg) {
  console.error(`PostgreSQL is required but not reachable at ${pgUrl}`);
  broken = true;
} else {
  console.log(`\nPostgreSQL not reachable at ${pgUrl}: skipping the PostgreSQL run.`);
}

if (only.length === 0) {
  if (fs.existsSync(chromium)) {
    vitest('e2e', 'vitest.e2e.config.ts', { CHROMIUM_PATH: chromium });
  } else if (requireE2e) {
    console.error(`Chromium is required but not found at ${chromium}`);
    broken = true;
  } else {
    console.log(`\nChromium not found at ${chromium}: skipping the end-to-end run.`);
  }
}

console.log(`\n${passed} passed, ${failed} failed`);
process.exit(broken || failed > 0 ? 1 : 0);
