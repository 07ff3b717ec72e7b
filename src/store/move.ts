import { createHash } from 'node:crypto';
import Database from 'better-sqlite3';
import pg from 'pg';
import { openPostgresStore } from './postgres.ts';
import { openSqliteStore } from './sqlite.ts';

/**
 * The tables moved, parents before children; each is copied whole, ids and all, so ticket numbers,
 * timeline order and the outbox's order stay as they were.
 */
const TABLES = [
  'tickets',
  'conversations',
  'ticket_events',
  'deadlines',
  'rooms',
  'room_departments',
  'messages',
  'console_sessions',
  'directory_changes',
  'inbound_seen',
  'platform_refs',
  'report_posts',
] as const;
/** Tables whose ids PostgreSQL numbers itself, so its counter is moved past the copied ones. */
const NUMBERED = ['tickets', 'ticket_events', 'deadlines', 'messages', 'directory_changes'];
/** Rows per INSERT: well under PostgreSQL's 65,535 parameters for the widest table. */
const BATCH = 500;

export interface MoveResult {
  /** Rows in each table, the same on both sides. */
  counts: Record<string, number>;
  /** SHA-256 of the whole timeline in order, the same on both sides. */
  timeline: string;
}

/**
 * Copies the SQLite database at `path` into the empty PostgreSQL database at `url` in one
 * transaction, then compares row counts and a checksum of the timeline on both sides; throws,
 * leaving PostgreSQL as it was, if anything differs. Run it with the bot stopped.
 */
export async function moveToPostgres(path: string, url: string): Promise<MoveResult> {
  // Brings the file to the current schema first, as starting the bot would.
  await openSqliteStore(path).close();
  await (await openPostgresStore(url)).close();
  const source = new Database(path, { readonly: true, fileMustExist: true });
  const target = new pg.Client({ connectionString: url });
  await target.connect();
  try {
    for (const table of TABLES) {
      const held = await target.query(`SELECT 1 FROM ${table} LIMIT 1`);
      if (held.rowCount) {
        throw new Error(`the PostgreSQL database already holds ${table}; move into an empty one`);
      }
    }
    const counts: Record<string, number> = {};
    await target.query('BEGIN');
    try {
      for (const table of TABLES) counts[table] = await copyTable(source, target, table);
      for (const table of NUMBERED) {
        await target.query(
          `SELECT setval(pg_get_serial_sequence('${table}', 'id'), MAX(id)) FROM ${table}
           HAVING MAX(id) IS NOT NULL`,
        );
      }
      for (const table of TABLES) {
        const moved = await target.query<{ n: string }>(`SELECT COUNT(*) AS n FROM ${table}`);
        if (Number(moved.rows[0]?.n) !== counts[table]) {
          throw new Error(`${table}: ${counts[table]} rows in SQLite, ${moved.rows[0]?.n} moved`);
        }
      }
      const before = timelineSum(
        source.prepare('SELECT * FROM ticket_events ORDER BY id').all() as Row[],
      );
      const after = timelineSum(
        (await target.query<Row>('SELECT * FROM ticket_events ORDER BY id')).rows,
      );
      if (before !== after) throw new Error('the timeline differs after the move');
      await target.query('COMMIT');
      return { counts, timeline: before };
    } catch (error) {
      await target.query('ROLLBACK');
      throw error;
    }
  } finally {
    source.close();
    await target.end();
  }
}

type Row = Record<string, unknown>;

async function copyTable(source: Database.Database, target: pg.Client, table: string) {
  const order = NUMBERED.includes(table) ? ' ORDER BY id' : '';
  const rows = source.prepare(`SELECT * FROM ${table}${order}`).all() as Row[];
  if (rows.length === 0) return 0;
  const columns = Object.keys(rows[0] as Row);
  for (let start = 0; start < rows.length; start += BATCH) {
    const batch = rows.slice(start, start + BATCH);
    const values: unknown[] = [];
    const tuples = batch.map((row) => {
      const marks = columns.map((column) => {
        values.push(row[column]);
        return `$${values.length}`;
      });
      return `(${marks.join(', ')})`;
    });
    await target.query(
      `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${tuples.join(', ')}`,
      values,
    );
  }
  return rows.length;
}

/** Every timeline row's fields in order, hashed: equal only if the timelines are identical. */
function timelineSum(rows: Row[]): string {
  const hash = createHash('sha256');
  for (const r of rows) {
    hash.update(
      JSON.stringify([Number(r.id), Number(r.ticket_id), Number(r.at), r.actor, r.kind, r.data]),
    );
    hash.update('\n');
  }
  return hash.digest('hex');
}
