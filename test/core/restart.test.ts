import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { FakeClock } from '../../src/core/clock.ts';
import { createCore, settingsFrom } from '../../src/core/create.ts';
import { silentLogger } from '../../src/core/logger.ts';
import { policyFrom } from '../../src/sla/policy.ts';
import { openSqliteStore } from '../../src/store/sqlite.ts';
import type { OutboxMessage } from '../../src/store/types.ts';
import { team } from '../support/sim.ts';

const dir = mkdtempSync(join(tmpdir(), 'loop48-restart-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Starts a bot on the database file, as a process start would. */
function boot(path: string, clock: FakeClock, sent: OutboxMessage[]) {
  const store = openSqliteStore(path);
  const core = createCore({
    store,
    clock,
    logger: silentLogger(),
    directory: team(),
    policy: policyFrom(loadConfig({})),
    settings: settingsFrom(loadConfig({})),
    senders: { web: { send: async (m) => void sent.push(m) } },
    deliverAtOnce: false,
  });
  const say = async (text: string) => {
    clock.advance(5000);
    await core.bot.handle({ platform: 'web', conversationId: 'chat:k', userId: 'k', text });
    await core.outbox.deliverDue();
  };
  return { store, core, say };
}

describe('a restart of the bot', () => {
  it('resumes an intake at the same step, in the same language, with the answers kept', async () => {
    const path = join(dir, 'resume.db');
    const clock = new FakeClock();
    const sent: OutboxMessage[] = [];

    const first = boot(path, clock, sent);
    await first.say('안녕하세요, 프린터가 고장났어요');
    await first.say('김민준');
    await first.say('minjun@example.kr');
    await first.store.close();

    const second = boot(path, clock, sent);
    await second.say('한국');
    const last = sent.at(-1);
    expect(last?.message.ask).toBe('product');
    expect(last?.language).toBe('ko');
    const conversation = await second.store.read((tx) => tx.getConversation('chat:k'));
    expect(conversation?.draft).toMatchObject({ name: '김민준', contact: 'minjun@example.kr' });
    await second.store.close();
  });

  it('delivers replies that were queued but not yet sent when the bot stopped', async () => {
    const path = join(dir, 'pending.db');
    const clock = new FakeClock();
    const lost: OutboxMessage[] = [];
    const first = boot(path, clock, lost);
    clock.advance(1000);
    // Handled, but the process dies before delivery.
    await first.core.bot.handle({
      platform: 'web',
      conversationId: 'chat:k',
      userId: 'k',
      text: 'Hi',
    });
    await first.store.close();
    expect(lost).toHaveLength(0);

    const sent: OutboxMessage[] = [];
    const second = boot(path, clock, sent);
    await second.core.outbox.deliverDue();
    expect(sent.map((m) => m.message.ask)).toEqual([undefined, 'name']);
    await second.store.close();
  });
});
