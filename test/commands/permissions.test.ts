import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Stage } from '../support/sim.ts';

/*
 * Every command, run by each kind of person who may not run it. A German customer's printer
 * ticket is held by Anna Schmidt (printing engineer). The others: Chen Mei (customer service),
 * Park Ji-woo (printing engineer, not the holder), Lau Chi-yan (cutting engineer), Sophie Martin
 * (quality department head), Tom Müller (administrator only) and a customer on the web chat.
 */
let stage: Stage;
let number = 0;

beforeAll(async () => {
  stage = new Stage();
  number = await stage.openTicket('ulla');
  await stage.staff('anna.schmidt', `/ticket claim ${number}`);
});
afterAll(() => stage.close());

const WORK = ['plan {n} in 3h | Fix it', 'update {n} On it', 'delay {n} in 60h | Parts late'];
const HOLDER_ONLY = [
  ...WORK,
  'handled {n} Fixed | None',
  'reassign {n} jiwoo.park',
  'close {n}',
  'room {n} parts',
];

const cases: [who: string, command: string, refusal: string][] = [
  ...['mei.chen', 'tom.mueller', 'sophie.martin'].map(
    (who) => [who, 'claim {n}', 'commands.errors.cannot_claim'] as [string, string, string],
  ),
  ['chiyan.lau', 'claim {n}', 'commands.errors.not_your_field'],
  ['jiwoo.park', 'claim {n}', 'commands.errors.held_by'],
  ['jiwoo.park', 'classify {n} malfunction high', 'commands.errors.triage_only'],
  ['chiyan.lau', 'classify {n} malfunction high', 'commands.errors.triage_only'],
  ...['mei.chen', 'jiwoo.park', 'chiyan.lau', 'sophie.martin', 'tom.mueller'].flatMap((who) =>
    HOLDER_ONLY.map(
      (command) => [who, command, 'commands.errors.holder_only'] as [string, string, string],
    ),
  ),
  ['jiwoo.park', 'reopen {n} again', 'commands.errors.leads_only'],
  ['mei.chen', 'confirm {n}', 'commands.errors.not_in_room'],
  ['jiwoo.park', 'new ja', 'commands.errors.triage_only'],
];

describe('a staff command run by someone who may not run it', () => {
  it.each(cases)('%s: /ticket %s is refused with a reason', async (who, command, refusal) => {
    const before = await stage.ticket(number);
    const out = await stage.staff(who, `/ticket ${command.replace('{n}', String(number))}`);
    const answer = out.find((m) => m.to === `staff:${who}`);
    expect(answer?.error).toBe(refusal);
    expect(answer?.text).not.toContain(refusal);
    expect(await stage.ticket(number)).toEqual(before);
  });

  it.each(['mei.chen', 'anna.schmidt', 'lin.zhou'])(
    '%s may not change the team directory',
    async (who) => {
      for (const command of [
        'add x.y service engineer en UTC X Y',
        'remove jiwoo.park',
        'duty jiwoo.park off',
      ]) {
        const out = await stage.staff(who, `/team ${command}`);
        expect(out[0]?.error).toBe('team.errors.admin_only');
      }
      expect(stage.sim).toBeDefined();
    },
  );

  it.each(['mei.chen', 'anna.schmidt', 'jiwoo.park', 'chiyan.lau', 'sophie.martin', 'lin.zhou'])(
    '%s may not export or erase a customer’s personal data',
    async (who) => {
      const before = await stage.ticket(number);
      for (const command of [
        `export ${number}`,
        'export ulla',
        `erase ${number}`,
        `erase ${number} confirm`,
        'erase ulla confirm',
      ]) {
        const out = await stage.staff(who, `/customer ${command}`);
        expect(out[0]?.error).toBe('customer_data.errors.admin_only');
        expect(JSON.stringify(out)).not.toContain('ulla@example.com');
      }
      expect(await stage.ticket(number)).toEqual(before);
    },
  );

  it('answers in the refused person’s own language', async () => {
    const out = await stage.staff('jiwoo.park', `/ticket close ${number}`);
    expect(out[0]?.language).toBe('ko');
  });

  it('refuses every staff command from a customer and keeps their conversation', async () => {
    for (const command of [
      '/ticket list',
      `/ticket claim ${number}`,
      '/team list',
      `/customer export ${number}`,
      `/customer erase ${number} confirm`,
    ]) {
      const out = await stage.customer('walk-in', command);
      expect(out[0]?.error).toBe('errors.staff_only');
    }
  });
});
