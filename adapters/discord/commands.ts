/**
 * The `/ticket` application command, registered by the bot itself, and its translation back into
 * the text command the core understands (`/ticket claim 1001`). One place defines both, so the
 * options and the text stay in step.
 */
const NUMBER = {
  type: 4,
  name: 'number',
  description: 'Ticket number',
  required: true,
  autocomplete: true,
  min_value: 1,
};
const text = (name: string, description: string, required = true) => ({
  type: 3,
  name,
  description,
  required,
  max_length: 1000,
});

const SUBCOMMANDS: {
  name: string;
  description: string;
  options: Record<string, unknown>[];
  order: string[];
}[] = [
  { name: 'list', description: 'Open tickets, newest first', options: [], order: [] },
  { name: 'help', description: 'The staff commands', options: [], order: [] },
  {
    name: 'show',
    description: 'One ticket with its timeline',
    options: [NUMBER],
    order: ['number'],
  },
  {
    name: 'claim',
    description: 'Take a ticket, or accept one assigned to you',
    options: [NUMBER],
    order: ['number'],
  },
  {
    name: 'confirm',
    description: "Confirm your department's part in a room",
    options: [NUMBER],
    order: ['number'],
  },
  {
    name: 'classify',
    description: 'Set type and urgency',
    options: [
      NUMBER,
      {
        type: 3,
        name: 'type',
        description: 'Ticket type',
        required: true,
        choices: ['malfunction', 'maintenance', 'consultation', 'complaint'].map((v) => ({
          name: v,
          value: v,
        })),
      },
      {
        type: 3,
        name: 'urgency',
        description: 'Urgency',
        required: true,
        choices: ['urgent', 'high', 'standard'].map((v) => ({ name: v, value: v })),
      },
    ],
    order: ['number', 'type', 'urgency'],
  },
  {
    name: 'plan',
    description: 'Plan, resources and estimate to the customer',
    options: [
      NUMBER,
      text('estimate', 'e.g. tomorrow 18:00, in 3h'),
      text('plan', 'The plan'),
      text('resources', 'Resources', false),
    ],
    order: ['number', 'estimate|', 'plan|', 'resources'],
  },
  {
    name: 'update',
    description: 'A progress note to the customer',
    options: [NUMBER, text('note', 'The note')],
    order: ['number', 'note'],
  },
  {
    name: 'delay',
    description: 'New estimate and reason to the customer',
    options: [NUMBER, text('estimate', 'New estimate'), text('reason', 'Reason')],
    order: ['number', 'estimate|', 'reason'],
  },
  {
    name: 'handled',
    description: 'Result and precautions to the customer',
    options: [NUMBER, text('result', 'Result', false), text('precautions', 'Precautions', false)],
    order: ['number', 'result|', 'precautions'],
  },
  {
    name: 'feedback',
    description: 'Send the result of a handled ticket',
    options: [NUMBER, text('result', 'Result'), text('precautions', 'Precautions', false)],
    order: ['number', 'result|', 'precautions'],
  },
  {
    name: 'reassign',
    description: 'Give the ticket to another engineer',
    options: [NUMBER, text('staff', 'Staff id')],
    order: ['number', 'staff'],
  },
  {
    name: 'escalate',
    description: 'Tell the leads now',
    options: [NUMBER, text('reason', 'Reason', false)],
    order: ['number', 'reason'],
  },
  {
    name: 'reopen',
    description: 'Reopen a handled or closed ticket',
    options: [NUMBER, text('reason', 'Reason', false)],
    order: ['number', 'reason'],
  },
  {
    name: 'close',
    description: 'Close (an overdue reason after the deadline)',
    options: [
      NUMBER,
      text('reason', 'Overdue reason, e.g. parts_shortage', false),
      text('details', 'Details', false),
    ],
    order: ['number', 'reason', 'details'],
  },
  {
    name: 'room',
    description: 'Open a rapid-response room',
    options: [NUMBER, text('departments', 'Departments, space-separated')],
    order: ['number', 'departments'],
  },
  {
    name: 'wait',
    description: 'Record waiting for the customer',
    options: [NUMBER],
    order: ['number'],
  },
  {
    name: 'resume',
    description: 'End waiting for the customer',
    options: [NUMBER],
    order: ['number'],
  },
  {
    name: 'new',
    description: 'Open a ticket for a customer who phoned',
    options: [text('language', 'en, zh-CN, ja, ko or yue')],
    order: ['language'],
  },
];

/** The command as Discord's API takes it. */
export const TICKET_COMMAND = {
  name: 'ticket',
  description: 'Work the 48-hour loop',
  dm_permission: true,
  options: SUBCOMMANDS.map((sub) => ({
    type: 1,
    name: sub.name,
    description: sub.description,
    options: sub.options,
  })),
};

/**
 * The text command for a chat-input interaction's subcommand and options. Free-text parts keep
 * their place even when empty, so precautions never slide into the result; a `|` typed inside a
 * value is turned into `/`, as `|` separates the parts.
 */
export function commandText(
  subcommand: string,
  option: (name: string) => string | number | null,
): string {
  const sub = SUBCOMMANDS.find((s) => s.name === subcommand);
  if (!sub) return `/ticket ${subcommand}`;
  const parts: string[] = [];
  for (const entry of sub.order) {
    const [name = '', separator] = entry.split('|');
    const raw = option(name);
    const value = raw === null ? '' : String(raw).replace(/[|｜]/g, '/');
    parts.push(separator === undefined ? value : `${value} |`);
  }
  return `/ticket ${sub.name} ${parts.join(' ')}`
    .replace(/[\s|]+$/, '')
    .replace(/\s+/g, ' ')
    .trim();
}
