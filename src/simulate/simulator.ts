import { type Config, loadConfig } from '../config.ts';
import { FakeClock } from '../core/clock.ts';
import { createCore, settingsFrom } from '../core/create.ts';
import { silentLogger } from '../core/logger.ts';
import type { NeutralMessage, Question } from '../core/messages.ts';
import type { Language } from '../i18n/languages.ts';
import { policyFrom } from '../sla/policy.ts';
import { openSqliteStore } from '../store/sqlite.ts';
import type { OutboxMessage, Store } from '../store/types.ts';
import type { Directory } from '../team/directory.ts';
import type { ScriptLine } from './script.ts';

export type OutputLine =
  | {
      time: string;
      type: 'message';
      to: string;
      language: Language;
      text: string;
      ask?: string;
      ticket: number | null;
      fields?: NeutralMessage['fields'];
      choices?: string[];
      error?: string;
    }
  | {
      time: string;
      type: 'event';
      ticket: number;
      event: string;
      actor: string;
      data: Record<string, unknown>;
    };

/**
 * Plays scripted customers and staff through the real core, on a fake clock and an in-memory
 * database, and reports every outbound message and ticket event. Tests use it as well as the
 * `simulate` command.
 */
export class Simulator {
  readonly clock: FakeClock;
  readonly store: Store;
  readonly #core: ReturnType<typeof createCore>;
  readonly #start: number;
  readonly #sent: OutboxMessage[] = [];
  /** The last choices offered in each conversation, and the question they belong to. */
  readonly #lastChoices = new Map<string, { values: string[]; ask: Question | undefined }>();
  #lastEvent = 0;

  /** `store`: where the story is kept; a throwaway in-memory database by default. */
  constructor(directory: Directory, config: Config = loadConfig({}), store?: Store) {
    this.clock = new FakeClock();
    this.#start = this.clock.now();
    this.store = store ?? openSqliteStore(':memory:');
    const capture = {
      send: async (message: OutboxMessage) => {
        this.#sent.push(message);
      },
    };
    this.#core = createCore({
      store: this.store,
      clock: this.clock,
      logger: silentLogger(),
      directory,
      policy: policyFrom(config),
      settings: settingsFrom(config),
      senders: { web: capture },
      deliverAtOnce: false,
    });
  }

  get bot() {
    return this.#core.bot;
  }

  get scheduler() {
    return this.#core.scheduler;
  }

  get postReports() {
    return this.#core.postReports;
  }

  /** Plays one script line at its time and returns what came out of it, in order. */
  async play(line: ScriptLine): Promise<OutputLine[]> {
    const out = await this.advanceTo(this.#start + line.at);
    if (line.kind === 'wait') return out;
    if (line.kind === 'staff') {
      await this.bot.handle({
        platform: 'web',
        conversationId: `console:${line.staff}`,
        userId: line.staff,
        staffId: line.staff,
        text: line.say,
      });
    } else {
      const conversationId = `chat:${line.customer}`;
      let text = line.say;
      let answers: Question | undefined;
      if (line.press !== undefined) {
        const offered = this.#lastChoices.get(conversationId);
        if (!offered?.values.includes(line.press)) {
          throw new Error(
            `"${line.press}" was not offered to ${line.customer}: ${offered?.values.join(', ') ?? ''}`,
          );
        }
        // As a platform's button does, the press names the question its choice belongs to.
        text = line.press;
        answers = offered.ask;
      }
      await this.bot.handle({
        platform: 'web',
        conversationId,
        userId: line.customer,
        text: text ?? '',
        locale: line.locale,
        answers,
        profile: { name: line.name, email: line.email },
      });
    }
    return [...out, ...(await this.flush())];
  }

  /**
   * Moves the clock to `instant`, stopping at each deadline on the way so that the scheduler acts
   * on it at the moment it falls due, as the running bot's tick would.
   */
  async advanceTo(instant: number): Promise<OutputLine[]> {
    const out: OutputLine[] = [];
    for (;;) {
      const next = await this.store.read((tx) => tx.nextDeadlineAt());
      if (next === undefined || next > instant) break;
      this.clock.set(Math.max(this.clock.now(), next));
      await this.#core.scheduler.tick();
      out.push(...(await this.flush()));
    }
    this.clock.set(Math.max(this.clock.now(), instant));
    return out;
  }

  async run(lines: readonly ScriptLine[]): Promise<OutputLine[]> {
    const out: OutputLine[] = [];
    for (const line of lines) out.push(...(await this.play(line)));
    return out;
  }

  /** Delivers what is queued and returns the new messages and events, oldest first. */
  async flush(): Promise<OutputLine[]> {
    await this.#core.outbox.deliverDue();
    const events = await this.store.read((tx) => tx.eventsAfter(this.#lastEvent, 10_000));
    this.#lastEvent = events.at(-1)?.id ?? this.#lastEvent;

    const messages = this.#sent.splice(0).map((m): OutputLine => {
      const { address, message } = m;
      if (message.choices) {
        this.#lastChoices.set(address.conversationId, {
          values: message.choices.map((c) => c.value),
          ask: message.ask,
        });
      }
      const [kind, id] = address.conversationId.split(':');
      return {
        time: new Date(m.createdAt).toISOString(),
        type: 'message',
        to: `${kind === 'console' ? 'staff' : 'customer'}:${id ?? ''}`,
        language: m.language,
        text: message.text,
        ticket: m.ticketId,
        ...(message.ask ? { ask: message.ask } : {}),
        ...(message.fields ? { fields: message.fields } : {}),
        ...(message.choices ? { choices: message.choices.map((c) => c.value) } : {}),
        ...(message.error ? { error: message.error } : {}),
      };
    });
    const happened = events.map(
      (e): OutputLine => ({
        time: new Date(e.at).toISOString(),
        type: 'event',
        ticket: e.ticketId,
        event: e.kind,
        actor: e.actor,
        data: e.data,
      }),
    );
    return [...happened, ...messages].sort((a, b) => a.time.localeCompare(b.time));
  }

  close(): Promise<void> {
    return this.store.close();
  }
}
