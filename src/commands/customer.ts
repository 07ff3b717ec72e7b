import type { CoreDeps } from '../core/deps.ts';
import { UserError } from '../core/errors.ts';
import type { NeutralMessage, Platform } from '../core/messages.ts';
import { eraseCustomer, exportCustomer, type Subject } from '../privacy/customer-data.ts';
import type { StoreTx } from '../store/types.ts';
import type { StaffMember } from '../team/directory.ts';
import { normalizeArgument, normalizeText } from '../text/normalize.ts';
import { ticketNumber } from './parse.ts';

const CUSTOMER = /^\/customer(?:\s|$)/;

/** Where the console API gives a customer's export as a JSON file, to administrators. */
export const EXPORT_PATH = '/api/console/customer-export';

/** A ticket number as typed (`1001`, `#1001`) stands for its customer; anything else is an id. */
export function subjectOf(given: string): Subject {
  const number = ticketNumber(normalizeArgument(given));
  return number === undefined ? { customerId: given } : { ticket: number };
}

/** True for the personal data commands (`/customer ...`). */
export function isCustomerCommand(text: string): boolean {
  return CUSTOMER.test(normalizeArgument(text));
}

/**
 * `/customer export <ticket no | customer id>` and `/customer erase <ticket no | customer id>
 * confirm`, for administrators only. An export is answered in the web console alone, with what
 * it covers and where to download it (the console downloads it at once), so a customer's data is
 * never posted on a chat platform nor kept in a transcript; an erasure without `confirm` only
 * says what it would erase.
 */
export async function runCustomerCommand(
  deps: CoreDeps,
  tx: StoreTx,
  member: StaffMember,
  text: string,
  from: Platform,
): Promise<NeutralMessage> {
  const t = deps.translators.for(member.language);
  if (!deps.directory.isAdministrator(member)) {
    throw new UserError('customer_data.errors.admin_only');
  }
  const match = /^\S+\s*(\S*)\s*(\S*)\s*(\S*)/u.exec(normalizeText(text));
  const sub = normalizeArgument(match?.[1] ?? '');
  // A customer id keeps its case (platform ids are case-sensitive); a ticket number is read as typed.
  const given = (match?.[2] ?? '').trim();
  const confirmed = normalizeArgument(match?.[3] ?? '') === 'confirm';
  if ((sub !== 'export' && sub !== 'erase') || given === '') {
    throw new UserError('commands.errors.usage', { usage: t('customer_data.usage') });
  }
  const subject = subjectOf(given);
  const number = 'ticket' in subject ? subject.ticket : undefined;
  const now = deps.clock.now();

  if (sub === 'export') {
    // The export itself is a download (see EXPORT_PATH): an answer here would be kept in the
    // console's transcript, and outlive an erasure.
    if (from !== 'web') throw new UserError('customer_data.errors.console_only');
    const held = await exportCustomer(tx, subject, now);
    if (!held) throw new UserError('customer_data.errors.not_found', { given: given.slice(0, 60) });
    return {
      text: t('customer_data.export', {
        who: held.customerId ?? `#${number}`,
        numbers: numbersText(held.tickets.map((ticket) => ticket.id)),
        path: `${EXPORT_PATH}?subject=${encodeURIComponent(given)}`,
      }),
    };
  }

  if (!confirmed) {
    const held = await exportCustomer(tx, subject, now);
    if (!held) throw new UserError('customer_data.errors.not_found', { given: given.slice(0, 60) });
    return {
      text: t('customer_data.erase_confirm', {
        who: held.customerId ?? `#${number}`,
        numbers: numbersText(held.tickets.map((ticket) => ticket.id)),
        target: given,
      }),
    };
  }
  const erased = await eraseCustomer(deps, tx, subject, member.id);
  if (!erased) throw new UserError('customer_data.errors.not_found', { given: given.slice(0, 60) });
  deps.logger.info({ by: member.id, tickets: erased }, 'customer personal data erased');
  return { text: t('customer_data.erased', { numbers: numbersText(erased) }) };
}

const numbersText = (numbers: number[]): string =>
  numbers.length === 0 ? '—' : numbers.map((n) => `#${n}`).join(', ');
