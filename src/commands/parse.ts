import { normalizeArgument, normalizeText } from '../text/normalize.ts';

export const OVERDUE_REASONS = [
  'parts_shortage',
  'customer_unavailable',
  'third_party',
  'complex_fault',
  'site_access',
  'other',
] as const;
export type OverdueReason = (typeof OVERDUE_REASONS)[number];

export type Command =
  | { name: 'help' }
  | { name: 'list' }
  | { name: 'show'; ticket: number }
  | { name: 'claim'; ticket: number }
  | { name: 'classify'; ticket: number; type: string; urgency: string }
  | { name: 'plan'; ticket: number; estimate: string; plan: string; resources: string }
  | { name: 'update'; ticket: number; text: string }
  | { name: 'handled'; ticket: number; result: string; precautions: string }
  | { name: 'feedback'; ticket: number; result: string; precautions: string }
  | { name: 'delay'; ticket: number; estimate: string; reason: string }
  | { name: 'reassign'; ticket: number; to: string }
  | { name: 'escalate'; ticket: number; text: string }
  | { name: 'reopen'; ticket: number; text: string }
  | { name: 'close'; ticket: number; reason: string; text: string }
  | { name: 'room'; ticket: number; departments: string[] }
  | { name: 'confirm'; ticket: number }
  | { name: 'wait'; ticket: number }
  | { name: 'resume'; ticket: number }
  | { name: 'new'; language: string };

export type Parsed =
  | { ok: true; command: Command }
  | { ok: false; error: string; params?: Record<string, string> };

// `/tickets` and the like count too, so a typo gets "unknown command" rather than silence.
const COMMAND = /^\/(?:ticket|team|customer)/;
const TEAM = /^\/team(?:\s|$)/;

/** Usage lines, shown when a command is incomplete. */
const USAGE: Record<string, string> = {
  show: '/ticket show <number>',
  claim: '/ticket claim <number>',
  classify: '/ticket classify <number> <type> <urgency>',
  plan: '/ticket plan <number> <estimate> | <plan> | <resources>',
  update: '/ticket update <number> <note to the customer>',
  handled: '/ticket handled <number> <result> | <precautions>',
  feedback: '/ticket feedback <number> <result> | <precautions>',
  delay: '/ticket delay <number> <new estimate> | <reason>',
  reassign: '/ticket reassign <number> <staff id>',
  escalate: '/ticket escalate <number> [<reason>]',
  reopen: '/ticket reopen <number> [<reason>]',
  close: '/ticket close <number> [<overdue reason> <details>]',
  room: '/ticket room <number> <department> [<department> ...]',
  confirm: '/ticket confirm <number>',
  wait: '/ticket wait <number>',
  resume: '/ticket resume <number>',
};

const ALIASES: Record<string, string> = { ls: 'list', take: 'claim', accept: 'claim' };

/** True when the text is meant as a staff command (`/ticket ...`, full-width forms included). */
export function isCommand(text: string): boolean {
  return COMMAND.test(normalizeArgument(text));
}

/** True for the team directory's commands (`/team ...`). */
export function isTeamCommand(text: string): boolean {
  return TEAM.test(normalizeArgument(text));
}

/**
 * Parses `/ticket <subcommand> <number> ...`. Command words and the number are read after NFKC
 * (so ＃１２３, full-width slashes and ideographic spaces work) and lower-casing; free text (a
 * plan, a reason) keeps its form. Parts of free text are separated by `|`.
 */
export function parseCommand(text: string): Parsed {
  const match = /^(\S+)\s*(\S*)\s*(\S*)\s*([\s\S]*)$/u.exec(normalizeText(text));
  const head = normalizeArgument(match?.[1] ?? '');
  if (head !== '/ticket') {
    return { ok: false, error: 'commands.errors.unknown', params: { given: head.slice(0, 40) } };
  }
  const rawSub = normalizeArgument(match?.[2] ?? '') || 'help';
  const sub = ALIASES[rawSub] ?? rawSub;
  const numberWord = normalizeArgument(match?.[3] ?? '');
  const rest = (match?.[4] ?? '').trim();

  if (sub === 'help') return { ok: true, command: { name: 'help' } };
  if (sub === 'list') return { ok: true, command: { name: 'list' } };
  if (sub === 'new') return { ok: true, command: { name: 'new', language: numberWord } };
  const usage = USAGE[sub];
  if (!usage)
    return { ok: false, error: 'commands.errors.unknown', params: { given: rawSub.slice(0, 40) } };
  if (numberWord === '') return { ok: false, error: 'commands.errors.usage', params: { usage } };
  const ticket = ticketNumber(numberWord);
  if (ticket === undefined) {
    return {
      ok: false,
      error: 'commands.errors.bad_number',
      params: { given: numberWord.slice(0, 40) },
    };
  }

  const parts = rest.split(/\s*[|｜]\s*/u).map((part) => part.trim());
  const words = normalizeArgument(rest).split(' ').filter(Boolean);
  const need = (ok: boolean, command: Command): Parsed =>
    ok ? { ok: true, command } : { ok: false, error: 'commands.errors.usage', params: { usage } };
  const [first = '', second = '', third = ''] = parts;

  switch (sub) {
    case 'show':
    case 'claim':
    case 'confirm':
    case 'wait':
    case 'resume':
      return { ok: true, command: { name: sub, ticket } };
    case 'classify':
      return need(words.length >= 2, {
        name: 'classify',
        ticket,
        type: words[0] ?? '',
        urgency: words[1] ?? '',
      });
    case 'plan':
      return need(first !== '' && second !== '', {
        name: 'plan',
        ticket,
        estimate: first,
        plan: second,
        resources: third,
      });
    case 'update':
    case 'escalate':
    case 'reopen':
      return need(sub === 'update' ? rest !== '' : true, { name: sub, ticket, text: rest });
    case 'handled':
    case 'feedback':
      return need(sub === 'handled' || first !== '', {
        name: sub,
        ticket,
        result: first,
        precautions: second,
      });
    case 'delay':
      return need(first !== '' && second !== '', {
        name: 'delay',
        ticket,
        estimate: first,
        reason: second,
      });
    case 'reassign':
      return need(words.length === 1, { name: 'reassign', ticket, to: words[0] ?? '' });
    case 'close': {
      const [reason = '', ...details] = rest.split(/\s+/u);
      return {
        ok: true,
        command: {
          name: 'close',
          ticket,
          reason: normalizeArgument(reason),
          text: details.join(' '),
        },
      };
    }
    case 'room':
      return need(words.length >= 1, { name: 'room', ticket, departments: words });
    default:
      return {
        ok: false,
        error: 'commands.errors.unknown',
        params: { given: rawSub.slice(0, 40) },
      };
  }
}

/** A ticket number as typed: `1001`, `#1001`, `no.1001`; undefined for anything else. */
export function ticketNumber(word: string): number | undefined {
  const match = /^(?:#|no\.?)?(\d{1,9})$/.exec(word);
  return match?.[1] ? Number(match[1]) : undefined;
}
