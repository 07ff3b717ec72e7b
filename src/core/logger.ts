import { type Logger, pino } from 'pino';

export type { Logger };

/** Fields that may hold a customer's contact details or words; never written to a log. */
const REDACTED = [
  'text',
  'name',
  'contact',
  'problem',
  'draft',
  'body',
  'content',
  'profile',
  'email',
  'phone',
  '*.text',
  '*.name',
  '*.contact',
  '*.problem',
  '*.draft',
  '*.body',
  '*.content',
  '*.profile',
  '*.email',
  '*.phone',
];

/** Email addresses, full-width forms included, wherever they appear in logged text. */
const EMAIL =
  /[^\s@＠<>"'`()[\]{},;:]+[@＠][^\s@＠<>"'`()[\]{},;:]+[.．][^\s@＠<>"'`()[\]{},;:]+/gu;
/**
 * Phone numbers as people write them: international (`+81 90-1234-5678`), local with a leading
 * zero (`090 1234 5678`, `０９０－１２３４－５６７８`), area code in brackets (`(555) 123-4567`),
 * a Chinese mobile (`13800138000`) and a North American number (`415.555.2671`). Instants, ids
 * and ticket numbers start otherwise or run longer, so they stay readable.
 */
const PHONE =
  /(?:[+＋]|(?<![\p{L}\p{N}])[0０]|[(（]\d{2,5}[)）]\s?)[\d０-９][\d０-９\s().\-‐–ー－・．]{5,}[\d０-９]|(?<![\p{N}])[1１][3-9３-９][\d０-９]{9}(?![\p{N}])|(?<![\p{N}.])[2-9２-９][\d０-９]{2}[.\-．－][\d０-９]{3}[.\-．－][\d０-９]{4}(?![\p{N}])/gu;
const MASK = '[redacted]';

/** Replaces anything that looks like an email address or a phone number. */
export function maskContacts(text: string): string {
  return text.replace(EMAIL, MASK).replace(PHONE, MASK);
}

/** Masks contact-like values in every string of a log entry, to a limited depth. */
function maskDeep(value: unknown, depth: number): unknown {
  if (typeof value === 'string') return maskContacts(value);
  if (depth === 0 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => maskDeep(item, depth - 1));
  if (value instanceof Error) return value;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) out[key] = maskDeep(item, depth - 1);
  return out;
}

/** Error fields worth logging: what went wrong and where, never what was being sent. */
const ERROR_FIELDS = ['code', 'status', 'statusCode', 'method', 'retryAfter', 'attempts'];

/**
 * An error as logged: its class, message and stack, with contact-like values masked, and only
 * the fields that say what went wrong. SDK errors carry the request they failed on (a Discord
 * error's `requestBody`, a Slack error's `data`), which holds what a customer wrote: left out.
 */
function serializeError(error: unknown): unknown {
  if (!(error instanceof Error)) return maskDeep(error, 4);
  const fields = error as unknown as Record<string, unknown>;
  const out: Record<string, unknown> = {
    type: typeof fields.type === 'string' ? fields.type : error.constructor.name,
    message: maskContacts(error.message),
    stack: maskContacts(error.stack ?? ''),
  };
  for (const key of ERROR_FIELDS) {
    const value = fields[key];
    if (typeof value === 'string' || typeof value === 'number') {
      out[key] = typeof value === 'string' ? maskContacts(value) : value;
    }
  }
  if (error.cause !== undefined) out.cause = serializeError(error.cause);
  return out;
}

/**
 * A copy of `error` to log in which each of `secrets` (what a person wrote, a message being sent)
 * reads `[redacted]`: for errors that may quote what they failed on. Keeps the class's name, the
 * fields that say what went wrong, and the cause.
 */
export function scrubbed(error: unknown, secrets: readonly string[]): unknown {
  if (!(error instanceof Error)) return error;
  const scrub = (text: string): string =>
    secrets.reduce((out, secret) => (secret.length < 2 ? out : out.split(secret).join(MASK)), text);
  const copy = new Error(scrub(error.message), {
    cause: error.cause === undefined ? undefined : scrubbed(error.cause, secrets),
  });
  copy.stack = scrub(error.stack ?? '');
  const from = error as unknown as Record<string, unknown>;
  const to = copy as unknown as Record<string, unknown>;
  to.type = typeof from.type === 'string' ? from.type : error.constructor.name;
  for (const key of ERROR_FIELDS) if (from[key] !== undefined) to[key] = from[key];
  return copy;
}

/**
 * The process logger: structured JSON on stdout (or `destination`), customer data redacted by
 * field name, and email addresses and phone numbers masked wherever else they appear (in error
 * messages, platform answers, the message itself) as a safety net.
 */
export function createLogger(level: string, destination?: NodeJS.WritableStream): Logger {
  const options: pino.LoggerOptions = {
    level,
    redact: { paths: REDACTED, censor: MASK },
    serializers: { err: serializeError, error: serializeError },
    formatters: { log: (entry) => maskDeep(entry, 6) as Record<string, unknown> },
    hooks: {
      logMethod(args, method) {
        const masked = args.map((arg) => (typeof arg === 'string' ? maskContacts(arg) : arg));
        method.apply(this, masked as Parameters<typeof method>);
      },
    },
  };
  return destination ? pino(options, destination) : pino(options);
}

/** A logger that writes nothing, for tests and the simulator. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
