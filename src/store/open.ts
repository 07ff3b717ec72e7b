import { hostname } from 'node:os';
import { type Config, withoutCredentials } from '../config.ts';
import { ConfigError } from '../core/errors.ts';
import type { Logger } from '../core/logger.ts';
import { openSqliteStore } from './sqlite.ts';
import type { Store } from './types.ts';

/**
 * The configured store: PostgreSQL when DATABASE_URL is set (shared by replicas), otherwise the
 * embedded SQLite file at DATABASE_PATH.
 */
export async function openStore(
  config: Pick<Config, 'DATABASE_URL' | 'DATABASE_PATH' | 'REPLICA_NAME'>,
  logger: Logger,
): Promise<Store> {
  if (config.DATABASE_URL) {
    // Loaded only when configured, so the embedded default never loads the PostgreSQL driver.
    const { openPostgresStore } = await import('./postgres.ts');
    try {
      return await openPostgresStore(config.DATABASE_URL, { name: replicaName(config) });
    } catch (error) {
      // The URL may hold a password: name only where it points.
      const where = withoutCredentials(config.DATABASE_URL).replace(/\?.*$/, '');
      throw new ConfigError(
        `DATABASE_URL: could not open PostgreSQL at ${where}: ${(error as Error).message}`,
      );
    }
  }
  return openSqliteStore(config.DATABASE_PATH, (message) =>
    logger.warn({ message }, 'checkpoint failed'),
  );
}

/** How this process names itself to the database and in logs. */
export function replicaName(config: Pick<Config, 'REPLICA_NAME'>): string {
  return config.REPLICA_NAME ?? `${hostname()}-${process.pid}`.slice(0, 60);
}
