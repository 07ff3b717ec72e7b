import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { loadConfig } from '../src/config.ts';
import { FakeClock } from '../src/core/clock.ts';
import { createCore, settingsFrom } from '../src/core/create.ts';
import { silentLogger } from '../src/core/logger.ts';
import { policyFrom } from '../src/sla/policy.ts';
import { openSqliteStore } from '../src/store/sqlite.ts';
import { loadTeam } from '../src/team/directory.ts';
import { type Figures, measure } from './measure.ts';

const DUE = 100;
const TICKS = 40;
const TICKETS = 1_000;
const NOW = Date.UTC(2026, 0, 5, 1, 0, 0);

/** A database with `open` future deadlines spread over 1,000 unclassified tickets. */
async function prepareDatabase(
  open: number,
): Promise<{ dir: string; path: string; raw: Database.Database }> {
  const dir = mkdtempSync(join(tmpdir(), 'loop48-bench-'));
  const path = join(dir, 'bench.db');
  await openSqliteStore(path).close();
  const raw = new Database(path);
  raw.pragma('journal_mode = WAL');
  raw.pragma('synchronous = NORMAL');
  raw.transaction(() => {
    raw
      .prepare(
        `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
         INSERT INTO tickets (conversation_id, platform, customer_id, language, name, contact,
           contact_kind, country, product, problem, requested_urgency, urgency, state,
           created_at, updated_at)
         SELECT 'chat:' || i, 'web', i, 'en', 'Ann', 'a@example.com', 'email', 'DE', 'LX-200',
           'Something odd', 'standard', 'standard', 'new', ?, ? FROM n`,
      )
      .run(TICKETS, NOW, NOW);
    raw
      .prepare(
        `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
         INSERT INTO deadlines (ticket_id, kind, due_at, data, created_at)
         SELECT 1001 + (i % ?), 'classify.remind', ? + 86400000 + i, '{}', ? FROM n`,
      )
      .run(open, TICKETS, NOW, NOW);
  })();
  return { dir, path, raw };
}

/** Adds `DUE` deadlines that fall due now, on different tickets; not part of what is timed. */
function rearm(raw: Database.Database, round: number): void {
  raw
    .prepare(
      `WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < ? - 1)
       INSERT INTO deadlines (ticket_id, kind, due_at, data, created_at)
       SELECT 1001 + ((? * ? + i) % ?), 'classify.remind', ?, '{}', ? FROM n`,
    )
    .run(DUE, round, DUE, TICKETS, NOW - 1, NOW);
}

/** One scheduler tick acting on 100 due deadlines among `open`: re-read, render, queue, record. */
export async function schedulerTick(open: number): Promise<Figures> {
  const { dir, path, raw } = await prepareDatabase(open);
  const config = loadConfig({});
  const store = openSqliteStore(path);
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
  const loop = monitorEventLoopDelay({ resolution: 1 });
  loop.enable();
  const figures = await measure(
    `scheduler-tick-${open}`,
    TICKS,
    async () => {
      const result = await core.scheduler.tick();
      if (result.acted !== DUE) throw new Error(`acted on ${result.acted}, expected ${DUE}`);
    },
    (round) => rearm(raw, round),
    DUE,
  );
  loop.disable();
  raw.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
  return { ...figures, maxEventLoopBlockMs: Math.round((loop.max / 1e6) * 10) / 10 };
}

/** The floor: select the due rows through the same index and mark them fired, in one transaction. */
export async function schedulerFloor(open: number): Promise<Figures> {
  const { dir, raw } = await prepareDatabase(open);
  const select = raw.prepare(
    'SELECT * FROM deadlines WHERE fired_at IS NULL AND due_at <= ? ORDER BY due_at, id LIMIT ?',
  );
  const mark = raw.prepare("UPDATE deadlines SET fired_at = ?, outcome = 'acted' WHERE id = ?");
  const tick = raw.transaction(() => {
    const rows = select.all(NOW, DUE) as { id: number }[];
    for (const row of rows) mark.run(NOW, row.id);
    if (rows.length !== DUE) throw new Error(`selected ${rows.length}, expected ${DUE}`);
  });
  const figures = await measure(
    `scheduler-floor-${open}`,
    TICKS,
    () => tick.immediate(),
    (round) => rearm(raw, round),
    DUE,
  );
  raw.close();
  rmSync(dir, { recursive: true, force: true });
  return figures;
}
