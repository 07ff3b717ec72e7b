import type { StoreTx, Ticket, Urgency } from '../../src/store/types.ts';

/** What a report needs of a ticket: when it opened, where from, and its milestones. */
export interface TicketStory {
  created: number;
  urgency?: Urgency;
  country?: string;
  type?: Ticket['type'];
  patch?: Partial<Ticket>;
}

/** Writes a ticket with its milestones straight to the store; returns its number. */
export async function seedTicket(tx: StoreTx, story: TicketStory): Promise<number> {
  const { created, urgency = 'standard' } = story;
  const ticket = await tx.createTicket({
    conversationId: `web:seed-${created}-${Math.random().toString(36).slice(2)}`,
    platform: 'web',
    customerId: `seed-${created}`,
    language: 'en',
    name: 'Ann Customer',
    contact: 'ann@example.com',
    contactKind: 'email',
    country: story.country ?? 'DE',
    product: 'HS-200',
    problem: 'It stopped',
    requestedUrgency: urgency,
    urgency,
    field: 'hydraulics',
    createdAt: created,
  });
  await tx.updateTicket(ticket.id, { type: story.type ?? 'malfunction', ...story.patch });
  return ticket.id;
}
