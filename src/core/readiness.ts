import type { Store } from '../store/types.ts';

/** One named condition of readiness; `check` resolves to whether it holds. */
export interface ReadinessCheck {
  name: string;
  check(): boolean | Promise<boolean>;
}

export interface ReadinessReport {
  ready: boolean;
  /** Each check by name: 'ok' or 'failing'. Names only; nothing about any person. */
  checks: Record<string, 'ok' | 'failing'>;
}

/** A check that takes longer than this counts as failing: a hung database is not a ready one. */
const CHECK_TIMEOUT_MS = 2_000;

/**
 * Runs every check at once and reports each by name. Ready only when all hold. A check that
 * throws or takes longer than two seconds is failing.
 */
export async function checkReadiness(checks: readonly ReadinessCheck[]): Promise<ReadinessReport> {
  const results = await Promise.all(checks.map((check) => withTimeout(check)));
  const entries = checks.map((check, i) => [check.name, results[i] ? 'ok' : 'failing'] as const);
  return { ready: results.every(Boolean), checks: Object.fromEntries(entries) };
}

async function withTimeout(check: ReadinessCheck): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), CHECK_TIMEOUT_MS);
  });
  try {
    return await Promise.race([Promise.resolve().then(() => check.check()), late]);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

/** The database answers a cheap indexed query. */
export function databaseAnswers(store: Store): ReadinessCheck {
  return {
    name: 'database',
    check: async () => {
      await store.read((tx) => tx.nextDeadlineAt());
      return true;
    },
  };
}

/**
 * The scheduler ticked within the last three tick intervals. `lastTick` is when the latest tick
 * finished, undefined before the first.
 */
export function schedulerTicking(
  lastTick: () => number | undefined,
  now: () => number,
  intervalMs: number,
): ReadinessCheck {
  return {
    name: 'scheduler',
    check: () => {
      const last = lastTick();
      return last !== undefined && now() - last <= 3 * intervalMs;
    },
  };
}
