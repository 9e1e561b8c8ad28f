import { type ColumnDefinitionBuilder, type Kysely, PostgresAdapter, sql } from 'kysely';

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

export const emptyJson = sql`'{}'`;
