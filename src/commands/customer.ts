import type { CoreDeps } from '../core/deps.ts';
import { UserError } from '../core/errors.ts';
import type { NeutralMessage, Platform } from '../core/messages.ts';
import { eraseCustomer, exportCustomer, type Subject } from '../privacy/customer-data.ts';
import type { StoreTx } from '../store/types.ts';
import type { StaffMember } from '../team/directory.ts';
import { normalizeArgument, normalizeText } from '../text/normalize.ts';
import { ticketNumber } from './parse.ts';

const CUSTOMER = /^\/customer(?:\s|$)/;

/** True for the personal data commands (`/customer ...`). */
export function isCustomerCommand(text: string): boolean {
  return CUSTOMER.test(normalizeArgument(text));
}

/**
 * `/customer export <ticket no | customer id>` and `/customer erase <ticket no | customer id>
 * confirm`, for administrators only. An export is answered in the web console alone, as JSON, so
 * a customer's data is never posted on a chat platform; an erasure without `confirm` only says
 * what it would erase.
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
  const number = ticketNumber(normalizeArgument(given));
  const subject: Subject = number === undefined ? { customerId: given } : { ticket: number };
  const now = deps.clock.now();

  if (sub === 'export') {
    if (from !== 'web') throw new UserError('customer_data.errors.console_only');
    const held = await exportCustomer(tx, subject, now);
    if (!held) throw new UserError('customer_data.errors.not_found', { given: given.slice(0, 60) });
    return {
      text: t('customer_data.export', { who: held.customerId ?? `#${number}` }),
      fields: [{ label: 'JSON', value: JSON.stringify(held, null, 2) }],
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
