import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { FakeClock } from '../../src/core/clock.ts';
import { createCore, settingsFrom } from '../../src/core/create.ts';
import { createLogger, maskContacts } from '../../src/core/logger.ts';
import { policyFrom } from '../../src/sla/policy.ts';
import { openSqliteStore } from '../../src/store/sqlite.ts';
import type { OutboxMessage, Store, StoreTx } from '../../src/store/types.ts';
import { team } from '../support/sim.ts';

/** Five customers, each answering the intake in their language: every answer is personal. */
const CUSTOMERS = [
  [
    'john',
    'en-US',
    [
      'Hi',
      'John Smith',
      '+1 (415) 555-2671',
      'United States',
      'LX-200',
      'The printer is broken and shows error E-31 since this morning.',
      'high',
      'yes',
    ],
  ],
  [
    'wang',
    'zh-CN',
    [
      '你好',
      '王伟',
      'wangwei@example.cn',
      '中国',
      'LX-300',
      '设备故障，屏幕一直报错 E-12，无法启动。',
      '高',
      '确认',
    ],
  ],
  [
    'hanako',
    'ja-JP',
    [
      'こんにちは',
      '佐藤 花子',
      'hanako.sato@example.jp',
      '日本',
      'LX-200',
      '今朝から紙詰まりが起きて、エラー E-31 が表示され、動かないです。',
      '2',
      'はい',
    ],
  ],
  [
    'minjun',
    'ko-KR',
    [
      '안녕하세요',
      '김민준',
      '010-1234-5678',
      '한국',
      'LX-200',
      '프린터가 고장 나서 오류 코드 E-31이 계속 표시됩니다.',
      '보통',
      '네',
    ],
  ],
  [
    'taiman',
    'zh-HK',
    [
      '你好',
      '陳大文',
      '+852 9123 4567',
      '香港',
      'LX-200',
      '部機壞咗，成日出錯，開唔到。',
      '2',
      '係',
    ],
  ],
] as const;
/** The answers that are the customer's own: name, contact and problem. */
const personal = (answers: readonly string[]) => [answers[1], answers[2], answers[5]];

/**
 * A store whose unit of work fails once on the given text, with an error that quotes it, as a
 * driver's constraint error quotes the value it refused.
 */
function failingOnce(store: Store, poison: string): Store {
  let armed = true;
  const wrap = (tx: StoreTx): StoreTx =>
    new Proxy(tx, {
      get(target, prop) {
        const value = Reflect.get(target, prop);
        if (typeof value !== 'function') return value;
        if (prop !== 'addInbound') return value.bind(target);
        return async (id: string, at: number, text: string) => {
          if (armed && text === poison) {
            armed = false;
            throw new Error(`cannot keep "${text}" for ${id}`);
          }
          return target.addInbound(id, at, text);
        };
      },
    });
  return {
    transaction: (work) => store.transaction((tx) => work(wrap(tx))),
    read: (work) => store.read(work),
    holdLease: (name, gained, lost) => store.holdLease(name, gained, lost),
    close: () => store.close(),
  };
}

describe('the logs, at the most verbose level', () => {
  it('never hold a customer’s name, contact details or problem, in any language', async () => {
    const stream = new PassThrough();
    let logged = '';
    stream.on('data', (chunk: Buffer) => {
      logged += chunk.toString('utf8');
    });
    const config = loadConfig({});
    const clock = new FakeClock();
    const store = failingOnce(openSqliteStore(':memory:'), CUSTOMERS[3][2][5]);
    // The channel refuses each message once, quoting it and carrying the request, as SDKs do.
    const refused = new Set<number>();
    const send = async (message: OutboxMessage) => {
      if (refused.has(message.id)) return;
      refused.add(message.id);
      throw Object.assign(new Error(`could not post "${message.message.text}"`), {
        code: 50035,
        requestBody: { json: { content: message.message.text, embeds: message.message.fields } },
      });
    };
    const core = createCore({
      store,
      clock,
      logger: createLogger('trace', stream),
      directory: team(),
      policy: policyFrom(config),
      settings: settingsFrom(config),
      senders: { web: { send } },
      deliverAtOnce: false,
    });

    for (const [customer, locale, answers] of CUSTOMERS) {
      for (const text of answers) {
        clock.advance(5_000);
        const inbound = { platform: 'web' as const, conversationId: `chat:${customer}`, locale };
        await core.bot.handle({ ...inbound, userId: customer, text });
      }
    }
    // The refused answer is given again, and the intake completes.
    const [, , minjun] = CUSTOMERS[3];
    for (const text of minjun.slice(5)) {
      clock.advance(5_000);
      await core.bot.handle({
        platform: 'web',
        conversationId: 'chat:minjun',
        userId: 'minjun',
        text,
      });
    }
    for (let round = 0; round < 3; round += 1) {
      clock.advance(60_000);
      await core.outbox.deliverDue();
    }
    clock.advance(20 * 60_000);
    await core.scheduler.tick();
    await core.outbox.deliverDue();

    const tickets = await store.read(async (tx) => tx.listOpenTickets(10));
    expect(tickets).toHaveLength(5);
    expect(logged).toContain('handling a message failed');
    expect(logged).toContain('delivery failed');
    const secrets = [
      ...CUSTOMERS.flatMap(([, , answers]) => personal(answers)),
      ...tickets.flatMap((t) => [t.name, t.contact, t.problem]),
    ];
    for (const secret of secrets) expect(logged).not.toContain(secret);
    // Nor a telling part of one: a problem's first words, a phone number's last digits.
    for (const ticket of tickets) {
      expect(logged).not.toContain(ticket.problem.slice(0, 8));
      expect(logged).not.toContain(ticket.contact.replace(/\D/g, '').slice(-7) || '@@@@');
    }
    await store.close();
  });
});

describe('masking contact details in logged text', () => {
  it('masks email addresses and phone numbers as people write them', () => {
    const text =
      'a@b.co, ｈａｎａ＠example.jp, +1 (415) 555-2671, 090-1234-5678, (555) 123-4567, ０３-１２３４-５６７８';
    expect(maskContacts(text).replaceAll('[redacted]', '')).toBe(', , , , , ');
  });

  it('leaves instants, dates, ids and ticket numbers readable', () => {
    const text =
      'ticket 1001 due 2026-12-04T09:00:00Z (1764838800000), user U0123ABCD, deadline 42';
    expect(maskContacts(text)).toBe(text);
  });
});
