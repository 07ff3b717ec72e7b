import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { HOUR } from '../../src/core/clock.ts';
import { formatReport } from '../../src/reports/format.ts';
import { daysFrom, parseDate, weeksEndingOn } from '../../src/reports/periods.ts';
import { buildReport } from '../../src/reports/report.ts';
import { policyFrom } from '../../src/sla/policy.ts';
import { openSqliteStore } from '../../src/store/sqlite.ts';
import type { Store } from '../../src/store/types.ts';
import { zonedToEpoch } from '../../src/time/zoned.ts';
import { seedTicket, type TicketStory } from '../support/tickets.ts';

const ZONE = 'Asia/Shanghai';
const policy = policyFrom(loadConfig({}));
const dir = mkdtempSync(join(tmpdir(), 'loop48-report-'));
const path = join(dir, 'report.db');
let store: Store;
/** The ticket numbers of STORIES, in order. */
const ids: number[] = [];

/** Shanghai wall time in March 2026. */
const at = (day: number, hour: number, minute = 0) =>
  zonedToEpoch({ year: 2026, month: 3, day, hour, minute }, ZONE);

// A week of tickets around Tuesday 10 March 2026 (Shanghai), each with a known outcome.
const STORIES: TicketStory[] = [
  // 1: closed exactly 48 h after it opened, rated 5: in time.
  {
    created: at(8, 2),
    urgency: 'standard',
    country: 'JP',
    type: 'malfunction',
    patch: {
      classifiedAt: at(8, 2, 10),
      assignedAt: at(8, 2, 10),
      acceptedAt: at(8, 2, 20),
      assigneeId: 'eng-a',
      state: 'closed',
      closedAt: at(10, 2),
      rating: 5,
    },
  },
  // 2: reassigned to eng-b, who accepted 40 min after taking it; closed 2 h late without a rating.
  {
    created: at(8, 10),
    urgency: 'high',
    country: 'DE',
    type: 'malfunction',
    patch: {
      classifiedAt: at(8, 10, 5),
      assignedAt: at(8, 12),
      acceptedAt: at(8, 12, 40),
      assigneeId: 'eng-b',
      state: 'closed',
      closedAt: at(10, 12),
      overdueReason: 'parts_shortage',
    },
  },
  // 3: urgent, answered by lei.zhang in 6 minutes (see the timeline below), then reopened after a
  // low rating to eng-c, who holds it still open at its deadline.
  {
    created: at(8, 20),
    urgency: 'urgent',
    country: 'US',
    type: 'complaint',
    patch: {
      classifiedAt: at(8, 20, 2),
      assignedAt: at(9, 18),
      acceptedAt: at(9, 18),
      assigneeId: 'eng-c',
      state: 'accepted',
    },
  },
  // 4: urgent, classified late (20 min), answered by the task force in 5 min; still open.
  {
    created: at(10, 9),
    urgency: 'urgent',
    country: 'CN',
    type: 'maintenance',
    patch: {
      classifiedAt: at(10, 9, 20),
      assignedAt: at(10, 9, 1),
      acceptedAt: at(10, 9, 5),
      assigneeId: 'td',
      state: 'accepted',
    },
  },
  // 5: opened a minute before midnight, classified, not yet assigned.
  {
    created: at(10, 23, 59),
    urgency: 'standard',
    country: 'KR',
    type: 'consultation',
    patch: { classifiedAt: at(11, 0, 2), state: 'classified' },
  },
  // 6: opened and closed the same day, rated 4.
  {
    created: at(10, 15),
    urgency: 'standard',
    country: 'GB',
    type: 'malfunction',
    patch: {
      classifiedAt: at(10, 15, 5),
      assignedAt: at(10, 15, 5),
      acceptedAt: at(10, 15, 15),
      assigneeId: 'eng-a',
      state: 'closed',
      closedAt: at(10, 18),
      rating: 4,
    },
  },
  // 7: the week before: opened 1 March, closed 2 March, rated 3.
  {
    created: at(1, 10),
    urgency: 'standard',
    country: 'FR',
    type: 'maintenance',
    patch: {
      classifiedAt: at(1, 10, 1),
      assignedAt: at(1, 10, 1),
      acceptedAt: at(1, 10, 2),
      assigneeId: 'eng-a',
      state: 'closed',
      closedAt: at(2, 10),
      rating: 3,
    },
  },
];

