import type { Policy } from '../sla/policy.ts';
import type { Store } from '../store/types.ts';
import { type Figures, figuresFor, type Period } from './figures.ts';
import { type PersonFigures, peopleFor } from './people.ts';
import { type CalendarDate, daysFrom, monthOf, weeksEndingOn } from './periods.ts';

export const REPORT_KINDS = ['daily', 'weekly', 'monthly'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

export type Report =
  | { kind: 'daily'; figures: Figures }
  | { kind: 'weekly'; figures: Figures; previous: Figures[] }
  | { kind: 'monthly'; figures: Figures; people: PersonFigures[] };

async function load(store: Store, period: Period, policy: Policy) {
  return store.read((tx) => tx.ticketsForPeriod(period.from, period.to, policy.resolution.limit));
}

/**
 * Computes a report for the day, week or month that holds `date` in `timeZone`, as known at `now`:
 * an open ticket whose deadline is still ahead is not yet counted as missed.
 */
export async function buildReport(
  store: Store,
  policy: Policy,
  kind: ReportKind,
  date: CalendarDate,
  timeZone: string,
  now: number,
): Promise<Report> {
  if (kind === 'daily') {
    const period = daysFrom(date, 1, timeZone);
    return { kind, figures: figuresFor(await load(store, period, policy), period, policy, now) };
  }
  if (kind === 'weekly') {
    const weeks = weeksEndingOn(date, timeZone);
    const all = await Promise.all(
      weeks.map(async (w) => figuresFor(await load(store, w, policy), w, policy, now)),
    );
    const [figures, ...previous] = all as [Figures, ...Figures[]];
    return { kind, figures, previous };
  }
  const period = monthOf(date, timeZone);
  const tickets = await load(store, period, policy);
  return {
    kind,
    figures: figuresFor(tickets, period, policy, now),
    people: peopleFor(tickets, period, policy, now),
  };
}
