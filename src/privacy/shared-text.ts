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
  const name = ticket.name.trim();
  // The contact and the name as given, and the name written without its spaces (山田花子).
  for (const secret of [ticket.contact.trim(), name, name.replace(/\s+/gu, '')]) {
    if (secret.length >= 2) out = out.split(secret).join(MASK);
  }
  const phone = sameNumber(ticket.contact);
  if (phone) out = out.replace(phone, MASK);
  return maskContacts(out);
}

const FULL_WIDTH_ZERO = 0xff10;
/** Between the digits of a written phone number: spaces, brackets, dots and dashes of any width. */
const BETWEEN = '[\\s().\\-‐–ー－・．（）]*';

/**
 * The contact's phone number however it is written again: its last seven digits (the local part,
 * in ASCII or full-width) with any separators, and whatever digits lead up to them (a country or
 * area code written differently: `415.555.2671` for `+14155552671`).
 */
function sameNumber(contact: string): RegExp | undefined {
  const digits = contact.normalize('NFKC').replace(/\D/gu, '');
  if (digits.length < 7) return undefined;
  const digit = (d: string) => `[${d}${String.fromCodePoint(FULL_WIDTH_ZERO + Number(d))}]`;
  const local = [...digits.slice(-7)].map(digit).join(BETWEEN);
  return new RegExp(`(?:[+＋]?[\\d０-９][\\d０-９\\s().\\-‐–ー－・．（）]*?)?${local}`, 'gu');
}
