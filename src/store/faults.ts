import type { Logger } from '../core/logger.ts';
import type { Store } from './types.ts';

/**
 * SQLite result codes (and their extended forms, such as SQLITE_IOERR_WRITE) and PostgreSQL
 * SQLSTATEs that mean the database cannot take writes at all: a full disk, a read-only file or
 * server, a failing device. Retrying the same write at once will not help; freeing space or
 * fixing permissions will.
 */
const SQLITE_FAULTS = ['SQLITE_FULL', 'SQLITE_READONLY', 'SQLITE_IOERR'];
const POSTGRES_FAULTS = new Set([
  '53100', // disk_full
  '25006', // read_only_sql_transaction (a standby, or default_transaction_read_only)
]);

/** Whether `error` says the database cannot store anything right now. */
export function isStorageFault(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return false;
  if (POSTGRES_FAULTS.has(code)) return true;
  return SQLITE_FAULTS.some((fault) => code === fault || code.startsWith(`${fault}_`));
}

/**
 * Whether the store takes writes, as the latest transactions found. The first failure is logged
 * as an error, once, with what to fix; the first success after it is logged as the recovery.
 */
export class StoreHealth {
  readonly #logger: Logger;
  #failing: { since: number; code: string } | undefined;

  constructor(logger: Logger) {
    this.#logger = logger;
  }

  /** False from a write that failed with a storage fault until the next write that succeeds. */
  get writable(): boolean {
    return this.#failing === undefined;
  }

  failed(error: unknown, at: number): void {
    if (this.#failing) return;
    const code = String((error as { code?: unknown }).code);
    this.#failing = { since: at, code };
    this.#logger.error(
      { err: error, code },
      'the database refuses writes (disk full, read-only or failing): new messages are turned away until it takes writes again; free disk space or fix the file permissions',
    );
  }

  succeeded(at: number): void {
    const failing = this.#failing;
    if (!failing) return;
    this.#failing = undefined;
    this.#logger.info(
      { code: failing.code, downForMs: at - failing.since },
      'the database takes writes again',
    );
  }
}

/**
 * The store, with every write transaction's outcome reported to `health`. Reads are passed on
 * untouched: a full disk still lets the bot read.
 */
export function watchStore(store: Store, health: StoreHealth, now: () => number): Store {
  return {
    async transaction(work) {
      try {
        const result = await store.transaction(work);
        health.succeeded(now());
        return result;
      } catch (error) {
        if (isStorageFault(error)) health.failed(error, now());
        throw error;
      }
    },
    read: (work) => store.read(work),
    holdLease: (name, gained, lost) => store.holdLease(name, gained, lost),
    close: () => store.close(),
  };
}
