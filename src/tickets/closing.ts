import { OVERDUE_REASONS, type OverdueReason } from '../commands/parse.ts';
import type { CoreDeps } from '../core/deps.ts';
import { UserError } from '../core/errors.ts';
import type { NeutralMessage } from '../core/messages.ts';
import { record, tellCustomer, tellStaff } from '../core/notify.ts';
import { DEADLINE, scheduleFeedback, scheduleRatingTimeout } from '../sla/schedule.ts';
import type { StoreTx, Ticket } from '../store/types.ts';
import type { StaffMember } from '../team/directory.ts';
import { findTicket } from './find.ts';
import { mustBeOpen, mustHold } from './guards.ts';

const RATINGS = [1, 2, 3, 4, 5];

/**
 * The holder marks the ticket handled. With a result, it reaches the customer at once with a
 * satisfaction check; without one, the feedback clock starts and reminds the holder.
 */
export async function markHandled(
  deps: CoreDeps,
  tx: StoreTx,
  member: StaffMember,
  number: number,
  result: string,
  precautions: string,
): Promise<NeutralMessage> {
  const ticket = await findTicket(tx, number);
  mustHold(deps, member, ticket);
  const t = deps.translators.for(member.language);
  if (ticket.state === 'handled')
    throw new UserError('commands.errors.already_handled', { number });

  const now = deps.clock.now();
  await tx.updateTicket(number, { state: 'handled', handledAt: now, updatedAt: now });
  await record(deps, tx, number, member.id, 'handled', {});
  if (result) {
    await deliverFeedback(deps, tx, { ...ticket, handledAt: now }, member, result, precautions);
    return { text: t('commands.handled.done_sent', { number }) };
  }
  await scheduleFeedback(deps, tx, number, now);
  return { text: t('commands.handled.done_pending', { number }) };
}

/** Sends the result and precautions of a handled ticket whose feedback is still owed. */
export async function sendFeedback(
  deps: CoreDeps,
  tx: StoreTx,
  member: StaffMember,
  number: number,
  result: string,
  precautions: string,
): Promise<NeutralMessage> {
  const ticket = await findTicket(tx, number);
  mustHold(deps, member, ticket);
  if (ticket.state !== 'handled') throw new UserError('commands.errors.not_handled', { number });
  if (ticket.feedbackAt !== null) throw new UserError('commands.errors.feedback_sent', { number });
  await deliverFeedback(deps, tx, ticket, member, result, precautions);
  return { text: deps.translators.for(member.language)('commands.handled.done_sent', { number }) };
}

async function deliverFeedback(
  deps: CoreDeps,
  tx: StoreTx,
  ticket: Ticket,
  member: StaffMember,
  result: string,
  precautions: string,
): Promise<void> {
  const now = deps.clock.now();
  await tellCustomer(deps, tx, ticket, (t) => ({
    text: t('customer.result', { number: ticket.id }),
    fields: [
      { label: t('customer.field.result'), value: result },
      ...(precautions ? [{ label: t('customer.field.precautions'), value: precautions }] : []),
    ],
  }));
  await tellCustomer(deps, tx, ticket, (t) => ({
    text: t('customer.rate', { number: ticket.id }),
    ask: 'rating',
    choices: RATINGS.map((n) => ({
      label: t('customer.rating_choice', { count: n }),
      value: String(n),
    })),
  }));
  await tx.updateTicket(ticket.id, { feedbackAt: now, lastUpdateAt: now, updatedAt: now });
  await record(deps, tx, ticket.id, member.id, 'feedback_sent', {});
  await scheduleRatingTimeout(deps, tx, ticket.id, now);
}

/**
 * The customer's satisfaction answer (1 to 5). A low one (1 or 2) reopens the ticket to the
 * field lead and leaves it unrated, so the customer can rate the next result; the low rating
 * stays in the timeline. Any other closes it. Returns undefined when the text is not a rating.
 */
