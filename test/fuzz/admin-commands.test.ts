import { afterAll, describe, expect, it } from 'vitest';
import { Stage } from '../support/sim.ts';
import { fuzzSeed, hugeLine, junk, random, wellFormed } from './random.ts';

const SEED = fuzzSeed(10_482_026);
const CASES = 400;
/** The administrator's commands whose arguments are free: the team directory and customer data. */
const HEADS = [
  '/customer export ',
  '/customer erase ',
  '/customer erase 1001 ',
  '/team add ',
  '/team set ',
  '/team remove ',
  '/team show ',
  '／team ',
  '/customer ',
];

const stage = new Stage();
afterAll(() => stage.close());

describe(`administrator commands on random input (seed ${SEED}; replay with FUZZ_SEED)`, () => {
  it(`answers ${CASES} hostile /customer and /team lines in the administrator's language, losing no ticket`, async () => {
    const ticket = await stage.openTicket('keeper');
    const before = await stage.ticket(ticket);
    const next = random(SEED);
    for (let i = 0; i < CASES; i++) {
      const head = HEADS[Math.floor(next() * HEADS.length)] ?? '/team ';
      const text = head + (i % 100 === 99 ? hugeLine(next) : junk(next, 12));
      const where = `seed ${SEED}, case ${i}: ${JSON.stringify(text.slice(0, 120))}`;
      const out = await stage.staff('tom.mueller', text);
      const replies = out.filter((m) => m.to === 'staff:tom.mueller');
      expect(replies.length, where).toBeGreaterThan(0);
      for (const reply of replies) {
        expect(reply.error, where).not.toBe('errors.internal');
        expect(reply.text, where).not.toMatch(/^[a-z_]+\.[a-z_.]+$/);
        expect(wellFormed(reply.text), where).toBe(true);
      }
    }
    // Nothing random erased the customer's ticket: an erasure needs its number and "confirm".
    // (Its holder may change meanwhile: the acceptance clock runs while the commands go by.)
    const after = await stage.ticket(ticket);
    expect([after?.name, after?.contact, after?.problem]).toEqual([
      before?.name,
      before?.contact,
      before?.problem,
    ]);
  });
});
