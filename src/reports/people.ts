import type { Policy } from '../sla/policy.ts';
import type { Ticket } from '../store/types.ts';
import { type Period, resolutionDue } from './figures.ts';

/** One person's month. Every definition is in the README's "Reports" section. */
export interface PersonFigures {
  personId: string;
  /** Tickets this person held when they closed in the period. */
  handled: number;
  /** Of the tickets due in the period that this person held last, how many closed in time. */
  closedInTime: number;
  due: number;
  averageRating: number | null;
  rated: number;
  /** Urgent tickets opened in the period that this person accepted, and how many within the limit. */
  urgentAccepted: number;
  urgentInTime: number;
}

const within = (at: number, period: Period): boolean => at >= period.from && at < period.to;

/**
 * Per-person figures of `period`, credited to the ticket's holder: the person who closed the
 * loop gets the closure and the rating, and the person holding an urgent ticket when it was
 * accepted gets its first response. Sorted by person id.
 */
export function peopleFor(
  tickets: readonly Ticket[],
  period: Period,
  policy: Policy,
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
    if (within(due, period)) {
      p.due += 1;
      if (t.closedAt !== null && t.closedAt <= due) p.closedInTime += 1;
    }
    if (t.urgency === 'urgent' && t.acceptedAt !== null && within(t.createdAt, period)) {
      p.urgentAccepted += 1;
      if (t.acceptedAt - t.createdAt <= policy.urgentResponse.limit) p.urgentInTime += 1;
    }
  }
  for (const p of people.values()) {
    if (p.rated > 0) p.averageRating = (ratingSums.get(p.personId) ?? 0) / p.rated;
  }
  return [...people.values()]
    .filter((p) => p.handled + p.due + p.urgentAccepted > 0)
    .sort((a, b) => a.personId.localeCompare(b.personId));
}
