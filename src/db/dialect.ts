import type { DatabaseSync } from 'node:sqlite';
import { type ColumnDefinitionBuilder, type Kysely, PostgresAdapter } from 'kysely';

/** Dialect differences live here and nowhere else. */
export function isPostgres(db: Kysely<any>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

/** Auto-incrementing integer primary key on either engine. */
export function idType(db: Kysely<any>) {
  return isPostgres(db) ? ('serial' as const) : ('integer' as const);
}

export function idColumn(db: Kysely<any>) {
  return (col: ColumnDefinitionBuilder) =>
    isPostgres(db) ? col.primaryKey() : col.primaryKey().autoIncrement();
}

/** Timestamps are stored as ISO-8601 UTC text on both engines, so they compare and sort the same. */
export function nowIso(): string {
  return new Date().toISOString();
}

/** Case-insensitive LIKE on both engines. */
export function ilike(db: Kysely<any>) {
  return isPostgres(db) ? ('ilike' as const) : ('like' as const);
}

const rawSqlite = new WeakMap<object, DatabaseSync>();

/** Remembers the node:sqlite handle behind a Kysely instance (connect() does it). */
export function registerRawSqlite(db: Kysely<any>, raw: DatabaseSync): void {
  rawSqlite.set(db.getExecutor().adapter, raw);
}

/**
 * The node:sqlite handle behind a Kysely instance or one of its transactions (they share the
 * adapter); undefined on PostgreSQL. For bulk writes with one prepared statement reused for every
 * row: call it only inside `db.transaction()`, which holds the one connection, so the statements
 * run in that transaction and no other query runs in between.
 */
export function rawSqliteOf(db: Kysely<any>): DatabaseSync | undefined {
  return rawSqlite.get(db.getExecutor().adapter);
}
