import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeClock, HOUR, MINUTE } from '../../src/core/clock.ts';
import { silentLogger } from '../../src/core/logger.ts';
import { type ChannelSender, DeliveryError, Outbox } from '../../src/outbox/outbox.ts';
import { openSqliteStore } from '../../src/store/sqlite.ts';
import type { OutboxMessage, Store } from '../../src/store/types.ts';

/** A channel that fails the way platforms do, then recovers; it records what it accepted. */
class FlakyChannel implements ChannelSender {
  accepted: string[] = [];
  calls = 0;
  failures: Array<() => Error> = [];

  async send(message: OutboxMessage): Promise<void> {
    this.calls += 1;
    const failure = this.failures.shift();
    if (failure) throw failure();
    this.accepted.push(message.message.text);
  }
}

let store: Store;
let clock: FakeClock;
let channel: FlakyChannel;
let outbox: Outbox;
let gaveUp: OutboxMessage[];

beforeEach(() => {
  store = openSqliteStore(':memory:');
  clock = new FakeClock();
  channel = new FlakyChannel();
  gaveUp = [];
  outbox = new Outbox({
    store,
    clock,
    logger: silentLogger(),
    senders: { web: channel },
    gaveUp: async (m) => void gaveUp.push(m),
  });
});
afterEach(() => store.close());

async function queue(...texts: string[]): Promise<void> {
  await store.transaction(async (tx) => {
    for (const text of texts) {
      await tx.enqueue({
        address: { platform: 'web', conversationId: 'chat:c' },
        recipient: 'c',
        language: 'en',
        ticketId: null,
        message: { text },
        createdAt: clock.now(),
      });
    }
  });
}

/** Runs delivery passes for `span`, stepping the clock a second at a time. */
async function runFor(span: number): Promise<void> {
  for (let t = 0; t <= span; t += 1000) {
    await outbox.deliverDue();
    clock.advance(1000);
  }
}

describe('the outbox against a failing channel', () => {
  it('retries after a server error and delivers once, keeping the order', async () => {
    channel.failures = [() => new DeliveryError('HTTP 503')];
    await queue('first', 'second');
    await runFor(MINUTE);
    expect(channel.accepted).toEqual(['first', 'second']);
    const pending = await store.read((tx) => tx.duePending(clock.now() + HOUR, 10));
    expect(pending).toEqual([]);
  });

  it('waits as long as Retry-After says before trying again', async () => {
    channel.failures = [() => new DeliveryError('HTTP 429', { retryAfterMs: 90_000 })];
    await queue('hello');
    await runFor(89_000);
    expect(channel.calls).toBe(1);
    await runFor(2_000);
    expect(channel.accepted).toEqual(['hello']);
  });

  it('treats a timeout like any failure: not sent until the channel accepts', async () => {
    channel.failures = [() => new Error('timeout after 10000 ms'), () => new Error('ECONNRESET')];
    await queue('hello');
    await outbox.deliverDue();
    const after = await store.read((tx) => tx.duePending(clock.now() + HOUR, 10));
    expect(after[0]).toMatchObject({ status: 'pending', attempts: 1 });
    await runFor(5 * MINUTE);
    expect(channel.accepted).toEqual(['hello']);
  });

  it('gives up only after a day of retries, and hands the message on to be flagged', async () => {
    channel.failures = Array.from({ length: 400 }, () => () => new DeliveryError('HTTP 500'));
    await queue('lost?');
    for (let step = 0; step < 23; step += 1) {
      await outbox.deliverDue();
      clock.advance(HOUR);
    }
    expect(gaveUp).toEqual([]);
    for (let step = 0; step < 3; step += 1) {
      await outbox.deliverDue();
      clock.advance(HOUR);
    }
    expect(channel.accepted).toEqual([]);
    expect(gaveUp.map((m) => m.message.text)).toEqual(['lost?']);
    expect(channel.calls).toBe(25);
  });

  it('gives up at once on a permanent refusal', async () => {
    channel.failures = [() => new DeliveryError('HTTP 403', { permanent: true })];
    await queue('refused');
    await outbox.deliverDue();
    expect(gaveUp.map((m) => m.message.text)).toEqual(['refused']);
  });

  it('waits at most five minutes between tries, however long the failures last', async () => {
    channel.failures = Array.from({ length: 20 }, () => () => new Error('ECONNREFUSED'));
    await queue('hello');
    // 20 failures at most 5 minutes apart fit in 100 minutes; the 21st try is accepted.
    await runFor(100 * MINUTE);
    expect(channel.calls).toBe(21);
    expect(channel.accepted).toEqual(['hello']);
  });

  it('delivers everything once, in order per conversation, to a platform down for an hour', async () => {
    const down = { until: clock.now() + 60 * MINUTE };
    const received: Record<string, string[]> = {};
    const outage: ChannelSender = {
      async send(message) {
        if (clock.now() < down.until) throw new DeliveryError('HTTP 503');
        const id = message.address.conversationId;
        received[id] = [...(received[id] ?? []), message.message.text];
      },
    };
    outbox = new Outbox({
      store,
      clock,
      logger: silentLogger(),
      senders: { web: outage },
      gaveUp: async (m) => void gaveUp.push(m),
    });
    const expected: Record<string, string[]> = {};
    // Three conversations, each getting a message every 10 minutes through the outage and after.
    for (let minute = 0; minute < 90; minute += 10) {
      for (const who of ['a', 'b', 'c']) {
        const conversationId = `chat:${who}`;
        const text = `${who}-${minute}`;
        expected[conversationId] = [...(expected[conversationId] ?? []), text];
        await store.transaction((tx) =>
          tx.enqueue({
            address: { platform: 'web', conversationId },
            recipient: who,
            language: 'en',
            ticketId: null,
            message: { text },
            createdAt: clock.now(),
          }),
        );
      }
      for (let s = 0; s < 10 * 60; s += 5) {
        await outbox.deliverDue();
        clock.advance(5_000);
      }
    }
    await runFor(10 * MINUTE);
    expect(received).toEqual(expected);
    expect(gaveUp).toEqual([]);
  });

  it('never delivers a message twice when passes overlap', async () => {
    await queue('a', 'b', 'c');
    await Promise.all([outbox.deliverDue(), outbox.deliverDue(), outbox.deliverDue()]);
    expect(channel.accepted).toEqual(['a', 'b', 'c']);
  });
});
