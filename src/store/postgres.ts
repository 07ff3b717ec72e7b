import pg from 'pg';
import { POSTGRES_MIGRATIONS } from './postgres-schema.ts';
import { isConflict, numberedPlaceholders, type Sql } from './sql.ts';
import type { Row } from './sql-rows.ts';
import { SqlTx } from './sql-tx.ts';
import type { Store, StoreTx } from './types.ts';

/** The advisory-lock namespace of this product's locks (the first of the two keys). */
const LOCKS = 4848;
/** The migration lock's second key; leases use a hash of their name. */
const MIGRATION_LOCK = 0;
/** A transaction that lost a deadlock or a serialization race is run again, up to this often. */
const TRIES = 5;
/** How often a process that does not hold a lease asks for it again, and a holder checks it. */
const LEASE_CHECK_MS = 1_000;

const INT8 = 20;

/** BIGINT columns (instants, ids, counts) come back as numbers, as from SQLite. */
const types = {
  getTypeParser: ((oid: number, format?: string) =>
    oid === INT8
      ? (value: string) => Number(value)
      : pg.types.getTypeParser(oid, format as never)) as typeof pg.types.getTypeParser,
};

export interface PostgresOptions {
  /** How this process shows in pg_stat_activity (and so who holds a lease). */
  name?: string;
  /** Connections in the pool. */
  connections?: number;
}

/**
 * Opens the PostgreSQL store at `url`, applying migrations first under an advisory lock, so
 * replicas starting together apply each step once. Several processes may share it.
 */
export async function openPostgresStore(
  url: string,
  options: PostgresOptions = {},
): Promise<Store> {
  const config: pg.PoolConfig = {
    connectionString: url,
    application_name: options.name ?? `loop48-${process.pid}`,
    types,
    // A database that stops answering is noticed instead of waited on forever.
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000,
    connectionTimeoutMillis: 10_000,
  };
  const pool = new pg.Pool({ ...config, max: options.connections ?? 10 });
  // An idle connection that breaks is dropped by the pool; the next query opens a new one.
  pool.on('error', () => undefined);
  try {
    await migratePostgres(pool);
  } catch (error) {
    await pool.end();
    throw error;
  }
  return new PostgresStore(pool, config);
}

/** Applies the steps not yet applied, one transaction each, holding the migration lock. */
export async function migratePostgres(pool: pg.Pool, upTo = POSTGRES_MIGRATIONS.length) {
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1, $2)', [LOCKS, MIGRATION_LOCK]);
    await client.query(
      'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, at BIGINT)',
    );
    const { rows } = await client.query<{ v: number }>(
      'SELECT COALESCE(MAX(version), 0) AS v FROM schema_migrations',
    );
    const applied = rows[0]?.v ?? 0;
    for (const [index, sql] of POSTGRES_MIGRATIONS.entries()) {
      const version = index + 1;
      if (version <= applied || version > upTo) continue;
      await client.query('BEGIN');
      try {
        await client.query(sql);
        await client.query('INSERT INTO schema_migrations (version, at) VALUES ($1, $2)', [
          version,
          Date.now(),
        ]);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        throw error;
      }
    }
  } finally {
    await client
      .query('SELECT pg_advisory_unlock($1, $2)', [LOCKS, MIGRATION_LOCK])
      .catch(() => undefined);
    client.release();
  }
}

class PostgresStore implements Store {
  readonly #pool: pg.Pool;
  readonly #config: pg.ClientConfig;
  readonly #leases = new Set<() => Promise<void>>();

  constructor(pool: pg.Pool, config: pg.ClientConfig) {
    this.#pool = pool;
    this.#config = config;
  }

