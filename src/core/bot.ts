import { isCustomerCommand, runCustomerCommand } from '../commands/customer.ts';
import { runCommand } from '../commands/handle.ts';
import { isCommand, isTeamCommand, parseCommand } from '../commands/parse.ts';
import { runTeamCommand } from '../commands/team.ts';
import type { Language } from '../i18n/languages.ts';
import { languageFromLocale } from '../i18n/locale.ts';
import { repeatQuestion } from '../intake/dialog.ts';
import { isStorageFault } from '../store/faults.ts';
import type { StoreTx } from '../store/types.ts';
import type { StaffMember } from '../team/directory.ts';
import { dialogContext, handleCustomerMessage } from './customer.ts';
import type { CoreDeps } from './deps.ts';
import { UserError } from './errors.ts';
import { scrubbed } from './logger.ts';
import type { InboundMessage, NeutralMessage } from './messages.ts';

/** An inbound message with the staff identity its adapter has verified, if any. */
export interface CoreInbound extends InboundMessage {
  /** Set only by an adapter that has authenticated the person as this staff member. */
  staffId?: string | undefined;
  /**
   * The platform's identity for this delivery (e.g. Slack channel and message timestamp). A second
   * delivery with the same key, a retry or a duplicate event, is ignored.
   */
  dedupeKey?: string | undefined;
}

/**
 * The conversation core: one entry point for every platform. Each message is handled in one
 * transaction; replies are queued in the outbox within it and delivered after it commits.
 */
export class Bot {
  readonly #deps: CoreDeps;

  constructor(deps: CoreDeps) {
    this.#deps = deps;
  }

