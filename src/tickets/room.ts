import type { CoreDeps } from '../core/deps.ts';
import { UserError } from '../core/errors.ts';
import type { NeutralMessage } from '../core/messages.ts';
import { record, tellStaff } from '../core/notify.ts';
import { countryName } from '../intake/country.ts';
import { scheduleRoomPing } from '../sla/schedule.ts';
import type { StoreTx } from '../store/types.ts';
import type { StaffMember } from '../team/directory.ts';
import { findTicket } from './find.ts';
import { mustHold } from './guards.ts';

/**
 * Opens a rapid-response room for cross-department work: every member of the named departments
 * hears of it, and each department must confirm within the limit or be pinged until it does.
 * The room sees the problem, never the customer's contact details.
 */
export async function openRoom(
  deps: CoreDeps,
  tx: StoreTx,
  member: StaffMember,
  number: number,
  departments: string[],
): Promise<NeutralMessage> {
  const ticket = await findTicket(tx, number);
  mustHold(deps, member, ticket);
  const known = deps.directory.departments();
  const unknown = departments.find((d) => !known.includes(d));
  if (unknown) {
    throw new UserError('commands.errors.bad_department', {
      given: unknown.slice(0, 40),
      list: known.join(', '),
    });
  }

  const now = deps.clock.now();
  const wanted = [...new Set(departments)];
  await tx.openRoom(number, wanted, now);
  await record(deps, tx, number, member.id, 'room_opened', { departments: wanted });
  for (const department of wanted) {
    await scheduleRoomPing(deps, tx, number, department, now + deps.policy.room.every);
  }
  const members = wanted.flatMap((d) => deps.directory.members(d));
  await tellStaff(deps, tx, members, number, (t) => ({
    text: t('staff.room_opened', { number, by: member.name, departments: wanted.join(', ') }),
    fields: [
      { label: t('commands.show.urgency'), value: t(`urgency.${ticket.urgency}`) },
      { label: t('commands.show.country'), value: countryName(ticket.country, member.language) },
      { label: t('commands.show.product'), value: ticket.product },
      { label: t('commands.show.problem'), value: ticket.problem },
    ],
  }));
  const t = deps.translators.for(member.language);
  return { text: t('commands.room.done', { number, departments: wanted.join(', ') }) };
}

/** A member confirms their department's participation in the ticket's room. */
export async function confirmRoom(
  deps: CoreDeps,
  tx: StoreTx,
  member: StaffMember,
  number: number,
): Promise<NeutralMessage> {
  await findTicket(tx, number);
  const t = deps.translators.for(member.language);
  const entry = (await tx.listRoom(number)).find((d) => d.department === member.department);
  if (!entry) throw new UserError('commands.errors.not_in_room', { number });
  if (entry.confirmedAt !== null) {
    const by = deps.directory.get(entry.confirmedBy ?? '')?.name ?? entry.confirmedBy ?? '';
    return { text: t('commands.confirm.already', { number, department: member.department, by }) };
  }
  await tx.confirmRoom(number, member.department, member.id, deps.clock.now());
  await record(deps, tx, number, member.id, 'room_confirmed', { department: member.department });
  return { text: t('commands.confirm.done', { number, department: member.department }) };
}
