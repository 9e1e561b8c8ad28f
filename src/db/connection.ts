import fs from 'node:fs';
import path from 'node:path';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { registerRawSqlite } from './dialect.ts';
import type { Database } from './schema.ts';
import { NodeSqliteDatabase } from './sqlite-adapter.ts';

export type Engine = 'sqlite' | 'postgres';
export type Db = Kysely<Database>;

export interface DatabaseHandle {
  db: Db;
  engine: Engine;
  /** The node:sqlite handle, for online backup; undefined on PostgreSQL. */
  sqlite?: NodeSqliteDatabase;
  /** The pg pool, for LISTEN/NOTIFY; undefined on SQLite. */
  pool?: pg.Pool;
  close(): Promise<void>;
}

// COUNT(*) and BIGINT come back as strings from pg; the numbers we store fit in doubles.
pg.types.setTypeParser(20, (v) => Number.parseInt(v, 10));
pg.types.setTypeParser(1700, (v) => Number.parseFloat(v));

export interface ConnectOptions {
  /** PostgreSQL schema to use as search_path (tests use one schema per file). */
  schema?: string;
  poolSize?: number;
}

export function connect(databaseUrl: string, options: ConnectOptions = {}): DatabaseHandle {
  if (databaseUrl.startsWith('sqlite:')) {
    const file = databaseUrl.slice('sqlite:'.length);
    if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    const sqlite = new NodeSqliteDatabase(file);
    const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
    registerRawSqlite(db, sqlite.raw);
    return { db, engine: 'sqlite', sqlite, close: () => db.destroy() };
  }
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max: options.poolSize ?? 10,
    options: options.schema ? `-c search_path=${options.schema}` : undefined,
  });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return { db, engine: 'postgres', pool, close: () => db.destroy() };
}