  /**
   * Handles one message. Resolves to whether it was accepted: false when the answer to the
   * sender explained a refusal (a bad answer, a stale button, a command not allowed), so an
   * adapter can leave the pressed card as it was.
   */
  async handle(inbound: CoreInbound): Promise<HandleResult> {
    const deps = this.#deps;
    let refused = false;
    // A child logger costs an allocation per message: make it only when something is logged.
    const log = (ticket: number | null = null) =>
      deps.logger.child({
        ticket,
        platform: inbound.platform,
        conversation: inbound.conversationId,
      });
    const staff = inbound.staffId ? deps.directory.get(inbound.staffId) : undefined;

    try {
      await deps.store.transaction(async (store) => {
        // Watch what is queued back to the sender: an error there means the input was refused.
        const tx = watchReplies(store, inbound.conversationId, () => {
          refused = true;
        });
        if (inbound.dedupeKey && !(await tx.markSeen(inbound.dedupeKey, deps.clock.now()))) return;
        if (staff) await this.#staffMessage(tx, inbound, staff);
        else if (isCommand(inbound.text)) await this.#refuseCommand(tx, inbound);
        else {
          const conversation = await handleCustomerMessage(
            deps,
            tx,
            inbound.conversationId,
            inbound,
          );
          if (deps.logger.isLevelEnabled('debug')) {
            log(conversation.ticketId).debug(
              { step: conversation.step, state: conversation.state },
              'message handled',
            );
          }
        }
      });
    } catch (error) {
      if (isStorageFault(error)) return this.#unavailable(inbound, staff?.language);
      // The error may quote what the person wrote: the log keeps what failed, not the words.
      log().error(
        { err: scrubbed(error, [inbound.text]) },
        'handling a message failed; the message is kept',
      );
      try {
        // The failed transaction rolled back: keep what the person wrote and tell them.
        await deps.store.transaction(async (tx) => {
          await tx.addInbound(inbound.conversationId, deps.clock.now(), inbound.text);
          const conversation = await tx.getConversation(inbound.conversationId);
          const language =
            staff?.language ?? conversation?.language ?? deps.settings.defaultLanguage;
          await this.#reply(tx, inbound, language, {
            text: deps.translators.for(language)('errors.internal'),
            error: 'errors.internal',
          });
        });
      } catch (again) {
        if (isStorageFault(again)) return this.#unavailable(inbound, staff?.language);
        throw again;
      }
    }
    deps.outboxChanged();
    return { accepted: !refused };
  }

  /**
   * The database refuses writes, so nothing of this message was recorded and no reply can be
   * queued: the person is told so at once, past the outbox, in their language, and asked to send
   * it again later. The fault itself is logged once, by the store's health.
   */
  async #unavailable(
    inbound: CoreInbound,
    staffLanguage: Language | undefined,
  ): Promise<HandleResult> {
    const deps = this.#deps;
    // Reads usually still work on a full disk; if not, the person's locale decides.
    const conversation = await deps.store
      .read((tx) => tx.getConversation(inbound.conversationId))
      .catch(() => undefined);
    const language =
      staffLanguage ??
      conversation?.language ??
      languageFromLocale(inbound.locale) ??
      deps.settings.defaultLanguage;
    const log = deps.logger.child({
      ticket: conversation?.ticketId ?? null,
      platform: inbound.platform,
      conversation: inbound.conversationId,
    });
    log.info('a message was turned away: the database refuses writes');
    const address = { platform: inbound.platform, conversationId: inbound.conversationId };
    const message = {
      text: deps.translators.for(language)(STORE_UNAVAILABLE),
      error: STORE_UNAVAILABLE,
    };
    try {
      await deps.sendNow(address, inbound.staffId ?? inbound.userId, language, message);
    } catch (error) {
      log.warn({ err: error }, 'could not tell the person that their message was not recorded');
    }
    return { accepted: false, unavailable: true };
  }

  async #staffMessage(tx: StoreTx, inbound: CoreInbound, member: StaffMember): Promise<void> {
    const deps = this.#deps;
    const t = deps.translators.for(member.language);

    if (!isCommand(inbound.text)) {
      // Customer service may be running an intake for a customer on the phone.
      const proxy = await tx.getConversation(inbound.conversationId);
      if (proxy?.state === 'intake' || proxy?.state === 'confirm') {
        await handleCustomerMessage(deps, tx, inbound.conversationId, inbound);
        return;
      }
      await tx.addInbound(inbound.conversationId, deps.clock.now(), inbound.text);
      await this.#reply(tx, inbound, member.language, { text: t('commands.errors.not_command') });
      return;
    }
    await tx.addInbound(inbound.conversationId, deps.clock.now(), inbound.text);
    if (isTeamCommand(inbound.text)) {
      await this.#run(tx, inbound, member, () => runTeamCommand(deps, tx, member, inbound.text));
      return;
    }
    if (isCustomerCommand(inbound.text)) {
      await this.#run(tx, inbound, member, () =>
        runCustomerCommand(deps, tx, member, inbound.text, inbound.platform),
      );
      return;
    }
    const parsed = parseCommand(inbound.text);
    if (!parsed.ok) {
      await this.#reply(tx, inbound, member.language, {
        text: t(parsed.error, parsed.params),
        error: parsed.error,
      });
      return;
    }
    const command = parsed.command;
    await this.#run(tx, inbound, member, () =>
      runCommand(deps, tx, member, command, inbound.platform),
    );
  }

  /** Runs a staff command and answers with its result, or with its refusal explained. */
  async #run(
    tx: StoreTx,
    inbound: CoreInbound,
    member: StaffMember,
    command: () => Promise<NeutralMessage | NeutralMessage[]>,
  ): Promise<void> {
    const t = this.#deps.translators.for(member.language);
    try {
      const answer = await command();
      for (const message of Array.isArray(answer) ? answer : [answer]) {
        await this.#reply(tx, inbound, member.language, message);
      }
    } catch (error) {
      if (!(error instanceof UserError)) throw error;
      await this.#reply(tx, inbound, member.language, {
        text: t(error.code, error.params),
        error: error.code,
      });
    }
  }

  /** A customer typed a staff command: say so in their language and leave the intake as it was. */
  async #refuseCommand(tx: StoreTx, inbound: CoreInbound): Promise<void> {
    const deps = this.#deps;
    await tx.addInbound(inbound.conversationId, deps.clock.now(), inbound.text);
    const conversation = await tx.getConversation(inbound.conversationId);
    const language =
      conversation?.language ?? languageFromLocale(inbound.locale) ?? deps.settings.defaultLanguage;
    const t = deps.translators.for(language);
    await this.#reply(tx, inbound, language, {
      text: t('errors.staff_only'),
      error: 'errors.staff_only',
    });
    // The intake goes on where it was: ask its question again.
    if (conversation) {
      for (const message of repeatQuestion(conversation, dialogContext(deps))) {
        await this.#reply(tx, inbound, language, message);
      }
    }
  }

  async #reply(
    tx: StoreTx,
    inbound: CoreInbound,
    language: Language,
    message: NeutralMessage,
  ): Promise<void> {
    await tx.enqueue({
      address: { platform: inbound.platform, conversationId: inbound.conversationId },
      recipient: inbound.staffId ?? inbound.userId,
      language: message.language ?? language,
      ticketId: null,
      message,
      createdAt: this.#deps.clock.now(),
    });
  }
}

const STORE_UNAVAILABLE = 'errors.store_unavailable';

export interface HandleResult {
  /** False when the answer explained a refusal, or nothing could be recorded. */
  accepted: boolean;
  /**
   * Set when the database refused writes: nothing of the message was kept, and the person must
   * be told (the web chat answers its request with `errors.store_unavailable`).
   */
  unavailable?: true;
}

/** The unit of work, noticing any reply with an error sent back to `conversationId`. */
function watchReplies(tx: StoreTx, conversationId: string, onError: () => void): StoreTx {
  return new Proxy(tx, {
    get(target, property) {
      const value = Reflect.get(target, property, target);
      if (typeof value !== 'function') return value;
      if (property !== 'enqueue') return value.bind(target);
      return (message: Parameters<StoreTx['enqueue']>[0]) => {
        if (message.message.error && message.address.conversationId === conversationId) onError();
        return target.enqueue(message);
      };
    },
  });
}
