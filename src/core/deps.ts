import type { Language } from '../i18n/languages.ts';
import type { Translators } from '../i18n/translator.ts';
import type { Vocabulary } from '../intake/vocabulary.ts';
import type { Policy } from '../sla/policy.ts';
import type { StoreHealth } from '../store/faults.ts';
import type { Address, Store } from '../store/types.ts';
import type { Directory } from '../team/directory.ts';
import type { Clock } from './clock.ts';
import type { FloodGuard } from './flood.ts';
import type { Logger } from './logger.ts';
import type { NeutralMessage, Platform } from './messages.ts';

/** Everything the core needs, handed in by main (or a test, or the simulator). */
export interface CoreDeps {
  store: Store;
  clock: Clock;
  logger: Logger;
  translators: Translators;
  words: Vocabulary;
  directory: Directory;
  policy: Policy;
  /** Each person's message rate in this process (see `FloodGuard`). */
  flood: FloodGuard;
  settings: {
    teamName: string;
    defaultLanguage: Language;
    classifyMinConfidence: number;
    /** Where staff are reached, in order of preference; the web console is always there. */
    staffPlatforms: readonly Platform[];
    /** Each chat platform's management room, where the scheduled reports are posted. */
    managementRooms: Partial<Record<Platform, Address>>;
    /** Most messages a customer may send in a rolling minute before being slowed (0: no limit). */
    floodMessagesPerMinute: number;
    /** Most tickets a customer may open in a rolling hour (0: no limit). */
    floodTicketsPerHour: number;
    /** Days after closing that a ticket's personal data is erased; 0 keeps it. */
    retentionDays: number;
  };
  /** Called after a transaction that queued outbound messages has committed. */
  outboxChanged(): void;
  /** Whether the store takes writes, as the latest transactions found. */
  storeHealth: StoreHealth;
  /**
   * Sends a message at once, past the outbox, for when the database cannot queue it: a notice
   * that nothing was recorded. Not retried. The web chat gets such notices as its request's answer
   * instead, so this does nothing there.
   */
  sendNow(
    address: Address,
    recipient: string,
    language: Language,
    message: NeutralMessage,
  ): Promise<void>;
}
