import type { CoreDeps } from '../core/deps.ts';
import { UserError } from '../core/errors.ts';
import type { NeutralMessage } from '../core/messages.ts';
import type { StoreTx } from '../store/types.ts';
import type { StaffMember } from '../team/directory.ts';
import { claimTicket } from '../tickets/claim.ts';
import { classifyTicket } from '../tickets/classify-command.ts';
import { listTickets, showTicket } from '../tickets/views.ts';
import type { Command } from './parse.ts';

/**
 * Runs one parsed staff command for `member` inside the caller's transaction and returns the
 * answer for them. A refusal is thrown as a UserError whose code is the message's key.
 */
export async function runCommand(
  deps: CoreDeps,
  tx: StoreTx,
  member: StaffMember,
  command: Command,
): Promise<NeutralMessage[]> {
  const t = deps.translators.for(member.language);
  switch (command.name) {
    case 'help':
      return [{ text: t('commands.help') }];
    case 'list':
      return [await listTickets(deps, tx, member)];
    case 'show': {
      return [await showTicket(deps, tx, member, command.ticket)];
    }
    case 'claim':
      return [await claimTicket(deps, tx, member, command.ticket)];
    case 'classify': {
      const type = deps.words.ticketType(command.type);
      if (!type) throw new UserError('commands.errors.bad_type', { given: command.type });
      const urgency = deps.words.urgency(command.urgency);
      if (!urgency) throw new UserError('commands.errors.bad_urgency', { given: command.urgency });
      return [await classifyTicket(deps, tx, member, command.ticket, type, urgency)];
    }
  }
}
