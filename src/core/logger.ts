import { type Logger, pino } from 'pino';

export type { Logger };

/** Fields that may hold a customer's contact details or words; never written to a log. */
const REDACTED = [
  'text',
  'name',
  'contact',
  'problem',
  'draft',
  '*.text',
  '*.name',
  '*.contact',
  '*.problem',
  '*.draft',
];

/** The process logger: structured JSON on stdout, customer data redacted. */
export function createLogger(level: string, destination?: NodeJS.WritableStream): Logger {
  const options = { level, redact: { paths: REDACTED, censor: '[redacted]' } };
  return destination ? pino(options, destination) : pino(options);
}

/** A logger that writes nothing, for tests and the simulator. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
