import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { CoreDeps } from '../core/deps.ts';
import { expireClosedTickets, RETENTION_EVERY } from '../privacy/retention.ts';
import { isConflict } from '../store/sql.ts';
import type { Deadline, StoreTx } from '../store/types.ts';
import { ACTIONS, type Outcome } from './actions.ts';

/** Deadlines handled per transaction; between chunks the event loop gets a turn. */
const CHUNK = 10;
/** A tick stops after this many, so one tick stays short; the next tick takes the rest. */
const MAX_PER_TICK = 2_000;
/** A deadline whose action keeps failing is given up after this many tries, and logged. */
const MAX_ATTEMPTS = 5;

export interface TickResult {
  acted: number;
  skipped: number;
  failed: number;
}

/**
 * Acts on due deadlines. Each is re-read, acted on at most once and marked done in the same
 * transaction as its messages and timeline events; one that throws is rolled back alone and tried
 * again next tick. Ticks never overlap; a deadline missed while the bot was down fires on the
 * first tick after it starts.
 */
export class Scheduler {
  readonly #deps: CoreDeps;
  #running: Promise<TickResult> | undefined;
  #next: Promise<TickResult> | undefined;
  /** When this process last erased tickets past retention; the first tick does it at once. */
  #retainedAt: number | undefined;

  constructor(deps: CoreDeps) {
    this.#deps = deps;
  }

  /**
   * Runs a tick. A call while one runs waits for it and then runs once more, so a caller who has
   * just moved the clock always gets a tick that sees the new time; calls never overlap.
   */
  tick(): Promise<TickResult> {
    if (this.#running) {
      this.#next ??= this.#running.then(
        () => this.#start(),
        () => this.#start(),
      );
      return this.#next;
    }
    return this.#start();
  }

  #start(): Promise<TickResult> {
    this.#next = undefined;
    this.#running = this.#tick().finally(() => {
      this.#running = undefined;
    });
    return this.#running;
  }

  async #tick(): Promise<TickResult> {
    const deps = this.#deps;
    const now = deps.clock.now();
    const result: TickResult = { acted: 0, skipped: 0, failed: 0 };
    let done = 0;

    while (done < MAX_PER_TICK) {
      // Counted and logged once the chunk has committed: a chunk run again after losing to
      // another replica counts once.
      const { handled, chunk, lines } = await deps.store.transaction(async (tx) => {
        const chunk: TickResult = { acted: 0, skipped: 0, failed: 0 };
        const lines: (() => void)[] = [];
        const due = await tx.dueDeadlines(now, CHUNK);
        for (const deadline of due) await this.#fire(tx, deadline, now, chunk, lines);
        return { handled: due.length, chunk, lines };
      });
      result.acted += chunk.acted;
      result.skipped += chunk.skipped;
      result.failed += chunk.failed;
      for (const line of lines) line();
      done += handled;
      if (handled < CHUNK) break;
      await yieldToEventLoop();
    }
    if (result.acted > 0) deps.outboxChanged();
    await this.#retention(now);
    return result;
  }

  /** Once a day, erases the personal data of tickets closed longer ago than retention allows. */
  async #retention(now: number): Promise<void> {
    if (this.#retainedAt !== undefined && now - this.#retainedAt < RETENTION_EVERY) return;
    this.#retainedAt = now;
    try {
      const erased = await expireClosedTickets(this.#deps, now);
      if (erased > 0) this.#deps.logger.info({ erased }, 'personal data past retention erased');
    } catch (error) {
      // Tried again at the next tick rather than a day later.
      this.#retainedAt = undefined;
      this.#deps.logger.error({ err: error }, 'erasing personal data past retention failed');
    }
  }

  async #fire(
    tx: StoreTx,
    deadline: Deadline,
    now: number,
    result: TickResult,
    lines: (() => void)[],
  ): Promise<void> {
    const deps = this.#deps;
    let where: { platform: string; conversation: string } | undefined;
    // The ticket's customer conversation on every line, once the ticket has been read.
    const log = () =>
      deps.logger.child({ ticket: deadline.ticketId, ...where, deadline: deadline.kind });
    try {
      const outcome = await tx.isolate(async (): Promise<Outcome> => {
        const ticket = await tx.getTicket(deadline.ticketId);
        if (ticket) where = { platform: ticket.platform, conversation: ticket.conversationId };
        const action = ACTIONS[deadline.kind];
        if (!ticket || !action) return 'skipped';
        return action(deps, tx, ticket, deadline);
      });
      await tx.finishDeadline(deadline.id, now, outcome);
      result[outcome] += 1;
      if (outcome === 'acted') lines.push(() => log().info('deadline acted on'));
    } catch (error) {
      // Lost to another replica's transaction: the whole chunk is run again, not counted a failure.
      if (isConflict(error)) throw error;
      const attempts = await tx.failDeadline(deadline.id);
      result.failed += 1;
      lines.push(() =>
        log().error({ err: error, attempts }, 'deadline action failed; it will be tried again'),
      );
      if (attempts >= MAX_ATTEMPTS) await tx.finishDeadline(deadline.id, now, 'failed');
    }
  }
}
