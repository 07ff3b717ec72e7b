import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import cron, { type ScheduledTask } from 'node-cron';
import { WebHub } from '../adapters/web/hub.ts';
import { createWebServer } from '../adapters/web/server.ts';
import { applyPatch } from './commands/team.ts';
import type { Config } from './config.ts';
import type { Bot } from './core/bot.ts';
import type { Clock } from './core/clock.ts';
import { createCore, settingsFrom, teamsEnabled } from './core/create.ts';
import type { Logger } from './core/logger.ts';
import type { Platform } from './core/messages.ts';
import {
  checkReadiness,
  databaseAnswers,
  type ReadinessCheck,
  type ReadinessReport,
  schedulerTicking,
} from './core/readiness.ts';
import type { Language } from './i18n/languages.ts';
import { createTranslators } from './i18n/translator.ts';
import type { ChannelSender, Outbox } from './outbox/outbox.ts';
import { dashboardData } from './reports/dashboard.ts';
import { reportScheduleFrom } from './reports/posts.ts';
import { policyFrom } from './sla/policy.ts';
import { isStorageFault } from './store/faults.ts';
import { openStore } from './store/open.ts';
import type { Store } from './store/types.ts';
import type { Directory, StaffMember } from './team/directory.ts';

export interface App {
  bot: Bot;
  store: Store;
  outbox: Outbox;
  hub: WebHub;
  server: Server;
  /** The web server's base URL once listening, e.g. http://127.0.0.1:3000. */
  url: string;
  /** Where Slack's events arrive, in HTTP mode. */
  slackPort: number | undefined;
  /** Where Teams' activities arrive (/api/messages). */
  teamsPort: number | undefined;
  /** One scheduler tick now (tests drive time themselves). */
  tick(): Promise<void>;
  /** What `GET /readyz` answers: the database, the scheduler and each platform, by name. */
  ready(): Promise<ReadinessReport>;
  stop(): Promise<void>;
}

export interface AppOptions {
  config: Config;
  directory: Directory;
  logger: Logger;
  clock: Clock;
  /** Defaults to the SQLite store at config.DATABASE_PATH. */
  store?: Store;
  /** Off in tests that drive delivery themselves. */
  scheduler?: boolean;
}

/**
 * Applies the directory changes administrators made at run time over the team file, in order. A
 * change the file no longer allows (a department that was removed, say) is skipped and logged.
 */
async function replayDirectoryChanges(store: Store, directory: Directory, logger: Logger) {
  for (const change of await store.read((tx) => tx.listDirectoryChanges())) {
    try {
      const current = directory.get(change.personId);
      if (change.action === 'remove') directory.remove(change.personId);
      else if (change.action === 'patch' && current) {
        directory.put(applyPatch(current, change.record ?? {}) as unknown as StaffMember);
      } else if (change.action === 'put') directory.put(change.record as unknown as StaffMember);
    } catch (error) {
      logger.warn({ person: change.personId, err: error }, 'a directory change no longer applies');
    }
  }
}

/**
 * Wires the core to its store, its channels and its scheduler, and starts the web server. The
 * same wiring serves `npm start`, the browser tests and anything else that needs a whole bot.
 */
