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
  /**
   * Set at the summary when the same customer already has an open ticket about the same thing:
   * the number offered to add this request to instead of opening another.
   */
  duplicateOf?: number;
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
  /** The product line or problem area (a field of the team directory). */
  field: string | null;
  state: TicketState;
  assigneeId: string | null;
  createdAt: number;
  classifiedAt: number | null;
  /** When the current holder was given (or offered) the ticket: the acceptance clock's start. */
  assignedAt: number | null;
  acceptedAt: number | null;
  /** The engineer's plan and estimated completion, as last told to the customer. */
  plan: string | null;
  estimateAt: number | null;
  lastUpdateAt: number | null;
  delayNoticeAt: number | null;
  handledAt: number | null;
  /** When the result, precautions and satisfaction check reached the customer. */
  feedbackAt: number | null;
  rating: number | null;
  /** Set while the team waits for the customer (only where the team allows pausing). */
  pausedAt: number | null;
  pausedMs: number;
  overdueReason: string | null;
  closedAt: number | null;
  updatedAt: number;
  /** When the customer's personal data was erased from the ticket (on request or by retention). */
  erasedAt: number | null;
}

/** A ticket as reports read it: with its first acceptance from the timeline, which later
 * reassignments and reopenings do not move. */
export interface ReportTicket extends Ticket {
  firstAcceptance: { at: number; by: string } | null;
}

/** What the intake knows when a ticket opens; everything else starts empty. */
export type NewTicket = Pick<
  Ticket,
  | 'conversationId'
  | 'platform'
  | 'customerId'
  | 'language'
  | 'name'
  | 'contact'
  | 'contactKind'
  | 'country'
  | 'product'
  | 'problem'
  | 'requestedUrgency'
  | 'urgency'
  | 'field'
  | 'createdAt'
>;

/** A commitment's moment: what is due for which ticket, and whether it has been dealt with. */
export interface Deadline {
  id: number;
  ticketId: number;
  kind: string;
  dueAt: number;
  data: Record<string, unknown>;
  createdAt: number;
  firedAt: number | null;
  outcome: string | null;
  attempts: number;
}

export type NewDeadline = Pick<Deadline, 'ticketId' | 'kind' | 'dueAt' | 'data' | 'createdAt'>;

export interface DirectoryChange {
  at: number;
  actor: string;
  /** put: a whole new person; patch: changed attributes only; remove: gone. */
  action: 'put' | 'patch' | 'remove';
  personId: string;
  /** The new person, or the changed attributes (absent for a removal). */
  record: Record<string, unknown> | null;
}

