import { type Kysely, sql } from 'kysely';
import { isPostgres } from '../dialect.ts';

/**
 * PostgreSQL: a version of the search index, moved once by every transaction that changes
 * `search_entries`, at its commit (a deferred trigger), so that searches can keep what they
 * count again and again (the number of entries, each term's document frequency) until the index
 * changes. Taken at commit, the version row is locked only at the very end of a writing
 * transaction, after all its other statements, so two writers cannot wait on each other through
 * it. SQLite has its own marker (`data_version` and `total_changes()`) and needs none of it.
 */
export async function up(db: Kysely<any>): Promise<void> {
  if (!isPostgres(db)) return;
  await sql`CREATE TABLE search_version (id integer PRIMARY KEY, version bigint NOT NULL)`.execute(db);
  await sql`INSERT INTO search_version (id, version) VALUES (1, 0)`.execute(db);
  await sql`CREATE FUNCTION search_version_bump() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF current_setting('sismel.search_version_txid', true) IS DISTINCT FROM txid_current()::text THEN
        UPDATE search_version SET version = version + 1 WHERE id = 1;
        PERFORM set_config('sismel.search_version_txid', txid_current()::text, true);
      END IF;
      RETURN NULL;
    END $$`.execute(db);
  await sql`CREATE CONSTRAINT TRIGGER search_entries_version
    AFTER INSERT OR UPDATE OR DELETE ON search_entries
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION search_version_bump()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (!isPostgres(db)) return;
  await sql`DROP TRIGGER search_entries_version ON search_entries`.execute(db);
  await sql`DROP FUNCTION search_version_bump()`.execute(db);
  await sql`DROP TABLE search_version`.execute(db);
}
