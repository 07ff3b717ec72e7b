import { existsSync } from 'node:fs';
import { loadConfig } from '../config.ts';
import { moveToPostgres } from './move.ts';

/**
 * `npm run db:move`: copies the SQLite database at DATABASE_PATH into the empty PostgreSQL
 * database at DATABASE_URL, and prints what was moved and the timeline's checksum.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  if (!config.DATABASE_URL) fail('set DATABASE_URL to the PostgreSQL database to move into');
  try {
    new URL(config.DATABASE_URL);
  } catch {
    fail('DATABASE_URL is not a valid URL (check the host and port): postgres://user@host:5432/db');
  }
  if (!existsSync(config.DATABASE_PATH)) {
    fail(`no SQLite database at DATABASE_PATH=${config.DATABASE_PATH}`);
  }
  const result = await moveToPostgres(config.DATABASE_PATH, config.DATABASE_URL);
  for (const [table, count] of Object.entries(result.counts)) {
    process.stdout.write(`${table.padEnd(18)} ${count}\n`);
  }
  process.stdout.write(`timeline sha256    ${result.timeline} (the same on both sides)\n`);
  process.stdout.write(
    'Moved. Start the bot with DATABASE_URL set; keep the SQLite file as a backup.\n',
  );
}

function fail(message: string): never {
  process.stderr.write(`db:move: ${message}\n`);
  process.exit(2);
}

main().catch((error: unknown) => {
  fail(error instanceof Error ? error.message : String(error));
});
