import type { CoreDeps } from '../core/deps.ts';
import { UserError } from '../core/errors.ts';
import type { Ticket } from '../store/types.ts';
import type { StaffMember } from '../team/directory.ts';
import { parseWhen } from '../time/when.ts';

export function mustBeOpen(ticket: Ticket): void {
  if (ticket.state === 'closed')
    throw new UserError('commands.errors.closed', { number: ticket.id });
}

/** Only the ticket's holder, or a lead, may work on it. */
export function mustHold(deps: CoreDeps, member: StaffMember, ticket: Ticket): void {
  mustBeOpen(ticket);
  if (ticket.assigneeId === member.id || deps.directory.isLead(member)) return;
  if (ticket.assigneeId === null) {
    throw new UserError('commands.errors.claim_first', { number: ticket.id });
  }
  const holder = deps.directory.get(ticket.assigneeId)?.name ?? ticket.assigneeId;
  throw new UserError('commands.errors.held_by', { number: ticket.id, holder });
}

/** An estimate typed by a staff member, in their time zone; it must lie in the future. */
export function estimateFrom(deps: CoreDeps, member: StaffMember, text: string): number {
  const now = deps.clock.now();
  const at = parseWhen(text, now, member.timeZone);
  if (at === undefined)
    throw new UserError('commands.errors.bad_estimate', { given: text.slice(0, 60) });
  if (at <= now) throw new UserError('commands.errors.estimate_past', { given: text.slice(0, 60) });
  return at;
}
