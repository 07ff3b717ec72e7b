import { resolveLanguage } from '../i18n/detect.ts';
import { advanceIntake, offerDuplicate, repeatQuestion, startIntake } from '../intake/dialog.ts';
import { findDuplicate } from '../intake/duplicate.ts';
import { withoutContact } from '../privacy/shared-text.ts';
import type { Conversation, StoreTx, Ticket } from '../store/types.ts';
import { normalizeText } from '../text/normalize.ts';
import { rateTicket } from '../tickets/closing.ts';
import { openTicket } from '../tickets/open.ts';
import { HOUR, MINUTE } from './clock.ts';
import type { CoreDeps } from './deps.ts';
import type { InboundMessage, NeutralMessage, Question } from './messages.ts';
import { tellStaff } from './notify.ts';

/**
 * Handles one message from a customer inside the caller's transaction: records it, picks the
 * language, moves the intake on (or adds the message to the open ticket) and queues the replies.
 */
export async function handleCustomerMessage(
  deps: CoreDeps,
  tx: StoreTx,
  conversationId: string,
  inbound: InboundMessage,
): Promise<Conversation> {
  const now = deps.clock.now();
  const text = normalizeText(inbound.text);
  // The transcript keeps the text as typed; only the dialog sees the normalized form.
  await tx.addInbound(conversationId, now, inbound.text);

  const existing = await tx.getConversation(conversationId);
  const conversation = existing ?? newConversation(conversationId, inbound, now);
  const fresh = conversation.state === 'idle';
  // A console intake runs in the language staff chose for the customer; it never drifts.
  const proxy = conversationId.startsWith('console:');
  conversation.language = proxy
    ? conversation.language
    : (resolveLanguage({
        text,
        current: conversation.language ?? undefined,
        locale: inbound.locale,
      }) ??
      conversation.language ??
      deps.settings.defaultLanguage);

  // A customer sending faster than anyone can read is slowed: the message is kept in the
  // transcript above, but the dialog does not see it. Staff running a console intake are not.
  const verdict = proxy ? 'ok' : deps.flood.message(`${inbound.platform}:${inbound.userId}`, now);
  if (verdict !== 'ok') {
    if (verdict === 'slow_down') {
      const t = deps.translators.for(conversation.language ?? deps.settings.defaultLanguage);
      await send(deps, tx, conversation, now, [
        { text: t('flood.messages'), error: 'flood.messages' },
      ]);
    }
    return conversation;
  }

  let replies: NeutralMessage[];
  const stale =
    inbound.answers !== undefined && inbound.answers !== (await asking(tx, conversation));
  if (stale) {
    const t = deps.translators.for(conversation.language ?? deps.settings.defaultLanguage);
    replies = [
      { text: t('errors.stale_choice'), error: 'errors.stale_choice' },
      ...repeatQuestion(conversation, dialogContext(deps)),
    ];
  } else if (conversation.state === 'ticket' && conversation.ticketId !== null) {
    replies = await followUp(deps, tx, conversation, text, now);
  } else if (fresh) {
    prefill(conversation, inbound);
    replies = startIntake(conversation, dialogContext(deps));
  } else {
    const outcome = advanceIntake(conversation, text, dialogContext(deps));
    replies = outcome.replies;
    if (outcome.addTo !== undefined) {
      replies.push(...(await joinOpenTicket(deps, tx, conversation, outcome.addTo, now)));
    } else if (outcome.submit) {
      replies.push(...(await submit(deps, tx, conversation, now, outcome.force === true)));
    }
  }

  conversation.updatedAt = now;
  await tx.saveConversation(conversation);
  await send(deps, tx, conversation, now, replies);
  return conversation;
}

/** Queues replies to the customer of `conversation`. */
async function send(
  deps: CoreDeps,
  tx: StoreTx,
  conversation: Conversation,
  now: number,
  replies: readonly NeutralMessage[],
): Promise<void> {
  const conversationId = conversation.id;
  for (const message of replies) {
    await tx.enqueue({
      address: { platform: conversation.platform, conversationId },
      recipient: conversation.userId,
      language: conversation.language ?? deps.settings.defaultLanguage,
      ticketId: conversation.ticketId,
      message,
      createdAt: now,
    });
  }
}

