import type { Policy } from '../sla/policy.ts';
import type { Store, TicketState, Urgency } from '../store/types.ts';
import { zonedParts } from '../time/zoned.ts';
import { figuresFor, resolutionDue } from './figures.ts';
import { type PersonFigures, peopleFor } from './people.ts';
import { dateAt, dateText, daysFrom, monthOf } from './periods.ts';

/** Days of history the dashboard's charts show, ending with today. */
export const DASHBOARD_DAYS = 30;
/** Open tickets listed, oldest deadline first. */
const OPEN_LIMIT = 200;

export interface DashboardData {
  timeZone: string;
  resolutionHours: number;
  /** One entry a day, oldest first: the 48-hour rate (0 to 1) and average satisfaction. */
  days: { date: string; closedInTime: number | null; satisfaction: number | null }[];
  /** Deadlines missed in those days by when they fell due: `missed[weekday][hour]`, Sunday = 0. */
  missed: number[][];
  open: {
    id: number;
    state: TicketState;
    urgency: Urgency;
    ageHours: number;
    next: { kind: string; dueAt: number } | null;
  }[];
  /** This month's per-person figures, with each person's name from the directory. */
  people: (PersonFigures & { name: string })[];
}

/** The figures behind the staff dashboard, as of `now`, with days counted in `timeZone`. */
export async function dashboardData(
  store: Store,
  nameOf: (personId: string) => string,
  policy: Policy,
  timeZone: string,
  now: number,
): Promise<DashboardData> {
  const today = dateAt(now, timeZone);
  const first = { ...today, day: today.day - (DASHBOARD_DAYS - 1) };
  const window = daysFrom(first, DASHBOARD_DAYS, timeZone);
  const month = monthOf(today, timeZone);

  return store.read(async (tx) => {
    const resolution = policy.resolution.limit;
    const days: DashboardData['days'] = [];
    for (let i = 0; i < DASHBOARD_DAYS; i += 1) {
      const day = daysFrom({ ...first, day: first.day + i }, 1, timeZone);
      const tickets = await tx.ticketsForPeriod(day.from, day.to, resolution);
      const f = figuresFor(tickets, day, policy, now);
      days.push({
        date: dateText(dateAt(day.from, timeZone)),
        closedInTime: f.closedInTime.rate,
        satisfaction: f.satisfaction.average,
      });
    }

    const missed = Array.from({ length: 7 }, () => new Array<number>(24).fill(0));
    const windowTickets = await tx.ticketsForPeriod(window.from, window.to, resolution);
    for (const o of figuresFor(windowTickets, window, policy, now).overdue) {
      const { weekday, hour } = zonedParts(o.dueAt, timeZone);
      const row = missed[weekday];
      if (row) row[hour] = (row[hour] ?? 0) + 1;
    }

    const open: DashboardData['open'] = [];
    for (const ticket of await tx.listOpenTickets(OPEN_LIMIT)) {
      const pending = (await tx.listDeadlines(ticket.id)).filter((d) => d.firedAt === null);
      const next = pending.reduce<(typeof pending)[number] | undefined>(
        (soonest, d) => (soonest === undefined || d.dueAt < soonest.dueAt ? d : soonest),
        undefined,
      );
      open.push({
        id: ticket.id,
        state: ticket.state,
        urgency: ticket.urgency,
        ageHours: Math.round(((now - ticket.createdAt) / 3_600_000) * 10) / 10,
        next: next
          ? { kind: next.kind, dueAt: next.dueAt }
          : { kind: 'resolution.escalate', dueAt: resolutionDue(ticket, policy) },
      });
    }
    open.sort((a, b) => (a.next?.dueAt ?? 0) - (b.next?.dueAt ?? 0));

    const monthTickets = await tx.ticketsForPeriod(month.from, month.to, resolution);
    const resolutionHours = Math.round((resolution / 3_600_000) * 10) / 10;
    return {
      timeZone,
      resolutionHours,
      days,
      missed,
      open,
      people: peopleFor(monthTickets, month, policy, now).map((p) => ({
        ...p,
        name: nameOf(p.personId),
      })),
    };
  });
}
