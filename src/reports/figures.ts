import type { Policy } from '../sla/policy.ts';
import type { ReportTicket, Ticket } from '../store/types.ts';
import { type Region, regionOf } from '../team/regions.ts';

/** A half-open span of time, [from, to), in epoch milliseconds. */
export interface Period {
  from: number;
  to: number;
}

/** A share: how many of how many met the mark. `rate` is null when nothing was measured. */
export interface Share {
  met: number;
  of: number;
  rate: number | null;
}

export interface Satisfaction {
  /** Tickets closed in the period that the customer rated. */
  rated: number;
  /** Tickets closed in the period: the denominator of the response rate. */
  closed: number;
  responseRate: number | null;
  average: number | null;
  /** Count of ratings 1 to 5, at index 0 to 4. */
  distribution: [number, number, number, number, number];
}

export interface Overdue {
  id: number;
  dueAt: number;
  closedAt: number | null;
  reason: string | null;
}

/** The figures of one period. Every definition is in the README's "Reports" section. */
export interface Figures {
  period: Period;
  opened: number;
  closed: number;
  closedInTime: Share;
  classifiedInTime: Share;
  acceptedInTime: Share;
  urgentRespondedInTime: Share;
  satisfaction: Satisfaction;
  overdue: Overdue[];
  /** Overdue tickets counted by reason: the closing reason code, or `still_open`. */
  overdueReasons: Record<string, number>;
  byType: Record<string, number>;
  byUrgency: Record<string, number>;
  byRegion: Partial<Record<Region, number>>;
}

/** Whether `at` falls in the period. */
export const within = (at: number, period: Period): boolean => at >= period.from && at < period.to;

function share(met: number, of: number): Share {
  return { met, of, rate: of === 0 ? null : met / of };
}

function count(into: Record<string, number>, key: string): void {
  into[key] = (into[key] ?? 0) + 1;
}

/**
 * When the ticket's loop had to be closed: 48 hours (by default) after it opened. Time recorded as
 * waiting for the customer does not move it, as it does not move the escalation the bot sends.
 */
export function resolutionDue(ticket: Ticket, policy: Policy): number {
  return ticket.createdAt + policy.resolution.limit;
}

/** When the ticket was first accepted: from the timeline, else (older records) the ticket row. */
export function firstAcceptedAt(ticket: ReportTicket): number | null {
  return ticket.firstAcceptance?.at ?? ticket.acceptedAt;
}

/**
 * Whether the ticket's 48-hour outcome is known at `now`: it closed, or its deadline has passed
 * without closure. An open ticket before its deadline is neither in time nor missed yet.
 */
export function decided(ticket: Ticket, policy: Policy, now: number): boolean {
  return ticket.closedAt !== null || resolutionDue(ticket, policy) < now;
}

/**
 * The figures of `period` from the tickets' milestone records, as known at `now`. `tickets` may
 * hold tickets outside the period; each is counted at most once in each figure.
 */
export function figuresFor(
  tickets: readonly ReportTicket[],
  period: Period,
  policy: Policy,
  now: number,
): Figures {
  const opened = tickets.filter((t) => within(t.createdAt, period));
  const closed = tickets.filter((t) => t.closedAt !== null && within(t.closedAt, period));
  const due = tickets.filter(
    (t) => within(resolutionDue(t, policy), period) && decided(t, policy, now),
  );

  const inTime = due.filter((t) => t.closedAt !== null && t.closedAt <= resolutionDue(t, policy));
  const late = new Set(due);
  for (const t of inTime) late.delete(t);
  const overdue = [...late].map((t) => ({
    id: t.id,
    dueAt: resolutionDue(t, policy),
    closedAt: t.closedAt,
    reason: t.overdueReason,
  }));
  const overdueReasons: Record<string, number> = {};
  for (const o of overdue) {
    count(overdueReasons, o.closedAt === null ? 'still_open' : (o.reason ?? 'other'));
  }

  const classified = opened.filter(
    (t) => t.classifiedAt !== null && t.classifiedAt - t.createdAt <= policy.classify.limit,
  );
  const routine = opened.filter((t) => t.urgency !== 'urgent' && t.assignedAt !== null);
  const accepted = routine.filter(
    (t) =>
      t.acceptedAt !== null &&
      t.assignedAt !== null &&
      t.acceptedAt - t.assignedAt <= policy.accept.limit,
  );
  const urgent = opened.filter((t) => t.urgency === 'urgent');
  const responded = urgent.filter((t) => {
    const first = firstAcceptedAt(t);
    return first !== null && first - t.createdAt <= policy.urgentResponse.limit;
  });

  const byType: Record<string, number> = {};
  const byUrgency: Record<string, number> = {};
  const byRegion: Partial<Record<Region, number>> = {};
  for (const t of opened) {
    count(byType, t.type ?? 'unclassified');
    count(byUrgency, t.urgency);
    count(byRegion, regionOf(t.country));
  }

  return {
    period,
    opened: opened.length,
    closed: closed.length,
    closedInTime: share(inTime.length, due.length),
    classifiedInTime: share(classified.length, opened.length),
    acceptedInTime: share(accepted.length, routine.length),
    urgentRespondedInTime: share(responded.length, urgent.length),
    satisfaction: satisfactionOf(closed),
    overdue,
    overdueReasons,
    byType,
    byUrgency,
    byRegion,
  };
}

function satisfactionOf(closed: readonly Ticket[]): Satisfaction {
  const ratings = closed.flatMap((t) => (t.rating === null ? [] : [t.rating]));
  const distribution: Satisfaction['distribution'] = [0, 0, 0, 0, 0];
  for (const r of ratings) distribution[r - 1] = (distribution[r - 1] ?? 0) + 1;
  const total = ratings.reduce((sum, r) => sum + r, 0);
  return {
    rated: ratings.length,
    closed: closed.length,
    responseRate: closed.length === 0 ? null : ratings.length / closed.length,
    average: ratings.length === 0 ? null : total / ratings.length,
    distribution,
  };
}
