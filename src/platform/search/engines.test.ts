import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POSTGRES_URL } from '../../../test/helpers.ts';
import { connect, type DatabaseHandle } from '../../db/connection.ts';
import { migrateToLatest } from '../../db/migrate.ts';
import type { Actor } from '../auth/actor.ts';
import { corpusEntries } from './corpus.ts';
import { indexEntries, type SearchOptions, type SearchQuery, search, segmentsToHtml } from './index.ts';

/**
 * The same corpus indexed on SQLite and on PostgreSQL must give the same answers: totals,
 * facets, the order of the hits and their snippets. Runs whatever TEST_DATABASE says, since it
 * opens both engines itself; skipped only when PostgreSQL does not answer.
 */

async function postgresReachable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}

const reachable = await postgresReachable();

const viewer = (role: Actor['role'], countryIso3: string | null): Actor => ({
  id: 7,
  email: 'v@example.org',
  name: 'Viewer',
  role,
  countryIso3,
  institutionId: null,
  locale: 'es',
  timezone: 'UTC',
  totpEnabled: false,
});

const QUERIES: SearchQuery[] = [
  { q: 'trabajador' },
  { q: 'trabajadores del hogar' },
  { q: 'seguridad salud' },
  { q: '"seguridad y salud en el trabajo"' },
  { q: 'empleador' },
  { q: 'remuneracion' },
  { q: 'gratificacion navidad' },
  { q: 'descanso vacacional' },
  { q: 'discriminación remunerativa' },
  { q: 'apprentice' },
  { q: 'apprentices loans' },
  { q: 'employers' },
  { q: '"occupational health and safety"' },
  { q: 'sustainable jobs' },
  { q: 'minister' },
  { q: 'Minister', sort: 'date' },
  { q: 'trabajo', sort: 'date', page: 2 },
  { q: 'trabajo', page: 3 },
  { q: 'trabajo', country: 'PER' },
  { q: 'trabajo', theme: 'ohs', year: 2010 },
  { q: 'ley', lang: 'es', type: 'document', section: 'labour-legislation' },
  { q: 'act', lang: 'en' },
  { q: 'C-13' },
  { q: '29783' },
  { q: 'inexistentewordzz' },
  { q: 'trabajador', page: 2, pageSize: 7 },
  { q: 'trabajo', page: 9 },
  { q: 'trabajo', pageSize: 100, page: 2 },
  { q: 'trabajador', type: 'page' },
  { q: 'ley', theme: 'ohs', lang: 'es' },
];

type Snapshot = unknown;

async function snapshot(
  handle: DatabaseHandle,
  q: SearchQuery,
  who: Actor | null,
  options: SearchOptions = {},
): Promise<Snapshot> {
  const r = await search(handle.db, who, q, options);
  return {
    total: r.total,
    pages: r.pages,
    facets: r.facets,
    hits: r.hits.map((h) => [
      h.type,
      h.id,
      h.locale,
      segmentsToHtml(h.titleSegments),
      segmentsToHtml(h.snippet),
    ]),
  };
}

describe.skipIf(!reachable)('the same results on SQLite and PostgreSQL', () => {
  let sqlite: DatabaseHandle;
  let postgres: DatabaseHandle;
  // Dropped with the run's other schemas by the global teardown (test/global-setup.ts).
  const schema = `t_${process.env.SISMEL_TEST_RUN ?? 'adhoc'}_${randomBytes(6).toString('hex')}`;

  beforeAll(async () => {
    sqlite = connect('sqlite::memory:');
    const admin = connect(POSTGRES_URL, { poolSize: 1 });
    await admin.db.schema.createSchema(schema).execute();
    await admin.close();
    postgres = connect(POSTGRES_URL, { schema, poolSize: 4 });
    const entries = corpusEntries(600);
    expect(entries.length).toBe(600);
    for (const h of [sqlite, postgres]) {
      await migrateToLatest(h.db);
      await h.db.transaction().execute((trx) => indexEntries(trx, entries));
    }
  });

  afterAll(async () => {
    await sqlite?.close();
    await postgres?.close();
  });

  it.each(QUERIES.map((q) => [JSON.stringify(q), q] as const))('%s', async (_label, q) => {
    for (const who of [null, viewer('reader', 'PER'), viewer('secretariat', null)]) {
      const a = await snapshot(sqlite, q, who);
      const b = await snapshot(postgres, q, who);
      expect(b).toEqual(a);
      // SQLite with bounded scores (what it does for very common words) answers the same.
      expect(await snapshot(sqlite, q, who, { boundedFrom: 0 })).toEqual(a);
    }
  });

  it('finds something for the corpus words, so the comparison means something', async () => {
    const r = await search(sqlite.db, null, { q: 'trabajadores del hogar' });
    expect(r.total).toBeGreaterThan(5);
    expect(r.hits.length).toBe(20);
    const phrase = await search(sqlite.db, null, { q: '"occupational health and safety"' });
    expect(phrase.total).toBeGreaterThan(0);
  });
});
