import type { Policy } from '../sla/policy.ts';
import type { ReportTicket } from '../store/types.ts';
import { decided, firstAcceptedAt, type Period, resolutionDue, within } from './figures.ts';

/** One person's month. Every definition is in the README's "Reports" section. */
export interface PersonFigures {
  personId: string;
  /** Tickets this person held when they closed in the period. */
  handled: number;
  /**
   * Of the tickets due in the period that this person held last and whose outcome is known (closed,
   * or past the deadline), how many closed in time.
   */
  closedInTime: number;
  due: number;
  averageRating: number | null;
  rated: number;
  /** Urgent tickets opened in the period that this person accepted, and how many within the limit. */
  urgentAccepted: number;
  urgentInTime: number;
}

/**
 * Per-person figures of `period`, credited to the ticket's holder: the person who closed the
 * loop gets the closure and the rating, and the person who first accepted an urgent ticket gets
 * its first response, whoever holds it later. An open ticket before its deadline counts for no
 * one's 48-hour figure yet. Sorted by person id.
 */
export function peopleFor(
  tickets: readonly ReportTicket[],
  period: Period,
  policy: Policy,
  now: number,
): PersonFigures[] {
  const people = new Map<string, PersonFigures>();
  const person = (id: string): PersonFigures => {
    let figures = people.get(id);
    if (!figures) {
      figures = {
        personId: id,
        handled: 0,
        closedInTime: 0,
        due: 0,
        averageRating: null,
        rated: 0,
        urgentAccepted: 0,
        urgentInTime: 0,
      };
      people.set(id, figures);
    }
    return figures;
  };
  const ratingSums = new Map<string, number>();

  for (const t of tickets) {
    const firstAt = firstAcceptedAt(t);
    const firstBy = t.firstAcceptance?.by ?? t.assigneeId;
    if (t.urgency === 'urgent' && firstAt !== null && firstBy && within(t.createdAt, period)) {
      const p = person(firstBy);
      p.urgentAccepted += 1;
      if (firstAt - t.createdAt <= policy.urgentResponse.limit) p.urgentInTime += 1;
    }
    if (t.assigneeId === null) continue;
    const p = person(t.assigneeId);
    if (t.closedAt !== null && within(t.closedAt, period)) {
      p.handled += 1;
      if (t.rating !== null) {
        p.rated += 1;
        ratingSums.set(p.personId, (ratingSums.get(p.personId) ?? 0) + t.rating);
      }
    }
    const due = resolutionDue(t, policy);
    if (within(due, period) && decided(t, policy, now)) {
      p.due += 1;
      if (t.closedAt !== null && t.closedAt <= due) p.closedInTime += 1;
    }
  }
  for (const p of people.values()) {
    if (p.rated > 0) p.averageRating = (ratingSums.get(p.personId) ?? 0) / p.rated;
  }
  return [...people.values()]
    .filter((p) => p.handled + p.due + p.urgentAccepted > 0)
    .sort((a, b) => a.personId.localeCompare(b.personId));
}
