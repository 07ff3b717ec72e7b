import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { isStorageFault } from '../../src/store/faults.ts';

const dir = mkdtempSync(join(tmpdir(), 'loop48-faults-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The error SQLite itself raises for `sql` on `db`. */
function errorOf(db: Database.Database, sql: string): unknown {
  try {
    db.exec(sql);
  } catch (error) {
    return error;
  }
  throw new Error(`${sql} did not fail`);
}

describe('telling a database that cannot store anything from other failures', () => {
  it('knows a full SQLite database by its own error', () => {
    const db = new Database(join(dir, 'full.db'));
    db.exec('CREATE TABLE t (x BLOB)');
    // The file may not grow: the next page is "disk full", as on a full disk.
    db.pragma(`max_page_count = ${db.pragma('page_count', { simple: true })}`);
    const error = errorOf(db, 'INSERT INTO t VALUES (randomblob(100000))');
    db.close();
    expect((error as { code: string }).code).toBe('SQLITE_FULL');
    expect(isStorageFault(error)).toBe(true);
  });

  it('knows a read-only SQLite database by its own error', () => {
    const path = join(dir, 'readonly.db');
    new Database(path).exec('CREATE TABLE t (x)');
    const db = new Database(path, { readonly: true });
    const error = errorOf(db, 'INSERT INTO t VALUES (1)');
    db.close();
    expect(isStorageFault(error)).toBe(true);
  });

  it('takes PostgreSQL disk_full and read_only_sql_transaction, and nothing else', () => {
    expect(isStorageFault({ code: '53100' })).toBe(true);
    expect(isStorageFault({ code: '25006' })).toBe(true);
    expect(isStorageFault({ code: 'SQLITE_IOERR_WRITE' })).toBe(true);
    for (const other of ['23505', '40001', 'SQLITE_CONSTRAINT', 'SQLITE_BUSY', 'ECONNRESET']) {
      expect(isStorageFault({ code: other })).toBe(false);
    }
    expect(isStorageFault(new Error('boom'))).toBe(false);
    expect(isStorageFault(undefined)).toBe(false);
  });
});
