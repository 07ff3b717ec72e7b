import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { type Config, loadConfig } from '../config.ts';
import { ConfigError } from '../core/errors.ts';
import { silentLogger } from '../core/logger.ts';
import { policyFrom } from '../sla/policy.ts';
import { openStore } from '../store/open.ts';
import { formatReport, REPORT_FORMATS, type ReportFormat } from './format.ts';
import { dateAt, parseDate } from './periods.ts';
import { buildReport, REPORT_KINDS, type ReportKind } from './report.ts';

const USAGE =
  'usage: npm run report -- daily|weekly|monthly [--date YYYY-MM-DD] [--format text|csv|json] [--zone Area/City]';

function fail(message: string, usage = true): never {
  process.stderr.write(`report: ${message}\n${usage ? `${USAGE}\n` : ''}`);
  process.exit(2);
}

function readArgs() {
  return parseArgs({
    options: { date: { type: 'string' }, format: { type: 'string' }, zone: { type: 'string' } },
    allowPositionals: true,
  });
}

/**
 * `npm run report -- daily|weekly|monthly`: prints the figures of the store in DATABASE_PATH (or
 * DATABASE_URL), configured as the bot is (environment, then `.env`); days are counted in REPORT_TIME_ZONE
 * unless `--zone` names another.
 */
async function main(): Promise<void> {
  let parsed: ReturnType<typeof readArgs>;
  try {
    parsed = readArgs();
  } catch (error) {
    fail(error instanceof Error ? error.message : String(error));
  }
  const { values, positionals } = parsed;
  const kind = positionals[0] as ReportKind | undefined;
  if (!kind || !REPORT_KINDS.includes(kind) || positionals.length > 1) {
    fail('name one report: daily, weekly or monthly');
  }
  const format = (values.format ?? 'text') as ReportFormat;
  if (!REPORT_FORMATS.includes(format))
    fail(`--format must be text, csv or json, not "${values.format}"`);
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) fail(error.message, false);
    throw error;
  }
  const zone = values.zone ?? config.REPORT_TIME_ZONE;
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
  } catch {
    fail(`--zone must be an IANA time zone such as Asia/Shanghai, not "${zone}"`);
  }
  const date = values.date === undefined ? dateAt(Date.now(), zone) : parseDate(values.date);
  if (!date) fail(`--date must be a calendar date as YYYY-MM-DD, not "${values.date}"`);

  // Opening a missing file would create an empty database and report nothing but zeros.
  if (!config.DATABASE_URL && !existsSync(config.DATABASE_PATH)) {
    fail(
      `DATABASE_PATH="${config.DATABASE_PATH}": no database there; set it to the database file the bot uses`,
      false,
    );
  }
  const store = await openStore(config, silentLogger());
  try {
    const report = await buildReport(store, policyFrom(config), kind, date, zone, Date.now());
    process.stdout.write(formatReport(report, format));
  } finally {
    await store.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`report: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
