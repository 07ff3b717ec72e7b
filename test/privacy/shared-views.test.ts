import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { dashboardData } from '../../src/reports/dashboard.ts';
import { formatReport, REPORT_FORMATS } from '../../src/reports/format.ts';
import { dateAt } from '../../src/reports/periods.ts';
import { reportScheduleFrom } from '../../src/reports/posts.ts';
import { buildReport, REPORT_KINDS } from '../../src/reports/report.ts';
import { policyFrom } from '../../src/sla/policy.ts';
import { type Message, Stage, team } from '../support/sim.ts';

/*
 * Ulla smells smoke from her printer and writes her name, phone number and email into the problem
 * itself. The ticket is urgent: the task force is paged and a room opened; the holder brings the
 * parts department in; it closes late with an explanation that repeats her email. None of her
 * contact details may reach the room, the pages, the reports, the dashboard, or any staff member
 * who neither holds the ticket nor leads it.
 */
const DAY = 86_400_000;
const NAME = 'ulla Example';
const EMAIL = 'ulla@example.com';
const PHONE = '+49 30 1234567';
const SECRETS = [NAME, EMAIL, PHONE, '1234567'];
const directory = team();
let stage: Stage;
let number = 0;
const staffSaw: Message[] = [];

function leaks(text: string): string[] {
  return SECRETS.filter((secret) => text.includes(secret));
}

beforeAll(async () => {
  const start = new Stage();
  // The weekly review falls on a morning nine days on, when the ticket's story is over.
  const later = start.sim.clock.now() + 9 * DAY;
  const reviewAt = later - (later % DAY) + 9 * 3_600_000;
  const weekday = new Date(reviewAt).getUTCDay();
  await start.close();
  const weeklyDay = (['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const)[weekday] ?? 'mon';
  const config = loadConfig({ REPORT_TIME_ZONE: 'UTC', REPORT_WEEKLY_DAY: weeklyDay });
  stage = new Stage(config);

  const keep = (out: Message[]) => staffSaw.push(...out.filter((m) => m.to.startsWith('staff:')));
  const answers = ['Hello', NAME, EMAIL, 'Germany', 'LX-200'];
  for (const answer of answers) keep(await stage.customer('ulla', answer));
  keep(
    await stage.customer('ulla', `Smoke from the printer! I am ${NAME}, call ${PHONE} or ${EMAIL}`),
  );
  keep(await stage.customer('ulla', '1'));
  const done = await stage.customer('ulla', 'yes');
  keep(done);
  number = done.find((m) => m.ticket !== null)?.ticket ?? 0;
  keep(await stage.staff('hiroshi.tanaka', `/ticket claim ${number}`));
  keep(await stage.staff('hiroshi.tanaka', `/ticket room ${number} parts`));
  for (const out of await stage.wait(50 * 3_600_000)) if (out.type === 'message') keep([out]);
  keep(
    await stage.staff(
      'hiroshi.tanaka',
      `/ticket close ${number} customer_unavailable wrote to ${EMAIL} twice`,
    ),
  );

  stage.sim.clock.set(reviewAt);
  await stage.sim.postReports(reportScheduleFrom(config));
  for (const out of await stage.sim.flush()) if (out.type === 'message') keep([out]);
});
afterAll(() => stage.close());

describe('where a customer’s contact details go', () => {
  it('reaches the holder and the leads, who need it', async () => {
    const shown = await stage.staff('lin.zhou', `/ticket show ${number}`);
    expect(JSON.stringify(shown)).toContain(EMAIL);
  });

  it('never reaches staff who neither hold the ticket nor lead it: pages, rooms, notices', () => {
    const ticketHolder = 'hiroshi.tanaka';
    const others = staffSaw.filter((m) => {
      const person = directory.get(m.to.slice('staff:'.length));
      return person && person.id !== ticketHolder && !directory.leadsTicket(person, 'printing');
    });
    expect(others.length).toBeGreaterThan(5);
    expect(JSON.stringify(others)).toMatch(/Smoke from the printer/);
    for (const m of others) expect(leaks(JSON.stringify(m))).toEqual([]);
  });

  it('is left out of the posted reports, even when staff wrote it into an explanation', () => {
    const posts = staffSaw.filter((m) => /#\d+/.test(m.text) && /wrote to/.test(m.text));
    expect(posts.length).toBeGreaterThan(0);
    for (const m of posts) expect(leaks(m.text)).toEqual([]);
  });

  it('is hidden, with the name, from a staff member who neither holds nor leads the ticket', async () => {
    const shown = await stage.staff('jiwoo.park', `/ticket show ${number}`);
    expect(shown[0]?.fields?.length).toBeGreaterThan(5);
    expect(leaks(JSON.stringify(shown))).toEqual([]);
  });

  it('is in no report format and not in the dashboard', async () => {
    const now = stage.sim.clock.now();
    const policy = policyFrom(loadConfig({}));
    for (const kind of REPORT_KINDS) {
      const date = dateAt(now - 5 * DAY, 'UTC');
      const report = await buildReport(stage.sim.store, policy, kind, date, 'UTC', now);
      for (const format of REPORT_FORMATS) expect(leaks(formatReport(report, format))).toEqual([]);
    }
    const dashboard = await dashboardData(stage.sim.store, (id) => id, policy, 'UTC', now);
    expect(dashboard.days.length).toBe(30);
    expect(leaks(JSON.stringify(dashboard))).toEqual([]);
  });
});
