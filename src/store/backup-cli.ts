import { loadConfig } from '../config.ts';
import { ConfigError } from '../core/errors.ts';
import { BackupInputError, backupDatabase, restoreDatabase } from './backup.ts';

const USAGE = {
  backup: 'npm run db:backup -- <backup file>',
  restore: 'npm run db:restore -- <backup file>',
};

/**
 * `npm run db:backup -- <file>` copies the SQLite database at DATABASE_PATH while the bot runs;
 * `npm run db:restore -- <file>` puts a backup back while the bot is stopped. Exit code 2 means
 * the input was wrong (no such file, not a database, a PostgreSQL setup), 1 any other failure.
 */
async function main(): Promise<void> {
  const [command, file, ...extra] = process.argv.slice(2);
  if (command !== 'backup' && command !== 'restore') fail(2, 'say backup or restore');
  if (!file || extra.length > 0) fail(2, `usage: ${USAGE[command]}`);
  const config = loadConfig();
  if (config.DATABASE_URL) {
    fail(
      2,
      'DATABASE_URL is set: back up PostgreSQL with pg_dump and restore with pg_restore (see the README)',
    );
  }

  if (command === 'backup') {
    const result = await backupDatabase(config.DATABASE_PATH, file);
    process.stdout.write(
      `Backed up ${config.DATABASE_PATH} to ${result.file}: ${result.tickets} tickets, ${result.bytes} bytes, integrity ok.\n`,
    );
    return;
  }
  const result = restoreDatabase(file, config.DATABASE_PATH);
  process.stdout.write(
    `Restored ${config.DATABASE_PATH} from ${file}: ${result.tickets} tickets, integrity ok.\n`,
  );
  if (result.keptAside) {
    process.stdout.write(`The database it replaced is kept as ${result.keptAside}.\n`);
  }
}

function fail(code: number, message: string): never {
  process.stderr.write(`db:${process.argv[2] ?? 'backup'}: ${message}\n`);
  process.exit(code);
}

main().catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  const badInput = error instanceof BackupInputError || error instanceof ConfigError;
  fail(badInput ? 2 : 1, message);
});
