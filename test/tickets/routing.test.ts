import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { HOUR } from '../../src/core/clock.ts';
import { parseTeam } from '../../src/team/directory.ts';
import { eventsOf, Stage } from '../support/sim.ts';

let stage: Stage | undefined;
afterEach(async () => {
  await stage?.close();
  stage = undefined;
});

/** The routing decision recorded in the ticket's timeline. */
async function routed(s: Stage, number: number) {
  const events = await s.events(number);
  return events.filter((e) => e.kind === 'assigned').map((e) => e.data);
}

describe('routing a high or standard ticket', () => {
  it('widens to any engineer of the field when nobody covers the country or region', async () => {
    stage = new Stage();
    // A Brazilian customer writing in English about software: no software engineer covers
    // South America.
    const number = await stage.openTicket('bia', {
      country: 'Brazil',
      product: 'SW-Control 3',
      problem: 'The software crashes with an error when I export a report.',
    });
    const [decision] = await routed(stage, number);
    expect(decision).toMatchObject({ step: 'field', speaks: true });
    const ticket = await stage.ticket(number);
    expect(ticket?.field).toBe('software');
    expect(['kawai.wong', 'wei.huang', 'priya.nair', 'ken.yamamoto']).toContain(ticket?.assigneeId);
  });

  it('gives a Korean customer at 03:00 Seoul time the Korean-speaking engineer covering Korea', async () => {
    stage = new Stage();
    // The fake clock starts at 01:00 UTC on a Monday; 03:00 in Seoul is 18:00 UTC on Sunday.
    await stage.until(17 * HOUR);
    const number = await stage.openTicket('kim', {
      country: '한국',
      greeting: '안녕하세요',
      locale: 'ko-KR',
      problem: '프린터가 고장 나서 오류 코드가 계속 표시됩니다.',
    });
    const [decision] = await routed(stage, number);
    expect(decision).toMatchObject({
      to: 'jiwoo.park',
      step: 'country',
      speaks: true,
      atWork: false,
    });
  });

  it('sends a Japanese urgent ticket to the task force at once, with a room', async () => {
    stage = new Stage();
    const number = await stage.openTicket('aoi', {
      greeting: 'こんにちは',
      locale: 'ja-JP',
      country: '日本',
      problem: '機械から煙が出ていて、生産ラインが止まりました。',
    });
    const events = await stage.events(number);
    expect(events.find((e) => e.kind === 'paged')?.data.to).toEqual([
      'lei.zhang',
      'hiroshi.tanaka',
      'anna.schmidt',
      'james.carter',
    ]);
    expect(events.find((e) => e.kind === 'room_opened')?.data).toEqual({
      departments: ['task_force'],
    });
    expect(await routed(stage, number)).toEqual([]);
  });

  it('prefers the engineer with fewer open tickets when all else is equal', async () => {
    stage = new Stage();
    // Singapore: Tanaka Hiroshi and Wong Ka-wai both cover Asia, speak English, are at work.
    const first = await stage.openTicket('s1', { country: 'Singapore' });
    const firstTo = (await stage.ticket(first))?.assigneeId;
    const second = await stage.openTicket('s2', { country: 'Singapore' });
    const secondTo = (await stage.ticket(second))?.assigneeId;
    expect(new Set([firstTo, secondTo])).toEqual(new Set(['hiroshi.tanaka', 'kawai.wong']));
    const [decision] = await routed(stage, second);
    expect(decision).toMatchObject({ step: 'region', open: 0 });
  });

  it('falls back to a field lead when nobody works in the field at all', async () => {
    const json = JSON.parse(readFileSync('data/team.json', 'utf8'));
    json.fields.push({ id: 'robotics', name: 'Robotics', products: ['RB-'] });
    stage = new Stage(undefined, parseTeam(JSON.stringify(json), 'team.json'));
    const number = await stage.openTicket('rob', { product: 'RB-7 arm' });
    const [decision] = await routed(stage, number);
    expect(decision?.step).toBe('field_lead');
    expect(['carlos.mendes', 'ken.yamamoto']).toContain(decision?.to);
  });

  it('moves a lapsed ticket to the next candidate and tells the field lead', async () => {
    stage = new Stage();
    const number = await stage.openTicket('sg', { country: 'Singapore' });
    const first = (await stage.ticket(number))?.assigneeId;
    const out = await stage.wait(31 * 60_000);
    const next = (await stage.ticket(number))?.assigneeId;
    expect(next).not.toBe(first);
    expect(eventsOf(out, 'escalated')[0]?.data).toMatchObject({ step: 'accept', next });
    expect(eventsOf(out, 'escalated')[0]?.data.to).toEqual(['carlos.mendes']);
  });
});

describe('what routing tells and does later', () => {
  it('shows in the timeline how far routing widened and why', async () => {
    stage = new Stage();
    const number = await stage.openTicket('tl', { country: 'Singapore' });
    const shown = await stage.staff('lin.zhou', `/ticket show ${number}`);
    const timeline = shown[0]?.fields?.at(-1)?.value ?? '';
    expect(timeline).toMatch(/covers the customer's region|负责客户所在地区/);
  });

  it('frees an unaccepted ticket for the task force when it becomes urgent, telling the assignee', async () => {
    stage = new Stage();
    const number = await stage.openTicket('ur');
    const out = await stage.staff('mei.chen', `/ticket classify ${number} malfunction urgent`);
    expect(out.some((m) => m.to === 'staff:anna.schmidt' && m.ticket === number)).toBe(true);
    const claimed = await stage.staff('hiroshi.tanaka', `/ticket claim ${number}`);
    expect(claimed.find((m) => m.to === 'staff:hiroshi.tanaka')?.error).toBeUndefined();
  });
});
