import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { HOUR, MINUTE } from '../../src/core/clock.ts';
import type { Language } from '../../src/i18n/languages.ts';
import { asked, type Message, Stage, staffNotices, to } from '../support/sim.ts';

const submitWord = (language: Language): string =>
  JSON.parse(readFileSync(`locales/${language}/translation.json`, 'utf8')).intake.submit_value;

/** One customer's answers, in their language, from the greeting to the urgency. */
const INTAKES: Record<string, { locale: string; language: Language; answers: string[] }> = {
  ko: {
    locale: 'ko-KR',
    language: 'ko',
    answers: ['안녕하세요', '김민준', 'minjun@example.kr', '한국', 'LX-200', '', '2'],
  },
  yue: {
    locale: 'zh-HK',
    language: 'yue',
    answers: ['你好', '陳大文', 'taiman@example.hk', '香港', 'LX-200', '', '2'],
  },
  ja: {
    locale: 'ja-JP',
    language: 'ja',
    answers: ['こんにちは', '山田太郎', 'taro@example.jp', '日本', 'LX-200', '', '2'],
  },
};

let stage: Stage;
afterEach(() => stage.close());

/** Runs an intake up to the summary with the given problem and returns the summary's replies. */
async function toSummary(
  who: string,
  kind: keyof typeof INTAKES,
  problem: string,
  product?: string,
) {
  const intake = INTAKES[kind];
  if (!intake) throw new Error(kind);
  let out: Message[] = [];
  for (const [i, answer] of intake.answers.entries()) {
    const say = i === 5 ? problem : i === 4 && product ? product : answer;
    out = await stage.customer(who, say, { locale: intake.locale });
  }
  expect(asked(out)).toBe('confirm');
  return out;
}

async function submit(who: string, language: Language): Promise<Message[]> {
  return stage.customer(who, submitWord(language));
}

describe('a customer sending faster than anyone can read', () => {
  it('is told once, in their language, and their messages are kept but not handled', async () => {
    stage = new Stage(loadConfig({ FLOOD_MESSAGES_PER_MINUTE: '3' }));
    await stage.customer('aki', 'こんにちは', { locale: 'ja-JP' });
    await stage.customer('aki', '山田太郎');
    await stage.customer('aki', 'taro@example.jp');

    // The fourth message in a minute: slowed, told once.
    const slowed = await stage.customer('aki', '日本');
    expect(slowed).toHaveLength(1);
    expect(slowed[0]).toMatchObject({ error: 'flood.messages', language: 'ja' });
    expect(slowed[0]?.text).not.toMatch(/flood\./);
    for (const say of ['LX-200', 'まだですか', 'もしもし']) {
      expect(await stage.customer('aki', say)).toEqual([]);
    }

    // Everything was recorded; the dialog still waits for the country.
    const lines = await stage.sim.store.read((tx) => tx.transcript('chat:aki', 0, 100));
    const written = lines.filter((l) => l.direction === 'in').map((l) => l.text);
    expect(written).toEqual([
      'こんにちは',
      '山田太郎',
      'taro@example.jp',
      '日本',
      'LX-200',
      'まだですか',
      'もしもし',
    ]);
    const conversation = await stage.sim.store.read((tx) => tx.getConversation('chat:aki'));
    expect(conversation?.step).toBe('country');

    // After a quiet minute the intake goes on where it was.
    await stage.wait(MINUTE);
    const next = await stage.customer('aki', '日本');
    expect(next.every((m) => m.language === 'ja')).toBe(true);
    expect(asked(next)).toBe('product');
  });

  it('is slowed again, with one more notice, when the flood goes on after the window', async () => {
    stage = new Stage(loadConfig({ FLOOD_MESSAGES_PER_MINUTE: '2' }));
    const notices: string[] = [];
    for (let i = 0; i < 18; i++) {
      const out = await stage.customer('kim', `안녕하세요 ${i}`, { locale: 'ko-KR' });
      for (const m of out) if (m.error === 'flood.messages') notices.push(m.language);
    }
    // 18 messages ten seconds apart: three minutes, one notice per slow-down window.
    expect(notices).toEqual(['ko', 'ko', 'ko']);
  });

  it('leaves a customer at the default pace alone', async () => {
    stage = new Stage();
    const id = await stage.openTicket('eve');
    expect(id).toBe(1001);
  });
});

