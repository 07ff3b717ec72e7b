import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { HOUR, MINUTE } from '../../src/core/clock.ts';
import { policyFrom } from '../../src/sla/policy.ts';
import { eventsOf, Stage, staffNotices, to } from '../support/sim.ts';

/*
 * Each commitment of the 48-hour loop, played on a fake clock: who hears what, when, in which
 * language, and exactly once. The example team: triage (customer service) is Chen Mei (zh-CN),
 * Maria Silva (en), Kang Min-seo (ko) and Ahmed Hassan (en); the service lead is Zhou Lin (zh-CN);
 * the printing field lead is Carlos Mendes (en); the Technical Director Zhang Lei (zh-CN) leads a
 * task force with Tanaka Hiroshi (ja), Anna Schmidt (en) and James Carter (en). A German
 * customer's printer ticket is routed to Anna Schmidt, a Japanese one to Tanaka Hiroshi.
 */
const TRIAGE = ['mei.chen', 'maria.silva', 'minseo.kang', 'ahmed.hassan'];
const TASK_FORCE = ['lei.zhang', 'hiroshi.tanaka', 'anna.schmidt', 'james.carter'];
const VAGUE = 'Something about the machine, please call me back.';
const SMOKE = 'Smoke is coming out of the power unit and the production line stopped.';

let stage: Stage;
beforeEach(() => {
  stage = new Stage();
});
afterEach(() => stage.close());

const ones = (ids: string[]) => Object.fromEntries(ids.map((id) => [id, 1]));

describe('classification within 15 minutes', () => {
  it('reminds triage at 10 minutes and escalates to the service lead at 15, each once', async () => {
    const start = stage.elapsed;
    const number = await stage.openTicket('ann', { problem: VAGUE });
    const opened = stage.elapsed - start;

    const before = await stage.until(start + 10 * MINUTE - 1);
    expect(staffNotices(before, /Reminder|提醒/)).toEqual({});

    const at10 = await stage.until(start + opened + 10 * MINUTE);
    expect(staffNotices(at10, new RegExp(`#${number}`))).toEqual(ones(TRIAGE));
    const mei = to(at10.filter((l) => l.type === 'message') as never, 'staff:mei.chen')[0];
    expect(mei?.language).toBe('zh-CN');

    const at15 = await stage.until(start + opened + 15 * MINUTE);
    expect(staffNotices(at15, new RegExp(`#${number}`))).toEqual({ 'lin.zhou': 1 });
    expect(eventsOf(at15, 'escalated')[0]?.data).toMatchObject({ step: 'classify' });

    expect(staffNotices(await stage.wait(2 * HOUR), /classif|分类/i)).toEqual({});
  });

  it('stays quiet once a person has classified the ticket', async () => {
    const number = await stage.openTicket('ann', { problem: VAGUE });
    await stage.staff('mei.chen', `/ticket classify ${number} consultation standard`);
    const later = await stage.wait(20 * MINUTE);
    expect(eventsOf(later, 'reminded').filter((e) => e.data.step === 'classify')).toEqual([]);
    expect(eventsOf(later, 'escalated').filter((e) => e.data.step === 'classify')).toEqual([]);
  });
});

describe.each(['high', 'standard'] as const)('acceptance within 30 minutes (%s)', (urgency) => {
  const choice = urgency === 'high' ? '2' : '3';

  it('reminds at 15 and 25 minutes and escalates to the field lead at 30', async () => {
    const number = await stage.openTicket('bo', { urgency: choice });
    const out = await stage.wait(31 * MINUTE);
    const reminders = eventsOf(out, 'reminded').filter((e) => e.data.step === 'accept');
    expect(reminders.map((e) => Date.parse(e.time))).toHaveLength(2);
    const [first, second] = reminders.map((e) => Date.parse(e.time));
    expect((second ?? 0) - (first ?? 0)).toBe(10 * MINUTE);
    expect(staffNotices(out, /Escalation/)).toEqual({ 'carlos.mendes': 1 });
    expect(eventsOf(out, 'escalated')[0]?.ticket).toBe(number);
  });

  it('stops the clock when an engineer claims', async () => {
    const number = await stage.openTicket('bo', { urgency: choice });
    await stage.wait(20 * MINUTE);
    await stage.staff('anna.schmidt', `/ticket claim ${number}`);
    const out = await stage.wait(30 * MINUTE);
    expect(eventsOf(out, 'reminded')).toEqual([]);
    expect(eventsOf(out, 'escalated')).toEqual([]);
  });

  it('restarts the clock for the new assignee after a reassignment, in their language', async () => {
    const number = await stage.openTicket('bo', { urgency: choice });
    await stage.staff('anna.schmidt', `/ticket claim ${number}`);
    await stage.staff('carlos.mendes', `/ticket reassign ${number} hiroshi.tanaka`);
    const out = await stage.wait(16 * MINUTE);
    const reminded = out.filter((l) => l.type === 'message' && l.to === 'staff:hiroshi.tanaka');
    expect(reminded).toHaveLength(1);
    expect(reminded[0]).toMatchObject({ language: 'ja' });
    await stage.staff('hiroshi.tanaka', `/ticket claim ${number}`);
    expect(eventsOf(await stage.wait(HOUR), 'escalated')).toEqual([]);
  });
});

