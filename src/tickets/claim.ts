import type { CoreDeps } from '../core/deps.ts';
import { UserError } from '../core/errors.ts';
import type { NeutralMessage } from '../core/messages.ts';
import { record, tellCustomer } from '../core/notify.ts';
import { DEADLINE } from '../sla/schedule.ts';
import type { StoreTx } from '../store/types.ts';
import type { StaffMember } from '../team/directory.ts';
import { findTicket } from './find.ts';
import { mustBeAbleToTake } from './guards.ts';
import { TASK_FORCE_ROOM } from './room.ts';

/** Deadlines that end when someone accepts the ticket. */
const ACCEPTANCE = [
  DEADLINE.acceptRemind,
  DEADLINE.acceptEscalate,
  DEADLINE.responseRemind,
  DEADLINE.responseEscalate,
];

/**
 * Gives the ticket to `member` if nobody holds it, or accepts it if it was assigned to them. The
 * write is conditional on the holder being unchanged, so of two claims at once exactly one wins,
 * even across processes; the other is told who has it. Claiming one's own ticket again is a no-op.
 */
export async function claimTicket(
  deps: CoreDeps,
  tx: StoreTx,
  member: StaffMember,
  number: number,
): Promise<NeutralMessage> {
  const t = deps.translators.for(member.language);
  if (!deps.directory.canClaim(member)) throw new UserError('commands.errors.cannot_claim');

  const ticket = await findTicket(tx, number);
  if (ticket.state === 'closed') throw new UserError('commands.errors.closed', { number });
  mustBeAbleToTake(deps, member, ticket);
  const mine = ticket.assigneeId === member.id;
  if (mine && ticket.acceptedAt !== null) {
    return { text: t('commands.claim.already_yours', { number }) };
  }
  if (!mine && ticket.assigneeId !== null) throw heldBy(deps, number, ticket.assigneeId);

  const now = deps.clock.now();
  const won = await tx.updateTicket(
    number,
    {
      assigneeId: member.id,
      state: ticket.state === 'handled' ? 'handled' : 'accepted',
      assignedAt: ticket.assignedAt ?? now,
      acceptedAt: now,
      updatedAt: now,
    },
    mine ? member.id : null,
  );
  if (!won) {
    const current = await findTicket(tx, number);
    throw heldBy(deps, number, current.assigneeId ?? '?');
  }
  await tx.cancelDeadlines(number, ACCEPTANCE, now);
  // A task force member taking an urgent ticket is the task force answering its room.
  if (deps.directory.taskForce().some((p) => p.id === member.id)) {
    if (await tx.confirmRoom(number, TASK_FORCE_ROOM, member.id, now)) {
      await record(deps, tx, number, member.id, 'room_confirmed', { department: TASK_FORCE_ROOM });
    }
  }
  await record(deps, tx, number, member.id, mine ? 'accepted' : 'claimed', {
    assignee: member.id,
    from: ticket.state,
  });

  // The customer hears who took the ticket, in the ticket's language.
  await tellCustomer(deps, tx, ticket, (tc) => ({
    text: tc('ticket.claimed', { number, engineer: member.name }),
  }));
  await record(deps, tx, number, 'system', 'customer_notified', { about: 'claimed' });
  return { text: t('commands.claim.done', { number }) };
}

function heldBy(deps: CoreDeps, number: number, holderId: string): UserError {
  const holder = deps.directory.get(holderId)?.name ?? holderId;
  return new UserError('commands.errors.held_by', { number, holder });
}
