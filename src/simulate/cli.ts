import { readFileSync } from 'node:fs';
import { loadConfig } from '../config.ts';
import { loadTeam } from '../team/directory.ts';
import { parseScript } from './script.ts';
import { Simulator } from './simulator.ts';

/** `npm run simulate -- <script.jsonl>`: plays a script and prints JSON lines to stdout. */
async function main(): Promise<void> {
  const file = process.argv[2];
  if (!file) {
    process.stderr.write('usage: npm run simulate -- <script.jsonl>\n');
    process.exit(2);
  }
  const config = loadConfig();
  const lines = parseScript(readFileSync(file, 'utf8'));
  const simulator = new Simulator(loadTeam(config.TEAM_FILE), config);
  for (const line of lines) {
    for (const out of await simulator.play(line)) process.stdout.write(`${JSON.stringify(out)}\n`);
  }
  await simulator.close();
}

main().catch((error: unknown) => {
  process.stderr.write(`simulate: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
