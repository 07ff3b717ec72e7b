import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { FakeClock, HOUR, MINUTE } from '../../src/core/clock.ts';
import { createCore, settingsFrom } from '../../src/core/create.ts';
import { silentLogger } from '../../src/core/logger.ts';
import { reportScheduleFrom } from '../../src/reports/posts.ts';
import { policyFrom } from '../../src/sla/policy.ts';
import { openSqliteStore } from '../../src/store/sqlite.ts';
import type { OutboxMessage, Store } from '../../src/store/types.ts';
import { team } from '../support/sim.ts';

const stores: Store[] = [];
afterEach(async () => {
  for (const store of stores.splice(0)) await store.close();
});

function boot(clock: FakeClock, env: Record<string, string>) {
  const config = loadConfig(env);
  const store = openSqliteStore(':memory:');
  stores.push(store);
  const sent: OutboxMessage[] = [];
  const core = createCore({
    store,
    clock,
    logger: silentLogger(),
    directory: team(),
    policy: policyFrom(config),
    settings: settingsFrom(config),
    senders: { web: { send: async (m) => void sent.push(m) } },
  });
  const schedule = reportScheduleFrom(config);
  /** Runs the post check every five minutes of fake time up to `until`, as the tick would. */
  const runUntil = async (until: number) => {
    while (clock.now() < until) {
      clock.advance(5 * MINUTE);
      await core.postReports(schedule);
      await core.outbox.deliverDue();
    }
  };
  return { core, store, sent, schedule, runUntil };
}

const readers = (sent: OutboxMessage[]) => new Set(sent.map((m) => m.recipient));

describe('scheduled reports', () => {
  it('posts the daily figures at 08:00 on the zone clocks, across the spring-forward change', async () => {
    // New York moves from UTC-5 to UTC-4 on Sunday 8 March 2026.
    const clock = new FakeClock(Date.UTC(2026, 2, 6, 12, 0));
    const { sent, runUntil } = boot(clock, {
      REPORT_TIME_ZONE: 'America/New_York',
      REPORT_DAILY_AT: '08:00',
      REPORT_WEEKLY_DAY: 'wed',
    });
    await runUntil(Date.UTC(2026, 2, 10, 11, 55));
    const postTimes = [...new Set(sent.map((m) => m.createdAt))];
    // 6 March 08:00 EST is 13:00 UTC; after the change 08:00 EDT is 12:00 UTC.
    expect(postTimes.map((t) => new Date(t).toISOString())).toEqual([
      '2026-03-06T13:00:00.000Z',
      '2026-03-07T13:00:00.000Z',
      '2026-03-08T12:00:00.000Z',
      '2026-03-09T12:00:00.000Z',
    ]);
    // Each post goes once to each reader: service lead, department heads, director, administrators.
    expect(readers(sent)).toEqual(
      new Set([
        'maria.silva',
        'lin.zhou',
        'tom.mueller',
        'lei.zhang',
        'wei.huang',
        'yuki.sato',
        'sophie.martin',
      ]),
    );
    expect(sent.length).toBe(4 * 7);
  });

  it('writes each reader the figures in their own language', async () => {
    const clock = new FakeClock(Date.UTC(2026, 2, 4, 0, 0));
    const { sent, runUntil } = boot(clock, { REPORT_TIME_ZONE: 'UTC', REPORT_WEEKLY_DAY: 'wed' });
    await runUntil(Date.UTC(2026, 2, 4, 8, 0));
    const to = (id: string) => sent.filter((m) => m.recipient === id).map((m) => m.message.text);
    // Wednesday: the daily figures for Tuesday and the weekly review of the seven days before.
    expect(to('sophie.martin')).toEqual([
      expect.stringMatching(/^Daily figures for 2026-03-03\nOpened: 0; closed: 0\n/),
      expect.stringMatching(/^Weekly review, 2026-02-25 to 2026-03-03\n/),
    ]);
    expect(to('lin.zhou')[0]).toMatch(/^2026-03-03 每日统计\n新建：0；关闭：0/);
    expect(to('yuki.sato')[0]).toMatch(/^2026-03-03 の日次統計\n新規：0、クローズ：0/);
    expect(to('sophie.martin')[1]).toContain('Closed within 48 hours in the four weeks before');
  });

  it('posts a report missed while the bot was down once, on the first tick after it starts', async () => {
    const clock = new FakeClock(Date.UTC(2026, 2, 5, 23, 0));
    const { core, sent, schedule } = boot(clock, { REPORT_TIME_ZONE: 'UTC' });
    expect(await core.postReports(schedule)).toBe(1); // Thursday's figures, posted late
    expect(await core.postReports(schedule)).toBe(0);
    clock.advance(HOUR);
    expect(await core.postReports(schedule)).toBe(0); // Friday 00:00: not yet 08:00
    await core.outbox.deliverDue();
    expect(sent.every((m) => m.message.text.includes('2026-03-04'))).toBe(true);
  });

  it('stops the bot on a wrong report setting, naming it', () => {
    expect(() => loadConfig({ REPORT_TIME_ZONE: 'Mars/Olympus' })).toThrow(/REPORT_TIME_ZONE/);
    expect(() => loadConfig({ REPORT_DAILY_AT: '8am' })).toThrow(/REPORT_DAILY_AT/);
    expect(() => loadConfig({ REPORT_WEEKLY_DAY: 'someday' })).toThrow(/REPORT_WEEKLY_DAY/);
  });
});
