import type { CoreDeps } from '../core/deps.ts';
import type { NeutralMessage } from '../core/messages.ts';
import { record, tellCustomer } from '../core/notify.ts';
import { DEADLINE, scheduleProgress } from '../sla/schedule.ts';
import type { StoreTx } from '../store/types.ts';
import type { StaffMember } from '../team/directory.ts';
import { findTicket } from './find.ts';
import { estimateFrom, mustHold } from './guards.ts';

/**
 * The holder's plan at acceptance: the customer hears the order is received, the plan, the
 * resources and the estimated completion, in their language and time zone.
 */
export async function sendPlan(
  deps: CoreDeps,
  tx: StoreTx,
  member: StaffMember,
  number: number,
  plan: string,
  resources: string,
  estimateText: string,
): Promise<NeutralMessage> {
  const ticket = await findTicket(tx, number);
  mustHold(deps, member, ticket);
  const estimateAt = estimateFrom(deps, member, estimateText);
  const now = deps.clock.now();
  const state = ticket.state === 'handled' ? ticket.state : 'in_progress';
  await tx.updateTicket(number, { plan, estimateAt, state, lastUpdateAt: now, updatedAt: now });
  await record(deps, tx, number, member.id, 'plan_sent', { estimateAt });

  const engineer = deps.directory.get(ticket.assigneeId ?? member.id)?.name ?? member.name;
  await tellCustomer(deps, tx, ticket, (t, when) => ({
    text: t('customer.plan', { number, engineer }),
    fields: [
      { label: t('customer.field.plan'), value: plan },
      ...(resources ? [{ label: t('customer.field.resources'), value: resources }] : []),
      { label: t('customer.field.estimate'), value: when(estimateAt) },
    ],
  }));
  const t = deps.translators.for(member.language);
  return { text: t('commands.plan.done', { number }) };
}

/** A progress note from the holder to the customer; it counts as the period's progress update. */
export async function sendUpdate(
  deps: CoreDeps,
  tx: StoreTx,
  member: StaffMember,
  number: number,
  text: string,
): Promise<NeutralMessage> {
  const ticket = await findTicket(tx, number);
  mustHold(deps, member, ticket);
  const now = deps.clock.now();
  await tx.updateTicket(number, { lastUpdateAt: now, updatedAt: now });
  await record(deps, tx, number, member.id, 'update_sent', { length: text.length });
  await tellCustomer(deps, tx, ticket, (t, when) => ({
    text: t('customer.update', { number }),
    fields: [
      { label: t('customer.field.progress'), value: text },
      ...(ticket.estimateAt
        ? [{ label: t('customer.field.estimate'), value: when(ticket.estimateAt) }]
        : []),
    ],
  }));
  return { text: deps.translators.for(member.language)('commands.update.done', { number }) };
}

/**
 * The loop cannot close in time: the customer hears why and the new estimate, and from then on
 * gets a progress update every period until the ticket closes.
 */
export async function sendDelay(
  deps: CoreDeps,
  tx: StoreTx,
  member: StaffMember,
  number: number,
  reason: string,
  estimateText: string,
): Promise<NeutralMessage> {
  const ticket = await findTicket(tx, number);
  mustHold(deps, member, ticket);
  const estimateAt = estimateFrom(deps, member, estimateText);
  const now = deps.clock.now();
  await tx.updateTicket(number, {
    estimateAt,
    delayNoticeAt: ticket.delayNoticeAt ?? now,
    lastUpdateAt: now,
    updatedAt: now,
  });
  await record(deps, tx, number, member.id, 'delay_notice', { estimateAt, reason });
  await tellCustomer(deps, tx, ticket, (t, when) => ({
    text: t('customer.delay', { number }),
    fields: [
      { label: t('customer.field.reason'), value: reason },
      { label: t('customer.field.estimate'), value: when(estimateAt) },
    ],
  }));
  await tx.cancelDeadlines(number, [DEADLINE.progressUpdate], now);
  await scheduleProgress(deps, tx, number, now + deps.policy.progressEvery);
  return { text: deps.translators.for(member.language)('commands.delay.done', { number }) };
}
