import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOUR } from '../../src/core/clock.ts';

const DAY = 24 * HOUR;

import { loadConfig } from '../../src/config.ts';
import { buildReport } from '../../src/reports/report.ts';
import { type OutputLine, Simulator } from '../../src/simulate/simulator.ts';
import { policyFrom } from '../../src/sla/policy.ts';
import { moveToPostgres } from '../../src/store/move.ts';
import { openPostgresStore } from '../../src/store/postgres.ts';
import { openSqliteStore } from '../../src/store/sqlite.ts';
import type { Store, StoreTx } from '../../src/store/types.ts';
import { scratchDatabase } from '../support/postgres.ts';
import { team } from '../support/sim.ts';

const all = (tx: StoreTx) => tx.ticketsForPeriod(0, Date.UTC(2027, 0, 1), 48 * HOUR);
const policy = policyFrom(loadConfig({}));
const JANUARY = { year: 2026, month: 1, day: 31 };
/** When the month's figures are read: after every ticket's 48 hours. */
const LATER = Date.UTC(2026, 2, 1);

const dir = mkdtempSync(join(tmpdir(), 'loop48-move-'));
let database: Awaited<ReturnType<typeof scratchDatabase>>;
beforeAll(async () => {
  database = await scratchDatabase('move');
});
afterAll(async () => {
  await database.drop();
  rmSync(dir, { recursive: true, force: true });
});

/** Customers in five languages, two a day for thirty days; the clock runs every deadline. */
const CUSTOMERS = [
  [
    'Hello, our cutting machine has a problem',
    'Erik Olsen',
    'erik@example.no',
    'Norway',
    'CX-900',
    'It stops with error E-77 and a grinding noise. It is broken.',
    'yes',
  ],
  [
    '你好，打印机坏了',
    '王芳',
    'wang.fang@example.cn',
    '中国',
    'LX-200',
    '打印机卡纸，无法工作，显示错误E-12。',
    '确认',
  ],
  [
    'こんにちは、機械が故障しました',
    '佐藤 花子',
    'hanako@example.jp',
    '日本',
    'HS-200',
    '油圧ポンプから異音がして停止します。',
    'はい',
  ],
  [
    '안녕하세요, 기계가 고장났어요',
    '김민수',
    'minsu@example.kr',
    '한국',
    'CX-900',
    '기계가 E-31 오류로 멈춥니다.',
    '네',
  ],
  [
    '你好，部機壞咗',
    '陳大文',
    'taiman@example.hk',
    '香港',
    'LX-200',
    '部機成日卡紙，用唔到。',
    '確認',
  ],
] as const;

async function simulateMonth(path: string): Promise<Store> {
  const store = openSqliteStore(path);
  const sim = new Simulator(team(), undefined, store);
  for (let day = 0; day < 30; day += 1) {
    for (let n = 0; n < 2; n += 1) {
      const lines = CUSTOMERS[(day * 2 + n) % CUSTOMERS.length] ?? CUSTOMERS[0];
      const customer = `c${day}-${n}`;
      let at = day * DAY + n * 6 * HOUR;
      const [greeting, name, email, country, product, problem, confirm] = lines;
      let out: OutputLine[] = [];
      for (const say of [greeting, name, email, country, product, problem, '2', confirm]) {
        out = await sim.play({ at, kind: 'customer', customer, say });
        at += 20_000;
      }
      const ticket = out.find((o) => o.type === 'event' && o.event === 'created')?.ticket;
      if (!ticket) throw new Error(`no ticket for ${customer}`);
      let assigned = out.find((o) => o.type === 'event' && o.event === 'assigned');
      if (!assigned) {
        out = await sim.play({
          at,
          kind: 'staff',
          staff: 'mei.chen',
          say: `/ticket classify ${ticket} malfunction high`,
        });
        at += 60_000;
        assigned = out.find((o) => o.type === 'event' && o.event === 'assigned');
      }
      const engineer = assigned?.type === 'event' ? String(assigned.data.to) : 'lei.zhang';
      // Most are handled and rated within the day; every fifth runs past its 48 hours.
      const late = (day * 2 + n) % 5 === 4;
      await sim.play({
        at: at + 10 * 60_000,
        kind: 'staff',
        staff: engineer,
        say: `/ticket claim ${ticket}`,
      });
      const done = at + (late ? 60 : 6) * HOUR;
      await sim.play({
        at: done,
        kind: 'staff',
        staff: engineer,
        say: `/ticket handled ${ticket} Replaced the worn part | Clean the filter monthly`,
      });
      await sim.play({ at: done + 30 * 60_000, kind: 'customer', customer, say: late ? '3' : '5' });
    }
  }
  // The last tickets' clocks run out too.
  await sim.play({ at: 33 * DAY, kind: 'wait' });
  return store;
}

describe('moving from SQLite to PostgreSQL', () => {
  it('moves a month of tickets with nothing lost: counts and the timeline checksum agree', async () => {
    const path = join(dir, 'month.db');
    const sqlite = await simulateMonth(path);
    const tickets = await sqlite.read(all);
    const january = await buildReport(sqlite, policy, 'monthly', JANUARY, 'UTC', LATER);
    const sample = await sqlite.read(async (tx) => ({
      ticket: await tx.getTicket(1007),
      events: await tx.listEvents(1007),
      deadlines: await tx.listDeadlines(1007),
      transcript: await tx.transcript('chat:c3-0', 0, 500),
    }));
    await sqlite.close();
    expect(tickets).toHaveLength(60);

    const result = await moveToPostgres(path, database.url);
    expect(result.counts.tickets).toBe(60);
    expect(result.counts.ticket_events).toBeGreaterThan(60 * 5);
    expect(result.counts.deadlines).toBeGreaterThan(60 * 3);
    expect(result.counts.messages).toBeGreaterThan(60 * 8);
    expect(result.counts.conversations).toBe(60);
    expect(result.timeline).toMatch(/^[0-9a-f]{64}$/);

    const postgres = await openPostgresStore(database.url);
    try {
      const moved = await postgres.read(async (tx) => ({
        ticket: await tx.getTicket(1007),
        events: await tx.listEvents(1007),
        deadlines: await tx.listDeadlines(1007),
        transcript: await tx.transcript('chat:c3-0', 0, 500),
      }));
      expect(moved).toEqual(sample);
      expect(await postgres.read(all)).toEqual(tickets);
      // The month's figures come out the same from either database.
      expect(await buildReport(postgres, policy, 'monthly', JANUARY, 'UTC', LATER)).toEqual(
        january,
      );
      // New tickets continue the numbering.
      const ticket = sample.ticket;
      if (!ticket) throw new Error('ticket 1007 was simulated');
      const next = await postgres.transaction((tx) =>
        tx.createTicket({ ...ticket, requestedUrgency: ticket.urgency, createdAt: 40 * DAY }),
      );
      expect(next.id).toBe(1061);
    } finally {
      await postgres.close();
    }
  }, 120_000);

  it('refuses to move into a database that already holds tickets, changing nothing', async () => {
    const path = join(dir, 'month.db');
    const count = async () => {
      const store = await openPostgresStore(database.url);
      const n = (await store.read(all)).length;
      await store.close();
      return n;
    };
    const before = await count();
    expect(before).toBeGreaterThan(0);
    await expect(moveToPostgres(path, database.url)).rejects.toThrow(
      /already holds tickets; move into an empty one/,
    );
    expect(await count()).toBe(before);
  });
});