beforeAll(async () => {
  store = openSqliteStore(path);
  await store.transaction(async (tx) => {
    for (const s of STORIES) {
      ids.push(await seedTicket(tx, s));
    }
    const third = ids[2] ?? 0;
    for (const [when, actor, kind] of [
      [at(8, 20, 6), 'lei.zhang', 'accepted'],
      [at(9, 18), 'eng-c', 'accepted'],
    ] as const) {
      await tx.appendEvent({ ticketId: third, at: when, actor, kind, data: {} });
    }
  });
});

afterAll(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const TUESDAY = { year: 2026, month: 3, day: 10 };
/** When the reports are run: ten days on, after every deadline above. */
const LATER = at(20, 0);

describe('daily report', () => {
  it('matches the hand-computed figures of a day', async () => {
    const report = await buildReport(store, policy, 'daily', TUESDAY, ZONE, LATER);
    const f = report.figures;
    expect(f.period).toEqual({ from: at(10, 0), to: at(11, 0) });
    expect(f.opened).toBe(3); // 4, 5, 6
    expect(f.closed).toBe(3); // 1, 2, 6
    // Due today: 1 (closed at exactly 48 h), 2 (late), 3 (open).
    expect(f.closedInTime).toEqual({ met: 1, of: 3, rate: 1 / 3 });
    expect(f.overdue.map((o) => [o.id, o.reason])).toEqual([
      [ids[1], 'parts_shortage'],
      [ids[2], null],
    ]);
    expect(f.overdueReasons).toEqual({ parts_shortage: 1, still_open: 1 });
    expect(f.classifiedInTime).toEqual({ met: 2, of: 3, rate: 2 / 3 });
    expect(f.acceptedInTime).toEqual({ met: 1, of: 1, rate: 1 });
    expect(f.urgentRespondedInTime).toEqual({ met: 1, of: 1, rate: 1 });
    expect(f.satisfaction).toEqual({
      rated: 2,
      closed: 3,
      responseRate: 2 / 3,
      average: 4.5,
      distribution: [0, 0, 0, 1, 1],
    });
    expect(f.byType).toEqual({ maintenance: 1, consultation: 1, malfunction: 1 });
    expect(f.byUrgency).toEqual({ urgent: 1, standard: 2 });
    expect(f.byRegion).toEqual({ asia: 2, europe: 1 });
  });

  it('counts a ticket once when it opens, closes and falls due in the same period', async () => {
    const report = await buildReport(store, policy, 'weekly', TUESDAY, ZONE, LATER);
    // 4 to 10 March: tickets 1 to 6 opened; 1, 2 and 6 closed; 1, 2 and 3 due.
    expect(report.figures.opened).toBe(6);
    expect(report.figures.closed).toBe(3);
    expect(report.figures.closedInTime).toEqual({ met: 1, of: 3, rate: 1 / 3 });
  });
});

describe('weekly review', () => {
  it('sets the week against the four weeks before it', async () => {
    const report = await buildReport(store, policy, 'weekly', TUESDAY, ZONE, LATER);
    if (report.kind !== 'weekly') throw new Error('expected a weekly report');
    expect(report.previous.map((f) => [f.opened, f.closed])).toEqual([
      [1, 1],
      [0, 0],
      [0, 0],
      [0, 0],
    ]);
    expect(report.previous[0]?.closedInTime).toEqual({ met: 1, of: 1, rate: 1 });
  });
});

describe('monthly figures per person', () => {
  it('credits each ticket to the person who held it', async () => {
    const report = await buildReport(store, policy, 'monthly', TUESDAY, ZONE, LATER);
    if (report.kind !== 'monthly') throw new Error('expected a monthly report');
    expect(report.people).toEqual([
      {
        // Tickets 1, 6 and 7: each closed by its deadline.
        personId: 'eng-a',
        handled: 3,
        closedInTime: 3,
        due: 3,
        averageRating: 4,
        rated: 3,
        urgentAccepted: 0,
        urgentInTime: 0,
      },
      // The reassigned ticket counts for eng-b, who held it, and for nobody else.
      {
        personId: 'eng-b',
        handled: 1,
        closedInTime: 0,
        due: 1,
        averageRating: null,
        rated: 0,
        urgentAccepted: 0,
        urgentInTime: 0,
      },
      // The urgent ticket's first response is lei.zhang's, though eng-c holds it now.
      {
        personId: 'eng-c',
        handled: 0,
        closedInTime: 0,
        due: 1,
        averageRating: null,
        rated: 0,
        urgentAccepted: 0,
        urgentInTime: 0,
      },
      {
        personId: 'lei.zhang',
        handled: 0,
        closedInTime: 0,
        due: 0,
        averageRating: null,
        rated: 0,
        urgentAccepted: 1,
        urgentInTime: 1,
      },
      {
        // Ticket 4 falls due on 12 March, still open.
        personId: 'td',
        handled: 0,
        closedInTime: 0,
        due: 1,
        averageRating: null,
        rated: 0,
        urgentAccepted: 1,
        urgentInTime: 1,
      },
    ]);
  });
});

describe('periods', () => {
  it('gives a day across a daylight-saving change its true length', () => {
    const spring = daysFrom({ year: 2026, month: 3, day: 8 }, 1, 'America/New_York');
    const autumn = daysFrom({ year: 2026, month: 11, day: 1 }, 1, 'America/New_York');
    expect(spring.to - spring.from).toBe(23 * HOUR);
    expect(autumn.to - autumn.from).toBe(25 * HOUR);
    const [week] = weeksEndingOn({ year: 2026, month: 3, day: 10 }, 'America/New_York');
    expect(week && week.to - week.from).toBe(7 * 24 * HOUR - HOUR);
  });

  it('refuses dates that do not exist', () => {
    expect(parseDate('2026-02-29')).toBeUndefined();
    expect(parseDate('2026-13-01')).toBeUndefined();
    expect(parseDate('10/03/2026')).toBeUndefined();
    expect(parseDate('0000-01-01')).toBeUndefined();
    expect(parseDate('2028-02-29')).toEqual({ year: 2028, month: 2, day: 29 });
  });
});

describe('formats', () => {
  it('prints the same figures as text, csv and json', async () => {
    const report = await buildReport(store, policy, 'daily', TUESDAY, ZONE, LATER);
    const text = formatReport(report, 'text');
    expect(text).toMatch(/closed_within_48h\s+33\.3% \(1\/3\)/);
    expect(text).toContain(`#${ids[1]} due`);
    expect(text).toContain('parts_shortage');
    const csv = formatReport(report, 'csv').split('\n');
    expect(csv[0]).toBe('figure,this');
    expect(csv).toContain('satisfaction_average,4.50');
    expect(JSON.parse(formatReport(report, 'json')).figures.opened).toBe(3);
  });
});

describe('npm run report', () => {
  const run = promisify(execFile);
  const cli = (...args: string[]) => cliWith({}, ...args);
  const cliWith = (env: Record<string, string>, ...args: string[]) =>
    run(process.execPath, ['--import', 'tsx', 'src/reports/cli.ts', ...args], {
      env: { ...process.env, DATABASE_PATH: path, REPORT_TIME_ZONE: 'UTC', ...env },
    });

  it('prints a report from the store', async () => {
    const { stdout } = await cli(
      'daily',
      '--date',
      '2026-03-10',
      '--zone',
      ZONE,
      '--format',
      'csv',
    );
    expect(stdout).toContain('opened,3');
    expect(stdout).toContain('closed_within_48h,33.3% (1/3)');
  });

  it('counts the days in the configured REPORT_TIME_ZONE unless --zone names another', async () => {
    const day = ['daily', '--date', '2026-03-10', '--format', 'csv'];
    // 10 March in Shanghai starts at 16:00 UTC the day before.
    const shanghai = await cliWith({ REPORT_TIME_ZONE: ZONE }, ...day);
    expect(shanghai.stdout).toContain('from,2026-03-09T16:00:00.000Z');
    expect(shanghai.stdout).toContain('closed_within_48h,33.3% (1/3)');
    const utc = await cliWith({ REPORT_TIME_ZONE: ZONE }, ...day, '--zone', 'UTC');
    expect(utc.stdout).toContain('from,2026-03-10T00:00:00.000Z');
  });

  it('refuses a DATABASE_PATH where there is no database, and creates none', async () => {
    const missing = join(dir, 'elsewhere', 'loop48.db');
    await expect(cliWith({ DATABASE_PATH: missing }, 'daily')).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringContaining(`DATABASE_PATH="${missing}": no database there`),
    });
    expect(existsSync(missing)).toBe(false);
    expect(existsSync(join(dir, 'elsewhere'))).toBe(false);
  });

  it.each([
    [['hourly'], 'name one report'],
    [['daily', '--date', '2026-02-30'], '--date must be a calendar date'],
    [['daily', '--format', 'xml'], '--format must be text, csv or json'],
    [['daily', '--zone', 'Mars/Olympus'], '--zone must be an IANA time zone'],
    [['daily', '--bogus'], "Unknown option '--bogus'"],
    [['daily', '--date'], "Option '--date <value>' argument missing"],
  ])('refuses %j with a message that says what to fix', async (args, message) => {
    await expect(cli(...args)).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringContaining(message),
    });
  });
});

