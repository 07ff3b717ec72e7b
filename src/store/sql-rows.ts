import type { NeutralMessage, Platform } from '../core/messages.ts';
import type { Language } from '../i18n/languages.ts';
import type { Conversation, Deadline, OutboxMessage, Ticket, TicketEvent } from './types.ts';

/** A row as the database driver returns it. */
export type Row = Record<string, unknown>;

/** Each ticket field's column; the one place the two namings meet. */
export const TICKET_COLUMNS: Record<keyof Omit<Ticket, 'id'>, string> = {
  conversationId: 'conversation_id',
  platform: 'platform',
  customerId: 'customer_id',
  language: 'language',
  name: 'name',
  contact: 'contact',
  contactKind: 'contact_kind',
  country: 'country',
  product: 'product',
  problem: 'problem',
  requestedUrgency: 'requested_urgency',
  urgency: 'urgency',
  type: 'type',
  field: 'field',
  state: 'state',
  assigneeId: 'assignee_id',
  createdAt: 'created_at',
  classifiedAt: 'classified_at',
  assignedAt: 'assigned_at',
  acceptedAt: 'accepted_at',
  plan: 'plan',
  estimateAt: 'estimate_at',
  lastUpdateAt: 'last_update_at',
  delayNoticeAt: 'delay_notice_at',
  handledAt: 'handled_at',
  feedbackAt: 'feedback_at',
  rating: 'rating',
  pausedAt: 'paused_at',
  pausedMs: 'paused_ms',
  overdueReason: 'overdue_reason',
  closedAt: 'closed_at',
  updatedAt: 'updated_at',
  erasedAt: 'erased_at',
};

export function toConversation(row: Row): Conversation {
  return {
    id: row.id as string,
    platform: row.platform as Platform,
    userId: row.user_id as string,
    language: row.language as Language | null,
    state: row.state as Conversation['state'],
    step: row.step as Conversation['step'],
    editing: row.editing === 1,
    draft: JSON.parse(row.draft as string) as Conversation['draft'],
    ticketId: row.ticket_id as number | null,
    createdAt: row.created_at as number,
    updatedAt: row.updated_at as number,
  };
}

export function toDeadline(row: Row): Deadline {
  return {
    id: row.id as number,
    ticketId: row.ticket_id as number,
    kind: row.kind as string,
    dueAt: row.due_at as number,
    data: JSON.parse(row.data as string) as Record<string, unknown>,
    createdAt: row.created_at as number,
    firedAt: row.fired_at as number | null,
    outcome: row.outcome as string | null,
    attempts: row.attempts as number,
  };
}

export function toEvent(row: Row): TicketEvent {
  return {
    id: row.id as number,
    ticketId: row.ticket_id as number,
    at: row.at as number,
    actor: row.actor as string,
    kind: row.kind as string,
    data: JSON.parse(row.data as string) as Record<string, unknown>,
  };
}

export function toTicket(row: Row): Ticket {
  const ticket = { id: row.id } as Record<string, unknown>;
  for (const [key, column] of Object.entries(TICKET_COLUMNS)) ticket[key] = row[column];
  // The columns map one to one onto the fields listed in TICKET_COLUMNS.
  return ticket as unknown as Ticket;
}

export function toOutbox(row: Row): OutboxMessage {
  return {
    id: row.id as number,
    address: { platform: row.platform as Platform, conversationId: row.conversation_id as string },
    recipient: row.recipient as string,
    language: row.language as Language,
    ticketId: row.ticket_id as number | null,
    message: JSON.parse(row.body as string) as NeutralMessage,
    createdAt: row.at as number,
    attempts: row.attempts as number,
    nextAttemptAt: row.next_attempt_at as number,
    status: row.status as OutboxMessage['status'],
    sentAt: row.sent_at as number | null,
    lastError: row.last_error as string | null,
  };
}
