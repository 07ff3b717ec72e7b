import { MINUTE } from './clock.ts';

/** How a message fares against the message rate: handled, or held back (told once per window). */
export type FloodVerdict = 'ok' | 'slow_down' | 'held';

/** Entries kept before forgetting the people who have gone quiet. */
const SWEEP_AT = 10_000;

/**
 * Counts each person's messages over a rolling minute and holds back whoever sends more than the
 * limit, for a minute at a time, telling them once per window.
 *
 * The counts live in this process's memory: a restart forgets them, and replicas behind a load
 * balancer each count only the messages they receive, so with n replicas a person may send up to
 * n times the limit. That is enough to stop a stuck client or a pasting spree; a limit shared by
 * replicas would need the counts in the store.
 */
export class FloodGuard {
  readonly #limit: number;
  readonly #people = new Map<string, { times: number[]; until: number }>();
  /** Until when each warning key has been told, so a warning goes out once per window. */
  readonly #warned = new Map<string, number>();
  #sweepAt = SWEEP_AT;

  /** `messagesPerMinute`: 0 turns the message limit off. */
  constructor(messagesPerMinute: number) {
    this.#limit = messagesPerMinute;
  }

  /**
   * Counts a message from `person` at `now`. `slow_down` starts a window in which this person's
   * messages are kept but not handled (tell them once); `held` is a message inside that window.
   */
  message(person: string, now: number): FloodVerdict {
    if (this.#limit <= 0) return 'ok';
    this.#sweep(now);
    let entry = this.#people.get(person);
    if (!entry) {
      entry = { times: [], until: 0 };
      this.#people.set(person, entry);
    }

    // Only the newest limit + 1 instants matter: one more than the limit is a flood.
    entry.times = entry.times.filter((at) => at > now - MINUTE);
    entry.times.push(now);
    if (entry.times.length > this.#limit + 1) entry.times.shift();

    if (entry.until > now) return 'held';
    if (entry.times.length <= this.#limit) return 'ok';
    entry.until = now + MINUTE;
    return 'slow_down';
  }

  /** True the first time `key` is warned about before `until`; false while that warning holds. */
  warnOnce(key: string, now: number, until: number): boolean {
    this.#sweep(now);
    const warned = this.#warned.get(key);
    if (warned !== undefined && warned > now) return false;
    this.#warned.set(key, until);
    return true;
  }

  /** Forgets people who have been quiet for a minute, once the maps grow past a threshold. */
  #sweep(now: number): void {
    if (this.#people.size + this.#warned.size < this.#sweepAt) return;
    for (const [person, entry] of this.#people) {
      if (entry.until <= now && (entry.times.at(-1) ?? 0) <= now - MINUTE) {
        this.#people.delete(person);
      }
    }
    for (const [key, until] of this.#warned) if (until <= now) this.#warned.delete(key);
    this.#sweepAt = Math.max(SWEEP_AT, 2 * (this.#people.size + this.#warned.size));
  }
}
