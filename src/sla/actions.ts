import type { CoreDeps } from '../core/deps.ts';
import { record, tellCustomer, tellStaff } from '../core/notify.ts';
import type { Deadline, StoreTx, Ticket } from '../store/types.ts';
import type { StaffMember } from '../team/directory.ts';
import { groupHeads, groupMembers, groupName, postToRoom } from '../tickets/room.ts';
import { assign } from '../tickets/routing.ts';
import { DEADLINE, scheduleProgress, scheduleRoomPing } from './schedule.ts';

export type Outcome = 'acted' | 'skipped';
type Action = (deps: CoreDeps, tx: StoreTx, ticket: Ticket, deadline: Deadline) => Promise<Outcome>;

const open = (ticket: Ticket) => ticket.state !== 'closed';
/** Handled with the result sent: the team's side of the loop is closed; the rating may follow. */
const resultSent = (ticket: Ticket) => ticket.state === 'handled' && ticket.feedbackAt !== null;
const awaitingAcceptance = (ticket: Ticket, deadline: Deadline) =>
  open(ticket) &&
  ticket.acceptedAt === null &&
  ticket.urgency !== 'urgent' &&
  ticket.assignedAt === deadline.data.since;
const awaitingResponse = (ticket: Ticket) =>
  open(ticket) && ticket.urgency === 'urgent' && ticket.acceptedAt === null;
const awaitingFeedback = (ticket: Ticket, deadline: Deadline) =>
  open(ticket) && ticket.feedbackAt === null && ticket.handledAt === deadline.data.since;

function holder(deps: CoreDeps, ticket: Ticket): StaffMember[] {
  const member = ticket.assigneeId ? deps.directory.get(ticket.assigneeId) : undefined;
  return member ? [member] : [];
}

/** Tells `to` about the deadline with `key`, and records it in the timeline as `kind`. */
async function notice(
  deps: CoreDeps,
  tx: StoreTx,
  ticket: Ticket,
  to: StaffMember[],
  key: string,
  kind: 'reminded' | 'escalated',
  step: string,
): Promise<Outcome> {
  await tellStaff(deps, tx, to, ticket.id, (t, when) => ({
    text: t(key, {
      number: ticket.id,
      urgency: t(`urgency.${ticket.urgency}`),
      product: ticket.product,
      deadline: when(ticket.createdAt + deps.policy.resolution.limit),
      assignee: ticket.assigneeId
        ? (deps.directory.get(ticket.assigneeId)?.name ?? ticket.assigneeId)
        : t('commands.nobody'),
    }),
  }));
  await record(deps, tx, ticket.id, 'system', kind, {
    step,
    to: [...new Set(to.map((m) => m.id))],
  });
  return 'acted';
}

/**
 * What each kind of deadline does when it falls due. Each first re-reads the ticket's state and
 * does nothing (skipped) if the ticket has moved on, so a late or repeated tick is harmless.
 */
