import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { backupDatabase } from '../../src/store/backup.ts';
import { openSqliteStore } from '../../src/store/sqlite.ts';
import type { Store } from '../../src/store/types.ts';
import { seedTicket } from '../support/tickets.ts';
import { until } from '../support/wait.ts';

const dir = mkdtempSync(join(tmpdir(), 'loop48-backup-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs `npm run db:backup|db:restore` as an operator would, on the database at `database`. */
function cli(command: 'backup' | 'restore', database: string, ...args: string[]) {
  const result = spawnSync(
    process.execPath,
    ['--import', 'tsx', 'src/store/backup-cli.ts', command, ...args],
    {
      encoding: 'utf8',
      env: { ...process.env, DATABASE_PATH: database, DATABASE_URL: '', LOG_LEVEL: 'silent' },
    },
  );
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Every ticket number in a database file, and whether each has its opening event. */
function ticketsIn(path: string): { ids: number[]; withEvent: number } {
  const db = new Database(path, { readonly: true });
  try {
    const ids = (db.prepare('SELECT id FROM tickets ORDER BY id').all() as { id: number }[]).map(
      (row) => row.id,
    );
    const withEvent = (
      db.prepare('SELECT count(DISTINCT ticket_id) AS n FROM ticket_events').get() as { n: number }
    ).n;
    return { ids, withEvent };
  } finally {
    db.close();
  }
}

async function addTicket(store: Store, at: number): Promise<number> {
  return store.transaction(async (tx) => {
    const id = await seedTicket(tx, { created: at });
    await tx.appendEvent({ ticketId: id, at, actor: 'customer', kind: 'created', data: {} });
    return id;
  });
}

describe('an online backup of the SQLite database', () => {
  it('holds every ticket committed before it, and whole ones only, while tickets keep coming', async () => {
    const path = join(dir, 'busy.db');
    const store = openSqliteStore(path);
    for (let i = 0; i < 200; i += 1) await addTicket(store, i);

    let writing = true;
    let committed = 200;
    const writer = (async () => {
      while (writing) {
        await addTicket(store, committed);
        committed += 1;
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();
    await new Promise((resolve) => setTimeout(resolve, 20));
    const before = committed;
    const result = await backupDatabase(path, join(dir, 'busy-backup.db'));
    writing = false;
    await writer;
    await store.close();

    const copy = ticketsIn(result.file);
    expect(copy.ids.length).toBeGreaterThanOrEqual(before);
    expect(result.tickets).toBe(copy.ids.length);
    // A consistent moment: numbers without gaps, and every ticket with its event.
    expect(copy.ids).toEqual(copy.ids.map((_, i) => 1001 + i));
    expect(copy.withEvent).toBe(copy.ids.length);
    expect(committed).toBeGreaterThan(before);
  });

  it('holds every ticket committed before it while another process writes', async () => {
    const path = join(dir, 'running.db');
    const writer = spawn(process.execPath, [
      '--import',
      'tsx',
      'test/support/ticket-writer.ts',
      path,
    ]);
    const committed: number[] = [];
    writer.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      for (const line of chunk.split('\n')) if (line) committed.push(Number(line));
    });
    try {
      await until(() => committed.length >= 100 || undefined, 'the writer', 20_000);
      const before = committed.at(-1) ?? 0;
      const result = await backupDatabase(path, join(dir, 'running-backup.db'));
      const copy = ticketsIn(result.file);
      expect(copy.ids.at(-1)).toBeGreaterThanOrEqual(before);
      expect(copy.ids).toEqual(copy.ids.map((_, i) => 1001 + i));
      expect(copy.withEvent).toBe(copy.ids.length);
      await until(() => (committed.at(-1) ?? 0) > (copy.ids.at(-1) ?? 0) || undefined, 'more');
    } finally {
      const exited = new Promise((resolve) => writer.once('exit', resolve));
      writer.kill('SIGTERM');
      await exited;
    }
  }, 60_000);

  it('comes back with restore, keeping the database it replaced aside', {
    timeout: 60_000,
  }, async () => {
    const path = join(dir, 'live.db');
    const store = openSqliteStore(path);
    for (let i = 0; i < 5; i += 1) await addTicket(store, i);
    const backup = join(dir, 'live-backup.db');
    const made = cli('backup', path, backup);
    expect(made.stderr).toBe('');
    expect(made.status).toBe(0);
    expect(made.stdout).toMatch(/5 tickets/);

    await addTicket(store, 5);
    // While the bot has the database open, a restore is refused and changes nothing.
    const refused = cli('restore', path, backup);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/the bot is running on .*live\.db: stop it first/);
    await store.close();
    expect(ticketsIn(path).ids).toHaveLength(6);

    const restored = cli('restore', path, backup);
    expect(restored.stderr).toBe('');
    expect(restored.status).toBe(0);
    expect(ticketsIn(path).ids).toHaveLength(5);
    const aside = readdirSync(dir).filter((name) => name.startsWith('live.db.before-restore-'));
    expect(aside).toHaveLength(1);
    expect(ticketsIn(join(dir, aside[0] ?? '')).ids).toHaveLength(6);

    // The restored database opens as the bot opens it, and takes new tickets after the old ones.
    const reopened = openSqliteStore(path);
    expect(await addTicket(reopened, 6)).toBe(1006);
    await reopened.close();
  });

  // Each case starts the command line anew, as an operator would: slow, but the real thing.
  it('refuses bad input with exit code 2 and says what is wrong', { timeout: 90_000 }, () => {
    const missing = join(dir, 'nothing-here.db');
    const notDb = join(dir, 'notes.txt');
    writeFileSync(notDb, 'not a database, just some words that are long enough to have a header');
    const foreign = join(dir, 'foreign.db');
    new Database(foreign).exec('CREATE TABLE t (x)');
    const live = join(dir, 'target.db');

    const cases: Array<[ReturnType<typeof cli>, RegExp]> = [
      [cli('backup', missing, join(dir, 'b1.db')), /no database at .*nothing-here\.db/],
      [cli('backup', notDb, join(dir, 'b2.db')), /is not a SQLite database/],
      [cli('backup', foreign, foreign), /another file than the database/],
      [cli('backup', foreign, notDb), /notes\.txt already exists/],
      [cli('backup', foreign, join(dir, 'no', 'such', 'b.db')), /folder .* does not exist/],
      [cli('backup', foreign), /usage: npm run db:backup -- <backup file>/],
      [cli('restore', live, missing), /no backup at .*nothing-here\.db/],
      [cli('restore', live, notDb), /is not a SQLite database/],
      [cli('restore', live, foreign), /a SQLite database but not Loop48's/],
    ];
    for (const [result, message] of cases) {
      expect(result.stderr).toMatch(message);
      expect(result.status).toBe(2);
    }
    expect(existsSync(live)).toBe(false);
    expect(existsSync(join(dir, 'b1.db.partial'))).toBe(false);
  });

  it('points a PostgreSQL setup to pg_dump', () => {
    const result = spawnSync(
      process.execPath,
      ['--import', 'tsx', 'src/store/backup-cli.ts', 'backup', join(dir, 'pg.db')],
      {
        encoding: 'utf8',
        env: { ...process.env, DATABASE_URL: 'postgres://loop48@127.0.0.1:5432/loop48' },
      },
    );
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/pg_dump/);
  });
});
