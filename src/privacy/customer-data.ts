import type { CoreDeps } from '../core/deps.ts';
import {
  type Conversation,
  ERASED,
  type PlatformRef,
  type StoredMessage,
  type StoreTx,
  type Ticket,
  type TicketEvent,
} from '../store/types.ts';

/** Whose data an administrator asks for: a customer id, or the customer of one ticket. */
export type Subject = { customerId: string } | { ticket: number };

/** Everything held about a customer, as an export gives it. */
export interface CustomerExport {
  customerId: string | null;
  exportedAt: number;
  conversations: Conversation[];
  tickets: Ticket[];
  events: TicketEvent[];
  messages: StoredMessage[];
  platformRefs: PlatformRef[];
}

/**
 * Timeline data written by staff as free text, by event kind: it may name the customer, so an
 * erasure replaces it. Everything else in the timeline is codes, ids and instants.
 */
const FREE_TEXT: Record<string, (data: Record<string, unknown>) => string[]> = {
  escalated: () => ['reason'],
  delay_notice: () => ['reason'],
  reopened: (data) => (['low_rating', 'manual'].includes(String(data.reason)) ? [] : ['reason']),
  closed: () => ['details'],
};

/** What a subject covers: the tickets, the conversations and the platform references. */
interface Holdings {
  customerId: string | null;
  tickets: Ticket[];
  conversations: Conversation[];
  refKeys: string[];
}

/**
 * Finds what is held about a subject. A ticket's number stands for its customer and everything of
 * theirs, except a ticket staff opened from the console for a caller: that ticket alone, as its
 * conversation is the staff member's own.
 */
async function holdings(tx: StoreTx, subject: Subject): Promise<Holdings | undefined> {
  let customerId: string;
  if ('ticket' in subject) {
    const ticket = await tx.getTicket(subject.ticket);
    if (!ticket) return undefined;
    if (ticket.conversationId.startsWith('console:')) {
      return { customerId: null, tickets: [ticket], conversations: [], refKeys: [] };
    }
    customerId = ticket.customerId;
  } else {
    customerId = subject.customerId;
  }
  const tickets = await tx.ticketsOfCustomer(customerId);
  // Their own conversations, and any other conversation that joined one of their tickets (the
  // same person writing again from another session and adding to an open ticket).
  const byId = new Map<string, Conversation>();
  for (const conversation of [
    ...(await tx.customerConversations(customerId)),
    ...(await tx.conversationsOfTickets(tickets.map((t) => t.id))),
  ]) {
    byId.set(conversation.id, conversation);
  }
  const conversations = [...byId.values()];
  if (tickets.length === 0 && conversations.length === 0) return undefined;
  const platforms = new Set([...conversations, ...tickets].map((c) => c.platform));
  const refKeys = [
    ...conversations.map((c) => c.id),
    ...[...platforms].map((platform) => `${platform}:user:${customerId}`),
  ];
  return { customerId, tickets, conversations, refKeys };
}

/**
 * Everything the store holds about a subject: conversations (with any unfinished intake),
 * tickets, their timelines, every message line both ways, and platform references. Undefined
 * when nothing is held.
 */
export async function exportCustomer(
  tx: StoreTx,
  subject: Subject,
  now: number,
): Promise<CustomerExport | undefined> {
  const held = await holdings(tx, subject);
  if (!held) return undefined;
  const events: TicketEvent[] = [];
  for (const ticket of held.tickets) events.push(...(await tx.listEvents(ticket.id)));
  return {
    customerId: held.customerId,
    exportedAt: now,
    conversations: held.conversations,
    tickets: held.tickets,
    events,
    messages: await tx.storedMessages(
      held.conversations.map((c) => c.id),
      held.tickets.map((t) => t.id),
    ),
    platformRefs: await tx.platformRefs(held.refKeys),
  };
}

/**
 * Erases a subject's personal data: names, contact details, problem text, plans, message bodies,
 * drafts and free text in the timeline become `[erased]`, platform references go. Ticket rows and
 * timeline events stay with their instants, types, urgency, country and rating, so every
 * statistic comes out the same; each ticket's timeline gets an `erased` event saying who and
 * when. Returns the numbers of the tickets erased, or undefined when nothing is held.
 */
export async function eraseCustomer(
  deps: CoreDeps,
  tx: StoreTx,
  subject: Subject,
  actor: string,
): Promise<number[] | undefined> {
  const held = await holdings(tx, subject);
  if (!held) return undefined;
  const now = deps.clock.now();
  for (const ticket of held.tickets) await eraseTicketData(tx, ticket, actor, now, 'request');
  for (const conversation of held.conversations) {
    await tx.eraseConversation(conversation.id, Number.MAX_SAFE_INTEGER, true);
  }
  await tx.deletePlatformRefs(held.refKeys);
  return held.tickets.map((t) => t.id);
}

/**
 * Erases one ticket's personal data and the free text of its timeline, and records the erasure.
 * With `retention`, also the lines of its conversation up to its closing (a later ticket in the
 * same conversation keeps its own).
 */
export async function eraseTicketData(
  tx: StoreTx,
  ticket: Ticket,
  actor: string,
  now: number,
  why: 'request' | 'retention',
): Promise<void> {
  if (ticket.erasedAt !== null && why === 'retention') return;
  await tx.eraseTicket(ticket.id, now);
  for (const event of await tx.listEvents(ticket.id)) {
    const keys = FREE_TEXT[event.kind]?.(event.data) ?? [];
    const personal = keys.filter((k) => typeof event.data[k] === 'string' && event.data[k] !== '');
    if (personal.length === 0) continue;
    const data: Record<string, unknown> & { erased: true } = { ...event.data, erased: true };
    for (const key of personal) data[key] = ERASED;
    await tx.eraseEventData(event.id, data);
  }
  if (why === 'retention' && !ticket.conversationId.startsWith('console:')) {
    await tx.eraseConversation(ticket.conversationId, ticket.closedAt ?? now, false);
  }
  await tx.appendEvent({ ticketId: ticket.id, at: now, actor, kind: 'erased', data: { why } });
}
