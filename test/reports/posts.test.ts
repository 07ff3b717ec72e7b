import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { FakeClock, HOUR, MINUTE } from '../../src/core/clock.ts';
import { createCore, settingsFrom } from '../../src/core/create.ts';
import { silentLogger } from '../../src/core/logger.ts';
import { reportScheduleFrom } from '../../src/reports/posts.ts';
import { policyFrom } from '../../src/sla/policy.ts';
import { openSqliteStore } from '../../src/store/sqlite.ts';
import type { OutboxMessage, Store, Ticket } from '../../src/store/types.ts';
import { team } from '../support/sim.ts';
import { seedTicket } from '../support/tickets.ts';

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
    expect(to('sophie.martin')[1]).toContain(
      'This week and the four weeks before it, newest first:',
    );
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

  /** The titles of what Sophie Martin (English, no management room) has been sent so far. */
  const titles = (sent: OutboxMessage[]) =>
    sent.filter((m) => m.recipient === 'sophie.martin').map((m) => m.message.text.split('\n')[0]);

  it('makes up each daily post and the weekly review missed in a two-day outage, once each', async () => {
    // Weekly reviews on Saturdays. The bot starts on Wednesday 4 March 2026, 07:00 UTC.
    const clock = new FakeClock(Date.UTC(2026, 2, 4, 7, 0));
    const { core, sent, schedule, runUntil } = boot(clock, {
      REPORT_TIME_ZONE: 'UTC',
      REPORT_WEEKLY_DAY: 'sat',
    });
    await runUntil(Date.UTC(2026, 2, 6, 7, 0));
    expect(titles(sent)).toEqual(['Daily figures for 2026-03-03', 'Daily figures for 2026-03-04']);

    // Down from Friday 07:00 to Sunday 10:00: Friday's, Saturday's and Sunday's posts were missed.
    clock.set(Date.UTC(2026, 2, 8, 10, 0));
    expect(await core.postReports(schedule)).toBe(4);
    expect(await core.postReports(schedule)).toBe(0);
    await core.outbox.deliverDue();
    expect(titles(sent).slice(2)).toEqual([
      'Daily figures for 2026-03-05',
      'Daily figures for 2026-03-06',
      'Daily figures for 2026-03-07',
      'Weekly review, 2026-02-28 to 2026-03-06',
    ]);

    // Back to one post a day.
    await runUntil(Date.UTC(2026, 2, 9, 9, 0));
    expect(titles(sent).slice(6)).toEqual(['Daily figures for 2026-03-08']);
  });

  it('posts nothing for days before the first report the database posted, and makes up a week at most', async () => {
    // A new installation on Sunday 8 March, the day after the weekly review was due.
    const clock = new FakeClock(Date.UTC(2026, 2, 8, 10, 0));
    const { core, sent, schedule } = boot(clock, {
      REPORT_TIME_ZONE: 'UTC',
      REPORT_WEEKLY_DAY: 'sat',
    });
    const post = async (until: number) => {
      clock.set(until);
      const count = await core.postReports(schedule);
      await core.outbox.deliverDue();
      return count;
    };
    expect(await post(Date.UTC(2026, 2, 8, 10, 0))).toBe(1);
    expect(titles(sent)).toEqual(['Daily figures for 2026-03-07']);

    // Down until Wednesday 11 March: the days since the first post, and none before it.
    expect(await post(Date.UTC(2026, 2, 11, 9, 0))).toBe(3);
    expect(titles(sent).slice(1)).toEqual([
      'Daily figures for 2026-03-08',
      'Daily figures for 2026-03-09',
      'Daily figures for 2026-03-10',
    ]);

    // Down until Saturday 21 March, 09:00: the last seven days, then the week's review.
    expect(await post(Date.UTC(2026, 2, 21, 9, 0))).toBe(8);
    expect(titles(sent).slice(4)).toEqual([
      'Daily figures for 2026-03-14',
      'Daily figures for 2026-03-15',
      'Daily figures for 2026-03-16',
      'Daily figures for 2026-03-17',
      'Daily figures for 2026-03-18',
      'Daily figures for 2026-03-19',
      'Daily figures for 2026-03-20',
      'Weekly review, 2026-03-14 to 2026-03-20',
    ]);
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

describe('the posted figures', () => {
  const t = (day: number, hour: number, minute = 0) => Date.UTC(2026, 1, day, hour, minute);
  const m = (day: number, hour: number, minute = 0) => Date.UTC(2026, 2, day, hour, minute);
  const closed = (at: number, rating: number | null): Partial<Ticket> => ({
    state: 'closed',
    closedAt: at,
    rating,
  });

  /**
   * A week in UTC ending Tuesday 3 March 2026, posted Wednesday 4 March at 08:00 to the Slack
   * management room: five tickets this week and one the week before.
   */
  async function postedWeek(): Promise<string[]> {
    const clock = new FakeClock(m(4, 7, 0));
    const { store, sent, runUntil } = boot(clock, {
      ...chat,
      REPORT_TIME_ZONE: 'UTC',
      REPORT_WEEKLY_DAY: 'wed',
      SLACK_MANAGEMENT_CHANNEL_ID: 'C0MGMT001',
    });
    await store.transaction(async (tx) => {
      // 1001: closed at exactly 48 hours, rated 5; everything in time.
      await seedTicket(tx, {
        created: m(1, 8),
        country: 'DE',
        type: 'malfunction',
        patch: {
          classifiedAt: m(1, 8, 10),
          assignedAt: m(1, 8, 10),
          acceptedAt: m(1, 8, 20),
          assigneeId: 'anna.schmidt',
          ...closed(m(3, 8), 5),
        },
      });
      // 1002: high; classified in 20 minutes, accepted 40 minutes after assignment, closed two
      // hours late waiting for parts, not rated.
      const late = await seedTicket(tx, {
        created: m(1, 10),
        urgency: 'high',
        country: 'JP',
        type: 'malfunction',
        patch: {
          classifiedAt: m(1, 10, 20),
          assignedAt: m(1, 10, 20),
          acceptedAt: m(1, 11),
          assigneeId: 'hiroshi.tanaka',
          overdueReason: 'parts_shortage',
          ...closed(m(3, 12), null),
        },
      });
      await tx.appendEvent({
        ticketId: late,
        at: m(3, 12),
        actor: 'hiroshi.tanaka',
        kind: 'closed',
        data: { reason: 'parts_shortage', overdue: true, details: 'Pump on back order' },
      });
      // 1003: urgent complaint, first accepted in 6 minutes, still open past its deadline.
      const urgent = await seedTicket(tx, {
        created: m(1, 20),
        urgency: 'urgent',
        country: 'US',
        type: 'complaint',
        patch: {
          classifiedAt: m(1, 20, 2),
          assignedAt: m(1, 20, 6),
          acceptedAt: m(1, 20, 6),
          assigneeId: 'lei.zhang',
          state: 'accepted',
        },
      });
      await tx.appendEvent({
        ticketId: urgent,
        at: m(1, 20, 6),
        actor: 'lei.zhang',
        kind: 'accepted',
        data: {},
      });
      // 1004: opened Tuesday, accepted in 20 minutes, due Thursday: not yet decided.
      await seedTicket(tx, {
        created: m(3, 9),
        country: 'CN',
        type: 'consultation',
        patch: {
          classifiedAt: m(3, 9, 5),
          assignedAt: m(3, 9, 10),
          acceptedAt: m(3, 9, 30),
          assigneeId: 'anna.schmidt',
          state: 'accepted',
        },
      });
      // 1005: urgent, opened Tuesday, first accepted after 15 minutes, closed the same day, rated 4.
      await seedTicket(tx, {
        created: m(3, 11),
        urgency: 'urgent',
        country: 'BR',
        type: 'malfunction',
        patch: {
          classifiedAt: m(3, 11, 3),
          assignedAt: m(3, 11, 3),
          acceptedAt: m(3, 11, 15),
          assigneeId: 'james.carter',
          ...closed(m(3, 15), 4),
        },
      });
      // 1006: the week before: everything in time, rated 3.
      await seedTicket(tx, {
        created: t(20, 10),
        country: 'FR',
        type: 'maintenance',
        patch: {
          classifiedAt: t(20, 10, 5),
          assignedAt: t(20, 10, 5),
          acceptedAt: t(20, 10, 10),
          assigneeId: 'anna.schmidt',
          ...closed(t(21, 10), 3),
        },
      });
    });
    await runUntil(m(4, 8, 0));
    return sent.map((post) => post.message.text);
  }

  it('gives the day’s figures, the overdue reasons counted and the counts by type, urgency and region', async () => {
    const [daily] = await postedWeek();
    // The room's readers write Chinese, Japanese and English, in that order.
    const [chinese, , english] = daily?.split('\n\n') ?? [];
    expect(english).toBe(
      [
        'Daily figures for 2026-03-03',
        'Opened: 2; closed: 3',
        'Closed within 48 hours: 33.3% (1/3)',
        'Classified within 15 minutes: 100.0% (2/2)',
        'Accepted within 30 minutes: 100.0% (1/1)',
        'Urgent response within 10 minutes: 0.0% (0/1)',
        'Satisfaction: average 4.50, answered 66.7% (2/3), ratings 1 to 5: 0/0/0/1/1',
        'Overdue: 2, by reason: waiting for spare parts 1; still open 1',
        'Opened by type: Consultation or suggestion 1; Product malfunction 1',
        'Opened by urgency: Standard 1; Urgent 1',
        'Opened by region: Asia 1; South America 1',
        'Overdue tickets: #1002: waiting for spare parts; #1003: still open',
      ].join('\n'),
    );
    expect(chinese).toContain('超时：2 件，按原因：等待备件 1 件；仍未关闭 1 件');
    expect(chinese).toContain('新建按地区：亚洲 1 件；南美洲 1 件');
  });

  it('sets the week against each of the four before it, lists each overdue case and the top types', async () => {
    const [, weekly] = await postedWeek();
    const english = weekly?.split('\n\n')[2] ?? '';
    const lines = english.split('\n');
    expect(lines.slice(0, 2)).toEqual([
      'Weekly review, 2026-02-25 to 2026-03-03',
      'Opened: 5; closed: 3',
    ]);
    expect(english).toContain(
      [
        'Overdue: 2, by reason: waiting for spare parts 1; still open 1',
        'Opened by type: Product malfunction 3; Complaint or feedback 1; Consultation or suggestion 1',
        'Opened by urgency: Standard 2; Urgent 2; High 1',
        'Opened by region: Asia 2; Europe 1; North America 1; South America 1',
      ].join('\n'),
    );
    const none =
      'closed within 48 hours —; classified within 15 minutes —; accepted within 30 minutes —; urgent response within 10 minutes —; average satisfaction —';
    expect(english).toContain(
      [
        'This week and the four weeks before it, newest first:',
        '2026-02-25 to 2026-03-03: closed within 48 hours 33.3% (1/3); classified within 15 minutes 80.0% (4/5); accepted within 30 minutes 66.7% (2/3); urgent response within 10 minutes 50.0% (1/2); average satisfaction 4.50',
        '2026-02-18 to 2026-02-24: closed within 48 hours 100.0% (1/1); classified within 15 minutes 100.0% (1/1); accepted within 30 minutes 100.0% (1/1); urgent response within 10 minutes —; average satisfaction 3.00',
        `2026-02-11 to 2026-02-17: ${none}`,
        `2026-02-04 to 2026-02-10: ${none}`,
        `2026-01-28 to 2026-02-03: ${none}`,
        'Overdue cases (2), one by one:',
        '#1002, due 3 Mar 2026, 10:00 UTC: waiting for spare parts (Pump on back order)',
        '#1003, due 3 Mar 2026, 20:00 UTC: still open',
        'Most common problem types: Product malfunction 3; Complaint or feedback 1; Consultation or suggestion 1',
      ].join('\n'),
    );
    expect(weekly?.split('\n\n')[0]).toContain(
      '#1002，截止 2026年3月3日 UTC 10:00：等待备件（Pump on back order）',
    );
  });
});
