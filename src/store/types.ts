import type { NeutralMessage, Platform } from '../core/messages.ts';
import type { Language } from '../i18n/languages.ts';

export const INTAKE_FIELDS = [
  'name',
  'contact',
  'country',
  'product',
  'problem',
  'urgency',
] as const;
export type IntakeField = (typeof INTAKE_FIELDS)[number];

export const URGENCIES = ['urgent', 'high', 'standard'] as const;
export type Urgency = (typeof URGENCIES)[number];

export const TICKET_TYPES = ['malfunction', 'maintenance', 'consultation', 'complaint'] as const;
export type TicketType = (typeof TICKET_TYPES)[number];

export type TicketState =
  | 'new'
  | 'classified'
  | 'assigned'
  | 'accepted'
  | 'in_progress'
  | 'handled'
  | 'closed';

/** What a customer has told the intake so far. */
export interface Draft {
  name?: string;
  contact?: string;
  contactKind?: 'email' | 'phone';
  country?: string;
  product?: string;
  problem?: string;
  urgency?: Urgency;
}

export type ConversationState = 'intake' | 'confirm' | 'ticket' | 'idle';

/** One customer's conversation with the bot on one platform; survives restarts. */
export interface Conversation {
  id: string;
  platform: Platform;
  userId: string;
  language: Language | null;
  state: ConversationState;
  step: IntakeField | null;
  /** Set while the customer changes one field from the summary: go back to it afterwards. */
  editing: boolean;
  draft: Draft;
  ticketId: number | null;
  createdAt: number;
  updatedAt: number;
}

export interface Ticket {
  id: number;
  conversationId: string;
  platform: Platform;
  customerId: string;
  language: Language;
  name: string;
  contact: string;
  contactKind: 'email' | 'phone';
  country: string;
  product: string;
  problem: string;
  requestedUrgency: Urgency;
  urgency: Urgency;
  type: TicketType | null;
  state: TicketState;
  assigneeId: string | null;
  createdAt: number;
  classifiedAt: number | null;
  acceptedAt: number | null;
  closedAt: number | null;
  updatedAt: number;
}

export type NewTicket = Omit<
  Ticket,
  'id' | 'state' | 'type' | 'assigneeId' | 'classifiedAt' | 'acceptedAt' | 'closedAt' | 'updatedAt'
>;

/** One row of a ticket's append-only timeline. `actor` is a staff id, 'customer' or 'system'. */
export interface TicketEvent {
  id: number;
  ticketId: number;
  at: number;
  actor: string;
  kind: string;
  data: Record<string, unknown>;
}

export type NewTicketEvent = Omit<TicketEvent, 'id'>;

/** Where a message goes: a conversation on a platform. */
export interface Address {
  platform: Platform;
  conversationId: string;
}

export interface OutboxMessage {
  id: number;
  address: Address;
  /** The person it is meant for (customer or staff id), for the record and for statistics. */
  recipient: string;
  language: Language;
  ticketId: number | null;
  message: NeutralMessage;
  createdAt: number;
  attempts: number;
  nextAttemptAt: number;
  status: 'pending' | 'sent' | 'failed';
  sentAt: number | null;
  lastError: string | null;
}

export type NewOutboxMessage = Pick<
  OutboxMessage,
  'address' | 'recipient' | 'language' | 'ticketId' | 'message' | 'createdAt'
>;

/** A line of a conversation as its participant saw it: what they wrote and what they were sent. */
export interface TranscriptEntry {
  /** Inbound and outbound lines are numbered apart: 'in:12', 'out:40'. */
  cursor: string;
  direction: 'in' | 'out';
  at: number;
  text: string;
  message: NeutralMessage | null;
}

/**
 * Everything the core reads and writes inside one unit of work. Implementations run each unit
 * alone: a transaction sees no other transaction's half-done work.
 */
export interface StoreTx {
  getConversation(id: string): Promise<Conversation | undefined>;
  saveConversation(conversation: Conversation): Promise<void>;
  addInbound(conversationId: string, at: number, text: string): Promise<void>;

  createTicket(ticket: NewTicket): Promise<Ticket>;
  getTicket(id: number): Promise<Ticket | undefined>;
  /** Writes the changed fields; with `expectAssignee`, only if the assignee is still that value. */
  updateTicket(
    id: number,
    patch: Partial<Omit<Ticket, 'id'>>,
    expectAssignee?: string | null,
  ): Promise<boolean>;
  listOpenTickets(limit: number): Promise<Ticket[]>;

  appendEvent(event: NewTicketEvent): Promise<void>;
  listEvents(ticketId: number): Promise<TicketEvent[]>;
  /** Every ticket's events after the given event id, oldest first: the feed of what happened. */
  eventsAfter(id: number, limit: number): Promise<TicketEvent[]>;

  enqueue(message: NewOutboxMessage): Promise<number>;
  duePending(now: number, limit: number): Promise<OutboxMessage[]>;
  markSent(id: number, at: number): Promise<void>;
  markRetry(id: number, error: string, nextAttemptAt: number, failed: boolean): Promise<void>;

  /** The conversation's lines after the given cursors, oldest first. */
  transcript(
    conversationId: string,
    after: { inbound: number; outbound: number },
    limit: number,
  ): Promise<TranscriptEntry[]>;
}

export interface Store {
  /** Runs `work` as one write transaction (taking the write lock first); rolls back on error. */
  transaction<T>(work: (tx: StoreTx) => Promise<T>): Promise<T>;
  /** Runs `work` as a consistent read. */
  read<T>(work: (tx: StoreTx) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