describe('urgent tickets', () => {
  it('page the task force at once, remind every 2 minutes and escalate at 10', async () => {
    const number = await stage.openTicket('cy', { problem: SMOKE, urgency: '3' });
    expect((await stage.ticket(number))?.urgency).toBe('urgent');
    const paged = eventsOf(
      (await stage.sim.store.read((tx) => tx.listEvents(number))).map((e) => ({
        type: 'event' as const,
        time: new Date(e.at).toISOString(),
        ticket: e.ticketId,
        event: e.kind,
        actor: e.actor,
        data: e.data,
      })),
      'paged',
    );
    expect(paged[0]?.data.to).toEqual(TASK_FORCE);

    const out = await stage.wait(10 * MINUTE);
    const reminders = eventsOf(out, 'reminded').filter((e) => e.data.step === 'response');
    expect(reminders).toHaveLength(4);
    const times = reminders.map((e) => Date.parse(e.time));
    expect(times.slice(1).map((t, i) => t - (times[i] ?? 0))).toEqual(
      [2, 2, 2].map((m) => m * MINUTE),
    );
    const escalations = eventsOf(out, 'escalated').filter((e) => e.data.step === 'response');
    expect(escalations.map((e) => e.data.to)).toEqual([['lin.zhou', 'lei.zhang']]);
  });

  it('stop reminding once a task force member responds, then remind at 18 h and escalate at 24 h', async () => {
    const number = await stage.openTicket('cy', { problem: SMOKE });
    await stage.wait(3 * MINUTE);
    await stage.staff('hiroshi.tanaka', `/ticket claim ${number}`);
    const out = await stage.wait(25 * HOUR);
    const steps = (kind: string) =>
      eventsOf(out, kind)
        .map((e) => String(e.data.step))
        .filter((step) => step !== 'classify' && !step.startsWith('room:'));
    expect(steps('reminded')).toEqual(['emergency']);
    expect(steps('escalated')).toEqual(['emergency']);
    const reminded = eventsOf(out, 'reminded').filter((e) => e.data.step === 'emergency');
    expect(reminded.map((e) => e.data.to)).toEqual([['hiroshi.tanaka']]);
  });

  it('need no emergency reminder once handled', async () => {
    const number = await stage.openTicket('cy', { problem: SMOKE });
    await stage.staff('anna.schmidt', `/ticket claim ${number}`);
    await stage.staff(
      'anna.schmidt',
      `/ticket handled ${number} Cable replaced | Keep the vents clear`,
    );
    const out = await stage.wait(25 * HOUR);
    expect(eventsOf(out, 'reminded').filter((e) => e.data.step === 'emergency')).toEqual([]);
  });
});

