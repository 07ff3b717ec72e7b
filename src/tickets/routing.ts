import type { CoreDeps } from '../core/deps.ts';
import { record, tellStaff } from '../core/notify.ts';
import { countryName } from '../intake/country.ts';
import { withoutContact } from '../privacy/shared-text.ts';
import { scheduleAcceptance, scheduleUrgent } from '../sla/schedule.ts';
import type { StoreTx, Ticket } from '../store/types.ts';
import type { StaffMember } from '../team/directory.ts';
import { openRoomFor, TASK_FORCE_ROOM } from './room.ts';

/** How far routing had to widen to find someone, in order. */
export const STEPS = ['country', 'region', 'field', 'field_lead', 'anyone'] as const;
export type Step = (typeof STEPS)[number];

export interface Pick {
  member: StaffMember;
  step: Step;
  speaks: boolean;
  atWork: boolean;
  open: number;
}

/**
 * Chooses who should take a high or standard ticket: an on-duty engineer of the ticket's field
 * covering the customer's country; failing that, its region; then any engineer of the field; then
 * the field's lead; then anyone who can take tickets. Within a step it prefers, in order, someone
 * who speaks the customer's language, someone inside their working hours, and the fewest open
 * tickets. Someone is always chosen: service runs 24/7. `exclude` skips people who already let the
 * acceptance clock run out, unless nobody else is left.
 */
export function chooseEngineer(
  deps: CoreDeps,
  ticket: Ticket,
  counts: Map<string, number>,
  exclude: ReadonlySet<string> = new Set(),
): Pick {
  const { directory } = deps;
  const now = deps.clock.now();
  const field = ticket.field;
  // The Technical Director leads urgent work and is the last resort for routine tickets.
  const engineers = directory
    .engineers()
    .filter((p) => p.onDuty && !p.roles.includes('technical_director'));
  const ofField = engineers.filter((p) => field !== null && p.fields.includes(field));
  const pools: Record<Step, StaffMember[]> = {
    country: ofField.filter((p) => directory.covers(p, ticket.country, 'country')),
    region: ofField.filter((p) => directory.covers(p, ticket.country, 'region')),
    field: ofField,
    field_lead: directory.fieldLeads(field).filter((p) => directory.canClaim(p)),
    anyone: directory.engineers(),
  };

  const rank = (p: StaffMember): Pick & { step: Step } => ({
    member: p,
    step: 'anyone',
    speaks: p.language === ticket.language || p.speaks.includes(ticket.language),
    atWork: directory.atWork(p, now),
    open: counts.get(p.id) ?? 0,
  });
  for (const leaveOut of [exclude, new Set<string>()]) {
    for (const step of STEPS) {
      const ranked = pools[step].filter((p) => !leaveOut.has(p.id)).map(rank);
      ranked.sort(
        (a, b) =>
          Number(b.speaks) - Number(a.speaks) ||
          Number(b.atWork) - Number(a.atWork) ||
          a.open - b.open ||
          a.member.id.localeCompare(b.member.id),
      );
      const best = ranked[0];
      if (best) return { ...best, step };
    }
  }
  throw new Error('the team directory has nobody who can take tickets');
}

/**
 * Puts a classified ticket in front of the people who must take it. Urgent: the Technical
 * Director's task force is paged together and a rapid-response room opens. Otherwise routing
 * assigns it and the acceptance clock starts.
 */
export async function dispatchTicket(deps: CoreDeps, tx: StoreTx, ticket: Ticket): Promise<void> {
  if (ticket.urgency === 'urgent') {
    await pageTaskForce(deps, tx, ticket);
    return;
  }
  if (ticket.assigneeId !== null) return;
  await assign(deps, tx, ticket, new Set());
}

/** Assigns the ticket to the best candidate not in `exclude`, and tells them. */
export async function assign(
  deps: CoreDeps,
  tx: StoreTx,
  ticket: Ticket,
  exclude: ReadonlySet<string>,
): Promise<StaffMember> {
  const now = deps.clock.now();
  const pick = chooseEngineer(deps, ticket, await tx.openTicketCounts(), exclude);
  await tx.updateTicket(ticket.id, {
    assigneeId: pick.member.id,
    state: 'assigned',
    assignedAt: now,
    acceptedAt: null,
    updatedAt: now,
  });
  await record(deps, tx, ticket.id, 'system', 'assigned', {
    to: pick.member.id,
    step: pick.step,
    speaks: pick.speaks,
    atWork: pick.atWork,
    open: pick.open,
  });
  await scheduleAcceptance(deps, tx, ticket.id, now);
  await tellStaff(deps, tx, [pick.member], ticket.id, (t, _when, language) => ({
    text: t('staff.routed_to_you', {
      number: ticket.id,
      urgency: t(`urgency.${ticket.urgency}`),
      type: ticket.type ? t(`type.${ticket.type}`) : t('type.unclassified'),
      country: countryName(ticket.country, language),
      product: ticket.product,
    }),
    choices: [{ label: t('commands.claim.button'), value: `/ticket claim ${ticket.id}` }],
  }));
  return pick.member;
}

/** Pages the task force for an urgent ticket, opens its room and starts its clocks. */
export async function pageTaskForce(deps: CoreDeps, tx: StoreTx, ticket: Ticket): Promise<void> {
  const existing = await tx.listDeadlines(ticket.id);
  if (existing.some((d) => d.kind.startsWith('response.'))) return;
  const taskForce = deps.directory.taskForce();
  const since = deps.clock.now();
  await scheduleUrgent(deps, tx, ticket, since);
  await record(deps, tx, ticket.id, 'system', 'paged', { to: taskForce.map((p) => p.id) });
  await tellStaff(deps, tx, taskForce, ticket.id, (t, when) => ({
    text: t('staff.urgent_page', {
      number: ticket.id,
      product: ticket.product,
      deadline: when(since + deps.policy.urgentResponse.limit),
    }),
    fields: [{ label: t('commands.show.problem'), value: withoutContact(ticket.problem, ticket) }],
    choices: [{ label: t('commands.claim.button'), value: `/ticket claim ${ticket.id}` }],
  }));
  await openRoomFor(deps, tx, ticket, [TASK_FORCE_ROOM], 'system');
}
