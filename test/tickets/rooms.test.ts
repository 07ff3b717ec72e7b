import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MINUTE } from '../../src/core/clock.ts';
import { eventsOf, Stage, to } from '../support/sim.ts';

let stage: Stage;
beforeEach(() => {
  stage = new Stage();
});
afterEach(() => stage.close());

describe('a rapid-response room with three departments', () => {
  it('pings until each confirms, escalates the one that never does, and records it all', async () => {
    const number = await stage.openTicket('ola');
    await stage.staff('anna.schmidt', `/ticket claim ${number}`);
    const opened = await stage.staff(
      'anna.schmidt',
      `/ticket room ${number} parts quality service`,
    );
    // Every member of the three departments hears of it, with a Confirm button.
    const invited = new Set(opened.filter((m) => m.choices?.length).map((m) => m.to));
    expect(invited).toEqual(
      new Set([
        'staff:anna.schmidt',
        'staff:yuki.sato',
        'staff:ahmed.hassan',
        'staff:sophie.martin',
        'staff:chiyan.lau',
        'staff:mei.chen',
        'staff:maria.silva',
        'staff:minseo.kang',
        'staff:lin.zhou',
        'staff:tom.mueller',
      ]),
    );

    // Quality confirms at once; parts after two pings; service never.
    await stage.staff('chiyan.lau', `/ticket confirm ${number}`);
    await stage.wait(11 * MINUTE);
    const parts = await stage.staff('ahmed.hassan', `/ticket confirm ${number}`);
    expect(to(parts, 'staff:ahmed.hassan')[0]?.error).toBeUndefined();
    await stage.wait(30 * MINUTE);

    const events = await stage.events(number);
    const pings = events.filter((e) => e.kind === 'room_pinged').map((e) => e.data.department);
    expect(pings.filter((d) => d === 'quality')).toEqual([]);
    expect(pings.filter((d) => d === 'parts')).toHaveLength(2);
    expect(pings.filter((d) => d === 'service').length).toBeGreaterThanOrEqual(8);
    const escalations = events.filter((e) => e.kind === 'escalated').map((e) => e.data);
    expect(escalations).toEqual([
      expect.objectContaining({ step: 'room:service', to: ['lin.zhou'] }),
    ]);
    expect(events.filter((e) => e.kind === 'room_confirmed').map((e) => e.data.department)).toEqual(
      ['quality', 'parts'],
    );
  });

  it('shows confirmations and ticket changes to the room, and closes with the ticket', async () => {
    const number = await stage.openTicket('ola');
    await stage.staff('anna.schmidt', `/ticket claim ${number}`);
    await stage.staff('anna.schmidt', `/ticket room ${number} parts`);
    const confirmed = await stage.staff('yuki.sato', `/ticket confirm ${number}`);
    expect(to(confirmed, 'staff:ahmed.hassan')).toHaveLength(1);

    const plan = await stage.staff('anna.schmidt', `/ticket plan ${number} in 5h | Swap the unit`);
    expect(to(plan, 'staff:yuki.sato')).toHaveLength(1);
    expect(JSON.stringify(plan.filter((m) => m.to !== 'customer:ola'))).not.toContain(
      'ola@example.com',
    );

    const closed = await stage.staff('anna.schmidt', `/ticket close ${number}`);
    expect(to(closed, 'staff:ahmed.hassan')).toHaveLength(1);
    const later = await stage.staff('anna.schmidt', `/ticket reopen ${number} checking again`);
    expect(to(later, 'staff:ahmed.hassan')).toEqual([]);
    expect(eventsOf(await stage.wait(30 * MINUTE), 'room_pinged')).toEqual([]);
  });
});

describe('rooms that cannot work', () => {
  it('refuse a department with nobody on duty, and a confirmation on a closed ticket', async () => {
    const number = await stage.openTicket('ola');
    await stage.staff('anna.schmidt', `/ticket claim ${number}`);
    await stage.staff('tom.mueller', '/team duty sophie.martin off');
    await stage.staff('tom.mueller', '/team duty chiyan.lau off');
    const empty = await stage.staff('anna.schmidt', `/ticket room ${number} quality`);
    expect(empty[0]?.error).toBe('commands.errors.nobody_on_duty');
    await stage.staff('anna.schmidt', `/ticket room ${number} parts`);
    await stage.staff('anna.schmidt', `/ticket close ${number}`);
    const late = await stage.staff('yuki.sato', `/ticket confirm ${number}`);
    expect(late[0]?.error).toBe('commands.errors.closed');
  });
});
