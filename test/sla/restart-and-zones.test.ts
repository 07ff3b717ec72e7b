import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { FakeClock, HOUR, MINUTE } from '../../src/core/clock.ts';
import { createCore, settingsFrom } from '../../src/core/create.ts';
import { silentLogger } from '../../src/core/logger.ts';
import { policyFrom } from '../../src/sla/policy.ts';
import { openSqliteStore } from '../../src/store/sqlite.ts';
import type { OutboxMessage } from '../../src/store/types.ts';
import { team } from '../support/sim.ts';

const dir = mkdtempSync(join(tmpdir(), 'loop48-sla-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function boot(path: string, clock: FakeClock, sent: OutboxMessage[]) {
  const config = loadConfig({});
  const store = openSqliteStore(path);
  const core = createCore({
    store,
    clock,
    logger: silentLogger(),
    directory: team(),
    policy: policyFrom(config),
    settings: settingsFrom(config),
    senders: { web: { send: async (m) => void sent.push(m) } },
    deliverAtOnce: false,
  });
  const say = async (conversationId: string, text: string, staffId?: string) => {
    clock.advance(1000);
    const userId = staffId ?? conversationId;
    await core.bot.handle({ platform: 'web', conversationId, userId, staffId, text });
    await core.outbox.deliverDue();
  };
  return { store, core, say };
}

const INTAKE = [
  'Hello',
  'Ann',
  'ann@example.com',
  'Germany',
  'LX-200',
  'Something odd.',
  '3',
  'yes',
];

describe('deadlines across a restart', () => {
  it('fire once each on the first tick after the bot comes back, in order', async () => {
    const path = join(dir, 'restart.db');
    const clock = new FakeClock();
    const first = boot(path, clock, []);
    for (const text of INTAKE) await first.say('chat:ann', text);
    await first.store.close();

    // Down for 20 minutes: the 10-minute reminder and the 15-minute escalation both passed.
    clock.advance(20 * MINUTE);
    const sent: OutboxMessage[] = [];
    const second = boot(path, clock, sent);
    const tick = await second.core.scheduler.tick();
    expect(tick).toEqual({ acted: 2, skipped: 0, failed: 0 });
    const again = await second.core.scheduler.tick();
    expect(again.acted).toBe(0);

    const events = await second.store.read((tx) => tx.listEvents(1001));
    const fired = events.filter((e) => e.kind === 'reminded' || e.kind === 'escalated');
    expect(fired.map((e) => e.kind)).toEqual(['reminded', 'escalated']);
    await second.core.outbox.deliverDue();
    expect(sent.filter((m) => m.recipient === 'lin.zhou')).toHaveLength(1);
    await second.store.close();
  });

  it('never fire for a ticket that moved on while the bot was down', async () => {
    const path = join(dir, 'moved-on.db');
    const clock = new FakeClock();
    const first = boot(path, clock, []);
    for (const text of INTAKE) await first.say('chat:ann', text);
    await first.say('console:mei.chen', '/ticket classify 1001 consultation standard', 'mei.chen');
    await first.say('console:anna.schmidt', '/ticket claim 1001', 'anna.schmidt');
    await first.store.close();

    clock.advance(2 * HOUR);
    const second = boot(path, clock, []);
    expect(await second.core.scheduler.tick()).toMatchObject({ acted: 0, failed: 0 });
    await second.store.close();
  });
});

describe('a failing deadline action', () => {
  it('is rolled back alone and does not stop the others', async () => {
    const clock = new FakeClock();
    const sent: OutboxMessage[] = [];
    const { store, core, say } = boot(':memory:', clock, sent);
    for (const text of INTAKE) await say('chat:ann', text);
    // Bob gives his own contact: the same contact and problem would be offered as Ann's ticket.
    for (const text of INTAKE)
      await say('chat:bob', text === 'ann@example.com' ? 'bob@example.com' : text);
    // A deadline of a kind nobody knows is skipped; one pointing at a missing ticket too.
    await store.transaction((tx) =>
      tx.addDeadline({
        ticketId: 1001,
        kind: 'mystery',
        dueAt: clock.now(),
        data: {},
        createdAt: 0,
      }),
    );
    clock.advance(11 * MINUTE);
    const result = await core.scheduler.tick();
    expect(result).toEqual({ acted: 2, skipped: 1, failed: 0 });
    await store.close();
  });
});

describe('deadline instants', () => {
  const script = `
    import { MINUTE } from './src/core/clock.ts';
    import { Simulator } from './src/simulate/simulator.ts';
    import { team } from './test/support/sim.ts';
    const sim = new Simulator(team());
    // 01:55 in New York on the morning clocks spring forward (2026-03-08 02:00 EST -> 03:00 EDT).
    const base = Date.UTC(2026, 2, 8, 6, 55) - sim.clock.now();
    const at = (seconds) => ({ at: base + seconds * 1000 });
    const lines = [
      { kind: 'customer', customer: 'a', say: 'Hello' }, { kind: 'customer', customer: 'a', say: 'Ann' },
      { kind: 'customer', customer: 'a', say: 'ann@example.com' },
      { kind: 'customer', customer: 'a', say: 'United States' },
      { kind: 'customer', customer: 'a', say: 'LX-200' },
      { kind: 'customer', customer: 'a', say: 'The printer is broken and shows an error.' },
      { kind: 'customer', customer: 'a', say: '2' }, { kind: 'customer', customer: 'a', say: 'yes' },
      { kind: 'staff', staff: 'james.carter', say: '/ticket claim 1001' },
      { kind: 'staff', staff: 'james.carter', say: '/ticket room 1001 parts' },
    ];
    let i = 0;
    for (const line of lines) await sim.play({ ...line, ...at(++i) });
    const out = await sim.play({ kind: 'wait', at: base + 60 * MINUTE });
    const pings = out.filter((l) => l.type === 'event' && l.event === 'room_pinged').map((l) => l.time);
    const deadlines = await sim.store.read((tx) => tx.listDeadlines(1001));
    console.log(JSON.stringify({ pings, deadlines: deadlines.map((d) => [d.kind, d.dueAt]) }));
  `;

  it('are the same instants under any TZ, and pings stay 5 minutes apart across a DST change', () => {
    const runs = ['UTC', 'Asia/Hong_Kong', 'America/New_York'].map((TZ) =>
      execFileSync('npx', ['tsx', '--input-type=module', '-e', script], {
        encoding: 'utf8',
        env: { ...process.env, TZ },
      }).trim(),
    );
    expect(runs[1]).toBe(runs[0]);
    expect(runs[2]).toBe(runs[0]);
    const { pings } = JSON.parse(runs[0] ?? '{}') as { pings: string[] };
    expect(pings.length).toBeGreaterThanOrEqual(10);
    const gaps = pings.slice(1).map((p, k) => Date.parse(p) - Date.parse(pings[k] ?? ''));
    expect(new Set(gaps)).toEqual(new Set([5 * MINUTE]));
  });
});