/** A department brought into a ticket's rapid-response room, and whether it has confirmed. */
export interface RoomDepartment {
  ticketId: number;
  department: string;
  openedAt: number;
  confirmedAt: number | null;
  confirmedBy: string | null;
  pings: number;
}

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
  /** The line's position in the conversation; later lines have larger cursors. */
  cursor: number;
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
  /** Keeps what a platform needs to reach a person or conversation later (JSON). */
  saveRef(key: string, ref: string, at: number): Promise<void>;
  loadRef(key: string): Promise<string | undefined>;
  /** Records a platform delivery's key; false when it was seen before (a duplicate). */
  markSeen(key: string, at: number): Promise<boolean>;

  createTicket(ticket: NewTicket): Promise<Ticket>;
  getTicket(id: number): Promise<Ticket | undefined>;
  /** Writes the changed fields; with `expectAssignee`, only if the assignee is still that value. */
  updateTicket(
    id: number,
    patch: Partial<Omit<Ticket, 'id'>>,
    expectAssignee?: string | null,
  ): Promise<boolean>;
  listOpenTickets(limit: number): Promise<Ticket[]>;
  /**
   * One customer's tickets that are still open or were opened at or after `since`, oldest first:
   * the customer is the platform's user id or the contact given in the intake (either matches).
   */
  customerTickets(
    customer: { platform: string; customerId: string; contact: string },
    since: number,
  ): Promise<Ticket[]>;
  /**
   * Tickets that matter to [from, to): opened in it, closed in it, or whose resolution deadline
   * (opening + `resolutionMs`) falls in it. Each ticket once, oldest first.
   */
  ticketsForPeriod(from: number, to: number, resolutionMs: number): Promise<ReportTicket[]>;
  /** Claims the posting of a scheduled report; false when it was already posted. */
  claimReportPost(kind: string, period: string, at: number): Promise<boolean>;
  /** The earliest period (YYYY-MM-DD) of any report posted so far; undefined before the first. */
  firstReportPost(): Promise<string | undefined>;

  appendEvent(event: NewTicketEvent): Promise<void>;
  listEvents(ticketId: number): Promise<TicketEvent[]>;
  /** Every ticket's events after the given event id, oldest first: the feed of what happened. */
  eventsAfter(id: number, limit: number): Promise<TicketEvent[]>;

  addDeadline(deadline: NewDeadline): Promise<number>;
  /** Unfired deadlines due at or before `now`, earliest first. */
  dueDeadlines(now: number, limit: number): Promise<Deadline[]>;
  /** Records that a deadline was dealt with: 'acted', 'skipped', 'cancelled' or 'failed'. */
  finishDeadline(id: number, at: number, outcome: string): Promise<void>;
  /** Counts a failed attempt; the deadline stays due. Returns the attempts so far. */
  failDeadline(id: number): Promise<number>;
  /** Marks a ticket's unfired deadlines of the given kinds as cancelled. */
  cancelDeadlines(ticketId: number, kinds: readonly string[], at: number): Promise<void>;
  listDeadlines(ticketId: number): Promise<Deadline[]>;
  /** When the earliest unfired deadline falls due, if any. */
  nextDeadlineAt(): Promise<number | undefined>;

  /** Opens (or adds departments to) a ticket's room. */
  openRoom(ticketId: number, departments: readonly string[], by: string, at: number): Promise<void>;
  /** When the ticket's room was opened and closed, if it has one. */
  getRoom(ticketId: number): Promise<{ openedAt: number; closedAt: number | null } | undefined>;
  closeRoom(ticketId: number, at: number): Promise<void>;
  listRoom(ticketId: number): Promise<RoomDepartment[]>;
  /** Confirms a department; false when it was not in the room or had already confirmed. */
  confirmRoom(ticketId: number, department: string, by: string, at: number): Promise<boolean>;
  pingRoom(ticketId: number, department: string): Promise<number>;

  /**
   * Runs `work` so that its writes are undone alone if it throws, leaving the rest of the
   * transaction intact. Used where one failing item must not sink its neighbours.
   */
  isolate<T>(work: () => Promise<T>): Promise<T>;

  /** Open tickets held by each staff member, for spreading work. */
  openTicketCounts(): Promise<Map<string, number>>;

  /** A change an administrator made to the team directory, kept and replayed at start. */
  addDirectoryChange(change: DirectoryChange): Promise<void>;
  listDirectoryChanges(): Promise<DirectoryChange[]>;

  /** Staff console sign-ins, kept by the hash of their token. */
  saveSession(tokenHash: string, staffId: string, expiresAt: number): Promise<void>;
  /** The staff id of a sign-in still valid at `now`. */
  findSession(tokenHash: string, now: number): Promise<string | undefined>;
  deleteSession(tokenHash: string): Promise<void>;

  enqueue(message: NewOutboxMessage): Promise<number>;
  /**
   * Pending messages due by `now`, oldest first; a message waits while an earlier one to the same
   * conversation is still pending, so each conversation receives its messages in order.
   */
  duePending(now: number, limit: number): Promise<OutboxMessage[]>;
  /**
   * Takes the messages `duePending` would give for delivery until `leaseUntil`: until then they
   * are not due to anyone else, and if they are neither sent nor retried by then they fall due
   * again (their sender died). Replicas sharing the database each take different messages.
   */
  claimPending(now: number, limit: number, leaseUntil: number): Promise<OutboxMessage[]>;
  /**
   * Records a message as sent. With `lease` (the `nextAttemptAt` its claim returned), only while
   * that lease still holds; false when it does not (the lease ended and another took it).
   */
  markSent(id: number, at: number, lease?: number): Promise<boolean>;
  /** Records a failed attempt and when to try again; with `lease`, as for `markSent`. */
  markRetry(
    id: number,
    error: string,
    nextAttemptAt: number,
    failed: boolean,
    lease?: number,
  ): Promise<boolean>;
  /** Extends a claimed message's lease to `until`; false when `lease` no longer holds. */
  renewLease(id: number, lease: number, until: number): Promise<boolean>;

  /**
   * A customer's tickets, oldest first: those opened in their own conversations (not those staff
   * opened for them from the console, which are found by number).
   */
  ticketsOfCustomer(customerId: string): Promise<Ticket[]>;
  /** A customer's conversations on every platform (the console's are staff members'). */
  customerConversations(customerId: string): Promise<Conversation[]>;
  /** Conversations following any of the given tickets (a second session joined to a ticket). */
  conversationsOfTickets(ticketIds: readonly number[]): Promise<Conversation[]>;
  /** Every stored line of the given conversations and every message about the given tickets. */
  storedMessages(
    conversationIds: readonly string[],
    ticketIds: readonly number[],
  ): Promise<StoredMessage[]>;
  platformRefs(keys: readonly string[]): Promise<PlatformRef[]>;
  /**
   * Replaces the ticket's name, contact, problem text and plan with `ERASED`, and the bodies of
   * the messages about it, and records when; the rest of the row (its timestamps, type, urgency,
   * country, rating) stays for the statistics. Pending messages about it are not sent.
   */
  eraseTicket(id: number, at: number): Promise<void>;
  /**
   * Replaces the conversation's lines up to `upTo` with `ERASED`; with `whole`, also empties its
   * draft and leaves it idle, so the person starts afresh if they write again.
   */
  eraseConversation(id: string, upTo: number, whole: boolean): Promise<void>;
  /** Replaces a timeline event's data with an erased copy (which must carry `erased: true`). */
  eraseEventData(id: number, data: Record<string, unknown> & { erased: true }): Promise<void>;
  deletePlatformRefs(keys: readonly string[]): Promise<void>;
  /** Closed tickets not yet erased whose closing is before `before`, oldest first. */
  closedUnerasedBefore(before: number, limit: number): Promise<Ticket[]>;

  /** The conversation's lines after the given cursor, oldest first. */
  transcript(conversationId: string, after: number, limit: number): Promise<TranscriptEntry[]>;
}

/** A stored line of a conversation, as an export of a customer's data gives it. */
export interface StoredMessage {
  id: number;
  conversationId: string;
  direction: 'in' | 'out';
  at: number;
  /** What the customer wrote, or the message sent (JSON of the neutral message). */
  body: string;
  recipient: string | null;
  ticketId: number | null;
  status: string | null;
}

/** What a platform keeps to reach a person or conversation later. */
export interface PlatformRef {
  key: string;
  ref: string;
  updatedAt: number;
}

/** What an erasure writes in place of personal text. */
export const ERASED = '[erased]';

export interface Store {
  /** Runs `work` as one write transaction (taking the write lock first); rolls back on error. */
  transaction<T>(work: (tx: StoreTx) => Promise<T>): Promise<T>;
  /** Runs `work` as a consistent read. */
  read<T>(work: (tx: StoreTx) => Promise<T>): Promise<T>;
  /**
   * Competes for the named lease among the processes sharing the database: `gained` is called
   * once this one holds it, `lost` if it stops holding it (its connection broke); it then
   * competes again. Resolves to a function that gives the lease up.
   */
  holdLease(name: string, gained: () => void, lost?: () => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}