describe('a customer opening ticket after ticket', () => {
  it('is asked to wait once the hour’s tickets reach the limit, and may submit later', async () => {
    stage = new Stage(loadConfig({ FLOOD_TICKETS_PER_HOUR: '2' }));
    const problems = [
      '프린터 전원이 켜지지 않습니다',
      '용지가 자주 걸립니다',
      '화면에 줄이 생깁니다',
    ];
    const products = ['LX-200', 'LX-300', 'LX-400'];
    for (const [i, problem] of problems.slice(0, 2).entries()) {
      await toSummary('kim', 'ko', problem, products[i]);
      const out = await submit('kim', 'ko');
      expect(to(out, 'customer:kim').some((m) => m.ticket === 1001 + i)).toBe(true);
      await stage.customer('kim', '다시 시작');
    }

    await toSummary('kim', 'ko', problems[2] ?? '', products[2]);
    const refused = await submit('kim', 'ko');
    expect(refused).toHaveLength(1);
    expect(refused[0]).toMatchObject({ error: 'flood.tickets', language: 'ko' });
    expect(refused[0]?.text).toMatch(/\d+분/);
    // Asked once per wait: a second try says nothing more and opens nothing.
    expect(await submit('kim', 'ko')).toEqual([]);
    expect(await stage.ticket(1003)).toBeUndefined();

    await stage.wait(HOUR);
    const opened = await submit('kim', 'ko');
    expect(opened.some((m) => m.ticket === 1003 && m.language === 'ko')).toBe(true);
    expect((await stage.ticket(1003))?.problem).toBe(problems[2]);
  });
});

describe('a customer repeating an open ticket', () => {
  it('is offered to add it to the open ticket, and choosing 1 pages nobody new', async () => {
    stage = new Stage();
    await toSummary('tai', 'yue', '部打印機壞咗，顯示錯誤 E-31');
    await submit('tai', 'yue');
    expect((await stage.ticket(1001))?.language).toBe('yue');
    await stage.customer('tai', '重新開始');

    // Same product and problem, with full-width letters and other spacing.
    await toSummary('tai', 'yue', '部打印機壞咗，  顯示錯誤 Ｅ-31', 'ｌｘ-200');
    const offer = await submit('tai', 'yue');
    expect(offer).toHaveLength(1);
    const question = offer[0];
    expect(question).toMatchObject({ language: 'yue', ask: 'confirm' });
    expect(question?.text).toContain('#1001');
    expect(question?.choices).toEqual(['1', '2']);
    expect(await stage.ticket(1002)).toBeUndefined();
    const before = (await stage.events(1001)).length;

    const out = await stage.customer('tai', '1');
    expect(to(out, 'customer:tai')).toHaveLength(1);
    expect(to(out, 'customer:tai')[0]?.text).toContain('#1001');
    expect(staffNotices(out, /1001/)).not.toEqual({});
    expect(out.filter((m) => m.to.startsWith('staff:') && /1002/.test(m.text))).toEqual([]);
    expect(await stage.ticket(1002)).toBeUndefined();
    const added = (await stage.events(1001)).slice(before);
    expect(added.map((e) => e.kind)).toEqual(['customer_message']);

    // The conversation now follows ticket #1001.
    const later = await stage.customer('tai', '仲有，部機好熱');
    expect(to(later, 'customer:tai')[0]?.text).toContain('#1001');
  });

  it('opens a new ticket anyway when the customer replies 2', async () => {
    stage = new Stage();
    await toSummary('aki', 'ja', 'プリンターが故障してエラーE-31が出ます');
    await submit('aki', 'ja');
    await stage.customer('aki', 'やり直し');
    await toSummary('aki', 'ja', 'プリンターが故障して エラーE-31が出ます。');
    expect((await submit('aki', 'ja'))[0]?.text).toContain('#1001');
    const unclear = await stage.customer('aki', 'たぶん');
    expect(unclear[0]).toMatchObject({ error: 'intake.errors.duplicate', language: 'ja' });
    expect(unclear[0]?.text).toContain('#1001');
    const out = await stage.customer('aki', '２');
    expect(out.some((m) => m.to === 'customer:aki' && m.ticket === 1002)).toBe(true);
  });

  it('opens a new ticket straight away for a different problem or product', async () => {
    stage = new Stage();
    await toSummary('kim', 'ko', '프린터 전원이 켜지지 않습니다');
    await submit('kim', 'ko');
    await stage.customer('kim', '다시 시작');
    await toSummary('kim', 'ko', '프린터 전원이 켜지지 않습니다', 'LX-900');
    const out = await submit('kim', 'ko');
    expect(out.some((m) => m.to === 'customer:kim' && m.ticket === 1002)).toBe(true);
  });
});
