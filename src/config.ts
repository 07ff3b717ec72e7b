import { existsSync } from 'node:fs';
import { z } from 'zod';
import { ConfigError } from './core/errors.ts';
import { LANGUAGES } from './i18n/languages.ts';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const minutes = (fallback: number) => z.coerce.number().positive().max(100_000).default(fallback);
const minuteList = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((text, ctx) => {
      const values = text.split(',').map((part) => Number(part.trim()));
      if (values.some((v) => !Number.isFinite(v) || v <= 0)) {
        ctx.addIssue({ code: 'custom', message: 'comma-separated positive numbers, e.g. 15,25' });
        return z.NEVER;
      }
      return values;
    });

function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

const schema = z.object({
  HOST: z
    .string()
    .regex(/^[\w.:-]+$/, 'a host name or IP address such as 127.0.0.1')
    .default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  DATABASE_PATH: z.string().min(1).default('data/loop48.db'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\/\S+$/, 'a PostgreSQL connection URL, postgres://user@host:5432/db')
    .optional(),
  REPLICA_NAME: z
    .string()
    .regex(/^[\w.-]{1,60}$/, 'letters, digits, dots and dashes')
    .optional(),
  OUTBOX_LEASE_SECONDS: z.coerce.number().int().min(5).max(3600).default(60),
  TEAM_FILE: z.string().min(1).default('data/team.json'),
  TEAM_NAME: z.string().min(1).max(100).default('Hansheng After-Sales Service'),
  DEFAULT_LANGUAGE: z.enum(LANGUAGES).default('en'),
  CLASSIFY_MIN_CONFIDENCE: z.coerce.number().min(0).max(1).default(0.6),
  SCHEDULER_TICK_SECONDS: z.coerce.number().int().min(1).max(59).default(5),
  LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
  FLOOD_MESSAGES_PER_MINUTE: z.coerce.number().int().min(0).max(10_000).default(20),
  FLOOD_TICKETS_PER_HOUR: z.coerce.number().int().min(0).max(10_000).default(3),

  SLACK_BOT_TOKEN: z
    .string()
    .regex(/^xoxb-/, 'a bot token starting with xoxb-')
    .optional(),
  SLACK_SIGNING_SECRET: z.string().min(16, 'the signing secret from Basic Information').optional(),
  SLACK_MODE: z.enum(['http', 'socket']).default('http'),
  SLACK_APP_TOKEN: z
    .string()
    .regex(/^xapp-/, 'an app-level token starting with xapp-')
    .optional(),
  SLACK_PORT: z.coerce.number().int().min(0).max(65535).default(3001),
  SLACK_API_URL: z.string().url().optional(),
  SLACK_PACE_MS: z.coerce.number().int().min(0).max(60_000).default(1000),
  SLACK_MANAGEMENT_CHANNEL_ID: z
    .string()
    .regex(/^[CG][A-Z0-9]{6,}$/, 'a channel id such as C0123ABCD (not its name)')
    .optional(),

  DISCORD_TOKEN: z.string().min(20, 'the bot token from the Developer Portal').optional(),
  DISCORD_GUILD_ID: z
    .string()
    .regex(/^\d{15,21}$/, 'a server id (digits)')
    .optional(),
  DISCORD_SUPPORT_CHANNEL_ID: z
    .string()
    .regex(/^\d{15,21}$/, 'a channel id (digits)')
    .optional(),
  DISCORD_ROOMS: z.enum(['threads', 'channels']).default('threads'),
  DISCORD_ROOM_PARENT_ID: z
    .string()
    .regex(/^\d{15,21}$/, 'a channel or category id')
    .optional(),
  DISCORD_MANAGEMENT_CHANNEL_ID: z
    .string()
    .regex(/^\d{15,21}$/, 'a channel id (digits)')
    .optional(),
  DISCORD_API_URL: z.string().url().optional(),
  DISCORD_REQUESTS_PER_SECOND: z.coerce.number().int().min(1).max(10_000).default(50),

  TEAMS_ENABLED: z.enum(['yes', 'no']).default('no'),
  TEAMS_APP_ID: z
    .string()
    .regex(
      /^[0-9a-f]{8}-(?:[0-9a-f]{4}-){3}[0-9a-f]{12}$/i,
      "the Azure Bot's Microsoft App ID (a GUID)",
    )
    .optional(),
  TEAMS_APP_PASSWORD: z.string().min(1).optional(),
  TEAMS_APP_TENANT_ID: z.string().min(1).optional(),
  TEAMS_APP_TYPE: z.enum(['MultiTenant', 'SingleTenant']).default('SingleTenant'),
  TEAMS_PORT: z.coerce.number().int().min(0).max(65535).default(3978),
  TEAMS_ROOM_CHANNEL_ID: z.string().min(3).optional(),
  TEAMS_MANAGEMENT_CHANNEL_ID: z
    .string()
    .regex(/^19:\S+$/, 'a team channel id, starting with 19:')
    .optional(),

  SLA_CLASSIFY_MINUTES: minutes(15),
  SLA_CLASSIFY_REMIND_MINUTES: minuteList('10'),
  SLA_ACCEPT_MINUTES: minutes(30),
  SLA_ACCEPT_REMIND_MINUTES: minuteList('15,25'),
  SLA_URGENT_RESPONSE_MINUTES: minutes(10),
  SLA_URGENT_REMIND_EVERY_MINUTES: minutes(2),
  SLA_EMERGENCY_HOURS: minutes(24),
  SLA_EMERGENCY_REMIND_HOURS: minuteList('18'),
  SLA_ROOM_CONFIRM_MINUTES: minutes(5),
  SLA_ROOM_PINGS_BEFORE_ESCALATION: z.coerce.number().int().min(1).max(100).default(3),
  SLA_FEEDBACK_MINUTES: minutes(60),
  SLA_FEEDBACK_REMIND_MINUTES: minuteList('45'),
  SLA_RESOLUTION_HOURS: minutes(48),
  SLA_DELAY_NOTICE_HOURS: minutes(6),
  SLA_PROGRESS_EVERY_HOURS: minutes(24),
  SLA_RATING_TIMEOUT_HOURS: minutes(72),
  SLA_PAUSE_ALLOWED: z.enum(['yes', 'no']).default('no'),

  REPORT_TIME_ZONE: z
    .string()
    .default('UTC')
    .refine(isTimeZone, 'an IANA time zone such as Asia/Shanghai'),
  REPORT_DAILY_AT: z
    .string()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time of day as HH:MM, e.g. 08:00')
    .default('08:00'),
  // Days a closed ticket keeps the customer's personal data; 0 keeps it until erased by hand.
  RETENTION_DAYS: z.coerce.number().int().min(0).max(36_500).default(365),
  REPORT_WEEKLY_DAY: z.enum(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']).default('mon'),
});

export type Config = z.infer<typeof schema>;

/** Every setting's name. */
export const SETTINGS: readonly string[] = Object.keys(schema.shape);

/**
 * Reads the configuration from environment variables (after an optional .env file), and stops with
 * a message naming every wrong variable and what it expects. Empty values count as unset.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, envFile = '.env'): Config {
  if (env === process.env && existsSync(envFile)) process.loadEnvFile(envFile);

  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
  const result = schema.safeParse(present);
  if (result.success) {
    const slack = result.data;
    if (slack.SLACK_BOT_TOKEN && slack.SLACK_MODE === 'http' && !slack.SLACK_SIGNING_SECRET) {
      throw new ConfigError(
        'Invalid configuration:\n  SLACK_SIGNING_SECRET: required when SLACK_MODE=http, so requests can be verified\nSee .env.example.',
      );
    }
    if (slack.SLACK_BOT_TOKEN && slack.SLACK_MODE === 'socket' && !slack.SLACK_APP_TOKEN) {
      throw new ConfigError(
        'Invalid configuration:\n  SLACK_APP_TOKEN: required when SLACK_MODE=socket (an xapp- token with connections:write)\nSee .env.example.',
      );
    }
    if (
      slack.TEAMS_APP_ID &&
      slack.TEAMS_APP_TYPE === 'SingleTenant' &&
      !slack.TEAMS_APP_TENANT_ID
    ) {
      throw new ConfigError(
        'Invalid configuration:\n  TEAMS_APP_TENANT_ID: required for a SingleTenant bot (your Microsoft Entra tenant id)\nSee .env.example.',
      );
    }
    return result.data;
  }

  const problems = result.error.issues.map((issue) => {
    const variable = issue.path.join('.');
    return `  ${variable}=${shown(variable, env[variable] ?? '')}: ${describe(issue)}`;
  });
  throw new ConfigError(`Invalid configuration:\n${problems.join('\n')}\nSee .env.example.`);
}

/**
 * A URL with whatever stands before its last `@` (user and password, which may themselves hold
 * `/`, `@` or spaces) hidden.
 */
export function withoutCredentials(url: string): string {
  const start = url.indexOf('://');
  const at = url.lastIndexOf('@');
  return start >= 0 && at > start ? `${url.slice(0, start + 3)}(hidden)${url.slice(at)}` : url;
}

/** A wrong value as an error message may show it: never a secret, nor a URL's password. */
function shown(variable: string, value: string): string {
  if (/TOKEN|SECRET|PASSWORD/.test(variable)) return '"(hidden)"';
  if (variable.endsWith('_URL')) return JSON.stringify(withoutCredentials(value));
  return JSON.stringify(value);
}

function describe(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_value':
      return `expected one of ${issue.values.map(String).join(', ')}`;
    case 'too_small':
      return `expected at least ${String(issue.minimum)}`;
    case 'too_big':
      return `expected at most ${String(issue.maximum)}`;
    case 'invalid_type':
      return `expected a ${issue.expected}`;
    default:
      return issue.message;
  }
}
