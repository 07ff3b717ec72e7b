import { readFileSync } from 'node:fs';
import type { Config } from '../../src/config.ts';
import { type OutputLine, Simulator } from '../../src/simulate/simulator.ts';
import { type Directory, parseTeam } from '../../src/team/directory.ts';

export const team = (): Directory =>
  parseTeam(readFileSync('data/team.json', 'utf8'), 'data/team.json');

export type Message = Extract<OutputLine, { type: 'message' }>;
export type Event = Extract<OutputLine, { type: 'event' }>;

/**
 * A conversation test's stage: customers and staff take turns ten seconds apart on a fake clock,
 * and each turn returns what the bot sent and recorded because of it.
 */
export class Stage {
  readonly sim: Simulator;
  #at = 0;

  constructor(config?: Config, directory: Directory = team()) {
    this.sim = new Simulator(directory, config);
  }

  /** Lets time pass by `ms` (deadlines fire on the way) and returns what came out. */
  async wait(ms: number): Promise<OutputLine[]> {
    this.#at += ms;
    return this.sim.play({ kind: 'wait', at: this.#at });
  }

  /** Moves to `ms` after the stage began. */
  async until(ms: number): Promise<OutputLine[]> {
    this.#at = Math.max(this.#at, ms);
    return this.sim.play({ kind: 'wait', at: this.#at });
  }

  get elapsed(): number {
    return this.#at;
  }

  /**
   * Runs a whole English intake for `customer` and returns the new ticket's number. The problem
   * text decides the classification: "broken ... error" classifies at once, "smoke" is urgent.
   */
  async openTicket(
    customer: string,
    options: {
      problem?: string;
      urgency?: '1' | '2' | '3';
      country?: string;
      product?: string;
      greeting?: string;
      locale?: string;
    } = {},
  ): Promise<number> {
    const answers = [
      options.greeting ?? 'Hello',
      `${customer} Example`,
      `${customer}@example.com`,
      options.country ?? 'Germany',
      options.product ?? 'LX-200',
      options.problem ?? 'The printer is broken and shows error E-31.',
      options.urgency ?? '2',
    ];
    for (const answer of answers) {
      await this.customer(customer, answer, options.locale ? { locale: options.locale } : {});
    }
    const out = await this.customer(customer, 'yes');
    const created = out.find((m) => m.to === `customer:${customer}` && m.ticket !== null);
    if (!created?.ticket) throw new Error('no ticket was opened');
    return created.ticket;
  }

  async customer(
    customer: string,
    say: string,
    options: { locale?: string; name?: string; email?: string } = {},
  ): Promise<Message[]> {
    this.#at += 10_000;
    const out = await this.sim.play({ kind: 'customer', at: this.#at, customer, say, ...options });
    return messages(out);
  }

  /** The customer presses one of the choices the bot offered last, as on a button. */
  async press(customer: string, choice: string): Promise<Message[]> {
    this.#at += 10_000;
    return messages(
      await this.sim.play({ kind: 'customer', at: this.#at, customer, press: choice }),
    );
  }

  async staff(staff: string, say: string): Promise<Message[]> {
    this.#at += 10_000;
    return messages(await this.sim.play({ kind: 'staff', at: this.#at, staff, say }));
  }

  /** Every event recorded so far for a ticket, oldest first. */
  async events(ticket: number) {
    return this.sim.store.read((tx) => tx.listEvents(ticket));
  }

  async ticket(number: number) {
    return this.sim.store.read((tx) => tx.getTicket(number));
  }

  close(): Promise<void> {
    return this.sim.close();
  }
}

function messages(out: OutputLine[]): Message[] {
  return out.filter((line): line is Message => line.type === 'message');
}

/** The messages a given recipient got, e.g. `to(out, 'customer:aki')`. */
export function to(out: Message[], recipient: string): Message[] {
  return out.filter((m) => m.to === recipient);
}

/** The field the last question in `out` asks for. */
export function asked(out: Message[]): string | undefined {
  return out.filter((m) => m.ask).at(-1)?.ask;
}

/** The staff messages in `out` whose text matches, grouped by recipient. */
export function staffNotices(out: OutputLine[], pattern: RegExp): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const line of out) {
    if (line.type !== 'message' || !line.to.startsWith('staff:') || !pattern.test(line.text))
      continue;
    counts[line.to.slice(6)] = (counts[line.to.slice(6)] ?? 0) + 1;
  }
  return counts;
}

export function eventsOf(out: OutputLine[], kind: string): Event[] {
  return out.filter((line): line is Event => line.type === 'event' && line.event === kind);
}
