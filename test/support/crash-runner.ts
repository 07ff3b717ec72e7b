/**
 * Plays a script of timed lines against a bot on an SQLite file, as a process that may be killed
 * at any moment and started again on the same files to go on.
 *
 * Usage: node --import tsx test/support/crash-runner.ts <database> <script.jsonl> <accepted log>
 *
 * Script lines: {"at": ms, "kind": "customer", "customer": id, "say": text},
 * {"at": ms, "kind": "staff", "staff": id, "say": text} or {"at": ms, "kind": "wait"}; `at` counts
 * from the fake clock's start. After the bot returns from a line, its index is appended to the
 * accepted log; a restart goes on from the first line not in it. Each line is handed in with its
 * index as the platform's delivery key, so a line handled just before a kill, but not yet
 * logged, is recognized and ignored when played again, as a platform's retry is.
 */
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { loadConfig } from '../../src/config.ts';
import { FakeClock } from '../../src/core/clock.ts';
import { createCore, settingsFrom } from '../../src/core/create.ts';
import { silentLogger } from '../../src/core/logger.ts';
import { policyFrom } from '../../src/sla/policy.ts';
import { openSqliteStore } from '../../src/store/sqlite.ts';
import { team } from './sim.ts';

export type CrashLine =
  | { at: number; kind: 'customer'; customer: string; say: string }
  | { at: number; kind: 'staff'; staff: string; say: string }
  | { at: number; kind: 'wait' };

/** Where the runner's fake clock starts: script times count from here. */
export const CRASH_START = Date.UTC(2026, 2, 2, 8, 0, 0);

async function main(): Promise<void> {
  const [database, scriptFile, acceptedLog] = process.argv.slice(2);
  if (!database || !scriptFile || !acceptedLog) {
    throw new Error('usage: crash-runner.ts <database> <script.jsonl> <accepted log>');
  }
  const lines = readFileSync(scriptFile, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as CrashLine);
  const accepted = existsSync(acceptedLog)
    ? readFileSync(acceptedLog, 'utf8').split('\n').filter(Boolean).length
    : 0;

  const config = loadConfig({});
  const clock = new FakeClock(CRASH_START);
  const store = openSqliteStore(database);
  const core = createCore({
    store,
    clock,
    logger: silentLogger(),
    directory: team(),
    policy: policyFrom(config),
    settings: settingsFrom(config),
    senders: { web: { send: async () => undefined } },
    deliverAtOnce: false,
  });

  for (let index = accepted; index < lines.length; index++) {
    const line = lines[index] as CrashLine;
    const at = CRASH_START + line.at;
    // Every deadline on the way fires at its own instant, as the running bot's tick would.
    for (;;) {
      const next = await store.read((tx) => tx.nextDeadlineAt());
      if (next === undefined || next > at) break;
      clock.set(Math.max(clock.now(), next));
      await core.scheduler.tick();
    }
    clock.set(Math.max(clock.now(), at));
    if (line.kind === 'customer') {
      await core.bot.handle({
        platform: 'web',
        conversationId: `chat:${line.customer}`,
        userId: line.customer,
        text: line.say,
        dedupeKey: `line:${index}`,
      });
    } else if (line.kind === 'staff') {
      await core.bot.handle({
        platform: 'web',
        conversationId: `console:${line.staff}`,
        userId: line.staff,
        staffId: line.staff,
        text: line.say,
        dedupeKey: `line:${index}`,
      });
    }
    appendFileSync(acceptedLog, `${index}\n`);
  }
  await store.close();
  process.stdout.write('done\n');
}

await main();