export async function rateTicket(
  deps: CoreDeps,
  tx: StoreTx,
  ticket: Ticket,
  text: string,
): Promise<NeutralMessage | undefined> {
  const match = /^([1-5])(?:\s*(?:\/\s*5|★|⭐|星|점|点|點))?$/u.exec(text.normalize('NFKC').trim());
  const stars = /^[★⭐]{1,5}$/u.test(text.trim()) ? [...text.trim()].length : undefined;
  const rating = match?.[1] ? Number(match[1]) : stars;
  if (rating === undefined) return undefined;

  const now = deps.clock.now();
  const t = deps.translators.for(ticket.language);
  await record(deps, tx, ticket.id, 'customer', 'rated', { rating });
  if (rating <= 2) {
    const lead = deps.directory.fieldLeads(ticket.field)[0];
    await reopen(deps, tx, ticket, 'customer', 'low_rating', lead?.id ?? ticket.assigneeId, {
      rating,
    });
    if (lead) {
      await tellStaff(deps, tx, [lead], ticket.id, (ts) => ({
        text: ts('sla.low_rating', { number: ticket.id, rating }),
      }));
    }
    return { text: t('customer.rated_low', { number: ticket.id }) };
  }
  await tx.updateTicket(ticket.id, { rating, state: 'closed', closedAt: now, updatedAt: now });
  await tx.cancelDeadlines(ticket.id, Object.values(DEADLINE), now);
  await record(deps, tx, ticket.id, 'customer', 'closed', { reason: 'rated', rating });
  return { text: t('customer.rated_thanks', { number: ticket.id }) };
}

/** Opens a handled or closed ticket again, for `assignee`, and tells the customer. */
async function reopen(
  deps: CoreDeps,
  tx: StoreTx,
  ticket: Ticket,
  actor: string,
  reason: string,
  assignee: string | null,
  data: Record<string, unknown> = {},
): Promise<void> {
  const now = deps.clock.now();
  await tx.updateTicket(ticket.id, {
    state: assignee ? 'accepted' : 'classified',
    assigneeId: assignee,
    acceptedAt: assignee ? now : null,
    assignedAt: assignee ? now : null,
    handledAt: null,
    feedbackAt: null,
    rating: null,
    closedAt: null,
    updatedAt: now,
  });
  await tx.cancelDeadlines(ticket.id, [DEADLINE.feedbackRemind, DEADLINE.feedbackEscalate], now);
  await tx.cancelDeadlines(ticket.id, [DEADLINE.ratingTimeout], now);
  await record(deps, tx, ticket.id, actor, 'reopened', { reason, assignee, ...data });
  await tellCustomer(deps, tx, ticket, (t) => ({
    text: t('customer.reopened', { number: ticket.id }),
  }));
}

export async function reopenTicket(
  deps: CoreDeps,
  tx: StoreTx,
  member: StaffMember,
  number: number,
  text: string,
): Promise<NeutralMessage> {
  const ticket = await findTicket(tx, number);
  if (ticket.assigneeId !== member.id && !deps.directory.leadsTicket(member, ticket.field)) {
    throw new UserError('commands.errors.leads_only');
  }
  if (ticket.state !== 'closed' && ticket.state !== 'handled') {
    throw new UserError('commands.errors.not_done', { number });
  }
  await reopen(deps, tx, ticket, member.id, text || 'manual', ticket.assigneeId ?? member.id);
  return { text: deps.translators.for(member.language)('commands.reopen.done', { number }) };
}

/**
 * Closes a ticket. Past the resolution deadline, an overdue reason from the fixed list and a
 * few words of explanation are required: they feed the daily statistics.
 */
export async function closeTicket(
  deps: CoreDeps,
  tx: StoreTx,
  member: StaffMember,
  number: number,
  reason: string,
  text: string,
): Promise<NeutralMessage> {
  const ticket = await findTicket(tx, number);
  mustHold(deps, member, ticket);
  mustBeOpen(ticket);
  const now = deps.clock.now();
  const t = deps.translators.for(member.language);
  const overdue = now > ticket.createdAt + deps.policy.resolution.limit;
  const known = (OVERDUE_REASONS as readonly string[]).includes(reason);
  if (overdue && (!known || text.trim() === '')) {
    const reasons = OVERDUE_REASONS.map((r) => `${r} (${t(`overdue_reason.${r}`)})`).join(', ');
    throw new UserError('commands.errors.overdue_reason', { number, reasons });
  }

  await tx.updateTicket(number, {
    state: 'closed',
    closedAt: now,
    updatedAt: now,
    overdueReason: overdue ? (reason as OverdueReason) : null,
  });
  await tx.cancelDeadlines(number, Object.values(DEADLINE), now);
  await record(deps, tx, number, member.id, 'closed', {
    reason: overdue ? reason : 'closed_by_staff',
    overdue,
    ...(overdue ? { details: text } : {}),
  });
  await tellCustomer(deps, tx, ticket, (tc) => ({ text: tc('customer.closed', { number }) }));
  return { text: t('commands.close.done', { number }) };
}
