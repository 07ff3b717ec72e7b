import type { Config } from '../config.ts';
import type { Language } from '../i18n/languages.ts';
import { createTranslators, loadResources, type Translators } from '../i18n/translator.ts';
import { Vocabulary } from '../intake/vocabulary.ts';
import { type ChannelSender, Outbox } from '../outbox/outbox.ts';
import { postDueReports, type ReportSchedule } from '../reports/posts.ts';
import type { Policy } from '../sla/policy.ts';
import { Scheduler } from '../sla/scheduler.ts';
import { StoreHealth, watchStore } from '../store/faults.ts';
import type { Address, OutboxMessage, Store } from '../store/types.ts';
import type { Directory } from '../team/directory.ts';
import { Bot } from './bot.ts';
import type { Clock } from './clock.ts';
import { HOUR, MINUTE } from './clock.ts';
import type { CoreDeps } from './deps.ts';
import { FloodGuard } from './flood.ts';
import type { Logger } from './logger.ts';
import type { NeutralMessage, Platform } from './messages.ts';
import { flagUndelivered } from './undelivered.ts';

/** Teams is on with an app id, or explicitly (unauthenticated, loopback only). */
export function teamsEnabled(config: Config): boolean {
  return Boolean(config.TEAMS_APP_ID) || config.TEAMS_ENABLED === 'yes';
}

/** The core's settings as configured. */
export function settingsFrom(config: Config): CoreDeps['settings'] {
  return {
    teamName: config.TEAM_NAME,
    defaultLanguage: config.DEFAULT_LANGUAGE,
    classifyMinConfidence: config.CLASSIFY_MIN_CONFIDENCE,
    floodMessagesPerMinute: config.FLOOD_MESSAGES_PER_MINUTE,
    floodTicketsPerHour: config.FLOOD_TICKETS_PER_HOUR,
    retentionDays: config.RETENTION_DAYS,
    staffPlatforms: [
      ...(config.SLACK_BOT_TOKEN ? (['slack'] as const) : []),
      ...(config.DISCORD_TOKEN ? (['discord'] as const) : []),
      ...(teamsEnabled(config) ? (['teams'] as const) : []),
      'web',
    ],
    managementRooms: {
      ...(config.SLACK_BOT_TOKEN && config.SLACK_MANAGEMENT_CHANNEL_ID
        ? { slack: room('slack', `channel:${config.SLACK_MANAGEMENT_CHANNEL_ID}`) }
        : {}),
      ...(config.DISCORD_TOKEN && config.DISCORD_MANAGEMENT_CHANNEL_ID
        ? { discord: room('discord', `channel:${config.DISCORD_MANAGEMENT_CHANNEL_ID}`) }
        : {}),
      ...(teamsEnabled(config) && config.TEAMS_MANAGEMENT_CHANNEL_ID
        ? { teams: room('teams', `thread:${config.TEAMS_MANAGEMENT_CHANNEL_ID}`) }
        : {}),
    },
  };
}

const room = (platform: Platform, where: string): Address => ({
  platform,
  conversationId: `${platform}:${where}`,
});

/** The team's limits as the numbers people read in messages. */
export function limitsOf(policy: Policy): Record<string, number> {
  const minutes = (ms: number) => Math.round(ms / MINUTE);
  const hours = (ms: number) => Math.round((ms / HOUR) * 10) / 10;
  return {
    classifyMinutes: minutes(policy.classify.limit),
    acceptMinutes: minutes(policy.accept.limit),
    responseMinutes: minutes(policy.urgentResponse.limit),
    emergencyHours: hours(policy.emergency.limit),
    roomMinutes: minutes(policy.room.every),
    feedbackMinutes: minutes(policy.feedback.limit),
    resolutionHours: hours(policy.resolution.limit),
    progressHours: hours(policy.progressEvery),
  };
}

export interface Core {
  bot: Bot;
  /** The store as the core uses it: every write's outcome reported to `storeHealth`. */
  store: Store;
  storeHealth: StoreHealth;
  outbox: Outbox;
  scheduler: Scheduler;
  /** Posts the scheduled reports that are due (see `postDueReports`); returns how many. */
  postReports(schedule: ReportSchedule): Promise<number>;
  translators: Translators;
  resources: Record<Language, Record<string, unknown>>;
}

/**
 * Builds the conversation core around a store and the channels' senders. Messages queued by a
 * handled event are delivered straight after its transaction commits; the scheduler retries the
 * rest. The one wiring for the running bot, the simulator and the tests.
 */
export function createCore(options: {
  store: Store;
  clock: Clock;
  logger: Logger;
  directory: Directory;
  policy: Policy;
  settings: CoreDeps['settings'];
  senders: Partial<Record<Platform, ChannelSender>>;
  /** Off when the caller delivers by itself (the simulator does, to print in order). */
  deliverAtOnce?: boolean;
  /** How long a message taken for delivery is left to this process before another may send it. */
  outboxLeaseMs?: number;
}): Core {
  const { clock, logger } = options;
  const storeHealth = new StoreHealth(logger);
  const store = watchStore(options.store, storeHealth, () => clock.now());
  const resources = loadResources();
  const translators = createTranslators(resources, limitsOf(options.policy));
  const outbox = new Outbox({
    store,
    clock,
    logger,
    senders: options.senders,
    gaveUp: (message, reason) => flagUndelivered(deps, message, reason),
    ...(options.outboxLeaseMs ? { leaseMs: options.outboxLeaseMs } : {}),
  });
  const deliver = (): void => {
    outbox.deliverDue().catch((error: unknown) => logger.error({ err: error }, 'delivery failed'));
  };
  const deps: CoreDeps = {
    store,
    clock,
    logger,
    translators,
    words: new Vocabulary(resources),
    directory: options.directory,
    policy: options.policy,
    flood: new FloodGuard(options.settings.floodMessagesPerMinute),
    settings: options.settings,
    outboxChanged: options.deliverAtOnce === false ? () => undefined : deliver,
    storeHealth,
    sendNow: async (address, recipient, language, message) => {
      const sender = options.senders[address.platform];
      if (address.platform === 'web' || !sender) return;
      await sender.send(directMessage(address, recipient, language, message, clock.now()));
    },
  };
  const reportMemo = {};
  return {
    bot: new Bot(deps),
    store,
    storeHealth,
    outbox,
    scheduler: new Scheduler(deps),
    postReports: (schedule) => postDueReports(deps, schedule, reportMemo),
    translators,
    resources,
  };
}

let directSequence = 0;

/**
 * A message that is in no outbox row. Its id is negative, so it can never be taken for a queued
 * one, and different from any other such message for years, since senders may use ids to make a
 * resend harmless (Discord's nonce).
 */
function directMessage(
  address: Address,
  recipient: string,
  language: Language,
  message: NeutralMessage,
  now: number,
): OutboxMessage {
  directSequence = (directSequence + 1) % 1000;
  return {
    id: -(now * 1000 + directSequence),
    address,
    recipient,
    language,
    ticketId: null,
    message,
    createdAt: now,
    attempts: 0,
    nextAttemptAt: now,
    status: 'pending',
    sentAt: null,
    lastError: null,
  };
}
