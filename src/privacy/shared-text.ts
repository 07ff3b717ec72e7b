import { maskContacts } from '../core/logger.ts';
import type { Ticket } from '../store/types.ts';

const MASK = '[redacted]';

/**
 * A customer's words (the problem, an explanation written about them) as shown where the
 * customer's contact details must not go: rooms, pages to the task force, reports, and staff who
 * neither hold the ticket nor lead it. The ticket's own name and contact, and anything else that
 * looks like an email address or a phone number, read `[redacted]`. Other ways of naming someone
 * (a nickname, an address) are not recognised: the problem text stays as written otherwise.
 */
export function withoutContact(text: string, ticket: Pick<Ticket, 'name' | 'contact'>): string {
  let out = text;
  for (const secret of [ticket.contact, ticket.name]) {
    if (secret.trim().length >= 2) out = out.split(secret.trim()).join(MASK);
  }
  return maskContacts(out);
}
