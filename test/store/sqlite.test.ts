import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { migrate, openSqliteStore } from '../../src/store/sqlite.ts';
import { sampleTicket, storeContract } from './contract.ts';

storeContract('SQLite (memory)', () => openSqliteStore(':memory:'));

const dir = mkdtempSync(join(tmpdir(), 'loop48-store-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let opened = 0;
storeContract('SQLite (file)', () => {
  opened += 1;
  return openSqliteStore(join(dir, `contract-${opened}.db`));
});

describe('the SQLite store on disk', () => {
  it('uses WAL, a busy timeout, and survives a reopen with its data and migrations', async () => {
    const path = join(dir, 'reopen.db');
    const store = openSqliteStore(path);
    await store.transaction((tx) => tx.createTicket(sampleTicket()));
    await store.close();

    const raw = new Database(path);
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    raw.close();

    const again = openSqliteStore(path);
    expect((await again.read((tx) => tx.getTicket(1001)))?.name).toBe('佐藤 花子');
    await again.close();
  });

  it('refuses to change or delete a timeline row', async () => {
    const path = join(dir, 'append-only.db');
    const store = openSqliteStore(path);
    await store.transaction(async (tx) => {
      const t = await tx.createTicket(sampleTicket());
      await tx.appendEvent({ ticketId: t.id, at: 1, actor: 'x', kind: 'created', data: {} });
    });
    await store.close();
    const raw = new Database(path);
    expect(() => raw.prepare("UPDATE ticket_events SET kind = 'forged'").run()).toThrow(
      /append-only/,
    );
    expect(() => raw.prepare('DELETE FROM ticket_events').run()).toThrow(/append-only/);
    raw.close();
  });

  it('creates the database folder when it does not exist', async () => {
    const store = openSqliteStore(join(dir, 'nested', 'deeper', 'loop48.db'));
    expect(await store.read((tx) => tx.listOpenTickets(1))).toEqual([]);
    await store.close();
  });
});

describe('migrations', () => {
  it('carry an older database forward with its conversations, lines and queue intact', async () => {
    const path = join(dir, 'older.db');
    const old = new Database(path);
    migrate(old, 3);
    old.exec(`
      INSERT INTO conversations VALUES ('chat:a', 'web', 'a', 'ja', 'intake', 'contact', 0,
        '{"name":"佐藤"}', NULL, 1, 2);
      INSERT INTO inbound_messages (conversation_id, at, text) VALUES ('chat:a', 10, 'こんにちは');
      INSERT INTO outbox (platform, conversation_id, recipient, language, message, created_at,
        next_attempt_at) VALUES ('web', 'chat:a', 'a', 'ja', '{"text":"お名前は？"}', 10, 10);
      INSERT INTO inbound_messages (conversation_id, at, text) VALUES ('chat:a', 20, '佐藤');
    `);
    old.close();

    const store = openSqliteStore(path);
    expect((await store.read((tx) => tx.getConversation('chat:a')))?.draft).toEqual({
      name: '佐藤',
    });
    const lines = await store.read((tx) => tx.transcript('chat:a', 0, 10));
    expect(lines.map((l) => `${l.direction}:${l.text}`)).toEqual([
      'in:こんにちは',
      'out:お名前は？',
      'in:佐藤',
    ]);
    expect(await store.read((tx) => tx.duePending(100, 10))).toHaveLength(1);
    await store.close();
  });
});
