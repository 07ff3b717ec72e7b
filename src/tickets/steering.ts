import type { CoreDeps } from '../core/deps.ts';
import { UserError } from '../core/errors.ts';
import type { NeutralMessage } from '../core/messages.ts';
import { record, tellStaff } from '../core/notify.ts';
import { scheduleAcceptance } from '../sla/schedule.ts';
import type { StoreTx } from '../store/types.ts';
import type { StaffMember } from '../team/directory.ts';
import { findTicket } from './find.ts';
import { mustBeOpen, mustHold } from './guards.ts';

/** Gives the ticket to another engineer, who must accept it within the acceptance limit. */
export async function reassignTicket(
  deps: CoreDeps,
  tx: StoreTx,
  member: StaffMember,
  number: number,
  to: string,
): Promise<NeutralMessage> {
  const ticket = await findTicket(tx, number);
  mustHold(deps, member, ticket);
  const target = deps.directory.get(to);
  if (!target || !deps.directory.canClaim(target)) {
    throw new UserError('commands.errors.bad_assignee', { given: to.slice(0, 64) });
  }
  if (target.id === ticket.assigneeId) {
    throw new UserError('commands.errors.held_by', { number, holder: target.name });
  }

  const now = deps.clock.now();
  await tx.updateTicket(number, {
    assigneeId: target.id,
    state: ticket.state === 'handled' ? 'handled' : 'assigned',
    assignedAt: now,
    acceptedAt: null,
    updatedAt: now,
  });
  await record(deps, tx, number, member.id, 'reassigned', {
    from: ticket.assigneeId,
    to: target.id,
  });
  if (ticket.urgency !== 'urgent') await scheduleAcceptance(deps, tx, number, now);
  await tellStaff(deps, tx, [target], number, (t) => ({
    text: t('staff.assigned_to_you', {
      number,
      by: member.name,
      urgency: t(`urgency.${ticket.urgency}`),
      product: ticket.product,
    }),
  }));
  const previous = ticket.assigneeId ? deps.directory.get(ticket.assigneeId) : undefined;
  if (previous && previous.id !== member.id) {
    await tellStaff(deps, tx, [previous], number, (t) => ({
      text: t('staff.reassigned_away', { number, to: target.name }),
    }));
  }
  const t = deps.translators.for(member.language);
  return { text: t('commands.reassign.done', { number, to: target.name }) };
}

/** Raises the ticket to the leads (and, for urgent tickets, the Technical Director) at once. */
export async function escalateTicket(
  deps: CoreDeps,
  tx: StoreTx,
  member: StaffMember,
  number: number,
  reason: string,
): Promise<NeutralMessage> {
  const ticket = await findTicket(tx, number);
  mustBeOpen(ticket);
  const to = [
    ...deps.directory.fieldLeads(ticket.field),
    ...deps.directory.serviceLeads(),
    ...(ticket.urgency === 'urgent' ? deps.directory.withRole('technical_director') : []),
  ].filter((p) => p.id !== member.id);
  await record(deps, tx, number, member.id, 'escalated', {
    step: 'manual',
    reason,
    to: to.map((p) => p.id),
  });
  await tellStaff(deps, tx, to, number, (t) => ({
    text: t('staff.escalated_by', { number, by: member.name, reason: reason || '—' }),
  }));
  const t = deps.translators.for(member.language);
  return { text: t('commands.escalate.done', { number, people: to.length }) };
}

/** Starts or ends a wait for the customer, where the team allows it; the time is recorded. */
export async function pauseTicket(
  deps: CoreDeps,
  tx: StoreTx,
  member: StaffMember,
  number: number,
  pause: boolean,
): Promise<NeutralMessage> {
  if (!deps.policy.pauseAllowed) throw new UserError('commands.errors.pause_off');
  const ticket = await findTicket(tx, number);
  mustHold(deps, member, ticket);
  const now = deps.clock.now();
  const t = deps.translators.for(member.language);
  if (pause) {
    if (ticket.pausedAt !== null) throw new UserError('commands.errors.already_paused', { number });
    await tx.updateTicket(number, { pausedAt: now, updatedAt: now });
    await record(deps, tx, number, member.id, 'paused', {});
    return { text: t('commands.wait.done', { number }) };
  }
  if (ticket.pausedAt === null) throw new UserError('commands.errors.not_paused', { number });
  const pausedMs = ticket.pausedMs + (now - ticket.pausedAt);
  await tx.updateTicket(number, { pausedAt: null, pausedMs, updatedAt: now });
  await record(deps, tx, number, member.id, 'resumed', { pausedMs: now - ticket.pausedAt });
  return { text: t('commands.resume.done', { number, minutes: Math.round(pausedMs / 60_000) }) };
}