describe('the plan at acceptance', () => {
  it('tells the customer: order received, plan, resources and estimate in their time zone', async () => {
    const number = await stage.openTicket('dai', { country: 'Japan' });
    await stage.staff('hiroshi.tanaka', `/ticket claim ${number}`);
    const out = await stage.staff(
      'hiroshi.tanaka',
      `/ticket plan ${number} tomorrow 18:00 | Replace the fuser unit | One engineer on site`,
    );
    const told = to(out, 'customer:dai')[0];
    expect(told?.text).toContain('Tanaka Hiroshi');
    expect(told?.fields?.map((f) => f.value)).toEqual([
      'Replace the fuser unit',
      'One engineer on site',
      expect.stringMatching(/JST|GMT\+9/),
    ]);
    expect((await stage.ticket(number))?.state).toBe('in_progress');
  });

  it('refuses an estimate it cannot read or one in the past, and changes nothing', async () => {
    const number = await stage.openTicket('dai');
    await stage.staff('anna.schmidt', `/ticket claim ${number}`);
    const bad = await stage.staff('anna.schmidt', `/ticket plan ${number} soonish | Fix it`);
    expect(bad[0]?.error).toBe('commands.errors.bad_estimate');
    const past = await stage.staff(
      'anna.schmidt',
      `/ticket plan ${number} 2020-01-01 10:00 | Fix it`,
    );
    expect(past[0]?.error).toBe('commands.errors.estimate_past');
    expect((await stage.ticket(number))?.plan).toBeNull();
  });
});

describe('rapid-response rooms', () => {
  it('ping each unconfirmed department every 5 minutes and escalate to its head after 3 pings', async () => {
    const number = await stage.openTicket('eli');
    await stage.staff('anna.schmidt', `/ticket claim ${number}`);
    await stage.staff('anna.schmidt', `/ticket room ${number} parts quality`);
    await stage.wait(2 * MINUTE);
    await stage.staff('chiyan.lau', `/ticket confirm ${number}`);
    const out = await stage.wait(14 * MINUTE);
    const pings = eventsOf(out, 'room_pinged');
    expect(pings.map((e) => e.data.department)).toEqual(['parts', 'parts', 'parts']);
    const times = pings.map((e) => Date.parse(e.time));
    expect([(times[1] ?? 0) - (times[0] ?? 0), (times[2] ?? 0) - (times[1] ?? 0)]).toEqual([
      5 * MINUTE,
      5 * MINUTE,
    ]);
    // Each unconfirmed member gets a Confirm button with every ping.
    const confirmButtons = (who: string) =>
      out.filter(
        (l) =>
          l.type === 'message' &&
          l.to === `staff:${who}` &&
          l.choices?.includes(`/ticket confirm ${number}`),
      ).length;
    expect([confirmButtons('yuki.sato'), confirmButtons('ahmed.hassan')]).toEqual([3, 3]);
    expect(confirmButtons('chiyan.lau')).toBe(0);
    expect(eventsOf(out, 'escalated').map((e) => e.data.to)).toEqual([['yuki.sato']]);
    const confirmed = eventsOf(await stage.sim.flush(), 'room_confirmed');
    expect(confirmed).toEqual([]);

    await stage.staff('ahmed.hassan', `/ticket confirm ${number}`);
    expect(eventsOf(await stage.wait(HOUR), 'room_pinged')).toEqual([]);
  });

  it('never shows the customer’s contact details in the room', async () => {
    const number = await stage.openTicket('eli');
    await stage.staff('anna.schmidt', `/ticket claim ${number}`);
    const out = await stage.staff('anna.schmidt', `/ticket room ${number} parts`);
    expect(JSON.stringify(out)).not.toContain('eli@example.com');
  });
});

describe('result feedback within 1 hour of handling', () => {
  it('reminds the handler at 45 minutes and escalates at 60 when no result was sent', async () => {
    const number = await stage.openTicket('fay');
    await stage.staff('anna.schmidt', `/ticket claim ${number}`);
    await stage.staff('anna.schmidt', `/ticket handled ${number}`);
    const out = await stage.wait(61 * MINUTE);
    expect(eventsOf(out, 'reminded').map((e) => e.data.step)).toEqual(['feedback']);
    expect(eventsOf(out, 'escalated').map((e) => e.data.step)).toEqual(['feedback']);
    expect(staffNotices(out, /Reminder/)).toEqual({ 'anna.schmidt': 1 });
  });

  it('sends result, precautions and a 1-5 satisfaction check, and the clock stops', async () => {
    const number = await stage.openTicket('fay');
    await stage.staff('anna.schmidt', `/ticket claim ${number}`);
    await stage.staff('anna.schmidt', `/ticket handled ${number}`);
    await stage.wait(50 * MINUTE);
    const out = await stage.staff(
      'anna.schmidt',
      `/ticket feedback ${number} Fixed | Clean monthly`,
    );
    const toCustomer = to(out, 'customer:fay');
    expect(toCustomer[0]?.fields?.map((f) => f.value)).toEqual(['Fixed', 'Clean monthly']);
    expect(toCustomer[1]?.choices).toEqual(['1', '2', '3', '4', '5']);
    expect(eventsOf(await stage.wait(HOUR), 'escalated')).toEqual([]);
  });
});

