import { formatInstant } from '../i18n/format.ts';
import type { Language } from '../i18n/languages.ts';
import type { Translate } from '../i18n/translator.ts';
import type { StoreTx, Ticket } from '../store/types.ts';
import type { StaffMember } from '../team/directory.ts';
import { announceToRoom } from '../tickets/room.ts';
import { countryTimeZone } from '../time/country-zone.ts';
import { staffAddress } from './addresses.ts';
import type { CoreDeps } from './deps.ts';
import type { NeutralMessage } from './messages.ts';

/** Renders a message for one reader: their translator and a formatter for their time zone. */
export type Render = (
  t: Translate,
  when: (at: number) => string,
  language: Language,
) => NeutralMessage;

/** Queues a message to the ticket's customer, in the ticket's language and their time zone. */
export async function tellCustomer(
  deps: CoreDeps,
  tx: StoreTx,
  ticket: Ticket,
  render: Render,
): Promise<void> {
  const t = deps.translators.for(ticket.language);
  const zone = countryTimeZone(ticket.country);
  await tx.enqueue({
    address: { platform: ticket.platform, conversationId: ticket.conversationId },
    recipient: ticket.customerId,
    language: ticket.language,
    ticketId: ticket.id,
    message: render(t, (at) => formatInstant(at, ticket.language, zone), ticket.language),
    createdAt: deps.clock.now(),
  });
}

/** Queues a message to each staff member once, in their own language and time zone. */
export async function tellStaff(
  deps: CoreDeps,
  tx: StoreTx,
  members: readonly StaffMember[],
  ticketId: number | null,
  render: Render,
): Promise<void> {
  const seen = new Set<string>();
  for (const member of members) {
    if (seen.has(member.id)) continue;
    seen.add(member.id);
    const t = deps.translators.for(member.language);
    await tx.enqueue({
      address: staffAddress(member, deps.settings.staffPlatforms),
      recipient: member.id,
      language: member.language,
      ticketId,
      message: render(
        t,
        (at) => formatInstant(at, member.language, member.timeZone),
        member.language,
      ),
      createdAt: deps.clock.now(),
    });
  }
}

/**
 * Appends a timeline event for the ticket at the current instant; the ticket's rapid-response
 * room, if it has one open, hears of the changes that matter to it.
 */
export async function record(
  deps: CoreDeps,
  tx: StoreTx,
  ticketId: number,
  actor: string,
  kind: string,
  data: Record<string, unknown> = {},
): Promise<void> {
  await tx.appendEvent({ ticketId, at: deps.clock.now(), actor, kind, data });
  await announceToRoom(deps, tx, ticketId, actor, kind);
}
