import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { HOUR } from '../../src/core/clock.ts';
import { buildReport } from '../../src/reports/report.ts';
import { policyFrom } from '../../src/sla/policy.ts';
import { openSqliteStore } from '../../src/store/sqlite.ts';
import type { Store, Ticket } from '../../src/store/types.ts';
import { seedTicket } from '../support/tickets.ts';

const policy = policyFrom(loadConfig({}));
/** When the reports are run: after every ticket of the month has closed. */
const LATER = Date.UTC(2026, 3, 10);
let store: Store;

/**
 * March 2026 in UTC: three tickets a day, opened at 09:00. The first of each day is closed by
 * eng-a after 24 hours and rated 5; the second by eng-b at exactly 48 hours, rated 3; the third
 * by eng-b 60 hours after opening, late for want of parts, with no rating. The third is
 * reassigned two hours in; its acceptance is timed from that assignment.
 */
function outcome(opened: number, kind: number): Partial<Ticket> {
  const closedAfter = [24, 48, 60][kind] ?? 24;
  return {
    state: 'closed',
    classifiedAt: opened + 0.1 * HOUR,
    assignedAt: opened + (kind === 2 ? 2 : 0.1) * HOUR,
    acceptedAt: opened + (kind === 2 ? 2.2 : 0.3) * HOUR,
    assigneeId: kind === 0 ? 'eng-a' : 'eng-b',
    closedAt: opened + closedAfter * HOUR,
    rating: kind === 0 ? 5 : kind === 1 ? 3 : null,
    overdueReason: kind === 2 ? 'parts_shortage' : null,
  };
}

beforeAll(async () => {
  store = openSqliteStore(':memory:');
  await store.transaction(async (tx) => {
    for (let day = 1; day <= 31; day += 1) {
      for (let kind = 0; kind < 3; kind += 1) {
        const opened = Date.UTC(2026, 2, day, 9);
        await seedTicket(tx, { created: opened, patch: outcome(opened, kind) });
      }
    }
  });
});

afterAll(() => store.close());

describe('a month of tickets', () => {
  it('gives the monthly figures worked out by hand', async () => {
    const report = await buildReport(
      store,
      policy,
      'monthly',
      { year: 2026, month: 3, day: 20 },
      'UTC',
      LATER,
    );
    if (report.kind !== 'monthly') throw new Error('expected a monthly report');
    const f = report.figures;
    expect(f.opened).toBe(93);
    // Closed in March: the first kind opened 1-30 March, the others opened 1-29 March.
    expect(f.closed).toBe(30 + 29 + 29);
    // Due in March: everything opened 1-29 March; two of each day's three in time.
    expect(f.closedInTime).toEqual({ met: 58, of: 87, rate: 58 / 87 });
    expect(f.overdueReasons).toEqual({ parts_shortage: 29 });
    expect(f.satisfaction).toEqual({
      rated: 59,
      closed: 88,
      responseRate: 59 / 88,
      average: (30 * 5 + 29 * 3) / 59,
      distribution: [0, 0, 29, 0, 30],
    });
    expect(f.classifiedInTime).toEqual({ met: 93, of: 93, rate: 1 });
    // Accepted 12 minutes after assignment each time, the reassigned ones included.
    expect(f.acceptedInTime).toEqual({ met: 93, of: 93, rate: 1 });
    expect(
      report.people.map((p) => [
        p.personId,
        p.handled,
        p.closedInTime,
        p.due,
        p.rated,
        p.averageRating,
      ]),
    ).toEqual([
      ['eng-a', 30, 29, 29, 30, 5],
      ['eng-b', 58, 29, 58, 29, 3],
    ]);
  });

  it('gives the daily figures of a day in the middle', async () => {
    const { figures: f } = await buildReport(
      store,
      policy,
      'daily',
      { year: 2026, month: 3, day: 15 },
      'UTC',
      LATER,
    );
    expect([f.opened, f.closed]).toEqual([3, 3]);
    expect(f.closedInTime).toEqual({ met: 2, of: 3, rate: 2 / 3 });
    expect(f.overdue).toHaveLength(1);
    expect(f.satisfaction.average).toBe(4);
  });

  it('sets a week against the four before it, the first of them partly before March', async () => {
    const report = await buildReport(
      store,
      policy,
      'weekly',
      { year: 2026, month: 3, day: 15 },
      'UTC',
      LATER,
    );
    if (report.kind !== 'weekly') throw new Error('expected a weekly report');
    // 9-15 March: 21 opened; closed: the first kind opened 8-14, the others opened 7-13.
    expect([report.figures.opened, report.figures.closed]).toEqual([21, 21]);
    expect(report.figures.closedInTime).toEqual({ met: 14, of: 21, rate: 2 / 3 });
    // 2-8 March: 21 opened; closed: the first kind opened 1-7, the others opened 1-6 (none before March).
    const [before] = report.previous;
    expect([before?.opened, before?.closed]).toEqual([21, 7 + 6 + 6]);
    expect(before?.closedInTime).toEqual({ met: 12, of: 18, rate: 12 / 18 });
    // 23 February - 1 March: only 1 March's three tickets.
    expect(report.previous[1]?.opened).toBe(3);
    expect(report.previous[2]?.opened).toBe(0);
  });
});
