import type { Clock } from '../core/clock.ts';
import { type Logger, maskContacts } from '../core/logger.ts';
import type { Platform } from '../core/messages.ts';
import type { OutboxMessage, Store } from '../store/types.ts';

/** A platform's way of sending a message. It resolves only once the platform accepted it. */
export interface ChannelSender {
  send(message: OutboxMessage): Promise<void>;
}

/** Thrown by a sender to say when to try again (Retry-After) or that trying again is pointless. */
export class DeliveryError extends Error {
  readonly retryAfterMs: number | undefined;
  readonly permanent: boolean;

  constructor(message: string, options: { retryAfterMs?: number; permanent?: boolean } = {}) {
    super(message);
    this.name = 'DeliveryError';
    this.retryAfterMs = options.retryAfterMs;
    this.permanent = options.permanent ?? false;
  }
}

/**
 * Waits after the 1st, 2nd... failed attempt; every later attempt waits as long as the last step,
 * so a platform that comes back after an outage gets its messages within five minutes.
 */
const BACKOFF_MS = [5_000, 30_000, 120_000, 300_000];
/**
 * How long a message is retried before it is given up and flagged to a person: a platform down for
 * hours still gets every message, in order, when it returns.
 */
export const RETRY_FOR_MS = 24 * 60 * 60 * 1000;
const BATCH = 200;
/** How long a claimed message is left to its sender before it falls due again for anyone. */
const LEASE_MS = 60_000;

/**
 * Delivers queued messages in order, with retries and backoff. A message counts as sent only when
 * its sender resolved; a conversation whose message failed waits, so its messages keep their order.
 */
export class Outbox {
  readonly #store: Store;
  readonly #clock: Clock;
  readonly #logger: Logger;
  readonly #senders: Partial<Record<Platform, ChannelSender>>;
  readonly #gaveUp: (message: OutboxMessage, reason: string) => Promise<void>;
  readonly #leaseMs: number;
  #running: Promise<number> | undefined;
  #again = false;

  constructor(deps: {
    store: Store;
    clock: Clock;
    logger: Logger;
    senders: Partial<Record<Platform, ChannelSender>>;
    /** Told of a message that will not be retried again, so a person can act on it. */
    gaveUp?: (message: OutboxMessage, reason: string) => Promise<void>;
    /** How long a claimed message is left to this process before another may send it. */
    leaseMs?: number;
  }) {
    this.#leaseMs = deps.leaseMs ?? LEASE_MS;
    this.#store = deps.store;
    this.#clock = deps.clock;
    this.#logger = deps.logger;
    this.#senders = deps.senders;
    this.#gaveUp = deps.gaveUp ?? (async () => undefined);
  }

  /** Delivers what is due now. Calls while a pass runs schedule one more pass, never a parallel one. */
  deliverDue(): Promise<number> {
    if (this.#running) {
      this.#again = true;
      return this.#running;
    }
    this.#running = this.#passes().finally(() => {
      this.#running = undefined;
    });
    return this.#running;
  }

  /** Resolves once the delivery pass under way, if any, has finished (for a clean stop). */
  async settled(): Promise<void> {
    await this.#running?.catch(() => undefined);
  }

  async #passes(): Promise<number> {
    let total = 0;
    // A conversation's next message becomes due once the one before it is sent: go round again
    // while passes make progress.
    let sent = 0;
    do {
      this.#again = false;
      sent = await this.#pass();
      total += sent;
    } while (this.#again || sent > 0);
    return total;
  }

  async #pass(): Promise<number> {
    const now = this.#clock.now();
    const due = await this.#store.transaction((tx) =>
      tx.claimPending(now, BATCH, now + this.#leaseMs),
    );
    const blocked = new Set<string>();
    let sent = 0;

    for (const message of due) {
      const key = `${message.address.platform}|${message.address.conversationId}`;
      if (blocked.has(key)) continue;
      // A batch may outlast its lease (a slow platform): past half of it, the lease is renewed
      // before each send, and a message whose lease another replica has taken is left to it.
      if (this.#clock.now() >= message.nextAttemptAt - this.#leaseMs / 2) {
        const held = message.nextAttemptAt;
        const until = this.#clock.now() + this.#leaseMs;
        if (!(await this.#store.transaction((tx) => tx.renewLease(message.id, held, until)))) {
          continue;
        }
        message.nextAttemptAt = until;
      }
      try {
        const sender = this.#senders[message.address.platform];
        if (!sender) throw new DeliveryError(`no sender for ${message.address.platform}`);
        await sender.send(message);
        const recorded = await this.#store.transaction((tx) =>
          tx.markSent(message.id, this.#clock.now(), message.nextAttemptAt),
        );
        if (recorded) sent += 1;
        if (recorded && this.#logger.isLevelEnabled('debug')) {
          messageLogger(this.#logger, message).debug(
            { outbox: message.id, attempts: message.attempts + 1 },
            'delivered',
          );
        }
      } catch (error) {
        blocked.add(key);
        await this.#failed(message, error);
      }
    }
    return sent;
  }

  async #failed(message: OutboxMessage, error: unknown): Promise<void> {
    // A platform's answer may quote the message it refused: keep that out of the record and log.
    const said = [
      message.message.text,
      ...(message.message.fields ?? []).flatMap((field) => [field.label, field.value]),
    ].filter((part) => part.length >= 3);
    const raw = error instanceof Error ? error.message : String(error);
    const reason = maskContacts(
      said.reduce((out, part) => out.split(part).join('[redacted]'), raw),
    );
    const attempt = message.attempts + 1;
    const wait = error instanceof DeliveryError ? error.retryAfterMs : undefined;
    const backoff = BACKOFF_MS[Math.min(attempt, BACKOFF_MS.length) - 1] ?? 0;
    const now = this.#clock.now();
    const permanent = error instanceof DeliveryError && error.permanent;
    const gaveUp = permanent || now - message.createdAt >= RETRY_FOR_MS;
    const next = now + Math.max(wait ?? 0, backoff);
    const recorded = await this.#store.transaction((tx) =>
      tx.markRetry(message.id, reason, next, gaveUp, message.nextAttemptAt),
    );
    // Its lease ended meanwhile and another replica has the message: nothing to record here.
    if (!recorded) return;
    // An outage fails every attempt: the first failure and the give-up are worth a warning, the
    // retries in between only a debug line.
    const level = attempt === 1 || gaveUp ? 'warn' : 'debug';
    messageLogger(this.#logger, message)[level](
      { outbox: message.id, attempt, gaveUp, reason },
      'delivery failed',
    );
    if (gaveUp) await this.#gaveUp(message, reason);
  }
}

/** The logger for one message: its ticket, platform and conversation on every line. */
function messageLogger(logger: Logger, message: OutboxMessage): Logger {
  return logger.child({
    ticket: message.ticketId,
    platform: message.address.platform,
    conversation: message.address.conversationId,
  });
}
