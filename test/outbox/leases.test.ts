import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/core/logger.ts';
import { Outbox } from '../../src/outbox/outbox.ts';
import { openPostgresStore } from '../../src/store/postgres.ts';
import { openSqliteStore } from '../../src/store/sqlite.ts';
import type { OutboxMessage, Store } from '../../src/store/types.ts';
import { scratchDatabase, scratchSchema } from '../support/postgres.ts';

/** A short lease on the real clock: here time must pass for both deliverers alike. */
const LEASE = 200;

let database: Awaited<ReturnType<typeof scratchDatabase>>;
beforeAll(async () => {
  database = await scratchDatabase('leases');
});
afterAll(() => database.drop());

/**
 * Two deliverers (as two replicas run them) on one database, with a platform so slow that one
 * batch outlasts the lease: every message must still reach the platform once.
 */
async function slowPlatform(stores: [Store, Store]) {
  const clock = { now: () => Date.now() };
  const delivered: string[] = [];
  const outboxes: Outbox[] = [];
  const running: Promise<number>[] = [];
  outboxes.push(
    ...stores.map(
      (store, index) =>
        new Outbox({
          store,
          clock,
          logger: silentLogger(),
          leaseMs: LEASE,
          senders: {
            web: {
              send: async (message: OutboxMessage) => {
                // Each send takes 30 ms (a batch of 30 outlasts four leases), while the other
                // deliverer looks for due work.
                const other = outboxes[1 - index];
                if (other) running.push(other.deliverDue());
                await new Promise((resolve) => setTimeout(resolve, 30));
                delivered.push(message.message.text);
              },
            },
          },
        }),
    ),
  );
  await stores[0].transaction(async (tx) => {
    for (let i = 0; i < 30; i += 1) {
      await tx.enqueue({
        address: { platform: 'web', conversationId: `chat:${i}` },
        recipient: `c${i}`,
        language: 'en',
        ticketId: null,
        message: { text: `message ${i}` },
        createdAt: clock.now(),
      });
    }
  });
  while (delivered.length < 30 || running.length > 0) {
    await Promise.all([...outboxes.map((outbox) => outbox.deliverDue()), ...running.splice(0)]);
    await new Promise((resolve) => setTimeout(resolve, LEASE));
  }
  return delivered;
}

const everyMessage = Array.from({ length: 30 }, (_, i) => `message ${i}`).sort();

describe('delivery leases', () => {
  it('sends each message once when a batch outlasts its lease (SQLite, two deliverers)', async () => {
    const store = openSqliteStore(':memory:');
    const delivered = await slowPlatform([store, store]);
    expect(delivered.toSorted()).toEqual(everyMessage);
    await store.close();
  });

  it('sends each message once when a batch outlasts its lease (PostgreSQL, two replicas)', async () => {
    const url = await scratchSchema(database.url, 'slow_platform');
    const stores: [Store, Store] = [await openPostgresStore(url), await openPostgresStore(url)];
    const delivered = await slowPlatform(stores);
    expect(delivered.toSorted()).toEqual(everyMessage);
    for (const store of stores) await store.close();
  });

  it('does not put back a message another replica sent after the lease ended', async () => {
    const store = openSqliteStore(':memory:');
    const id = await store.transaction((tx) =>
      tx.enqueue({
        address: { platform: 'web', conversationId: 'chat:a' },
        recipient: 'a',
        language: 'en',
        ticketId: null,
        message: { text: 'hello' },
        createdAt: 0,
      }),
    );
    const [first] = await store.transaction((tx) => tx.claimPending(0, 10, LEASE));
    const [second] = await store.transaction((tx) => tx.claimPending(LEASE, 10, 2 * LEASE));
    expect(first?.id).toBe(id);
    expect(second?.id).toBe(id);
    expect(await store.transaction((tx) => tx.markSent(id, LEASE + 1, second?.nextAttemptAt))).toBe(
      true,
    );
    // The first claimant's late failure changes nothing: the message stays sent.
    expect(
      await store.transaction((tx) =>
        tx.markRetry(id, 'timeout', LEASE + 5_000, false, first?.nextAttemptAt),
      ),
    ).toBe(false);
    expect(await store.transaction((tx) => tx.renewLease(id, LEASE, 3 * LEASE))).toBe(false);
    expect(await store.read((tx) => tx.duePending(10 * LEASE, 10))).toEqual([]);
    await store.close();
  });
});
