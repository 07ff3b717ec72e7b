import type { CoreDeps } from '../core/deps.ts';
import { eraseTicketData } from './customer-data.ts';

const DAY = 86_400_000;
/** Tickets erased per transaction, so a first run over years of tickets keeps each one short. */
const CHUNK = 100;

/**
 * Erases the personal data of closed tickets whose closing is more than `retentionDays` before
 * `now`, as an administrator's erasure would, but only up to each ticket's closing in its
 * conversation. Idempotent: an erased ticket is not picked again. Returns how many it erased.
 */
export async function expireClosedTickets(deps: CoreDeps, now: number): Promise<number> {
  const days = deps.settings.retentionDays;
  if (days <= 0) return 0;
  const before = now - days * DAY;
  let erased = 0;
  for (;;) {
    const done = await deps.store.transaction(async (tx) => {
      const due = await tx.closedUnerasedBefore(before, CHUNK);
      for (const ticket of due) await eraseTicketData(tx, ticket, 'system', now, 'retention');
      return due.length;
    });
    erased += done;
    if (done < CHUNK) return erased;
  }
}

/** How often the scheduler looks for tickets past retention. */
export const RETENTION_EVERY = DAY;
