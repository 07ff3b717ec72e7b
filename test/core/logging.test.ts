import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { FakeClock, MINUTE } from '../../src/core/clock.ts';
import { type Core, createCore, settingsFrom } from '../../src/core/create.ts';
import { createLogger } from '../../src/core/logger.ts';
import type { ChannelSender } from '../../src/outbox/outbox.ts';
import { policyFrom } from '../../src/sla/policy.ts';
import { openSqliteStore } from '../../src/store/sqlite.ts';
import type { OutboxMessage, Store } from '../../src/store/types.ts';
import { FaultyStore } from '../support/faulty-store.ts';
import { team } from '../support/sim.ts';

type LogLine = Record<string, unknown>;

let lines: LogLine[];
let sent: OutboxMessage[];
let clock: FakeClock;

/** A core on a fresh database, logging at debug level into `lines`. */
function core(store: Store): Core {
  const stream = new PassThrough();
  stream.on('data', (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n')) {
      if (line) lines.push(JSON.parse(line) as LogLine);
    }
  });
  const sender: ChannelSender = { send: async (message) => void sent.push(message) };
  const config = loadConfig({});
  return createCore({
    store,
    clock,
    logger: createLogger('debug', stream),
    directory: team(),
    policy: policyFrom(config),
    settings: settingsFrom(config),
    senders: { web: sender, slack: sender },
  });
}

beforeEach(() => {
  lines = [];
  sent = [];
  clock = new FakeClock();
});

describe('the logs of an intake, its deliveries and its deadlines', () => {
  let store: Store;
  afterEach(() => store.close());

  it('name the ticket, platform and conversation, and never what the customer wrote', async () => {
    store = openSqliteStore(':memory:');
    const { bot, outbox, scheduler } = core(store);
    const conversationId = 'chat:1f7b3c0e-5d2a-4f65-9a0e-2c7e1b8f4d10';
    const answers = [
      'Hello',
      'Ingrid Secretname',
      'ingrid.secret@example.com',
      'Germany',
      'LX-200',
      'The printer is broken and shows error E-31.',
      '2',
      'yes',
    ];
    for (const text of answers) {
      await bot.handle({ platform: 'web', conversationId, userId: 'ingrid', text });
      clock.advance(10_000);
    }
    await outbox.settled();
    await outbox.deliverDue();
    clock.advance(16 * MINUTE);
    await scheduler.tick();
    await outbox.deliverDue();

    const where = { platform: 'web', conversation: conversationId };
    const handled = lines.filter((line) => line.msg === 'message handled');
    expect(handled).toHaveLength(answers.length);
    expect(handled[0]).toMatchObject({ ...where, ticket: null });
    expect(handled.at(-1)).toMatchObject({ ...where, ticket: 1001 });

    const delivered = lines.filter((line) => line.msg === 'delivered');
    expect(delivered.some((line) => line.conversation === conversationId)).toBe(true);
    expect(delivered).toContainEqual(expect.objectContaining({ ...where, ticket: 1001 }));
    for (const line of delivered) {
      expect(line).toEqual(
        expect.objectContaining({ platform: 'web', conversation: expect.any(String) }),
      );
      expect(line).toHaveProperty('ticket');
    }

    expect(lines).toContainEqual(
      expect.objectContaining({ msg: 'deadline acted on', ...where, ticket: 1001 }),
    );
    const all = JSON.stringify(lines);
    expect(all).not.toMatch(/Ingrid|Secretname|ingrid\.secret|E-31|printer/);
  });
});

describe('a message that arrives while the database refuses writes', () => {
  let store: FaultyStore;
  afterEach(() => store.close());

  it('is answered at once on its platform, in its language, saying it was not recorded', async () => {
    store = new FaultyStore(openSqliteStore(':memory:'));
    const { bot } = core(store);
    store.fault = 'SQLITE_FULL';
    const result = await bot.handle({
      platform: 'slack',
      conversationId: 'slack:user:U0TEST',
      userId: 'U0TEST',
      text: 'こんにちは',
      locale: 'ja-JP',
    });
    expect(result).toEqual({ accepted: false, unavailable: true });
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({
      address: { platform: 'slack', conversationId: 'slack:user:U0TEST' },
      language: 'ja',
      message: { error: 'errors.store_unavailable' },
    });
    expect(sent[0]?.message.text).toMatch(/記録されていません/);
    expect(sent[0]?.id).toBeLessThan(0);
    expect(lines.filter((line) => line.level === 50)).toHaveLength(1);
  });
});
