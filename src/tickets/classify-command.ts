import type { CoreDeps } from '../core/deps.ts';
import { UserError } from '../core/errors.ts';
import type { NeutralMessage } from '../core/messages.ts';
import { tellStaff } from '../core/notify.ts';
import type { StoreTx, TicketType, Urgency } from '../store/types.ts';
import type { StaffMember } from '../team/directory.ts';
import { findTicket } from './find.ts';
import { mustTriage } from './guards.ts';
import { dispatchTicket } from './routing.ts';

/** A person sets (or corrects) a ticket's type and urgency; a new ticket becomes classified. */
export async function classifyTicket(
  deps: CoreDeps,
  tx: StoreTx,
  member: StaffMember,
  number: number,
  type: TicketType,
  urgency: Urgency,
): Promise<NeutralMessage> {
  const t = deps.translators.for(member.language);
  mustTriage(deps, member);
  const ticket = await findTicket(tx, number);
  if (ticket.state === 'closed') throw new UserError('commands.errors.closed', { number });

  const now = deps.clock.now();
  const first = ticket.state === 'new';
  await tx.updateTicket(number, {
    type,
    urgency,
    updatedAt: now,
    ...(first ? { state: 'classified' as const, classifiedAt: now } : {}),
  });
  await tx.appendEvent({
    ticketId: number,
    at: now,
    actor: member.id,
    kind: 'classified',
    data: {
      type,
      urgency,
      automatic: false,
      previous: { type: ticket.type, urgency: ticket.urgency },
    },
  });
  const raised = urgency === 'urgent' && ticket.urgency !== 'urgent';
  if (raised && ticket.assigneeId !== null && ticket.acceptedAt === null) {
    // Not yet accepted: the task force takes it now, and the assignee hears why it left them.
    await tx.updateTicket(number, {
      assigneeId: null,
      assignedAt: null,
      state: 'classified',
      updatedAt: now,
    });
    const previous = deps.directory.get(ticket.assigneeId);
    if (previous) {
      await tellStaff(deps, tx, [previous], number, (tp) => ({
        text: tp('staff.raised_to_task_force', { number }),
      }));
    }
  }
  const updated = await findTicket(tx, number);
  if (first || raised) await dispatchTicket(deps, tx, updated);
  return {
    text: t('commands.classify.done', {
      number,
      type: t(`type.${type}`),
      urgency: t(`urgency.${urgency}`),
    }),
  };
}
