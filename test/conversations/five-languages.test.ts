import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { asked, type Message, Stage, to } from '../support/sim.ts';

interface Script {
  language: 'en' | 'zh-CN' | 'ja' | 'ko' | 'yue';
  locale: string;
  greeting: string;
  answers: [name: string, contact: string, country: string, product: string, problem: string];
  urgency: string;
  confirm: string;
  country: string;
  engineer: string;
  engineerName: string;
  engineerLanguage: string;
  claim: string;
}

const scripts: Script[] = [
  {
    language: 'en',
    locale: 'en-US',
    greeting: 'Hi, I need help with my printer',
    answers: [
      'John Smith',
      '+1 (415) 555-2671',
      'United States',
      'LX-200, serial SN-1001',
      'The printer is broken and shows error E-31 since this morning.',
    ],
    urgency: 'high',
    confirm: 'yes',
    country: 'US',
    engineer: 'james.carter',
    engineerName: 'James Carter',
    engineerLanguage: 'en',
    claim: '/ticket claim 1001',
  },
  {
    language: 'zh-CN',
    locale: 'zh-CN',
    greeting: '你好，我们的设备出问题了',
    answers: [
      '王伟',
      'wangwei@example.cn',
      '中国',
      'LX-300 序列号 SN88812',
      '设备故障，屏幕一直报错 E-12，无法启动。',
    ],
    urgency: '高',
    confirm: '确认',
    country: 'CN',
    engineer: 'kawai.wong',
    engineerName: 'Wong Ka-wai',
    engineerLanguage: 'yue',
    claim: '/ticket claim #1001',
  },
  {
    language: 'ja',
    locale: 'ja-JP',
    greeting: 'こんにちは、プリンターの件で相談したいです',
    answers: [
      '佐藤 花子',
      'hanako.sato@example.jp',
      '日本',
      'LX-200、シリアル番号 SN-48213',
      '今朝から紙詰まりが起きて、エラー E-31 が表示され、動かないです。',
    ],
    urgency: '2',
    confirm: 'はい',
    country: 'JP',
    engineer: 'hiroshi.tanaka',
    engineerName: 'Tanaka Hiroshi',
    engineerLanguage: 'ja',
    claim: '／ticket　claim　＃１００１',
  },
  {
    language: 'ko',
    locale: 'ko-KR',
    greeting: '안녕하세요, 프린터 문제로 연락드립니다',
    answers: [
      '김민준',
      '010-1234-5678',
      '한국',
      'LX-200',
      '프린터가 고장 나서 오류 코드 E-31이 계속 표시됩니다.',
    ],
    urgency: '보통',
    confirm: '네',
    country: 'KR',
    engineer: 'jiwoo.park',
    engineerName: 'Park Ji-woo',
    engineerLanguage: 'ko',
    claim: '/TICKET CLAIM 1001',
  },
  {
    language: 'yue',
    locale: 'zh-HK',
    greeting: '你好，我部打印機壞咗',
    answers: ['陳大文', '+852 9123 4567', '香港', 'LX-200', '部機壞咗，成日出錯，開唔到。'],
    urgency: '2',
    confirm: '係',
    country: 'HK',
    engineer: 'kawai.wong',
    engineerName: 'Wong Ka-wai',
    engineerLanguage: 'yue',
    claim: '/ticket claim 1001',
  },
];

describe.each(scripts)('an intake in $language', (script) => {
  let stage: Stage;
  beforeEach(() => {
    stage = new Stage();
  });
  afterEach(() => stage.close());

  it('runs from the first message to a claimed ticket, all in the customer’s language', async () => {
    const customer = `customer:${script.language}`;
    const said: Message[] = [];
    const asks: (string | undefined)[] = [];

    const first = await stage.customer(script.language, script.greeting, { locale: script.locale });
    said.push(...first);
    asks.push(asked(first));
    for (const answer of [...script.answers, script.urgency]) {
      const out = await stage.customer(script.language, answer);
      said.push(...out);
      asks.push(asked(out));
    }
    expect(asks).toEqual([
      'name',
      'contact',
      'country',
      'product',
      'problem',
      'urgency',
      'confirm',
    ]);
    expect(said.every((m) => m.to === customer && m.language === script.language)).toBe(true);
    expect(said.some((m) => m.error)).toBe(false);

    const created = to(await stage.customer(script.language, script.confirm), customer);
    expect(created[0]?.text).toContain('1001');
    expect(created[0]?.language).toBe(script.language);

    const ticket = await stage.ticket(1001);
    // Routing: a printing engineer who covers the customer's country and speaks their language.
    expect(ticket?.assigneeId).toBe(script.engineer);
    expect(ticket).toMatchObject({
      language: script.language,
      country: script.country,
      name: script.answers[0],
      state: 'assigned',
      type: 'malfunction',
      field: 'printing',
    });

    const claimed = await stage.staff(script.engineer, script.claim);
    const toCustomer = to(claimed, customer);
    expect(toCustomer).toHaveLength(1);
    expect(toCustomer[0]?.text).toContain(script.engineerName);
    expect(toCustomer[0]?.language).toBe(script.language);
    const toEngineer = to(claimed, `staff:${script.engineer}`);
    expect(toEngineer[0]?.language).toBe(script.engineerLanguage);
    expect(toEngineer[0]?.error).toBeUndefined();

    expect((await stage.ticket(1001))?.assigneeId).toBe(script.engineer);
    const kinds = (await stage.events(1001)).map((e) => e.kind);
    expect(kinds).toEqual([
      'created',
      'classification_proposed',
      'classified',
      'assigned',
      'accepted',
      'customer_notified',
    ]);
  });
});
