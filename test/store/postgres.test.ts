import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isStorageFault } from '../../src/store/faults.ts';
import { openPostgresStore } from '../../src/store/postgres.ts';
import { POSTGRES_MIGRATIONS } from '../../src/store/postgres-schema.ts';
import type { Store } from '../../src/store/types.ts';
import { scratchDatabase, scratchSchema } from '../support/postgres.ts';
import { sampleTicket, storeContract } from './contract.ts';

let database: Awaited<ReturnType<typeof scratchDatabase>>;
beforeAll(async () => {
  database = await scratchDatabase('store');
});
afterAll(() => database.drop());

let schemas = 0;
/** A store in an empty schema of its own. */
async function freshStore(options: { name?: string } = {}): Promise<Store> {
  schemas += 1;
  return openPostgresStore(await scratchSchema(database.url, `contract_${schemas}`), options);
}

storeContract('PostgreSQL', () => freshStore());

describe('the PostgreSQL store', () => {
  it('applies each migration once when replicas start together', async () => {
    schemas += 1;
    const url = await scratchSchema(database.url, `together_${schemas}`);
    const stores = await Promise.all([1, 2, 3].map(() => openPostgresStore(url)));
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const { rows } = await client.query('SELECT version FROM schema_migrations ORDER BY version');
    await client.end();
    // Every step once, in order, though three replicas ran them at the same moment.
    expect(rows.map((r) => r.version)).toEqual(POSTGRES_MIGRATIONS.map((_, i) => i + 1));
    await Promise.all(stores.map((s) => s.close()));
  });

  it('refuses to change or delete a timeline row', async () => {
    schemas += 1;
    const url = await scratchSchema(database.url, `append_${schemas}`);
    const store = await openPostgresStore(url);
    await store.transaction(async (tx) => {
      const t = await tx.createTicket(sampleTicket());
      await tx.appendEvent({ ticketId: t.id, at: 1, actor: 'x', kind: 'created', data: {} });
    });
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await expect(client.query("UPDATE ticket_events SET kind = 'forged'")).rejects.toThrow(
      /append-only/,
    );
    await expect(client.query('DELETE FROM ticket_events')).rejects.toThrow(/append-only/);
    await client.end();
    await store.close();
  });

  it('gives two replicas claiming at once different deadlines, each once', async () => {
    schemas += 1;
    const url = await scratchSchema(database.url, `claims_${schemas}`);
    const [a, b] = await Promise.all([openPostgresStore(url), openPostgresStore(url)]);
    if (!a || !b) throw new Error('two stores');
    const { id } = await a.transaction((tx) => tx.createTicket(sampleTicket()));
    await a.transaction(async (tx) => {
      for (let i = 0; i < 40; i += 1) {
        await tx.addDeadline({ ticketId: id, kind: 'k', dueAt: i, data: {}, createdAt: 0 });
      }
    });
    const taken: number[][] = [[], []];
    // Each replica takes ten at a time and holds them until its transaction ends.
    const work = (store: Store, mine: number[]) =>
      (async () => {
        for (;;) {
          const got = await store.transaction(async (tx) => {
            const due = await tx.dueDeadlines(100, 10);
            await new Promise((resolve) => setTimeout(resolve, 20));
            for (const d of due) await tx.finishDeadline(d.id, 100, 'acted');
            return due.map((d) => d.id);
          });
          if (got.length === 0) return;
          mine.push(...got);
        }
      })();
    await Promise.all([work(a, taken[0] ?? []), work(b, taken[1] ?? [])]);
    const all = [...(taken[0] ?? []), ...(taken[1] ?? [])];
    expect(all).toHaveLength(40);
    expect(new Set(all).size).toBe(40);
    expect(taken[0]?.length).toBeGreaterThan(0);
    expect(taken[1]?.length).toBeGreaterThan(0);
    await a.close();
    await b.close();
  });

  it('hands a lease to another process when its holder goes', async () => {
    schemas += 1;
    const url = await scratchSchema(database.url, `lease_${schemas}`);
    const [a, b] = await Promise.all([openPostgresStore(url), openPostgresStore(url)]);
    if (!a || !b) throw new Error('two stores');
    const holders: string[] = [];
    await a.holdLease('discord-gateway', () => holders.push('a'));
    await new Promise((resolve) => setTimeout(resolve, 300));
    await b.holdLease('discord-gateway', () => holders.push('b'));
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(holders).toEqual(['a']);
    await a.close(); // its connection ends, and with it the lock
    const started = Date.now();
    while (holders.length < 2 && Date.now() - started < 5_000) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(holders).toEqual(['a', 'b']);
    await b.close();
  });
});

describe('a PostgreSQL database that refuses writes', () => {
  it('is known by its SQLSTATE, as the store sees it', async () => {
    schemas += 1;
    const url = await scratchSchema(database.url, `readonly_${schemas}`);
    await (await openPostgresStore(url)).close();
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      // As on a standby, or a database set read-only: every transaction refuses writes.
      await client.query('SET default_transaction_read_only = on');
      const error = await client
        .query(
          "INSERT INTO directory_changes (at, actor, action, person_id) VALUES (1, 'a', 'remove', 'p')",
        )
        .catch((e: unknown) => e);
      expect((error as { code?: string }).code).toBe('25006');
      expect(isStorageFault(error)).toBe(true);
    } finally {
      await client.end();
    }
  });
});
