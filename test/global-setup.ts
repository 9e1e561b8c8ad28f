import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { buildAssets } from '../src/platform/http/build-assets.ts';

const POSTGRES_URL = process.env.TEST_POSTGRES_URL || 'postgres://postgres@127.0.0.1:5432/test';

export default async function setup() {
  await buildAssets();
  // Test files on PostgreSQL each get a schema named after this run. They are dropped together
  // at the end: dropping one while another file's migrator lists the schemas makes it fail.
  const run = process.env.SISMEL_TEST_RUN ?? randomBytes(4).toString('hex');
  process.env.SISMEL_TEST_RUN = run;
  return async () => {
    const client = new pg.Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 3000 });
    try {
      await client.connect();
      const { rows } = await client.query<{ nspname: string }>(
        'select nspname from pg_namespace where nspname like $1',
        [`t\\_${run}\\_%`],
      );
      for (const { nspname } of rows) await client.query(`drop schema if exists "${nspname}" cascade`);
    } catch {
      // No PostgreSQL here: nothing was created on it.
    } finally {
      await client.end().catch(() => {});
    }
  };
}
