import { readFileSync } from 'node:fs';
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
  readonly sim = new Simulator(team());
  #at = 0;

  async customer(
    customer: string,
    say: string,
    options: { locale?: string; name?: string; email?: string } = {},
  ): Promise<Message[]> {
    this.#at += 10_000;
    const out = await this.sim.play({ kind: 'customer', at: this.#at, customer, say, ...options });
    return messages(out);
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
