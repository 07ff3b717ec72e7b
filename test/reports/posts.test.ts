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
    senders: Object.fromEntries(
      (['web', 'slack', 'discord', 'teams'] as const).map((platform) => [
        platform,
        { send: async (m: OutboxMessage) => void sent.push(m) },
      ]),
    ),
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

/** Slack and Discord on, staff notices on Slack first. */
const chat = {
  SLACK_BOT_TOKEN: 'xoxb-test-token',
  SLACK_SIGNING_SECRET: 'a-signing-secret-for-tests',
  DISCORD_TOKEN: 'test-token-for-a-loopback-fake-0000',
};

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

  it('posts once to each platform’s management room, in every language its readers there read', async () => {
    const clock = new FakeClock(Date.UTC(2026, 2, 3, 7, 0));
    const { sent, runUntil } = boot(clock, {
      ...chat,
      SLACK_MANAGEMENT_CHANNEL_ID: 'C0MGMT001',
      DISCORD_MANAGEMENT_CHANNEL_ID: '900000000000000001',
    });
    await runUntil(Date.UTC(2026, 2, 3, 8, 0));
    // Every reader is on Slack and Discord, so nobody gets the report as a notice of their own.
    expect(sent.map((m) => [m.address.conversationId, m.recipient])).toEqual([
      ['slack:channel:C0MGMT001', 'management:slack'],
      ['discord:channel:900000000000000001', 'management:discord'],
    ]);
    for (const post of sent) {
      // The readers write Chinese, Japanese and English: one section each, in the order met.
      const sections = post.message.text.split('\n\n');
      expect(sections).toHaveLength(3);
      expect(sections[0]).toMatch(/^2026-03-02 每日统计\n新建：0；关闭：0/);
      expect(sections[1]).toMatch(/^2026-03-02 の日次統計\n/);
      expect(sections[2]).toMatch(/^Daily figures for 2026-03-02\nOpened: 0; closed: 0/);
    }
  });

  it('gives readers their own notices where their platform has no management room', async () => {
    const clock = new FakeClock(Date.UTC(2026, 2, 3, 7, 0));
    const { sent, runUntil } = boot(clock, {
      ...chat,
      DISCORD_MANAGEMENT_CHANNEL_ID: '900000000000000001',
    });
    await runUntil(Date.UTC(2026, 2, 3, 8, 0));
    // Slack comes first for notices and has no room: each reader hears there, in their language.
    const notices = sent.filter((m) => m.address.platform === 'slack');
    expect(notices.map((m) => m.address.conversationId).sort()).toEqual(
      [
        'U0LINZHOU',
        'U0WEIHUANG',
        'U0YUKISATO',
        'U0SOPHIEMAR',
        'U0LEIZHANG',
        'U0MARIASILV',
        'U0TOMMUELLE',
      ]
        .map((id) => `slack:user:${id}`)
        .sort(),
    );
    expect(notices.find((m) => m.recipient === 'yuki.sato')?.message.text).toMatch(/の日次統計/);
    expect(sent.filter((m) => m.address.platform === 'discord')).toHaveLength(1);
  });

  it('stops the bot on a management room given by name instead of id', () => {
    expect(() => loadConfig({ ...chat, SLACK_MANAGEMENT_CHANNEL_ID: '#management' })).toThrow(
      /SLACK_MANAGEMENT_CHANNEL_ID="#management": a channel id/,
    );
    expect(() => loadConfig({ ...chat, DISCORD_MANAGEMENT_CHANNEL_ID: 'management' })).toThrow(
      /DISCORD_MANAGEMENT_CHANNEL_ID/,
    );
    expect(() => loadConfig({ TEAMS_MANAGEMENT_CHANNEL_ID: 'General' })).toThrow(
      /TEAMS_MANAGEMENT_CHANNEL_ID="General": a team channel id/,
    );
  });

  it('stops the bot on a wrong report setting, naming it', () => {
    expect(() => loadConfig({ REPORT_TIME_ZONE: 'Mars/Olympus' })).toThrow(/REPORT_TIME_ZONE/);
    expect(() => loadConfig({ REPORT_DAILY_AT: '8am' })).toThrow(/REPORT_DAILY_AT/);
    expect(() => loadConfig({ REPORT_WEEKLY_DAY: 'someday' })).toThrow(/REPORT_WEEKLY_DAY/);
  });
});
