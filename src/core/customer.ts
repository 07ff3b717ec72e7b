import { resolveLanguage } from '../i18n/detect.ts';
import { advanceIntake, repeatQuestion, startIntake } from '../intake/dialog.ts';
import type { Conversation, StoreTx } from '../store/types.ts';
import { normalizeText } from '../text/normalize.ts';
import { rateTicket } from '../tickets/closing.ts';
import { openTicket } from '../tickets/open.ts';
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
    if (outcome.submit) replies.push(...(await openTicket(deps, tx, conversation, now)));
  }

  conversation.updatedAt = now;
  await tx.saveConversation(conversation);
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
  return conversation;
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

  await tx.appendEvent({
    ticketId,
    at: now,
    actor: 'customer',
    kind: 'customer_message',
    data: { length: text.length },
  });
  const holder = ticket.assigneeId ? deps.directory.get(ticket.assigneeId) : undefined;
  await tellStaff(deps, tx, holder ? [holder] : deps.directory.triage(), ticketId, (ts) => ({
    text: ts('staff.customer_wrote', { number: ticketId }),
    fields: [{ label: ts('commands.show.customer'), value: text }],
  }));
  return [{ text: t('ticket.note_added', { number: ticketId }) }];
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
