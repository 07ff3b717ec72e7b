import type { CoreDeps } from '../core/deps.ts';
import { UserError } from '../core/errors.ts';
import type { NeutralMessage } from '../core/messages.ts';
import { type Render, record, tellStaff } from '../core/notify.ts';
import { formatInstant } from '../i18n/format.ts';
import { countryName } from '../intake/country.ts';
import { withoutContact } from '../privacy/shared-text.ts';
import { scheduleRoomPing } from '../sla/schedule.ts';
import type { StoreTx, Ticket } from '../store/types.ts';
import type { StaffMember } from '../team/directory.ts';
import { findTicket } from './find.ts';
import { mustHold } from './guards.ts';

/** The room group made of the Technical Director's task force, for urgent tickets. */
export const TASK_FORCE_ROOM = 'task_force';

/** Who is in a room group: a department's on-duty members, or the task force. */
export function groupMembers(deps: CoreDeps, group: string): StaffMember[] {
  return group === TASK_FORCE_ROOM ? deps.directory.taskForce() : deps.directory.members(group);
}

/** Who is told when a group does not confirm: the department head, or the Technical Director. */
export function groupHeads(deps: CoreDeps, group: string): StaffMember[] {
  return group === TASK_FORCE_ROOM
    ? deps.directory.withRole('technical_director')
    : deps.directory.departmentHeads(group);
}

/** Everyone in a ticket's open room, and its holder. */
export async function roomPeople(
  deps: CoreDeps,
  tx: StoreTx,
  ticket: Ticket,
): Promise<StaffMember[]> {
  const room = await tx.getRoom(ticket.id);
  if (!room || room.closedAt !== null) return [];
  const groups = await tx.listRoom(ticket.id);
  const holder = ticket.assigneeId ? deps.directory.get(ticket.assigneeId) : undefined;
  return [...groups.flatMap((g) => groupMembers(deps, g.department)), ...(holder ? [holder] : [])];
}

/** Posts to the ticket's room, if it has an open one: each member in their own language. */
export async function tellRoom(
  deps: CoreDeps,
  tx: StoreTx,
  ticket: Ticket,
  render: Render,
): Promise<void> {
  const people = await roomPeople(deps, tx, ticket);
  if (people.length > 0) await postToRoom(deps, tx, ticket.id, people, render);
}

/**
 * Delivers a room message. Where the team works on a chat platform the room is one channel: a
 * single message, in each language its members read, inviting them and mentioning `mention`.
 * On the web console, each member gets it in their own console.
 */
export async function postToRoom(
  deps: CoreDeps,
  tx: StoreTx,
  ticketId: number,
  people: StaffMember[],
  render: Render,
  mention: StaffMember[] = [],
): Promise<void> {
  const platform = deps.settings.staffPlatforms[0] ?? 'web';
  if (platform === 'web') {
    await tellStaff(deps, tx, people, ticketId, render);
    return;
  }
  // A room's channel is named after the ticket and the moment the room opened, so a room opened
  // again later, or by another installation, never lands in an old channel.
  const room = await tx.getRoom(ticketId);
  const instance = `${ticketId}-${(room?.openedAt ?? 0).toString(36)}`;
  const languages = [...new Set(people.map((p) => p.language))];
  const zone = people[0]?.timeZone ?? 'UTC';
  const rendered = languages.map((language) =>
    render(deps.translators.for(language), (at) => formatInstant(at, language, zone), language),
  );
  const [first] = rendered;
  if (!first) return;
  await tx.enqueue({
    address: { platform, conversationId: `${platform}:room:${instance}` },
    recipient: `room:${ticketId}`,
    language: languages[0] ?? deps.settings.defaultLanguage,
    ticketId,
    message: {
      ...first,
      text: [...new Set(rendered.map((m) => m.text))].join('\n'),
      invite: [...new Set(people.map((p) => p.id))],
      ...(mention.length > 0 ? { mention: mention.map((p) => p.id) } : {}),
    },
    createdAt: deps.clock.now(),
  });
}

/**
 * Opens (or widens) a ticket's rapid-response room: every on-duty member of the groups hears of
 * it with a summary of the ticket that leaves out the customer's contact details, and each group
 * must confirm within the limit or be pinged until it does.
 */
