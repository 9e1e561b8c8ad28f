import { DatabaseSync, type SQLInputValue, type StatementSync } from 'node:sqlite';
import type { SqliteDatabase, SqliteStatement } from 'kysely';

/** node:sqlite only binds null, numbers, bigints, strings and bytes. */
function bindable(value: unknown): SQLInputValue {
  if (value === undefined || value === null) return null;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object' && !(value instanceof Uint8Array)) return JSON.stringify(value);
  return value as SQLInputValue;
}

function params(parameters: ReadonlyArray<unknown>): SQLInputValue[] {
  return parameters.map(bindable);
}

/**
 * Kysely's SqliteDialect expects an object shaped like better-sqlite3; this wraps the
 * built-in node:sqlite driver. A statement is a reader when it returns columns.
 */
export class NodeSqliteDatabase implements SqliteDatabase {
  readonly raw: DatabaseSync;
  private readonly cache = new Map<string, StatementSync>();

  constructor(filename: string) {
    this.raw = new DatabaseSync(filename);
    this.raw.exec('PRAGMA journal_mode = WAL');
    this.raw.exec('PRAGMA synchronous = FULL');
    this.raw.exec('PRAGMA foreign_keys = ON');
    this.raw.exec('PRAGMA busy_timeout = 5000');
  }

  close(): void {
    this.cache.clear();
    this.raw.close();
  }

  prepare(sql: string): SqliteStatement {
    let stmt = this.cache.get(sql);
    if (!stmt) {
      stmt = this.raw.prepare(sql);
      if (this.cache.size > 500) this.cache.clear();
      this.cache.set(sql, stmt);
    }
    const s = stmt;
    return {
      reader: s.columns().length > 0,
      all: (p) => s.all(...params(p)),
      run: (p) => {
        const r = s.run(...params(p));
        return { changes: r.changes, lastInsertRowid: r.lastInsertRowid };
      },
      iterate: (p) => s.iterate(...params(p)) as IterableIterator<unknown>,
    };
  }
}
