import type { CoreDeps } from '../core/deps.ts';
import { UserError } from '../core/errors.ts';
import type { NeutralMessage, Platform } from '../core/messages.ts';
import type { StoreTx } from '../store/types.ts';
import type { StaffMember } from '../team/directory.ts';
import { claimTicket } from '../tickets/claim.ts';
import { classifyTicket } from '../tickets/classify-command.ts';
import { closeTicket, markHandled, reopenTicket, sendFeedback } from '../tickets/closing.ts';
import { sendDelay, sendPlan, sendUpdate } from '../tickets/progress.ts';
import { startProxyIntake } from '../tickets/proxy.ts';
import { confirmRoom, openRoom } from '../tickets/room.ts';
import { escalateTicket, pauseTicket, reassignTicket } from '../tickets/steering.ts';
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
  from: Platform = 'web',
): Promise<NeutralMessage | NeutralMessage[]> {
  switch (command.name) {
    case 'new':
      // The caller's intake runs in the web console, where staff type the answers as they hear them.
      if (from !== 'web') throw new UserError('commands.errors.console_only');
      return startProxyIntake(deps, tx, member, command.language);
    case 'help':
      return { text: deps.translators.for(member.language)('commands.help') };
    case 'list':
      return listTickets(deps, tx, member);
    case 'show':
      return showTicket(deps, tx, member, command.ticket);
    case 'claim':
      return claimTicket(deps, tx, member, command.ticket);
    case 'classify': {
      const type = deps.words.ticketType(command.type);
      if (!type) throw new UserError('commands.errors.bad_type', { given: command.type });
      const urgency = deps.words.urgency(command.urgency);
      if (!urgency) throw new UserError('commands.errors.bad_urgency', { given: command.urgency });
      return classifyTicket(deps, tx, member, command.ticket, type, urgency);
    }
    case 'plan':
      return sendPlan(
        deps,
        tx,
        member,
        command.ticket,
        command.plan,
        command.resources,
        command.estimate,
      );
    case 'update':
      return sendUpdate(deps, tx, member, command.ticket, command.text);
    case 'delay':
      return sendDelay(deps, tx, member, command.ticket, command.reason, command.estimate);
    case 'handled':
      return markHandled(deps, tx, member, command.ticket, command.result, command.precautions);
    case 'feedback':
      return sendFeedback(deps, tx, member, command.ticket, command.result, command.precautions);
    case 'reopen':
      return reopenTicket(deps, tx, member, command.ticket, command.text);
    case 'close':
      return closeTicket(deps, tx, member, command.ticket, command.reason, command.text);
    case 'reassign':
      return reassignTicket(deps, tx, member, command.ticket, command.to);
    case 'escalate':
      return escalateTicket(deps, tx, member, command.ticket, command.text);
    case 'wait':
    case 'resume':
      return pauseTicket(deps, tx, member, command.ticket, command.name === 'wait');
    case 'room':
      return openRoom(deps, tx, member, command.ticket, command.departments);
    case 'confirm':
      return confirmRoom(deps, tx, member, command.ticket);
  }
}
