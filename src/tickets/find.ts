import { UserError } from '../core/errors.ts';
import type { StoreTx, Ticket } from '../store/types.ts';

/** The ticket with that number, or a refusal the staff member can act on. */
export async function findTicket(tx: StoreTx, number: number): Promise<Ticket> {
  const ticket = await tx.getTicket(number);
  if (!ticket) throw new UserError('commands.errors.no_ticket', { number });
  return ticket;
}
