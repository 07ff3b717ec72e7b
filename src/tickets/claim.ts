import type { CoreDeps } from '../core/deps.ts';
import { UserError } from '../core/errors.ts';
import type { NeutralMessage } from '../core/messages.ts';
import type { StoreTx } from '../store/types.ts';
import type { StaffMember } from '../team/directory.ts';
import { findTicket } from './find.ts';

/**
 * Gives the ticket to `member` if nobody holds it. The write is conditional on the ticket still
 * being unheld, so of two claims at once exactly one wins, even across processes; the other is
 * told who has it. Claiming one's own ticket again changes nothing.
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
  if (ticket.assigneeId === member.id)
    return { text: t('commands.claim.already_yours', { number }) };
  if (ticket.assigneeId !== null) throw heldBy(deps, number, ticket.assigneeId);

  const now = deps.clock.now();
  const won = await tx.updateTicket(
    number,
    { assigneeId: member.id, state: 'accepted', acceptedAt: now, updatedAt: now },
    null,
  );
  if (!won) {
    const current = await findTicket(tx, number);
    throw heldBy(deps, number, current.assigneeId ?? '?');
  }
  await tx.appendEvent({
    ticketId: number,
    at: now,
    actor: member.id,
    kind: 'claimed',
    data: { assignee: member.id, from: ticket.state },
  });

  // The customer hears who took the ticket, in the ticket's language.
  const tc = deps.translators.for(ticket.language);
  await tx.enqueue({
    address: { platform: ticket.platform, conversationId: ticket.conversationId },
    recipient: ticket.customerId,
    language: ticket.language,
    ticketId: number,
    message: { text: tc('ticket.claimed', { number, engineer: member.name }) },
    createdAt: now,
  });
  await tx.appendEvent({
    ticketId: number,
    at: now,
    actor: 'system',
    kind: 'customer_notified',
    data: { about: 'claimed' },
  });

  return { text: t('commands.claim.done', { number }) };
}

function heldBy(deps: CoreDeps, number: number, holderId: string): UserError {
  const holder = deps.directory.get(holderId)?.name ?? holderId;
  return new UserError('commands.errors.held_by', { number, holder });
}
