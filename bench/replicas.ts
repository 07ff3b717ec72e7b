import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { loadConfig } from '../src/config.ts';
import { FakeClock } from '../src/core/clock.ts';
import { createCore, settingsFrom } from '../src/core/create.ts';
import { silentLogger } from '../src/core/logger.ts';
import { policyFrom } from '../src/sla/policy.ts';
import { openPostgresStore } from '../src/store/postgres.ts';
import { openSqliteStore } from '../src/store/sqlite.ts';
import type { Store } from '../src/store/types.ts';
import { loadTeam } from '../src/team/directory.ts';

/**
 * Scheduler throughput: due deadlines acted on per second, when 2,000 fall due at once over
 * 1,000 unclassified tickets (each a classification reminder to the four customer service
 * staff: re-read the ticket, queue four messages, record the event, mark the deadline).
 */
const DEADLINES = 2_000;
const TICKETS = 1_000;
const NOW = Date.UTC(2026, 0, 5, 1, 0, 0);
const SERVER = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432';

const TICKET_ROWS = `INSERT INTO tickets (conversation_id, platform, customer_id, language, name,
    contact, contact_kind, country, product, problem, requested_urgency, urgency, state,
    created_at, updated_at)`;

/** Ticks one process's scheduler until nothing is due; returns how many it acted on. */
async function drain(store: Store): Promise<number> {
  const config = loadConfig({});
  const core = createCore({
    store,
    clock: new FakeClock(NOW),
    logger: silentLogger(),
    directory: loadTeam('data/team.json'),
    policy: policyFrom(config),
    settings: settingsFrom(config),
    senders: {},
    deliverAtOnce: false,
  });
  let acted = 0;
  for (;;) {
    const result = await core.scheduler.tick();
    acted += result.acted;
    if (result.acted + result.skipped + result.failed === 0) return acted;
  }
}

export interface Throughput {
  name: string;
  replicas: number;
  deadlines: number;
  seconds: number;
  deadlinesPerSecond: number;
  /** What each replica acted on: the work is shared, and adds up. */
  perReplica: number[];
}

/** SQLite, one process: the embedded default. */
export async function sqliteThroughput(): Promise<Throughput> {
  const dir = mkdtempSync(join(tmpdir(), 'loop48-bench-'));
  const path = join(dir, 'bench.db');
  await openSqliteStore(path).close();
  const raw = new Database(path);
  raw.exec(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${TICKETS})
    ${TICKET_ROWS} SELECT 'chat:' || i, 'web', i, 'en', 'Ann', 'a@example.com', 'email', 'DE',
    'LX-200', 'Something odd', 'standard', 'standard', 'new', ${NOW}, ${NOW} FROM n`);
  raw.exec(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${DEADLINES})
    INSERT INTO deadlines (ticket_id, kind, due_at, data, created_at)
    SELECT 1001 + (i % ${TICKETS}), 'classify.remind', ${NOW - 1}, '{}', ${NOW} FROM n`);
  raw.close();
  const store = openSqliteStore(path);
  const started = performance.now();
  const acted = await drain(store);
  const seconds = (performance.now() - started) / 1000;
  await store.close();
  rmSync(dir, { recursive: true, force: true });
  return result('scheduler-throughput-sqlite', [acted], seconds);
}

/** `replicas` processes on one PostgreSQL database, started together. */
export async function postgresThroughput(replicas: number): Promise<Throughput> {
  const name = `loop48_bench_${process.pid}_${replicas}`;
  const admin = new pg.Client({ connectionString: `${SERVER}/postgres` });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${name}`);
  const url = `${SERVER}/${name}`;
  try {
    await (await openPostgresStore(url)).close();
    const db = new pg.Client({ connectionString: url });
    await db.connect();
    await db.query(`${TICKET_ROWS} SELECT 'chat:' || i, 'web', i, 'en', 'Ann', 'a@example.com',
      'email', 'DE', 'LX-200', 'Something odd', 'standard', 'standard', 'new', ${NOW}, ${NOW}
      FROM generate_series(1, ${TICKETS}) AS i`);
    await db.query(`INSERT INTO deadlines (ticket_id, kind, due_at, data, created_at)
      SELECT 1001 + (i % ${TICKETS}), 'classify.remind', ${NOW - 1}, '{}', ${NOW}
      FROM generate_series(1, ${DEADLINES}) AS i`);
    await db.end();
    // Each replica connects first, then all start on the same signal.
    const children = Array.from({ length: replicas }, () =>
      spawn(process.execPath, ['--import', 'tsx', 'bench/run.ts', 'replica', url], {
        stdio: ['pipe', 'pipe', 'inherit'],
      }),
    );
    const outputs = children.map(
      (child) =>
        new Promise<string>((resolve, reject) => {
          let out = '';
          child.stdout.on('data', (chunk: Buffer) => {
            out += chunk.toString('utf8');
          });
          child.on('exit', (code) =>
            code === 0 ? resolve(out) : reject(new Error(`a replica exited with ${code}`)),
          );
        }),
    );
    await Promise.all(
      children.map(
        (child) => new Promise<void>((resolve) => child.stdout.once('data', () => resolve())),
      ),
    );
    const started = performance.now();
    for (const child of children) child.stdin.end('go\n');
    const lines = await Promise.all(outputs);
    const seconds = (performance.now() - started) / 1000;
    const perReplica = lines.map((out) => Number(out.trim().split('\n').at(-1)));
    return result(`scheduler-throughput-postgres-${replicas}`, perReplica, seconds);
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

/** One replica of `postgresThroughput`: says it is ready, waits for the go, drains, prints. */
export async function replica(url: string): Promise<void> {
  const store = await openPostgresStore(url);
  process.stdout.write('ready\n');
  await new Promise<void>((resolve) => process.stdin.once('data', () => resolve()));
  const acted = await drain(store);
  await store.close();
  process.stdout.write(`${acted}\n`);
}

function result(name: string, perReplica: number[], seconds: number): Throughput {
  const deadlines = perReplica.reduce((a, b) => a + b, 0);
  if (deadlines !== DEADLINES) throw new Error(`acted on ${deadlines}, expected ${DEADLINES}`);
  return {
    name,
    replicas: perReplica.length,
    deadlines,
    seconds: Math.round(seconds * 1000) / 1000,
    deadlinesPerSecond: Math.round(deadlines / seconds),
    perReplica,
  };
}