/**
 * Opens the ticket for a confirmed intake, unless the customer already has an open ticket about
 * the same thing (offered as an update instead, unless `force`) or has opened more tickets in the
 * past hour than the team allows (told to wait, once per wait; the draft is kept for later).
 */
async function submit(
  deps: CoreDeps,
  tx: StoreTx,
  conversation: Conversation,
  now: number,
  force: boolean,
): Promise<NeutralMessage[]> {
  // Staff opening a ticket from the console for a caller decide for themselves.
  if (conversation.id.startsWith('console:')) return openTicket(deps, tx, conversation, now);
  const { draft } = conversation;
  const tickets = await tx.customerTickets(
    {
      platform: conversation.platform,
      customerId: conversation.userId,
      contact: draft.contact ?? '',
    },
    now - HOUR,
  );

  const duplicate = force ? undefined : findDuplicate(draft, tickets);
  if (duplicate) return offerDuplicate(conversation, duplicate.id, dialogContext(deps));

  const limit = deps.settings.floodTicketsPerHour;
  const lastHour = tickets.filter((ticket) => ticket.createdAt > now - HOUR);
  const oldest = lastHour[0];
  if (limit > 0 && oldest && lastHour.length >= limit) {
    // The wait ends when the oldest of the hour's tickets leaves the hour.
    const until = oldest.createdAt + HOUR;
    const key = `tickets:${conversation.platform}:${conversation.userId}`;
    if (!deps.flood.warnOnce(key, now, until)) return [];
    const t = deps.translators.for(conversation.language ?? deps.settings.defaultLanguage);
    const minutes = Math.max(1, Math.ceil((until - now) / MINUTE));
    return [{ text: t('flood.tickets', { minutes }), error: 'flood.tickets' }];
  }
  return openTicket(deps, tx, conversation, now);
}

/**
 * The customer chose to add a repeated request to their open ticket `number`: its text joins the
 * ticket as any later message does, and no one new is paged. A ticket closed in the meantime
 * means a new one after all.
 */
async function joinOpenTicket(
  deps: CoreDeps,
  tx: StoreTx,
  conversation: Conversation,
  number: number,
  now: number,
): Promise<NeutralMessage[]> {
  delete conversation.draft.duplicateOf;
  const ticket = await tx.getTicket(number);
  if (!ticket || ticket.state === 'closed') return submit(deps, tx, conversation, now, true);

  const text = conversation.draft.problem ?? '';
  conversation.state = 'ticket';
  conversation.ticketId = ticket.id;
  conversation.step = null;
  conversation.draft = {};
  const t = deps.translators.for(conversation.language ?? deps.settings.defaultLanguage);
  await addNote(deps, tx, ticket, text, now);
  return [{ text: t('ticket.note_added', { number: ticket.id }) }];
}