  async transaction<T>(work: (tx: StoreTx) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await this.#unit('BEGIN', true, work);
      } catch (error) {
        if (attempt >= TRIES || !isConflict(error)) throw error;
      }
    }
  }

  read<T>(work: (tx: StoreTx) => Promise<T>): Promise<T> {
    return this.#unit('BEGIN ISOLATION LEVEL REPEATABLE READ', false, work);
  }

  async #unit<T>(begin: string, write: boolean, work: (tx: StoreTx) => Promise<T>): Promise<T> {
    const client = await this.#pool.connect();
    let broken: Error | undefined;
    try {
      await client.query(begin);
      const result = await work(
        new SqlTx(postgresSql(client, write), { cacheConversations: false }),
      );
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch((failure: Error) => {
        broken = failure;
      });
      throw error;
    } finally {
      client.release(broken);
    }
  }

  async holdLease(name: string, gained: () => void, lost?: () => void) {
    const release = holdAdvisoryLock(this.#config, leaseKey(name), gained, lost);
    this.#leases.add(release);
    return async () => {
      this.#leases.delete(release);
      await release();
    };
  }

  async close(): Promise<void> {
    for (const release of [...this.#leases]) await release();
    this.#leases.clear();
    await this.#pool.end();
  }
}

/** The store's queries on one pooled connection. */
function postgresSql(client: pg.PoolClient, write: boolean): Sql {
  const query = async (sql: string, params: readonly unknown[] = []) =>
    client.query<Row>(numbered(sql), params as unknown[]);
  return {
    all: async (sql, params) => (await query(sql, params)).rows,
    get: async (sql, params) => (await query(sql, params)).rows[0],
    run: async (sql, params) => (await query(sql, params)).rowCount ?? 0,
    insert: async (sql, params) => Number((await query(`${sql} RETURNING id`, params)).rows[0]?.id),
    exec: async (sql) => void (await client.query(sql)),
    claimRows: ' FOR UPDATE SKIP LOCKED',
    lockRow: write ? ' FOR UPDATE' : '',
  };
}

const numberedCache = new Map<string, string>();
function numbered(sql: string): string {
  let text = numberedCache.get(sql);
  if (text === undefined) {
    text = numberedPlaceholders(sql);
    numberedCache.set(sql, text);
  }
  return text;
}

/** A lease's name as the advisory lock's second key (a 32-bit hash). */
function leaseKey(name: string): number {
  let hash = 0x811c9dc5;
  for (const ch of name) {
    hash ^= ch.codePointAt(0) ?? 0;
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash | 0) === MIGRATION_LOCK ? 1 : hash | 0;
}

/**
 * Holds a session advisory lock on a connection of its own: PostgreSQL keeps it while the
 * connection lives and frees it the moment the connection ends, so when the holding process dies
 * another takes the lease on its next try (within about a second).
 */
function holdAdvisoryLock(
  config: pg.ClientConfig,
  key: number,
  gained: () => void,
  lost?: () => void,
): () => Promise<void> {
  let stopped = false;
  let held = false;
  let client: pg.Client | undefined;
  let timer: NodeJS.Timeout | undefined;

  const drop = () => {
    const was = client;
    client = undefined;
    void was?.end().catch(() => undefined);
    if (held) {
      held = false;
      try {
        lost?.();
      } catch {
        // The holder's own clean-up failing must not stop the lease from being competed for.
      }
    }
  };
  const check = async () => {
    timer = undefined;
    if (stopped) return;
    try {
      if (!client) {
        const fresh = new pg.Client({ ...config, query_timeout: LEASE_CHECK_MS * 5 });
        fresh.on('error', () => {
          if (client === fresh) drop();
        });
        client = fresh;
        await fresh.connect();
      }
      if (held) {
        await client.query('SELECT 1');
      } else {
        const { rows } = await client.query<{ ok: boolean }>(
          'SELECT pg_try_advisory_lock($1, $2) AS ok',
          [LOCKS, key],
        );
        if (rows[0]?.ok && !stopped) {
          held = true;
          gained();
        }
      }
    } catch {
      drop();
    }
    if (!stopped) timer = setTimeout(() => void check(), LEASE_CHECK_MS);
  };
  void check();

  return async () => {
    stopped = true;
    if (timer) clearTimeout(timer);
    const was = client;
    client = undefined;
    held = false;
    await was?.end().catch(() => undefined);
  };
}
