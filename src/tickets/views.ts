import type { CoreDeps } from '../core/deps.ts';
import type { Field, NeutralMessage } from '../core/messages.ts';
import { formatInstant } from '../i18n/format.ts';
import { countryName } from '../intake/country.ts';
import { withoutContact } from '../privacy/shared-text.ts';
import type { StoreTx, Ticket } from '../store/types.ts';
import type { StaffMember } from '../team/directory.ts';
import { findTicket } from './find.ts';

const LIST_LIMIT = 50;
const TIMELINE_LIMIT = 40;

/** Open tickets, newest first, as one message for a staff member. */
export async function listTickets(
  deps: CoreDeps,
  tx: StoreTx,
  member: StaffMember,
): Promise<NeutralMessage> {
  const t = deps.translators.for(member.language);
  const tickets = await tx.listOpenTickets(LIST_LIMIT);
  if (tickets.length === 0) return { text: t('commands.list.empty') };

  const fields: Field[] = tickets.map((ticket) => ({
    label: t('commands.list.title', {
      number: ticket.id,
      urgency: t(`urgency.${ticket.urgency}`),
      type: ticket.type ? t(`type.${ticket.type}`) : t('type.unclassified'),
    }),
    value: t('commands.list.item', {
      state: t(`state.${ticket.state}`),
      country: countryName(ticket.country, member.language),
      product: ticket.product,
      assignee: assigneeName(deps, ticket, t('commands.nobody')),
      opened: formatInstant(ticket.createdAt, member.language, member.timeZone),
    }),
  }));
  return { text: t('commands.list.header', { count: tickets.length }), fields };
}

/** One ticket in full for a staff member, with its latest timeline events. */
export async function showTicket(
  deps: CoreDeps,
  tx: StoreTx,
  member: StaffMember,
  number: number,
): Promise<NeutralMessage> {
  const t = deps.translators.for(member.language);
  const ticket = await findTicket(tx, number);
  const when = (at: number) => formatInstant(at, member.language, member.timeZone);
  // The customer's name and contact details go only to those who need them: the holder, the
  // ticket's leads, and whoever opened it for a customer who phoned (they pass its messages on).
  const events = await tx.listEvents(number);
  const openedFor = events.find((e) => e.kind === 'created' && e.data.onBehalf === true)?.actor;
  const mayContact =
    ticket.assigneeId === member.id ||
    openedFor === member.id ||
    deps.directory.leadsTicket(member, ticket.field);

  const fields: Field[] = [
    { label: t('commands.show.state'), value: t(`state.${ticket.state}`) },
    {
      label: t('commands.show.type'),
      value: ticket.type ? t(`type.${ticket.type}`) : t('type.unclassified'),
    },
    { label: t('commands.show.urgency'), value: t(`urgency.${ticket.urgency}`) },
    {
      label: t('commands.show.customer'),
      value: mayContact ? ticket.name : t('commands.show.contact_hidden'),
    },
    {
      label: t('commands.show.contact'),
      value: mayContact ? ticket.contact : t('commands.show.contact_hidden'),
    },
    { label: t('commands.show.country'), value: countryName(ticket.country, member.language) },
    { label: t('commands.show.language'), value: t(`language_name.${ticket.language}`) },
    { label: t('commands.show.product'), value: ticket.product },
    {
      label: t('commands.show.problem'),
      value: mayContact ? ticket.problem : withoutContact(ticket.problem, ticket),
    },
    { label: t('commands.show.assignee'), value: assigneeName(deps, ticket, t('commands.nobody')) },
    { label: t('commands.show.opened'), value: when(ticket.createdAt) },
    {
      label: t('commands.show.resolution_due'),
      value: when(ticket.createdAt + deps.policy.resolution.limit),
    },
  ];
  if (ticket.plan) fields.push({ label: t('customer.field.plan'), value: ticket.plan });
  if (ticket.estimateAt) {
    fields.push({ label: t('customer.field.estimate'), value: when(ticket.estimateAt) });
  }
  const next = (await tx.listDeadlines(number)).find((d) => d.firedAt === null);
  if (next) {
    fields.push({
      label: t('commands.show.next_deadline'),
      value: t('commands.show.deadline', {
        what: t(`deadline.${next.kind}`),
        time: when(next.dueAt),
      }),
    });
  }
  const now = deps.clock.now();
  const pausedMs = ticket.pausedMs + (ticket.pausedAt === null ? 0 : now - ticket.pausedAt);
  if (pausedMs > 0) {
    fields.push({
      label: t('commands.show.paused'),
      value: t('commands.show.paused_minutes', { count: Math.round(pausedMs / 60_000) }),
    });
  }

  const timeline = events.slice(-TIMELINE_LIMIT).map((event) =>
    t('commands.show.event', {
      time: when(event.at),
      who: actorName(deps, event.actor, t),
      what: describeEvent(deps, event, t),
    }),
  );
  fields.push({ label: t('commands.show.timeline'), value: timeline.join('\n') });

  return { text: t('commands.show.header', { number }), fields };
}

function assigneeName(deps: CoreDeps, ticket: Ticket, nobody: string): string {
  if (!ticket.assigneeId) return nobody;
  return deps.directory.get(ticket.assigneeId)?.name ?? ticket.assigneeId;
}

function actorName(deps: CoreDeps, actor: string, t: (key: string) => string): string {
  if (actor === 'customer') return t('commands.show.actor_customer');
  if (actor === 'system') return t('commands.show.actor_system');
  return deps.directory.get(actor)?.name ?? actor;
}

/** A timeline line's "what": for routing, to whom, how far it widened and why. */
function describeEvent(
  deps: CoreDeps,
  event: { kind: string; data: Record<string, unknown> },
  t: (key: string, params?: Record<string, unknown>) => string,
): string {
  if (event.kind !== 'assigned') return t(`event.${event.kind}`);
  const who = deps.directory.get(String(event.data.to))?.name ?? String(event.data.to);
  return t('commands.show.routed', {
    who,
    step: t(`routing.${String(event.data.step)}`),
    speaks: t(event.data.speaks ? 'commands.yes' : 'commands.no'),
    atWork: t(event.data.atWork ? 'commands.yes' : 'commands.no'),
    open: Number(event.data.open ?? 0),
  });
}
