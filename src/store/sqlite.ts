import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { type Checkpointer, startCheckpointer } from './checkpointer.ts';
import { MIGRATIONS } from './migrations.ts';
import type { Sql } from './sql.ts';
import type { Row } from './sql-rows.ts';
import { SqlTx } from './sql-tx.ts';
import type { Store, StoreTx } from './types.ts';

/**
 * Opens (creating if needed) the SQLite database at `path` (':memory:' for a throwaway one) with
 * WAL, a busy timeout and migrations applied. One process owns it; for several replicas use a
 * server database.
 */
export function openSqliteStore(
  path: string,
  onError: (message: string) => void = () => undefined,
): Store {
  const file = path !== ':memory:';
  if (file) mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  migrate(db);
  if (!file) return new SqliteStore(db);
  db.pragma('wal_autocheckpoint = 0');
  const checkpointer = startCheckpointer(
    path,
    () => db.open && db.pragma('wal_autocheckpoint = 1000'),
    onError,
  );
  return new SqliteStore(db, checkpointer);
}

/** Applies the migrations not yet applied, up to `upTo` (all by default), each in a transaction. */
export function migrate(db: Database.Database, upTo = MIGRATIONS.length): void {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, at INTEGER)');
  const applied = db
    .prepare('SELECT COALESCE(MAX(version), 0) AS v FROM schema_migrations')
    .get() as {
    v: number;
  };
  MIGRATIONS.forEach((sql, index) => {
    const version = index + 1;
    if (version <= applied.v || version > upTo) return;
    db.transaction(() => {
      db.exec(sql);
      db.prepare('INSERT INTO schema_migrations (version, at) VALUES (?, ?)').run(
        version,
        Date.now(),
      );
    }).immediate();
  });
}

class SqliteStore implements Store {
  readonly #db: Database.Database;
  readonly #tx: SqlTx;
  // better-sqlite3 is one connection: units of work run one after another so an await inside one
  // never lets another's statements into its transaction.
  #queue: Promise<unknown> = Promise.resolve();

  readonly #begin: Database.Statement;
  readonly #commit: Database.Statement;
  readonly #rollback: Database.Statement;

  readonly #checkpointer: Checkpointer | undefined;

  constructor(db: Database.Database, checkpointer?: Checkpointer) {
    this.#db = db;
    this.#checkpointer = checkpointer;
    // This process is the database's only writer, so conversations may be cached across units.
    this.#tx = new SqlTx(sqliteSql(db), { cacheConversations: true });
    this.#begin = db.prepare('BEGIN IMMEDIATE');
    this.#commit = db.prepare('COMMIT');
    this.#rollback = db.prepare('ROLLBACK');
  }

  transaction<T>(work: (tx: StoreTx) => Promise<T>): Promise<T> {
    return this.#exclusive(async () => {
      this.#begin.run();
      try {
        const result = await work(this.#tx);
        this.#commit.run();
        return result;
      } catch (error) {
        if (this.#db.inTransaction) this.#rollback.run();
        this.#tx.forgetCached();
        throw error;
      }
    });
  }

  read<T>(work: (tx: StoreTx) => Promise<T>): Promise<T> {
    return this.#exclusive(() => work(this.#tx));
  }

  async holdLease(_name: string, gained: () => void): Promise<() => Promise<void>> {
    // One process owns an SQLite database: it always holds every lease.
    gained();
    return async () => undefined;
  }

  async close(): Promise<void> {
    await this.#queue.catch(() => undefined);
    await this.#checkpointer?.stop();
    // Fold the log back in, so a closed database is one file.
    this.#db.pragma('wal_checkpoint(TRUNCATE)');
    this.#db.close();
  }

  #exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(work, work);
    this.#queue = run.catch(() => undefined);
    return run;
  }
}

/** Runs the store's queries on better-sqlite3, each statement prepared once. */
function sqliteSql(db: Database.Database): Sql {
  const statements = new Map<string, Database.Statement>();
  const prepared = (sql: string): Database.Statement => {
    let statement = statements.get(sql);
    if (!statement) {
      statement = db.prepare(sql);
      statements.set(sql, statement);
    }
    return statement;
  };
  return {
    all: (sql, params = []) => prepared(sql).all(...params) as Row[],
    get: (sql, params = []) => prepared(sql).get(...params) as Row | undefined,
    run: (sql, params = []) => prepared(sql).run(...params).changes,
    // lastInsertRowid rather than RETURNING: on SQLite it is much the cheaper of the two.
    insert: (sql, params = []) => Number(prepared(sql).run(...params).lastInsertRowid),
    exec: (sql) => void db.exec(sql),
    claimRows: '',
    lockRow: '',
  };
}
