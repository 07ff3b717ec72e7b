import { copyFileSync, existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';

/** A backup or restore refused because of what it was given; the message says what to fix. */
export class BackupInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BackupInputError';
  }
}

/** A restore refused because the bot still has the database open. */
export class DatabaseInUseError extends Error {
  constructor(path: string) {
    super(`the bot is running on ${path}: stop it first, then restore`);
    this.name = 'DatabaseInUseError';
  }
}

export interface BackupResult {
  file: string;
  bytes: number;
  tickets: number;
}

/**
 * Copies the SQLite database at `source` to `target` while the bot keeps running: the copy is one
 * consistent moment (every transaction committed before it, none half), checked with
 * `PRAGMA integrity_check` before it takes its name. Refuses an existing `target`. SQLite only: a
 * PostgreSQL database is backed up with pg_dump.
 */
export async function backupDatabase(source: string, target: string): Promise<BackupResult> {
  requireDatabaseFile(source, 'no database');
  if (resolve(source) === resolve(target)) {
    throw new BackupInputError('the backup must go to another file than the database');
  }
  if (existsSync(target)) {
    throw new BackupInputError(`${target} already exists; give a new name or delete it first`);
  }
  if (!existsSync(dirname(resolve(target)))) {
    throw new BackupInputError(`the folder ${dirname(target)} does not exist`);
  }

  const partial = `${target}.partial`;
  rmSync(partial, { force: true });
  const db = openChecked(source, { readonly: false });
  try {
    // All pages in one step, under one read transaction: a copy in several steps would start over
    // each time the running bot commits, and might never finish under steady writes.
    await db.backup(partial, { progress: () => 0x7fffffff });
  } finally {
    db.close();
  }
  try {
    // The copy is left as one self-contained file, not in WAL mode, so it can be copied alone.
    const copy = new Database(partial, { fileMustExist: true });
    try {
      copy.pragma('journal_mode = DELETE');
    } finally {
      copy.close();
    }
    const tickets = verify(partial);
    renameSync(partial, target);
    return { file: target, bytes: statSync(target).size, tickets };
  } catch (error) {
    rmSync(partial, { force: true });
    throw error;
  }
}

export interface RestoreResult {
  /** Where the database that was replaced was kept, if there was one. */
  keptAside: string | undefined;
  tickets: number;
}

/**
 * Puts the backup `file` in place of the database at `target`, after checking that it is a Loop48
 * database that passes `PRAGMA integrity_check`. The database it replaces is kept beside it as
 * `<target>.before-restore-<time>`. Refuses while a process (the bot) has `target` open.
 */
export function restoreDatabase(file: string, target: string, now = new Date()): RestoreResult {
  requireDatabaseFile(file, 'no backup');
  if (resolve(file) === resolve(target)) {
    throw new BackupInputError('the backup is the database itself; give a backup file');
  }
  const tickets = verify(file);

  let keptAside: string | undefined;
  if (existsSync(target)) {
    foldAndCheckUnused(target);
    keptAside = `${target}.before-restore-${now.toISOString().replace(/[:.]/g, '-')}`;
  } else {
    mkdirSync(dirname(resolve(target)), { recursive: true });
  }

  // Copied next to the database first, so the swap is two renames on one file system.
  const incoming = `${target}.restoring`;
  copyFileSync(file, incoming);
  if (keptAside) renameSync(target, keptAside);
  renameSync(incoming, target);
  return { keptAside, tickets };
}

function requireDatabaseFile(path: string, what: string): void {
  if (!existsSync(path)) throw new BackupInputError(`${what} at ${path}`);
  if (!statSync(path).isFile()) throw new BackupInputError(`${path} is not a file`);
}

/** Opens `path`, translating "this is no database" into a message about the file. */
function openChecked(path: string, options: { readonly: boolean }): Database.Database {
  let db: Database.Database | undefined;
  try {
    db = new Database(path, { ...options, fileMustExist: true });
    db.prepare('SELECT count(*) FROM sqlite_master').get();
    return db;
  } catch (error) {
    db?.close();
    const code = (error as { code?: string }).code;
    if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') {
      throw new BackupInputError(`${path} is not a SQLite database`);
    }
    throw error;
  }
}

/** Checks that `path` is a whole Loop48 database; resolves to how many tickets it holds. */
function verify(path: string): number {
  const db = openChecked(path, { readonly: true });
  try {
    const result = db.pragma('integrity_check', { simple: true });
    if (result !== 'ok') {
      throw new BackupInputError(`${path} fails the integrity check: ${String(result)}`);
    }
    const loop48 = db
      .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'tickets'")
      .get();
    if (!loop48) throw new BackupInputError(`${path} is a SQLite database but not Loop48's`);
    const row = db.prepare('SELECT count(*) AS n FROM tickets').get() as { n: number };
    return row.n;
  } finally {
    db.close();
  }
}

/**
 * Folds the write-ahead log into the database file, which SQLite allows only when no other
 * connection has the file open: the way to tell that the bot is not running on it.
 */
function foldAndCheckUnused(path: string): void {
  const db = new Database(path, { fileMustExist: true, timeout: 0 });
  try {
    const mode = db.pragma('journal_mode = DELETE', { simple: true });
    if (mode !== 'delete') throw new DatabaseInUseError(path);
  } catch (error) {
    if ((error as { code?: string }).code === 'SQLITE_BUSY') throw new DatabaseInUseError(path);
    throw error;
  } finally {
    db.close();
  }
}
