import type { CoreDeps } from '../core/deps.ts';
import type { NeutralMessage } from '../core/messages.ts';
import { tellStaff } from '../core/notify.ts';
import { countryName } from '../intake/country.ts';
import { scheduleCreated } from '../sla/schedule.ts';
import type { Conversation, StoreTx, Ticket } from '../store/types.ts';
import { propose } from './classify.ts';
import { dispatchTicket } from './routing.ts';

/**
 * Opens the ticket for a confirmed intake, proposes its type and urgency, classifies it at once
 * when the proposal is confident, tells the triage staff, and returns what the customer is told.
 */
export async function openTicket(
  deps: CoreDeps,
  tx: StoreTx,
  conversation: Conversation,
  now: number,
): Promise<NeutralMessage[]> {
  const { draft } = conversation;
  const language = conversation.language ?? deps.settings.defaultLanguage;
  const { name, contact, contactKind, country, product, problem, urgency } = draft;
  if (!name || !contact || !contactKind || !country || !product || !problem || !urgency) {
    throw new Error('an intake was confirmed with a field missing');
  }

  const proposal = propose(`${product}\n${problem}`, urgency);
  let ticket = await tx.createTicket({
    conversationId: conversation.id,
    platform: conversation.platform,
    customerId: conversation.userId,
    language,
    name,
    contact,
    contactKind,
    country,
    product,
    problem,
    requestedUrgency: urgency,
    urgency: proposal.urgency,
    field: deps.directory.fieldOf(product, problem),
    createdAt: now,
  });
  const event = (kind: string, data: Record<string, unknown>, actor = 'system') =>
    tx.appendEvent({ ticketId: ticket.id, at: now, actor, kind, data });

  // A ticket opened from the staff console is on behalf of a customer who phoned or wrote.
  const proxy = conversation.id.startsWith('console:');
  await event(
    'created',
    { language, country, urgency: proposal.urgency, ...(proxy ? { onBehalf: true } : {}) },
    proxy ? conversation.userId : 'customer',
  );
  await event('classification_proposed', {
    type: proposal.type,
    urgency: proposal.urgency,
    confidence: proposal.confidence,
    words: proposal.words,
  });
  if (proposal.type && proposal.confidence >= deps.settings.classifyMinConfidence) {
    await tx.updateTicket(ticket.id, {
      type: proposal.type,
      state: 'classified',
      classifiedAt: now,
      updatedAt: now,
    });
    await event('classified', { type: proposal.type, urgency: proposal.urgency, automatic: true });
    ticket = { ...ticket, type: proposal.type, state: 'classified', classifiedAt: now };
  }

  conversation.state = proxy ? 'idle' : 'ticket';
  conversation.ticketId = proxy ? null : ticket.id;
  conversation.step = null;
  conversation.draft = {};

  await scheduleCreated(deps, tx, ticket);
  await notifyTriage(deps, tx, ticket);
  if (ticket.type !== null || ticket.urgency === 'urgent') await dispatchTicket(deps, tx, ticket);

  const t = deps.translators.for(language);
  const replies: NeutralMessage[] = [{ text: t('ticket.created', { number: ticket.id, name }) }];
  if (proposal.raised) replies.push({ text: t('ticket.raised_urgent') });
  return replies;
}

/** Tells the triage staff (customer service) about a new ticket, each in their own language. */
async function notifyTriage(deps: CoreDeps, tx: StoreTx, ticket: Ticket): Promise<void> {
  const key = ticket.type ? 'staff.new_ticket_classified' : 'staff.new_ticket_unclassified';
  await tellStaff(deps, tx, deps.directory.triage(), ticket.id, (t, _when, language) => ({
    text: t(key, {
      number: ticket.id,
      urgency: t(`urgency.${ticket.urgency}`),
      type: ticket.type ? t(`type.${ticket.type}`) : '',
      country: countryName(ticket.country, language),
      product: ticket.product,
    }),
  }));
}