export async function openRoomFor(
  deps: CoreDeps,
  tx: StoreTx,
  ticket: Ticket,
  groups: string[],
  by: string,
): Promise<void> {
  const now = deps.clock.now();
  const already = new Set((await tx.listRoom(ticket.id)).map((g) => g.department));
  const added = [...new Set(groups)].filter((g) => !already.has(g));
  if (added.length === 0) return;
  await tx.openRoom(ticket.id, added, by, now);
  await record(deps, tx, ticket.id, by, 'room_opened', { departments: added });
  for (const group of added) {
    await scheduleRoomPing(deps, tx, ticket.id, group, now + deps.policy.room.every);
  }
  const opener = deps.directory.get(by)?.name;
  const members = [...(await roomPeople(deps, tx, ticket))];
  await postToRoom(deps, tx, ticket.id, members, (t, _when, language) => ({
    text: t(opener ? 'staff.room_opened' : 'staff.room_opened_auto', {
      number: ticket.id,
      by: opener ?? '',
      departments: added.map((g) => groupName(deps, g, t)).join(', '),
    }),
    fields: [
      { label: t('commands.show.urgency'), value: t(`urgency.${ticket.urgency}`) },
      { label: t('commands.show.country'), value: countryName(ticket.country, language) },
      { label: t('commands.show.product'), value: ticket.product },
      { label: t('commands.show.problem'), value: withoutContact(ticket.problem, ticket) },
    ],
    choices: [{ label: t('commands.confirm.button'), value: `/ticket confirm ${ticket.id}` }],
  }));
}

export function groupName(deps: CoreDeps, group: string, t: (key: string) => string): string {
  return group === TASK_FORCE_ROOM ? t('staff.task_force') : deps.directory.departmentName(group);
}

/** `/ticket room`: the holder or a lead brings departments together on the ticket. */
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
  const empty = departments.find((d) => deps.directory.members(d).length === 0);
  if (empty) {
    throw new UserError('commands.errors.nobody_on_duty', {
      department: deps.directory.departmentName(empty),
    });
  }
  await openRoomFor(deps, tx, ticket, departments, member.id);
  const t = deps.translators.for(member.language);
  return {
    text: t('commands.room.done', { number, departments: [...new Set(departments)].join(', ') }),
  };
}

/** A member confirms their group's participation; the whole room sees it. */
export async function confirmRoom(
  deps: CoreDeps,
  tx: StoreTx,
  member: StaffMember,
  number: number,
): Promise<NeutralMessage> {
  const ticket = await findTicket(tx, number);
  if (ticket.state === 'closed') throw new UserError('commands.errors.closed', { number });
  const t = deps.translators.for(member.language);
  const groups = await tx.listRoom(number);
  const mine = groups.filter((g) =>
    groupMembers(deps, g.department).some((p) => p.id === member.id),
  );
  if (mine.length === 0) throw new UserError('commands.errors.not_in_room', { number });
  const open = mine.filter((g) => g.confirmedAt === null);
  if (open.length === 0) {
    const first = mine[0];
    const by = deps.directory.get(first?.confirmedBy ?? '')?.name ?? first?.confirmedBy ?? '';
    const department = first ? groupName(deps, first.department, t) : '';
    return { text: t('commands.confirm.already', { number, department, by }) };
  }
  const now = deps.clock.now();
  for (const group of open) {
    await tx.confirmRoom(number, group.department, member.id, now);
    await record(deps, tx, number, member.id, 'room_confirmed', { department: group.department });
  }
  await tellRoom(deps, tx, ticket, (tr) => ({
    text: tr('staff.room_confirmed', {
      number,
      who: member.name,
      department: open.map((g) => groupName(deps, g.department, tr)).join(', '),
    }),
  }));
  return {
    text: t('commands.confirm.done', {
      number,
      department: open.map((g) => groupName(deps, g.department, t)).join(', '),
    }),
  };
}

/** Ticket changes a room hears about as they happen. */
const ROOM_NEWS = new Set([
  'assigned',
  'claimed',
  'accepted',
  'reassigned',
  'plan_sent',
  'update_sent',
  'delay_notice',
  'handled',
  'feedback_sent',
  'escalated',
  'reopened',
  'rated',
  'closed',
]);

/**
 * Tells the ticket's open room about a change, each member in their language; when the ticket
 * closes, the room closes with it.
 */
export async function announceToRoom(
  deps: CoreDeps,
  tx: StoreTx,
  ticketId: number,
  actor: string,
  kind: string,
): Promise<void> {
  if (!ROOM_NEWS.has(kind)) return;
  const room = await tx.getRoom(ticketId);
  if (!room || room.closedAt !== null) return;
  const ticket = await tx.getTicket(ticketId);
  if (!ticket) return;
  await tellRoom(deps, tx, ticket, (t) => ({
    text: t(kind === 'closed' ? 'staff.room_closed' : 'staff.room_news', {
      number: ticketId,
      what: t(`event.${kind}`),
      who: actorName(deps, actor, t),
    }),
    ...(kind === 'closed' ? { archive: true } : {}),
  }));
  if (kind === 'closed') await tx.closeRoom(ticketId, deps.clock.now());
}

function actorName(deps: CoreDeps, actor: string, t: (key: string) => string): string {
  if (actor === 'customer') return t('commands.show.actor_customer');
  if (actor === 'system') return t('commands.show.actor_system');
  return deps.directory.get(actor)?.name ?? actor;
}
