import { execFileSync } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import type { Figures } from './measure.ts';

/**
 * `npm run bench`: runs each scenario in its own process (so one's heap and caches do not
 * colour another's), prints one JSON line per scenario, then the ratios against the floors.
 */
const SCENARIOS = [
  'intake-floor',
  'intake',
  'scheduler-floor-100000',
  'scheduler-tick-100000',
  'scheduler-floor-1000000',
  'scheduler-tick-1000000',
  'report-daily-100000',
  'scheduler-throughput-sqlite',
  'scheduler-throughput-postgres-1',
  'scheduler-throughput-postgres-2',
  'scheduler-throughput-postgres-3',
];

if (process.argv[2] === 'replica') {
  const { replica } = await import('./replicas.ts');
  await replica(process.argv[3] ?? '');
} else if (process.argv[2]?.startsWith('scheduler-throughput')) {
  const { postgresThroughput, sqliteThroughput } = await import('./replicas.ts');
  const name = process.argv[2];
  const run = name.endsWith('sqlite')
    ? sqliteThroughput()
    : postgresThroughput(Number(name.split('-').at(-1)));
  process.stdout.write(`${JSON.stringify(await run)}\n`);
} else if (process.argv[2]) {
  const { intakeCore, intakeFloor } = await import('./intake.ts');
  const { schedulerFloor, schedulerTick } = await import('./scheduler.ts');
  const { dailyReport } = await import('./report.ts');
  const name = process.argv[2];
  const size = Number(name.split('-').at(-1));
  const run =
    name === 'intake'
      ? intakeCore
      : name === 'intake-floor'
        ? intakeFloor
        : name.startsWith('report-daily')
          ? () => dailyReport(size)
          : name.startsWith('scheduler-floor')
            ? () => schedulerFloor(size)
            : () => schedulerTick(size);
  process.stdout.write(`${JSON.stringify(await run())}\n`);
} else {
  const cpu = cpus()[0]?.model ?? 'unknown';
  const machine = `${cpus().length} × ${cpu}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
  process.stdout.write(`${JSON.stringify({ machine })}\n`);
  const results = new Map<string, Figures>();
  for (const scenario of SCENARIOS) {
    const out = execFileSync(process.execPath, ['--import', 'tsx', 'bench/run.ts', scenario], {
      encoding: 'utf8',
      maxBuffer: 1 << 20,
    });
    const figures = JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as Figures;
    results.set(scenario, figures);
    process.stdout.write(`${JSON.stringify(figures)}\n`);
  }

  const ratio = (a: number | undefined, b: number | undefined) =>
    a && b ? Math.round((a / b) * 100) / 100 : null;
  const get = (name: string) => results.get(name);
  const ratios = {
    intakeThroughputVsFloor: ratio(get('intake')?.opsPerSecond, get('intake-floor')?.opsPerSecond),
    intakeP99VsFloor: ratio(get('intake')?.p99Ms, get('intake-floor')?.p99Ms),
    tick100kVsFloor: ratio(
      get('scheduler-tick-100000')?.p50Ms,
      get('scheduler-floor-100000')?.p50Ms,
    ),
    tick1mVsFloor: ratio(
      get('scheduler-tick-1000000')?.p50Ms,
      get('scheduler-floor-1000000')?.p50Ms,
    ),
    tick1mVsTick100k: ratio(
      get('scheduler-tick-1000000')?.p50Ms,
      get('scheduler-tick-100000')?.p50Ms,
    ),
    postgres2VsPostgres1: ratio(
      get('scheduler-throughput-postgres-2')?.deadlinesPerSecond as number | undefined,
      get('scheduler-throughput-postgres-1')?.deadlinesPerSecond as number | undefined,
    ),
    postgres3VsPostgres1: ratio(
      get('scheduler-throughput-postgres-3')?.deadlinesPerSecond as number | undefined,
      get('scheduler-throughput-postgres-1')?.deadlinesPerSecond as number | undefined,
    ),
  };
  process.stdout.write(`${JSON.stringify({ ratios })}\n`);
}
