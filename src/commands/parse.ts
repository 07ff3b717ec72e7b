import { normalizeArgument } from '../text/normalize.ts';

export type Command =
  | { name: 'list' }
  | { name: 'show'; ticket: number }
  | { name: 'claim'; ticket: number }
  | { name: 'classify'; ticket: number; type: string; urgency: string }
  | { name: 'help' };

export type Parsed =
  | { ok: true; command: Command }
  | { ok: false; error: string; params?: Record<string, string> };

const COMMAND = /^\/ticket(?:\s|$)/;

/** True when the text is meant as a staff command (`/ticket ...`, full-width forms included). */
export function isCommand(text: string): boolean {
  return COMMAND.test(normalizeArgument(text));
}

/**
 * Parses `/ticket <subcommand> ...` after NFKC (so ＃１２３, full-width slashes and ideographic
 * spaces work) and lower-casing. Errors are translation keys with what to show.
 */
export function parseCommand(text: string): Parsed {
  const words = normalizeArgument(text).split(' ').slice(1);
  const [sub = 'help', ...args] = words;
  const ticket = args[0] === undefined ? undefined : ticketNumber(args[0]);

  const needTicket = (build: (ticket: number) => Command, usage: string): Parsed => {
    if (args[0] === undefined)
      return { ok: false, error: 'commands.errors.usage', params: { usage } };
    if (ticket === undefined) {
      return { ok: false, error: 'commands.errors.bad_number', params: { given: args[0] } };
    }
    return { ok: true, command: build(ticket) };
  };

  switch (sub) {
    case 'list':
    case 'ls':
      return { ok: true, command: { name: 'list' } };
    case 'show':
      return needTicket((t) => ({ name: 'show', ticket: t }), '/ticket show <number>');
    case 'claim':
    case 'take':
      return needTicket((t) => ({ name: 'claim', ticket: t }), '/ticket claim <number>');
    case 'classify': {
      const usage = '/ticket classify <number> <type> <urgency>';
      const [, type, urgency] = args;
      if (!type || !urgency)
        return { ok: false, error: 'commands.errors.usage', params: { usage } };
      return needTicket((t) => ({ name: 'classify', ticket: t, type, urgency }), usage);
    }
    case 'help':
      return { ok: true, command: { name: 'help' } };
    default:
      return { ok: false, error: 'commands.errors.unknown', params: { given: sub.slice(0, 40) } };
  }
}

/** A ticket number as typed: `1001`, `#1001`, `no.1001`; undefined for anything else. */
export function ticketNumber(word: string): number | undefined {
  const match = /^(?:#|no\.?)?(\d{1,9})$/.exec(word);
  return match?.[1] ? Number(match[1]) : undefined;
}
