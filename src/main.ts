import { startApp } from './app.ts';
import { loadConfig } from './config.ts';
import { systemClock } from './core/clock.ts';
import { ConfigError } from './core/errors.ts';
import { createLogger } from './core/logger.ts';
import { replicaName } from './store/open.ts';
import { loadTeam } from './team/directory.ts';

async function main(): Promise<void> {
  const config = loadConfig();
  const base = createLogger(config.LOG_LEVEL);
  // Replicas write to one log store: each line says which replica wrote it.
  const logger = config.DATABASE_URL ? base.child({ replica: replicaName(config) }) : base;
  const directory = loadTeam(config.TEAM_FILE);
  const app = await startApp({ config, directory, logger, clock: systemClock });
  logger.info(
    { url: app.url, database: config.DATABASE_URL ? 'postgresql' : config.DATABASE_PATH },
    'Loop48 is running',
  );
  process.stdout.write(
    `Loop48 web chat: ${app.url}/   staff console: ${app.url}/console   dashboard: ${app.url}/dashboard\n`,
  );

  const stop = (signal: string) => {
    logger.info({ signal }, 'stopping');
    app.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  const code = (error as NodeJS.ErrnoException).code;
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
  } else if (code === 'EADDRINUSE' || code === 'EACCES') {
    const what = code === 'EADDRINUSE' ? 'is already in use' : 'may not be used by this user';
    process.stderr.write(`Loop48 could not start: the port ${what}. Set PORT to another port.\n`);
  } else {
    process.stderr.write(`Loop48 could not start: ${(error as Error).stack ?? String(error)}\n`);
  }
  process.exit(1);
});