describe('the 48-hour resolution', () => {
  it('reminds holder and field lead at 42 h when no delay notice was sent, and escalates at 48 h', async () => {
    const number = await stage.openTicket('gus');
    await stage.staff('anna.schmidt', `/ticket claim ${number}`);
    const out = await stage.wait(49 * HOUR);
    expect(eventsOf(out, 'reminded').map((e) => [e.data.step, e.data.to])).toEqual([
      ['resolution', ['anna.schmidt', 'carlos.mendes']],
    ]);
    const reminded = eventsOf(out, 'reminded')[0];
    const created = (await stage.ticket(number))?.createdAt ?? 0;
    expect(Date.parse(reminded?.time ?? '') - created).toBe(42 * HOUR);
    expect(eventsOf(out, 'escalated').map((e) => e.data.step)).toEqual(['resolution']);
  });

  it('sends no 42-hour reminder after a delay notice, then a progress update every 24 h', async () => {
    const number = await stage.openTicket('gus');
    await stage.staff('anna.schmidt', `/ticket claim ${number}`);
    await stage.wait(30 * HOUR);
    const delay = await stage.staff(
      'anna.schmidt',
      `/ticket delay ${number} in 40h | Parts delayed`,
    );
    expect(to(delay, 'customer:gus')[0]?.fields?.[0]?.value).toBe('Parts delayed');

    const out = await stage.wait(60 * HOUR);
    expect(eventsOf(out, 'reminded').filter((e) => e.data.step === 'resolution')).toEqual([]);
    const updates = eventsOf(out, 'progress_sent');
    expect(updates).toHaveLength(2);
    expect(Date.parse(updates[1]?.time ?? '') - Date.parse(updates[0]?.time ?? '')).toBe(24 * HOUR);
    expect(to(out.filter((l) => l.type === 'message') as never, 'customer:gus')).toHaveLength(2);
  });

  it('counts an engineer’s own update as the day’s progress update', async () => {
    const number = await stage.openTicket('gus');
    await stage.staff('anna.schmidt', `/ticket claim ${number}`);
    await stage.staff('anna.schmidt', `/ticket delay ${number} in 60h | Parts delayed`);
    await stage.wait(20 * HOUR);
    await stage.staff('anna.schmidt', `/ticket update ${number} The part has shipped.`);
    const out = await stage.wait(10 * HOUR);
    expect(eventsOf(out, 'progress_sent')).toEqual([]);
    expect(eventsOf(await stage.wait(15 * HOUR), 'progress_sent')).toHaveLength(1);
  });

  it('asks for an overdue reason from the list when closing after 48 hours', async () => {
    const number = await stage.openTicket('gus');
    await stage.staff('anna.schmidt', `/ticket claim ${number}`);
    await stage.wait(49 * HOUR);
    const refused = await stage.staff('anna.schmidt', `/ticket close ${number}`);
    expect(refused[0]?.error).toBe('commands.errors.overdue_reason');
    expect(refused[0]?.text).toContain('parts_shortage');
    const closed = await stage.staff(
      'anna.schmidt',
      `/ticket close ${number} parts_shortage Fuser late`,
    );
    expect(closed[0]?.error).toBeUndefined();
    expect(await stage.ticket(number)).toMatchObject({
      state: 'closed',
      overdueReason: 'parts_shortage',
    });
    expect(eventsOf(await stage.wait(100 * HOUR), 'progress_sent')).toEqual([]);
  });
});

