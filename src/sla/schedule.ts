import type { CoreDeps } from '../core/deps.ts';
import type { StoreTx, Ticket } from '../store/types.ts';

/** Every kind of deadline, by step. Each is a row; the scheduler acts on it once when due. */
export const DEADLINE = {
  classifyRemind: 'classify.remind',
  classifyEscalate: 'classify.escalate',
  acceptRemind: 'accept.remind',
  acceptEscalate: 'accept.escalate',
  responseRemind: 'response.remind',
  responseEscalate: 'response.escalate',
  emergencyRemind: 'emergency.remind',
  emergencyEscalate: 'emergency.escalate',
  roomPing: 'room.ping',
  feedbackRemind: 'feedback.remind',
  feedbackEscalate: 'feedback.escalate',
  resolutionRemind: 'resolution.remind',
  resolutionEscalate: 'resolution.escalate',
  progressUpdate: 'progress.update',
  ratingTimeout: 'rating.timeout',
} as const;

async function add(
  deps: CoreDeps,
  tx: StoreTx,
  ticketId: number,
  kind: string,
  dueAt: number,
  data: Record<string, unknown> = {},
): Promise<void> {
  await tx.addDeadline({ ticketId, kind, dueAt, data, createdAt: deps.clock.now() });
}

/** A new ticket: classification within its limit, and the 48-hour resolution clock. */
export async function scheduleCreated(deps: CoreDeps, tx: StoreTx, ticket: Ticket): Promise<void> {
  const { classify, resolution } = deps.policy;
  for (const after of classify.remind) {
    await add(deps, tx, ticket.id, DEADLINE.classifyRemind, ticket.createdAt + after, { after });
  }
  await add(deps, tx, ticket.id, DEADLINE.classifyEscalate, ticket.createdAt + classify.limit);
  for (const after of resolution.remind) {
    await add(deps, tx, ticket.id, DEADLINE.resolutionRemind, ticket.createdAt + after, { after });
  }
  await add(deps, tx, ticket.id, DEADLINE.resolutionEscalate, ticket.createdAt + resolution.limit);
}

/**
 * An urgent ticket: the task force must respond within the limit (reminded at every interval)
 * and handle the emergency within its own limit, both counted from `since`, the moment the ticket
 * became urgent: its creation, or a later reclassification (which must not fire a burst of
 * reminders for time that passed before anyone knew).
 */
export async function scheduleUrgent(
  deps: CoreDeps,
  tx: StoreTx,
  ticket: Ticket,
  since: number,
): Promise<void> {
  const { urgentResponse, emergency } = deps.policy;
  const { every, limit } = urgentResponse;
  for (let after = every; after < limit; after += every) {
    await add(deps, tx, ticket.id, DEADLINE.responseRemind, since + after, { after });
  }
  await add(deps, tx, ticket.id, DEADLINE.responseEscalate, since + limit);
  for (const after of emergency.remind) {
    await add(deps, tx, ticket.id, DEADLINE.emergencyRemind, since + after, { after });
  }
  await add(deps, tx, ticket.id, DEADLINE.emergencyEscalate, since + emergency.limit);
}

/**
 * The acceptance clock from an assignment or offer at `since`. Deadlines carry `since`, so a
 * later reassignment makes the earlier ones moot without having to find them.
 */
export async function scheduleAcceptance(
  deps: CoreDeps,
  tx: StoreTx,
  ticketId: number,
  since: number,
): Promise<void> {
  const { accept } = deps.policy;
  for (const after of accept.remind) {
    await add(deps, tx, ticketId, DEADLINE.acceptRemind, since + after, { since, after });
  }
  await add(deps, tx, ticketId, DEADLINE.acceptEscalate, since + accept.limit, { since });
}

/** Result and precautions must reach the customer within the limit of the ticket being handled. */
export async function scheduleFeedback(
  deps: CoreDeps,
  tx: StoreTx,
  ticketId: number,
  since: number,
): Promise<void> {
  const { feedback } = deps.policy;
  for (const after of feedback.remind) {
    await add(deps, tx, ticketId, DEADLINE.feedbackRemind, since + after, { since, after });
  }
  await add(deps, tx, ticketId, DEADLINE.feedbackEscalate, since + feedback.limit, { since });
}

export async function scheduleRatingTimeout(
  deps: CoreDeps,
  tx: StoreTx,
  ticketId: number,
  since: number,
): Promise<void> {
  await add(deps, tx, ticketId, DEADLINE.ratingTimeout, since + deps.policy.ratingTimeout, {
    since,
  });
}

export async function scheduleProgress(
  deps: CoreDeps,
  tx: StoreTx,
  ticketId: number,
  at: number,
): Promise<void> {
  await add(deps, tx, ticketId, DEADLINE.progressUpdate, at);
}

export async function scheduleRoomPing(
  deps: CoreDeps,
  tx: StoreTx,
  ticketId: number,
  department: string,
  at: number,
): Promise<void> {
  await add(deps, tx, ticketId, DEADLINE.roomPing, at, { department });
}