describe('time recorded as waiting for the customer', () => {
  it('does not move the 48-hour deadline, as it does not move the escalation', async () => {
    const own = openSqliteStore(':memory:');
    // Opened Sunday 8 March 02:00; waiting for the customer from Monday 02:00.
    const id = await own.transaction((tx) =>
      seedTicket(tx, { created: at(8, 2), patch: { state: 'in_progress', pausedAt: at(9, 2) } }),
    );
    const day = async (d: number) =>
      (await buildReport(own, policy, 'daily', { year: 2026, month: 3, day: d }, ZONE, LATER))
        .figures;
    // Still waiting: due all the same on Tuesday 02:00, and missed.
    expect((await day(10)).overdue.map((o) => [o.id, o.dueAt])).toEqual([[id, at(10, 2)]]);
    // A day of waiting recorded: the deadline stays on Tuesday, Wednesday has none.
    await own.transaction((tx) => tx.updateTicket(id, { pausedAt: null, pausedMs: 24 * HOUR }));
    expect((await day(10)).closedInTime).toEqual({ met: 0, of: 1, rate: 0 });
    expect((await day(11)).closedInTime.of).toBe(0);
    await own.close();
  });
});

describe('an open ticket whose 48 hours have not yet run out', () => {
  it('is neither in time nor missed in the day, week, month and per-person figures', async () => {
    const own = openSqliteStore(':memory:');
    const ticket = (created: number, assigneeId: string, closedAt: number | null) =>
      own.transaction((tx) =>
        seedTicket(tx, {
          created,
          patch: { assigneeId, state: closedAt === null ? 'accepted' : 'closed', closedAt },
        }),
      );
    // Due Wednesday 11 March 08:00, closed the day before: in time.
    await ticket(at(9, 8), 'eng-a', at(10, 9));
    // Due Wednesday 09:00, still open: missed once 09:00 has passed.
    const missed = await ticket(at(9, 9), 'eng-b', null);
    // Due Wednesday 20:00, still open: not decided at 10:00.
    await ticket(at(9, 20), 'eng-c', null);
    // Due Thursday 12 March 12:00, still open: two days ahead of Tuesday.
    await ticket(at(10, 12), 'eng-c', null);

    const wednesday = { year: 2026, month: 3, day: 11 };
    const report = (kind: 'daily' | 'weekly' | 'monthly', now: number) =>
      buildReport(own, policy, kind, wednesday, ZONE, now);

    // Wednesday 10:00: of the two decided, one in time; only the missed one is overdue.
    const morning = at(11, 10);
    const day = (await report('daily', morning)).figures;
    expect(day.closedInTime).toEqual({ met: 1, of: 2, rate: 1 / 2 });
    expect(day.overdue.map((o) => o.id)).toEqual([missed]);
    expect(day.overdueReasons).toEqual({ still_open: 1 });
    expect((await report('weekly', morning)).figures.closedInTime).toEqual({
      met: 1,
      of: 2,
      rate: 1 / 2,
    });
    const month = await report('monthly', morning);
    if (month.kind !== 'monthly') throw new Error('expected a monthly report');
    expect(month.figures.closedInTime).toEqual({ met: 1, of: 2, rate: 1 / 2 });
    expect(month.people.map((p) => [p.personId, p.closedInTime, p.due])).toEqual([
      ['eng-a', 1, 1],
      ['eng-b', 0, 1],
    ]);

    // Friday 13 March: both later deadlines have passed without closure.
    const friday = await report('monthly', at(13, 0));
    if (friday.kind !== 'monthly') throw new Error('expected a monthly report');
    expect(friday.figures.closedInTime).toEqual({ met: 1, of: 4, rate: 1 / 4 });
    expect(friday.figures.overdueReasons).toEqual({ still_open: 3 });
    expect(friday.people.map((p) => [p.personId, p.closedInTime, p.due])).toEqual([
      ['eng-a', 1, 1],
      ['eng-b', 0, 1],
      ['eng-c', 0, 2],
    ]);
    await own.close();
  });
});
