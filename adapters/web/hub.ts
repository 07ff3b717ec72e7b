import { EventEmitter } from 'node:events';
import type { ChannelSender } from '../../src/outbox/outbox.ts';
import type { OutboxMessage } from '../../src/store/types.ts';

/**
 * Tells open browser streams that their conversation has something new. The transcript in the
 * store is the truth; this only wakes the streams, so a browser that was away misses nothing.
 */
export class WebHub implements ChannelSender {
  readonly #events = new EventEmitter();

  readonly #poll: NodeJS.Timeout | undefined;

  /**
   * `pollMs`: where replicas share the database, a line may be written by another replica, whose
   * wake-up never reaches this one; open streams then also look for new lines this often.
   */
  constructor(options: { pollMs?: number } = {}) {
    // One listener per open browser tab; a busy console can have many.
    this.#events.setMaxListeners(0);
    if (options.pollMs) {
      this.#poll = setInterval(() => {
        for (const name of this.#events.eventNames()) this.#events.emit(name);
      }, options.pollMs);
      this.#poll.unref();
    }
  }

  close(): void {
    if (this.#poll) clearInterval(this.#poll);
  }

  /** The web channel accepts a message as soon as it is in the transcript, which it already is. */
  async send(message: OutboxMessage): Promise<void> {
    this.#events.emit(message.address.conversationId);
  }

  /** Wakes the streams of a conversation (also used after a person's own message). */
  poke(conversationId: string): void {
    this.#events.emit(conversationId);
  }

  subscribe(conversationId: string, listener: () => void): () => void {
    this.#events.on(conversationId, listener);
    return () => this.#events.off(conversationId, listener);
  }
}
