import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { loadConfig } from '../src/config.ts';
import { buildReport } from '../src/reports/report.ts';
import { policyFrom } from '../src/sla/policy.ts';
import { openSqliteStore } from '../src/store/sqlite.ts';
import { type Figures, measure } from './measure.ts';

const RUNS = 30;
const DAY = 86_400_000;
/** 00:00 UTC on 1 January 2026: tickets open at an even pace over the `days` after it. */
const START = Date.UTC(2026, 0, 1);

/**
 * The daily report over a store of `tickets` tickets opened evenly over 100 days, most closed
 * within two days and rated, some late, some still open; the day reported is in the middle.
 */
export async function dailyReport(tickets: number): Promise<Figures> {
  const dir = mkdtempSync(join(tmpdir(), 'loop48-bench-'));
  const path = join(dir, 'bench.db');
  await openSqliteStore(path).close();
  const raw = new Database(path);
  raw
    .prepare(
      `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < @tickets)
       INSERT INTO tickets (conversation_id, platform, customer_id, language, name, contact,
         contact_kind, country, product, problem, requested_urgency, urgency, type, state,
         created_at, classified_at, assigned_at, accepted_at, assignee_id, closed_at, rating,
         overdue_reason, updated_at)
       SELECT 'chat:' || i, 'web', i, 'en', 'Ann', 'a@example.com', 'email',
         CASE i % 4 WHEN 0 THEN 'DE' WHEN 1 THEN 'CN' WHEN 2 THEN 'US' ELSE 'JP' END,
         'LX-200', 'Something odd', 'standard',
         CASE WHEN i % 10 = 0 THEN 'urgent' ELSE 'standard' END, 'malfunction',
         CASE WHEN i % 20 = 0 THEN 'accepted' ELSE 'closed' END,
         @start + i * @spacing, @start + i * @spacing + 600000, @start + i * @spacing + 600000,
         @start + i * @spacing + 1200000, 'eng-' || (i % 20),
         CASE WHEN i % 20 = 0 THEN NULL ELSE @start + i * @spacing + (i % 53) * 3600000 END,
         CASE WHEN i % 3 = 0 THEN NULL ELSE 1 + i % 5 END,
         CASE WHEN i % 53 > 48 THEN 'parts_shortage' END,
         @start + i * @spacing FROM n`,
    )
    .run({ tickets, start: START, spacing: Math.floor((100 * DAY) / tickets) });
  raw.close();

  const store = openSqliteStore(path);
  const policy = policyFrom(loadConfig({}));
  let opened = 0;
  const figures = await measure(`report-daily-${tickets}`, RUNS, async (i) => {
    const report = await buildReport(
      store,
      policy,
      'daily',
      { year: 2026, month: 2, day: 10 + (i % 10) },
      'Asia/Shanghai',
      Date.now(),
    );
    opened = report.figures.opened;
  });
  await store.close();
  rmSync(dir, { recursive: true, force: true });
  return { ...figures, ticketsInStore: tickets, openedThatDay: opened };
}