/** A message after the ticket is open: control words still work, anything else joins the ticket. */
async function followUp(
  deps: CoreDeps,
  tx: StoreTx,
  conversation: Conversation,
  text: string,
  now: number,
): Promise<NeutralMessage[]> {
  const ticketId = conversation.ticketId ?? 0;
  const ticket = await tx.getTicket(ticketId);
  const intent = deps.words.intent(text);

  if (intent?.kind === 'language' && ticket) {
    conversation.language = intent.language;
    await tx.updateTicket(ticketId, { language: intent.language, updatedAt: now });
    await tx.appendEvent({
      ticketId,
      at: now,
      actor: 'customer',
      kind: 'language_changed',
      data: { language: intent.language },
    });
  }
  // A ticket keeps the language it was opened in unless the customer asks for another.
  if (ticket && intent?.kind !== 'language') conversation.language = ticket.language;
  const t = deps.translators.for(conversation.language ?? deps.settings.defaultLanguage);

  if (intent?.kind === 'restart') {
    conversation.state = 'idle';
    conversation.ticketId = null;
    conversation.draft = {};
    return startIntake(conversation, dialogContext(deps));
  }
  if (intent?.kind === 'language') {
    return [{ text: t('intake.language_switched') }];
  }
  if (intent?.kind === 'help') return [{ text: t('ticket.help', { number: ticketId }) }];
  if (!ticket || ticket.state === 'closed') {
    // The loop is closed: whatever comes next is a new request.
    conversation.state = 'idle';
    conversation.ticketId = null;
    conversation.draft = {};
    return startIntake(conversation, dialogContext(deps));
  }
  if (text === '') return [{ text: t('ticket.help', { number: ticketId }) }];

  // After the result and satisfaction check, a 1-5 answer is the customer's rating.
  if (ticket.state === 'handled' && ticket.feedbackAt !== null && ticket.rating === null) {
    const rated = await rateTicket(deps, tx, ticket, text);
    if (rated) return [rated];
    // A short answer that is not 1-5 was meant as a rating: say what is expected.
    if ([...text].length <= 3) {
      return [
        {
          text: t('customer.rate_hint', { number: ticketId }),
          choices: [1, 2, 3, 4, 5].map((n) => ({
            label: t('customer.rating_choice', { count: n }),
            value: String(n),
          })),
          error: 'customer.rate_hint',
        },
      ];
    }
  }

  await addNote(deps, tx, ticket, text, now);
  return [{ text: t('ticket.note_added', { number: ticketId }) }];
}

/** Adds what the customer wrote to their ticket and tells its holder (or triage, before one). */
async function addNote(
  deps: CoreDeps,
  tx: StoreTx,
  ticket: Ticket,
  text: string,
  now: number,
): Promise<void> {
  const ticketId = ticket.id;
  await tx.appendEvent({
    ticketId,
    at: now,
    actor: 'customer',
    kind: 'customer_message',
    data: { length: text.length },
  });
  const holder = ticket.assigneeId ? deps.directory.get(ticket.assigneeId) : undefined;
  // Before anyone holds the ticket, triage hears of it without the customer's contact details.
  const shown = holder ? text : withoutContact(text, ticket);
  await tellStaff(deps, tx, holder ? [holder] : deps.directory.triage(), ticketId, (ts) => ({
    text: ts('staff.customer_wrote', { number: ticketId }),
    fields: [{ label: ts('commands.show.customer'), value: shown }],
  }));
}

/** The question the conversation is waiting on, if any. */
async function asking(tx: StoreTx, conversation: Conversation): Promise<Question | undefined> {
  if (conversation.state === 'confirm') return 'confirm';
  if (conversation.state === 'intake') return conversation.step ?? undefined;
  if (conversation.state !== 'ticket' || conversation.ticketId === null) return undefined;
  const ticket = await tx.getTicket(conversation.ticketId);
  const rating =
    ticket?.state === 'handled' && ticket.feedbackAt !== null && ticket.rating === null;
  return rating ? 'rating' : undefined;
}

function newConversation(id: string, inbound: InboundMessage, now: number): Conversation {
  return {
    id,
    platform: inbound.platform,
    userId: inbound.userId,
    language: null,
    state: 'idle',
    step: null,
    editing: false,
    draft: {},
    ticketId: null,
    createdAt: now,
    updatedAt: now,
  };
}

/** Fills the fields the platform knows for certain, so the intake does not ask for them. */
function prefill(conversation: Conversation, inbound: InboundMessage): void {
  const name = inbound.profile?.name?.trim();
  const email = inbound.profile?.email?.trim();
  conversation.draft = {
    ...(name ? { name } : {}),
    ...(email ? { contact: email, contactKind: 'email' as const } : {}),
  };
}

export function dialogContext(deps: CoreDeps) {
  return {
    translate: (language: Parameters<CoreDeps['translators']['for']>[0]) =>
      deps.translators.for(language),
    words: deps.words,
    teamName: deps.settings.teamName,
  };
}
