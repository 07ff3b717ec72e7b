import type { CoreDeps } from '../core/deps.ts';
import { UserError } from '../core/errors.ts';
import type { Ticket } from '../store/types.ts';
import type { StaffMember } from '../team/directory.ts';
import { parseWhen } from '../time/when.ts';

export function mustBeOpen(ticket: Ticket): void {
  if (ticket.state === 'closed')
    throw new UserError('commands.errors.closed', { number: ticket.id });
}

/** Only the ticket's holder, or a lead of its field (service lead, Technical Director), works it. */
export function mustHold(deps: CoreDeps, member: StaffMember, ticket: Ticket): void {
  mustBeOpen(ticket);
  if (ticket.assigneeId === member.id || deps.directory.leadsTicket(member, ticket.field)) return;
  if (ticket.assigneeId === null) {
    throw new UserError('commands.errors.claim_first', { number: ticket.id });
  }
  const holder = deps.directory.get(ticket.assigneeId)?.name ?? ticket.assigneeId;
  throw new UserError('commands.errors.holder_only', { number: ticket.id, holder });
}

/** Classifying is triage's work, and the leads'. */
export function mustTriage(deps: CoreDeps, member: StaffMember): void {
  const triage = member.roles.some((r) => r === 'customer_service' || r === 'administrator');
  if (triage || deps.directory.isLead(member)) return;
  throw new UserError('commands.errors.triage_only');
}

/**
 * Engineers take tickets of their own fields; the task force takes any urgent ticket; leads take
 * any ticket of the fields they lead.
 */
export function mustBeAbleToTake(deps: CoreDeps, member: StaffMember, ticket: Ticket): void {
  if (!deps.directory.canClaim(member)) throw new UserError('commands.errors.cannot_claim');
  if (ticket.field === null || member.fields.includes(ticket.field)) return;
  if (deps.directory.leadsTicket(member, ticket.field)) return;
  if (ticket.urgency === 'urgent' && deps.directory.taskForce().some((p) => p.id === member.id)) {
    return;
  }
  const field = deps.directory.fields().find((f) => f.id === ticket.field)?.name ?? ticket.field;
  throw new UserError('commands.errors.not_your_field', { number: ticket.id, field });
}

/** No estimate lies further ahead than this: a year is already a sign of a typo. */
const MAX_ESTIMATE_MS = 366 * 24 * 60 * 60 * 1000;

/** An estimate typed by a staff member, in their time zone; it must lie in the future. */
export function estimateFrom(deps: CoreDeps, member: StaffMember, text: string): number {
  const now = deps.clock.now();
  const at = parseWhen(text, now, member.timeZone);
  if (at === undefined)
    throw new UserError('commands.errors.bad_estimate', { given: text.slice(0, 60) });
  if (at <= now) throw new UserError('commands.errors.estimate_past', { given: text.slice(0, 60) });
  if (at > now + MAX_ESTIMATE_MS) {
    throw new UserError('commands.errors.estimate_far', { given: text.slice(0, 60) });
  }
  return at;
}