export const ACTIONS: Record<string, Action> = {
  [DEADLINE.classifyRemind]: async (deps, tx, ticket) =>
    ticket.classifiedAt !== null || !open(ticket)
      ? 'skipped'
      : notice(
          deps,
          tx,
          ticket,
          deps.directory.triage(),
          'sla.classify_remind',
          'reminded',
          'classify',
        ),

  [DEADLINE.classifyEscalate]: async (deps, tx, ticket) =>
    ticket.classifiedAt !== null || !open(ticket)
      ? 'skipped'
      : notice(
          deps,
          tx,
          ticket,
          deps.directory.serviceLeads(),
          'sla.classify_escalate',
          'escalated',
          'classify',
        ),

  [DEADLINE.acceptRemind]: async (deps, tx, ticket, deadline) =>
    awaitingAcceptance(ticket, deadline)
      ? notice(deps, tx, ticket, holder(deps, ticket), 'sla.accept_remind', 'reminded', 'accept')
      : 'skipped',

  [DEADLINE.acceptEscalate]: async (deps, tx, ticket, deadline) => {
    if (!awaitingAcceptance(ticket, deadline)) return 'skipped';
    // The ticket moves on to the next candidate; the lead hears who let it lapse and who has it.
    const lapsed = (await tx.listEvents(ticket.id))
      .filter((e) => e.kind === 'assigned' || e.kind === 'reassigned')
      .map((e) => String(e.data.to));
    const next = await assign(deps, tx, ticket, new Set(lapsed));
    const before = ticket.assigneeId ? deps.directory.get(ticket.assigneeId) : undefined;
    await tellStaff(deps, tx, deps.directory.fieldLeads(ticket.field), ticket.id, (t) => ({
      text: t('sla.accept_escalate', {
        number: ticket.id,
        urgency: t(`urgency.${ticket.urgency}`),
        product: ticket.product,
        from: before?.name ?? t('commands.nobody'),
        to: next.name,
      }),
    }));
    await record(deps, tx, ticket.id, 'system', 'escalated', {
      step: 'accept',
      to: deps.directory.fieldLeads(ticket.field).map((p) => p.id),
      next: next.id,
    });
    return 'acted';
  },

  [DEADLINE.responseRemind]: async (deps, tx, ticket) =>
    awaitingResponse(ticket)
      ? notice(
          deps,
          tx,
          ticket,
          deps.directory.taskForce(),
          'sla.urgent_remind',
          'reminded',
          'response',
        )
      : 'skipped',

  [DEADLINE.responseEscalate]: async (deps, tx, ticket) =>
    awaitingResponse(ticket)
      ? notice(
          deps,
          tx,
          ticket,
          [...deps.directory.serviceLeads(), ...deps.directory.withRole('technical_director')],
          'sla.urgent_escalate',
          'escalated',
          'response',
        )
      : 'skipped',

  [DEADLINE.emergencyRemind]: async (deps, tx, ticket) =>
    open(ticket) && ticket.urgency === 'urgent' && ticket.handledAt === null
      ? notice(
          deps,
          tx,
          ticket,
          holder(deps, ticket).length > 0 ? holder(deps, ticket) : deps.directory.taskForce(),
          'sla.emergency_remind',
          'reminded',
          'emergency',
        )
      : 'skipped',

  [DEADLINE.emergencyEscalate]: async (deps, tx, ticket) =>
    open(ticket) && ticket.urgency === 'urgent' && ticket.handledAt === null
      ? notice(
          deps,
          tx,
          ticket,
          [...deps.directory.serviceLeads(), ...deps.directory.withRole('technical_director')],
          'sla.emergency_escalate',
          'escalated',
          'emergency',
        )
      : 'skipped',

  [DEADLINE.feedbackRemind]: async (deps, tx, ticket, deadline) =>
    awaitingFeedback(ticket, deadline)
      ? notice(
          deps,
          tx,
          ticket,
          holder(deps, ticket),
          'sla.feedback_remind',
          'reminded',
          'feedback',
        )
      : 'skipped',

  [DEADLINE.feedbackEscalate]: async (deps, tx, ticket, deadline) =>
    awaitingFeedback(ticket, deadline)
      ? notice(
          deps,
          tx,
          ticket,
          [...deps.directory.fieldLeads(ticket.field), ...holder(deps, ticket)],
          'sla.feedback_escalate',
          'escalated',
          'feedback',
        )
      : 'skipped',

  [DEADLINE.resolutionRemind]: async (deps, tx, ticket) =>
    open(ticket) && !resultSent(ticket) && ticket.delayNoticeAt === null
      ? notice(
          deps,
          tx,
          ticket,
          [...holder(deps, ticket), ...deps.directory.fieldLeads(ticket.field)],
          'sla.delay_remind',
          'reminded',
          'resolution',
        )
      : 'skipped',

  [DEADLINE.resolutionEscalate]: async (deps, tx, ticket) =>
    open(ticket) && !resultSent(ticket)
      ? notice(
          deps,
          tx,
          ticket,
          [...deps.directory.serviceLeads(), ...holder(deps, ticket)],
          'sla.resolution_escalate',
          'escalated',
          'resolution',
        )
      : 'skipped',

  [DEADLINE.roomPing]: async (deps, tx, ticket, deadline) => {
    const department = String(deadline.data.department);
    const entry = (await tx.listRoom(ticket.id)).find((d) => d.department === department);
    if (!open(ticket) || !entry || entry.confirmedAt !== null) return 'skipped';

    const pings = await tx.pingRoom(ticket.id, department);
    const members = groupMembers(deps, department);
    await postToRoom(
      deps,
      tx,
      ticket.id,
      members,
      (t) => ({
        text: t('sla.room_ping', {
          number: ticket.id,
          department: groupName(deps, department, t),
          times: pings,
        }),
        choices: [{ label: t('commands.confirm.button'), value: `/ticket confirm ${ticket.id}` }],
      }),
      members,
    );
    await record(deps, tx, ticket.id, 'system', 'room_pinged', { department, pings });
    if (pings === deps.policy.room.pings) {
      await notice(
        deps,
        tx,
        ticket,
        groupHeads(deps, department),
        'sla.room_escalate',
        'escalated',
        `room:${department}`,
      );
    }
    await scheduleRoomPing(
      deps,
      tx,
      ticket.id,
      department,
      deadline.dueAt + deps.policy.room.every,
    );
    return 'acted';
  },

  [DEADLINE.progressUpdate]: async (deps, tx, ticket, deadline) => {
    if (!open(ticket) || resultSent(ticket) || ticket.delayNoticeAt === null) return 'skipped';
    const every = deps.policy.progressEvery;
    // An update the engineer sent within the period counts: the next one is due a period later.
    if (ticket.lastUpdateAt !== null && ticket.lastUpdateAt > deadline.dueAt - every) {
      await scheduleProgress(deps, tx, ticket.id, ticket.lastUpdateAt + every);
      return 'skipped';
    }
    const now = deps.clock.now();
    await tellCustomer(deps, tx, ticket, (t, when) => ({
      text: t('customer.progress_auto', {
        number: ticket.id,
        estimate: ticket.estimateAt ? when(ticket.estimateAt) : t('customer.no_estimate'),
      }),
    }));
    await tx.updateTicket(ticket.id, { lastUpdateAt: now, updatedAt: now });
    await record(deps, tx, ticket.id, 'system', 'progress_sent', { automatic: true });
    await tellStaff(deps, tx, holder(deps, ticket), ticket.id, (t) => ({
      text: t('sla.progress_sent', { number: ticket.id }),
    }));
    await scheduleProgress(deps, tx, ticket.id, deadline.dueAt + every);
    return 'acted';
  },

  [DEADLINE.ratingTimeout]: async (deps, tx, ticket, deadline) => {
    if (ticket.state !== 'handled' || ticket.rating !== null) return 'skipped';
    if (ticket.feedbackAt !== deadline.data.since) return 'skipped';
    const now = deps.clock.now();
    await tx.updateTicket(ticket.id, { state: 'closed', closedAt: now, updatedAt: now });
    await record(deps, tx, ticket.id, 'system', 'closed', { reason: 'no_rating' });
    await tellCustomer(deps, tx, ticket, (t) => ({
      text: t('customer.closed_unrated', { number: ticket.id }),
    }));
    return 'acted';
  },
};
