import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { dateAt } from '../../src/reports/periods.ts';
import { buildReport } from '../../src/reports/report.ts';
import { policyFrom } from '../../src/sla/policy.ts';
import { asked, Stage, to } from '../support/sim.ts';

let stage: Stage;
beforeEach(() => {
  stage = new Stage();
});
afterEach(() => stage.close());

/*
 * A German customer's printer ticket goes to Anna Schmidt; the printing field lead is Carlos
 * Mendes, who gets the ticket back when the customer rates it 1 or 2.
 */
describe('a customer who rated low', () => {
  it('rates again after the field lead handles the reopened ticket, and the final rating counts', async () => {
    const number = await stage.openTicket('hal');
    await stage.staff('anna.schmidt', `/ticket claim ${number}`);
    const result = await stage.staff('anna.schmidt', `/ticket handled ${number} Fixed | None`);
    expect(asked(to(result, 'customer:hal'))).toBe('rating');

    const low = await stage.press('hal', '1');
    expect(to(low, 'customer:hal')[0]?.text).toMatch(/reopened/);
    expect(await stage.ticket(number)).toMatchObject({
      state: 'accepted',
      assigneeId: 'carlos.mendes',
      rating: null,
    });

    const again = await stage.staff(
      'carlos.mendes',
      `/ticket handled ${number} Replaced the roller | Clean it monthly`,
    );
    expect(asked(to(again, 'customer:hal'))).toBe('rating');
    const final = await stage.press('hal', '4');
    const reply = to(final, 'customer:hal');
    expect(reply.map((m) => m.error)).toEqual([undefined]);
    expect(reply[0]?.text).toMatch(/Thank you for your rating.*now closed/);
    expect(await stage.ticket(number)).toMatchObject({ state: 'closed', rating: 4 });

    // The timeline keeps both answers.
    const events = (await stage.events(number)).filter((e) =>
      ['rated', 'reopened', 'closed'].includes(e.kind),
    );
    expect(events.map((e) => [e.kind, e.data.rating])).toEqual([
      ['rated', 1],
      ['reopened', 1],
      ['rated', 4],
      ['closed', 4],
    ]);

    // The day's satisfaction: one ticket closed, rated 4.
    const now = stage.sim.clock.now();
    const policy = policyFrom(loadConfig({}));
    const day = dateAt(now, 'UTC');
    const { figures } = await buildReport(stage.sim.store, policy, 'daily', day, 'UTC', now);
    expect(figures.satisfaction).toEqual({
      rated: 1,
      closed: 1,
      responseRate: 1,
      average: 4,
      distribution: [0, 0, 0, 1, 0],
    });
  });
});
