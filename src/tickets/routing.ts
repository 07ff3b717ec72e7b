import type { CoreDeps } from '../core/deps.ts';
import { record, tellStaff } from '../core/notify.ts';
import { countryName } from '../intake/country.ts';
import { scheduleAcceptance, scheduleUrgent } from '../sla/schedule.ts';
import type { StoreTx, Ticket } from '../store/types.ts';

/**
 * Puts a classified ticket in front of the people who must take it. Urgent: the Technical
 * Director's task force is paged together at once. Otherwise it is offered to the engineers and
 * the acceptance clock starts.
 */
export async function dispatchTicket(deps: CoreDeps, tx: StoreTx, ticket: Ticket): Promise<void> {
  const now = deps.clock.now();
  if (ticket.urgency === 'urgent') {
    await pageTaskForce(deps, tx, ticket);
    return;
  }
  if (ticket.assigneeId !== null) return;
  await tx.updateTicket(ticket.id, { assignedAt: now, updatedAt: now });
  await scheduleAcceptance(deps, tx, ticket.id, now);
  const engineers = deps.directory.engineers();
  await record(deps, tx, ticket.id, 'system', 'offered', { to: engineers.map((e) => e.id) });
  await tellStaff(deps, tx, engineers, ticket.id, (t, _when, language) => ({
    text: t('staff.offer', {
      number: ticket.id,
      urgency: t(`urgency.${ticket.urgency}`),
      type: ticket.type ? t(`type.${ticket.type}`) : t('type.unclassified'),
      country: countryName(ticket.country, language),
      product: ticket.product,
    }),
  }));
}

/** Pages the task force for an urgent ticket and starts its response and emergency clocks. */
export async function pageTaskForce(deps: CoreDeps, tx: StoreTx, ticket: Ticket): Promise<void> {
  const existing = await tx.listDeadlines(ticket.id);
  if (existing.some((d) => d.kind.startsWith('response.'))) return;
  const taskForce = deps.directory.taskForce();
  await scheduleUrgent(deps, tx, ticket);
  await record(deps, tx, ticket.id, 'system', 'paged', { to: taskForce.map((p) => p.id) });
  await tellStaff(deps, tx, taskForce, ticket.id, (t, when) => ({
    text: t('staff.urgent_page', {
      number: ticket.id,
      product: ticket.product,
      deadline: when(ticket.createdAt + deps.policy.urgentResponse.limit),
    }),
    fields: [{ label: t('commands.show.problem'), value: ticket.problem }],
  }));
}
