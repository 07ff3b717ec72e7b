/** A source of the current instant in epoch milliseconds (UTC). Passed in everywhere time matters. */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/**
 * A clock that only moves when told to. Tests and the simulator use it so a 48-hour story runs in
 * milliseconds; it never moves backwards.
 */
export class FakeClock implements Clock {
  #now: number;

  constructor(start: number | Date = Date.UTC(2026, 0, 5, 1, 0, 0)) {
    this.#now = typeof start === 'number' ? start : start.getTime();
  }

  now(): number {
    return this.#now;
  }

  advance(ms: number): void {
    if (ms < 0) throw new RangeError('a fake clock cannot move backwards');
    this.#now += ms;
  }

  set(instant: number): void {
    if (instant < this.#now) throw new RangeError('a fake clock cannot move backwards');
    this.#now = instant;
  }
}

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
