import type { Row } from './sql-rows.ts';

/** A value, or a promise of it: SQLite answers at once, PostgreSQL over the network. */
export type Awaitable<T> = T | Promise<T>;

/**
 * One connection's way to run SQL, as the store's queries need it. Every query is written once,
 * with `?` placeholders, in the SQL that SQLite and PostgreSQL share; the few places where they
 * differ are named here rather than written twice.
 */
export interface Sql {
  all(sql: string, params?: readonly unknown[]): Awaitable<Row[]>;
  get(sql: string, params?: readonly unknown[]): Awaitable<Row | undefined>;
  /** Runs a statement; resolves to the number of rows it changed. */
  run(sql: string, params?: readonly unknown[]): Awaitable<number>;
  /** Runs an INSERT into a table with an `id` key; resolves to the new row's id. */
  insert(sql: string, params?: readonly unknown[]): Awaitable<number>;
  /** Runs statements without parameters (savepoints). */
  exec(sql: string): Awaitable<void>;
  /**
   * What a query that claims work appends so that other replicas skip the rows it holds (empty
   * where one process owns the database).
   */
  readonly claimRows: string;
  /** What a read of a row about to be changed appends so that no other replica changes it meanwhile. */
  readonly lockRow: string;
}

/** Rewrites `?` placeholders as PostgreSQL's `$1, $2, ...`, leaving quoted text alone. */
export function numberedPlaceholders(sql: string): string {
  let n = 0;
  let out = '';
  let quote: string | null = null;
  for (const ch of sql) {
    if (quote) {
      if (ch === quote) quote = null;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
    } else if (ch === '?') {
      n += 1;
      out += `$${n}`;
      continue;
    }
    out += ch;
  }
  return out;
}

/** `?, ?, ?` for a list of `count` values. */
export const placeholders = (count: number): string => Array(count).fill('?').join(', ');

/**
 * A write that lost a deadlock or a serialization race to another replica (PostgreSQL): the
 * transaction is safe to run again as a whole.
 */
export function isConflict(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === '40P01' || code === '40001';
}
