import { consoleConversation } from '../core/addresses.ts';
import { dialogContext } from '../core/customer.ts';
import type { CoreDeps } from '../core/deps.ts';
import { UserError } from '../core/errors.ts';
import type { NeutralMessage } from '../core/messages.ts';
import { isLanguage, LANGUAGES } from '../i18n/languages.ts';
import { startIntake } from '../intake/dialog.ts';
import type { StoreTx } from '../store/types.ts';
import type { StaffMember } from '../team/directory.ts';

/**
 * `/ticket new <language>`: customer service opens a ticket for a customer who phoned or wrote
 * by email. The same intake runs in the staff console, in the customer's language; what the
 * ticket later says to its customer comes to this console, to pass on.
 */
export async function startProxyIntake(
  deps: CoreDeps,
  tx: StoreTx,
  member: StaffMember,
  languageWord: string,
): Promise<NeutralMessage[]> {
  const allowed = member.roles.includes('customer_service') || deps.directory.isLead(member);
  if (!allowed) throw new UserError('commands.errors.triage_only');
  const intent = deps.words.intent(languageWord);
  const language =
    intent?.kind === 'language'
      ? intent.language
      : LANGUAGES.find((l) => l.toLowerCase() === languageWord.toLowerCase());
  if (!language || !isLanguage(language)) {
    throw new UserError('commands.errors.bad_language', { given: languageWord.slice(0, 30) });
  }

  const now = deps.clock.now();
  const id = consoleConversation(member.id);
  const existing = await tx.getConversation(id);
  const conversation = existing ?? {
    id,
    platform: 'web' as const,
    userId: member.id,
    language,
    state: 'idle' as const,
    step: null,
    editing: false,
    draft: {},
    ticketId: null,
    createdAt: now,
    updatedAt: now,
  };
  conversation.language = language;
  conversation.draft = {};
  conversation.ticketId = null;
  const t = deps.translators.for(member.language);
  const replies = [
    { text: t('commands.new.started', { language: t(`language_name.${language}`) }) },
    ...startIntake(conversation, dialogContext(deps)).map((m) => ({ ...m, language })),
  ];
  conversation.updatedAt = now;
  await tx.saveConversation(conversation);
  return replies;
}
