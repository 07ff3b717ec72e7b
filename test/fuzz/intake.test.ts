import { afterAll, describe, expect, it } from 'vitest';
import { LANGUAGES } from '../../src/i18n/languages.ts';
import { INTAKE_FIELDS, URGENCIES } from '../../src/store/types.ts';
import { Stage } from '../support/sim.ts';
import { fuzzSeed, hugeLine, junk, random, wellFormed } from './random.ts';

const SEED = fuzzSeed(20_260_310);
const CONVERSATIONS = 300;
const STATES = ['intake', 'confirm', 'ticket', 'idle'];

/** Answers that move an intake on, so that random conversations reach the summary and tickets. */
const GOOD = [
  ['Hello', 'こんにちは', '안녕하세요', '你好', '你好呀'],
  ['Eve Example', '山田太郎', '김민준', '陈伟', '陳大文'],
  ['eve@example.com', '+81 90-1234-5678', 'kim@example.kr', '13800138000'],
  ['Germany', '日本', '한국', '中国', '香港', 'JP'],
  ['LX-200', 'LX-300 SN 1234'],
  ['The printer is broken and shows error E-31.', '打印机坏了', 'プリンターが故障しました'],
  ['1', '2', '3'],
  ['yes', 'はい', '네', '确认', '係', '1', '2'],
];

const stage = new Stage();
afterAll(() => stage.close());

describe(`whole intakes with hostile input (seed ${SEED}; replay with FUZZ_SEED)`, () => {
  it(`runs ${CONVERSATIONS} random conversations without a crash or a corrupt ticket`, async () => {
    const next = random(SEED);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)] as T;

    for (let c = 0; c < CONVERSATIONS; c++) {
      const who = `fuzz${c}`;
      const turns = 6 + Math.floor(next() * 10);
      for (let turn = 0; turn < turns; turn++) {
        // Mostly answers that fit the step (decorated with noise), sometimes pure noise.
        const good = pick(GOOD[Math.min(turn, GOOD.length - 1)] ?? ['']);
        const roll = next();
        let say: string;
        if (c % 60 === 59 && turn === 2) say = hugeLine(next);
        else if (roll < 0.55) say = good;
        else if (roll < 0.8) say = `${junk(next, 3)}${good}${junk(next, 3)}`;
        else say = junk(next, 12);
        const where = `seed ${SEED}, conversation ${c}, turn ${turn}: ${JSON.stringify(say.slice(0, 120))}`;

        const out = await stage.customer(who, say).catch((error: unknown) => {
          throw new Error(`handling threw (${where}): ${String(error)}`);
        });
        for (const message of out) {
          expect(message.error, where).not.toBe('errors.internal');
          expect(message.text.trim(), where).not.toBe('');
          // An untranslated key would be a bare dotted identifier.
          expect(message.text, where).not.toMatch(/^[a-z_]+(\.[a-z_]+)+$/);
          expect(LANGUAGES, where).toContain(message.language);
        }

        const conversation = await stage.sim.store.read((tx) => tx.getConversation(`chat:${who}`));
        if (!conversation) continue;
        expect(STATES, where).toContain(conversation.state);
        if (conversation.step !== null) expect(INTAKE_FIELDS, where).toContain(conversation.step);
        if (conversation.language !== null)
          expect(LANGUAGES, where).toContain(conversation.language);
        for (const value of Object.values(conversation.draft)) {
          if (typeof value === 'string') expect(wellFormed(value), where).toBe(true);
        }
      }
    }

    // Every ticket opened is whole: well-formed text in every field, known urgencies.
    const tickets = await stage.sim.store.read((tx) => tx.listOpenTickets(10_000));
    expect(tickets.length).toBeGreaterThan(10);
    for (const ticket of tickets) {
      const where = `seed ${SEED}, ticket ${ticket.id}`;
      for (const field of ['name', 'contact', 'country', 'product', 'problem'] as const) {
        expect(typeof ticket[field], where).toBe('string');
        expect(ticket[field].trim(), where).not.toBe('');
        expect(wellFormed(ticket[field]), where).toBe(true);
      }
      expect(URGENCIES, where).toContain(ticket.urgency);
      expect(URGENCIES, where).toContain(ticket.requestedUrgency);
      expect(['email', 'phone'], where).toContain(ticket.contactKind);
      expect(LANGUAGES, where).toContain(ticket.language);
    }
  }, 60_000);
});
