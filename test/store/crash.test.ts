import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { HOUR, MINUTE } from '../../src/core/clock.ts';
import { openSqliteStore } from '../../src/store/sqlite.ts';
import { random } from '../fuzz/random.ts';
import type { CrashLine } from '../support/crash-runner.ts';

const dir = mkdtempSync(join(tmpdir(), 'loop48-crash-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const CUSTOMERS = 20;
const SEEDS = [7, 1234];
const KILLS = 3;

/** A day: 20 intakes taking turns, staff classifying and claiming, then hours for the clock. */
function day(): CrashLine[] {
  const lines: CrashLine[] = [];
  let at = 0;
  const intake = (i: number) => [
    'Hello',
    `Customer ${i}`,
    `customer${i}@example.com`,
    i % 3 === 0 ? 'Japan' : 'Germany',
    `LX-${200 + i}`,
    // Half classify themselves at once; the others wait for customer service, and their
    // classification reminders and escalations fall due.
    i % 2 === 0 ? 'The printer is broken and shows error E-31.' : 'Something odd.',
    i % 5 === 0 ? '1' : '2',
    'yes',
  ];
  for (let step = 0; step < 8; step++) {
    for (let i = 0; i < CUSTOMERS; i++) {
      at += 3_000;
      lines.push({ at, kind: 'customer', customer: `c${i}`, say: intake(i)[step] ?? '' });
    }
  }
  for (let i = 0; i < CUSTOMERS; i += 4) {
    at += 5 * MINUTE;
    lines.push({
      at,
      kind: 'staff',
      staff: 'mei.chen',
      say: `/ticket classify ${1001 + i + 1} malfunction high`,
    });
    lines.push({
      at: at + 1000,
      kind: 'staff',
      staff: 'anna.schmidt',
      say: `/ticket claim ${1001 + i}`,
    });
    lines.push({ at: at + 2000, kind: 'customer', customer: `c${i}`, say: 'Any news?' });
  }
  lines.push({ at: at + 3 * HOUR, kind: 'wait' });
  return lines;
}

function run(
  database: string,
  script: string,
  log: string,
): { child: ChildProcess; done: Promise<number | null> } {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'test/support/crash-runner.ts', database, script, log],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  const done = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, done };
}

const accepted = (log: string) =>
  existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter(Boolean).length : 0;

/** What the day left in the database, as comparable rows. */
async function outcome(database: string) {
  const store = openSqliteStore(database);
  try {
    return await store.read(async (tx) => {
      const tickets = await tx.listOpenTickets(1000);
      const rows = [];
      for (const ticket of tickets.sort((a, b) => a.id - b.id)) {
        const events = (await tx.listEvents(ticket.id)).map(({ id: _, ...event }) => event);
        const deadlines = (await tx.listDeadlines(ticket.id)).map(({ id: _, ...d }) => d);
        rows.push({ ticket: { ...ticket }, events, deadlines });
      }
      const transcripts: Record<string, string[]> = {};
      for (let i = 0; i < CUSTOMERS; i++) {
        const lines = await tx.transcript(`chat:c${i}`, 0, 1000);
        transcripts[`c${i}`] = lines.filter((l) => l.direction === 'in').map((l) => l.text);
      }
      return { rows, transcripts };
    });
  } finally {
    await store.close();
  }
}

describe('a bot killed with SIGKILL at random points of a day and started again', () => {
  const lines = day();
  const script = join(dir, 'day.jsonl');
  writeFileSync(script, `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`);

  it.each(SEEDS)(
    'loses no accepted message and fires each deadline once (seed %i)',
    async (seed) => {
      // The same day without a kill, for comparison.
      const reference = join(dir, `reference-${seed}.db`);
      expect(await run(reference, script, join(dir, `reference-${seed}.log`)).done).toBe(0);

      const database = join(dir, `killed-${seed}.db`);
      const log = join(dir, `killed-${seed}.log`);
      const next = random(seed);
      const kills: number[] = [];
      for (let k = 0; k < KILLS; k++) {
        const target = Math.floor(((k + next()) / KILLS) * lines.length * 0.9);
        const { child, done } = run(database, script, log);
        // Kill it as soon as it has accepted the chosen line: mid-way through whatever comes next.
        while (accepted(log) < target && child.exitCode === null) {
          await new Promise((resolve) => setTimeout(resolve, 5));
        }
        child.kill('SIGKILL');
        await done;
        kills.push(accepted(log));
      }
      const last = run(database, script, log);
      expect(await last.done, `seed ${seed}, killed after lines ${kills.join(', ')}`).toBe(0);
      expect(accepted(log)).toBe(lines.length);

      const killed = await outcome(database);
      const whole = await outcome(reference);

      // Every customer line is in that customer's transcript, once and in order.
      for (let i = 0; i < CUSTOMERS; i++) {
        const said = lines.flatMap((l) =>
          l.kind === 'customer' && l.customer === `c${i}` ? [l.say] : [],
        );
        expect(killed.transcripts[`c${i}`], `seed ${seed}, c${i}`).toEqual(said);
      }
      // Every intake became a ticket, and the day came out as it did without a kill.
      expect(killed.rows).toHaveLength(CUSTOMERS);
      expect(killed.rows).toEqual(whole.rows);

      // No deadline fired twice: one row per commitment, each reminder or escalation recorded once.
      let fired = 0;
      for (const { ticket, events, deadlines } of killed.rows) {
        const keys = deadlines.map((d) => `${d.kind}@${d.dueAt}`);
        expect(new Set(keys).size, `ticket ${ticket.id}`).toBe(keys.length);
        const notices = events
          .filter((e) => e.kind === 'reminded' || e.kind === 'escalated')
          .map((e) => `${e.kind}:${String(e.data.step)}@${e.at}`);
        expect(new Set(notices).size, `ticket ${ticket.id}`).toBe(notices.length);
        const acted = deadlines.filter((d) => d.outcome === 'acted');
        expect(notices.length).toBeLessThanOrEqual(acted.length);
        fired += notices.length;
        // Everything due by the end of the day has been dealt with.
        for (const d of deadlines) {
          if (d.dueAt <= Date.UTC(2026, 2, 2, 8) + (lines.at(-1)?.at ?? 0)) {
            expect(d.firedAt, `ticket ${ticket.id} ${d.kind}`).not.toBeNull();
          }
        }
      }
      expect(fired).toBeGreaterThan(10);
    },
    60_000,
  );
});