export async function startApp(options: AppOptions): Promise<App> {
  const { config, directory, logger, clock } = options;
  const opened = options.store ?? (await openStore(config, logger));
  await replayDirectoryChanges(opened, directory, logger);
  const hub = new WebHub(config.DATABASE_URL ? { pollMs: 2_000 } : {});
  // Platforms join as they connect; the outbox reads this map on every delivery.
  const senders: Partial<Record<Platform, ChannelSender>> = { web: hub };
  const policy = policyFrom(config);
  const { bot, outbox, scheduler, postReports, resources, store, storeHealth } = createCore({
    store: opened,
    clock,
    logger,
    directory,
    policy,
    settings: settingsFrom(config),
    senders,
    outboxLeaseMs: config.OUTBOX_LEASE_SECONDS * 1000,
  });
  // A database that refuses writes is logged once, by its health; not again on every attempt.
  const logFailure = (error: unknown, message: string): void => {
    if (!isStorageFault(error)) logger.error({ err: error }, message);
  };
  const deliver = (): void => {
    outbox.deliverDue().catch((error: unknown) => logFailure(error, 'delivery failed'));
  };
  const platformChecks: ReadinessCheck[] = [{ name: 'web', check: () => server.listening }];

  const pageStrings = (language: Language) => ({
    web: resources[language].web,
    errors: resources[language].errors,
    language_name: resources[language].language_name,
    state: resources[language].state,
    urgency: resources[language].urgency,
    deadline: resources[language].deadline,
  });
  // The checks name the platforms, which start after the web server: it asks through this.
  const readiness: { current?: () => Promise<ReadinessReport> } = {};
  const server = createWebServer({
    ready: () => readiness.current?.() ?? Promise.resolve({ ready: false, checks: {} }),
    bot,
    store,
    hub,
    directory,
    pageStrings,
    logger,
    now: () => clock.now(),
    dashboard: (now) =>
      dashboardData(
        store,
        (id) => directory.get(id)?.name ?? id,
        policy,
        config.REPORT_TIME_ZONE,
        now,
      ),
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.PORT, config.HOST, () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  let slack: { port: number | undefined; stop(): Promise<void> } | undefined;
  if (config.SLACK_BOT_TOKEN) {
    // Loaded only when configured, so a web-only bot never loads a chat SDK.
    const { startSlack } = await import('../adapters/slack/adapter.ts');
    const adapter = await startSlack(
      {
        botToken: config.SLACK_BOT_TOKEN,
        signingSecret: config.SLACK_SIGNING_SECRET,
        mode: config.SLACK_MODE,
        appToken: config.SLACK_APP_TOKEN,
        host: config.HOST,
        port: config.SLACK_PORT,
        apiUrl: config.SLACK_API_URL,
        channelPaceMs: config.SLACK_PACE_MS,
      },
      { bot, directory, logger },
    ).catch(async (error: unknown) => {
      // Nothing half-started is left behind: the web server and the store close again.
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await store.close();
      throw error;
    });
    senders.slack = adapter;
    slack = adapter;
    platformChecks.push({ name: 'slack', check: () => adapter.connected() });
  }

  let discord: { stop(): Promise<void> } | undefined;
  if (config.DISCORD_TOKEN) {
    const { startDiscord } = await import('../adapters/discord/adapter.ts');
    const adapter = await startDiscord(
      {
        token: config.DISCORD_TOKEN,
        guildId: config.DISCORD_GUILD_ID,
        supportChannelId: config.DISCORD_SUPPORT_CHANNEL_ID,
        rooms: config.DISCORD_ROOMS,
        roomParentId: config.DISCORD_ROOM_PARENT_ID,
        apiUrl: config.DISCORD_API_URL,
        requestsPerSecond: config.DISCORD_REQUESTS_PER_SECOND,
      },
      {
        bot,
        directory,
        logger,
        openTickets: () => store.read((tx) => tx.listOpenTickets(1000)),
        store,
      },
    ).catch(async (error: unknown) => {
      await slack?.stop();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await store.close();
      throw error;
    });
    senders.discord = adapter;
    discord = adapter;
    platformChecks.push({ name: 'discord', check: () => adapter.connected() });
  }

  let teams: { port: number; stop(): Promise<void> } | undefined;
  if (teamsEnabled(config)) {
    const { startTeams } = await import('../adapters/teams/adapter.ts');
    const translators = createTranslators(resources);
    const adapter = await startTeams(
      {
        appId: config.TEAMS_APP_ID,
        appPassword: config.TEAMS_APP_PASSWORD,
        appTenantId: config.TEAMS_APP_TENANT_ID,
        appType: config.TEAMS_APP_TYPE,
        host: config.HOST,
        port: config.TEAMS_PORT,
        roomChannelId: config.TEAMS_ROOM_CHANNEL_ID,
      },
      {
        bot,
        directory,
        store,
        logger,
        now: () => clock.now(),
        translate: (language, key) => translators.for(language)(key),
      },
    ).catch(async (error: unknown) => {
      await slack?.stop();
      await discord?.stop();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await store.close();
      throw error;
    });
    senders.teams = adapter;
    teams = adapter;
    platformChecks.push({ name: 'teams', check: () => adapter.connected() });
  }
  const url = `http://${config.HOST.includes(':') ? `[${config.HOST}]` : config.HOST}:${port}`;

  const reportSchedule = reportScheduleFrom(config);
  // One tick acts on due deadlines, then retries undelivered messages; messages queued by a
  // person's action are delivered at once by outboxChanged without waiting for it.
  // The latest tick, so a stop can let it finish instead of cutting it off mid-way.
  let ticking: Promise<void> = Promise.resolve();
  // When the scheduler last got through a tick: readiness wants one within three intervals.
  let lastTick: number | undefined;
  const tick = (): Promise<void> => {
    ticking = runTick();
    return ticking;
  };
  const runTick = async (): Promise<void> => {
    try {
      await scheduler.tick();
      lastTick = clock.now();
    } catch (error) {
      logFailure(error, 'scheduler tick failed; the next tick tries again');
    }
    try {
      await postReports(reportSchedule);
    } catch (error) {
      logFailure(error, 'posting the scheduled reports failed; the next tick tries again');
    }
    deliver();
  };
  let task: ScheduledTask | undefined;
  if (options.scheduler !== false) {
    task = cron.schedule(`*/${config.SCHEDULER_TICK_SECONDS} * * * * *`, tick, {
      name: 'scheduler',
      noOverlap: true,
    });
  }
  void tick();

  const readinessChecks: ReadinessCheck[] = [
    databaseAnswers(store),
    { name: 'writes', check: () => storeHealth.writable },
    schedulerTicking(
      () => lastTick,
      () => clock.now(),
      config.SCHEDULER_TICK_SECONDS * 1000,
    ),
    ...platformChecks,
  ];
  const ready = () => checkReadiness(readinessChecks);
  readiness.current = ready;

  let stopped = false;
  return {
    bot,
    store,
    outbox,
    hub,
    server,
    url,
    slackPort: slack?.port,
    teamsPort: teams?.port,
    tick,
    ready,
    async stop() {
      // Stopping twice (a test's clean-up after a failed restart) does nothing the second time.
      if (stopped) return;
      stopped = true;
      await task?.stop();
      await ticking;
      // Messages being sent finish (or fail) before the channels close; the rest stay queued.
      await outbox.settled();
      await slack?.stop();
      await discord?.stop();
      await teams?.stop();
      hub.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await store.close();
    },
  };
}