describe('satisfaction', () => {
  async function handled(customer: string): Promise<number> {
    const number = await stage.openTicket(customer);
    await stage.staff('anna.schmidt', `/ticket claim ${number}`);
    await stage.staff('anna.schmidt', `/ticket handled ${number} Fixed | Clean monthly`);
    return number;
  }

  it('closes the loop on a good rating', async () => {
    const number = await handled('hal');
    const out = await stage.customer('hal', '5');
    expect(to(out, 'customer:hal')[0]?.text).toMatch(/closed/);
    expect(await stage.ticket(number)).toMatchObject({ state: 'closed', rating: 5 });
  });

  it('reopens a rating of 1 or 2 to the field lead', async () => {
    const number = await handled('hal');
    const out = await stage.customer('hal', '２');
    expect(await stage.ticket(number)).toMatchObject({
      state: 'accepted',
      assigneeId: 'carlos.mendes',
    });
    expect(staffNotices(out, /reopened/)).toEqual({ 'carlos.mendes': 1 });
  });

  it('closes without a rating after 72 hours of silence', async () => {
    const number = await handled('hal');
    const out = await stage.wait(73 * HOUR);
    expect(eventsOf(out, 'closed')[0]?.data).toEqual({ reason: 'no_rating' });
    expect(await stage.ticket(number)).toMatchObject({ state: 'closed', rating: null });
  });
});

describe('corner cases of the clock', () => {
  it('gives a ticket raised to urgent later its full response time, without a burst', async () => {
    const number = await stage.openTicket('raf', { problem: VAGUE });
    await stage.wait(20 * MINUTE);
    await stage.staff('mei.chen', `/ticket classify ${number} malfunction urgent`);
    const soon = await stage.wait(1 * MINUTE);
    expect(eventsOf(soon, 'reminded').filter((e) => e.data.step === 'response')).toEqual([]);
    const later = await stage.wait(10 * MINUTE);
    const reminders = eventsOf(later, 'reminded').filter((e) => e.data.step === 'response');
    expect(reminders).toHaveLength(4);
    expect(eventsOf(later, 'escalated').filter((e) => e.data.step === 'response')).toHaveLength(1);
  });

  it('does not escalate a handled ticket that only waits for the customer’s rating', async () => {
    const number = await stage.openTicket('ria');
    await stage.staff('anna.schmidt', `/ticket claim ${number}`);
    await stage.staff('anna.schmidt', `/ticket handled ${number} Fixed | Clean monthly`);
    const out = await stage.wait(60 * HOUR);
    expect(eventsOf(out, 'escalated')).toEqual([]);
    expect(eventsOf(out, 'reminded')).toEqual([]);
  });

  it('tells a customer who answers the rating with something else what is expected', async () => {
    const number = await stage.openTicket('rex');
    await stage.staff('anna.schmidt', `/ticket claim ${number}`);
    await stage.staff('anna.schmidt', `/ticket handled ${number} Fixed | Clean monthly`);
    const out = await stage.customer('rex', '6');
    expect(out[0]).toMatchObject({ error: 'customer.rate_hint' });
    expect(out[0]?.choices).toEqual(['1', '2', '3', '4', '5']);
    expect((await stage.ticket(number))?.rating).toBeNull();
  });

  it('refuses an estimate more than a year away', async () => {
    const number = await stage.openTicket('roy');
    await stage.staff('anna.schmidt', `/ticket claim ${number}`);
    const out = await stage.staff('anna.schmidt', `/ticket plan ${number} in 100000000h | Fix it`);
    expect(out[0]?.error).toBe('commands.errors.estimate_far');
  });

  it('writes the team’s own limits into its messages', async () => {
    const custom = new Stage(
      loadConfig({ SLA_CLASSIFY_MINUTES: '20', SLA_RESOLUTION_HOURS: '72' }),
    );
    const out = await custom.customer('tia', 'Hello');
    const answers = ['Tia', 'tia@example.com', 'Germany', 'LX-200', 'Odd.', '3', 'yes'];
    let created = out;
    for (const answer of answers) created = await custom.customer('tia', answer);
    const text = created.find((m) => m.to === 'customer:tia')?.text ?? '';
    expect(text).toContain('20 minutes');
    expect(text).toContain('72 hours');
    await custom.close();
  });
});

describe('the commitments as configured', () => {
  it('refuse a reminder that would come after its own limit', () => {
    expect(() =>
      policyFrom(loadConfig({ SLA_CLASSIFY_MINUTES: '15', SLA_CLASSIFY_REMIND_MINUTES: '20' })),
    ).toThrow(/SLA_CLASSIFY_REMIND_MINUTES: must fall within its limit/);
    expect(() => policyFrom(loadConfig({ SLA_DELAY_NOTICE_HOURS: '60' }))).toThrow(
      /SLA_DELAY_NOTICE_HOURS/,
    );
  });
});
