import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXPORT_PATH, subjectOf } from '../../src/commands/customer.ts';
import { loadConfig } from '../../src/config.ts';
import { exportCustomer } from '../../src/privacy/customer-data.ts';
import { dateAt } from '../../src/reports/periods.ts';
import { buildReport, REPORT_KINDS } from '../../src/reports/report.ts';
import { policyFrom } from '../../src/sla/policy.ts';
import { ERASED } from '../../src/store/types.ts';
import { Stage } from '../support/sim.ts';

/*
 * Ulla, a German customer, has two tickets: one rated after its result, one closed late with an
 * explanation that names her. Ravi has one of his own. Tom Müller, the administrator, exports
 * everything held about Ulla, then erases it.
 */
const ULLA = {
  name: 'ulla Example',
  email: 'ulla@example.com',
  problem: 'The printer is broken and shows error E-31 near my office at Hauptstrasse 5.',
};
const policy = policyFrom(loadConfig({}));
let stage: Stage;
let first = 0;
let second = 0;
let ravis = 0;

async function reports(): Promise<string[]> {
  const now = stage.sim.clock.now();
  const date = dateAt(now, 'UTC');
  const out: string[] = [];
  for (const kind of REPORT_KINDS) {
    out.push(JSON.stringify(await buildReport(stage.sim.store, policy, kind, date, 'UTC', now)));
  }
  return out;
}

beforeAll(async () => {
  stage = new Stage();
  first = await stage.openTicket('ulla', { problem: ULLA.problem });
  await stage.staff('anna.schmidt', `/ticket claim ${first}`);
  await stage.staff('anna.schmidt', `/ticket plan ${first} in 3h | Replace the roller | parts`);
  await stage.staff('anna.schmidt', `/ticket handled ${first} Fixed | None`);
  await stage.press('ulla', '5');
  second = await stage.openTicket('ulla', { problem: 'The printer is broken again, error E-31.' });
  await stage.staff('anna.schmidt', `/ticket claim ${second}`);
  await stage.staff('anna.schmidt', `/ticket escalate ${second} ulla Example is upset`);
  await stage.wait(50 * 3_600_000);
  await stage.staff('anna.schmidt', `/ticket close ${second} other ulla@example.com was away`);
  ravis = await stage.openTicket('ravi');
});
afterAll(() => stage.close());

describe('an administrator exports and erases a customer', () => {
  it('exports everything held about the customer of a ticket', async () => {
    const held = await stage.sim.store.read((tx) =>
      exportCustomer(tx, subjectOf(String(second)), stage.sim.clock.now()),
    );
    const json = JSON.parse(JSON.stringify(held));
    expect(json.customerId).toBe('ulla');
    expect(json.tickets.map((t: { id: number }) => t.id)).toEqual([first, second]);
    expect(json.tickets[0]).toMatchObject({ name: ULLA.name, contact: ULLA.email });
    expect(json.conversations.map((c: { id: string }) => c.id)).toEqual(['chat:ulla']);
    expect(json.events.map((e: { kind: string }) => e.kind)).toContain('rated');
    expect(JSON.stringify(json.events)).toContain('ulla@example.com was away');
    const lines = json.messages.map((m: { body: string }) => m.body);
    expect(lines).toContain(ULLA.problem);
    expect(lines.some((b: string) => b.includes('ravi'))).toBe(false);
  });

  it('answers /customer export with what it covers and where to download it, keeping no copy', async () => {
    const out = await stage.staff('tom.mueller', `/customer export ${second}`);
    expect(out[0]?.error).toBeUndefined();
    expect(out[0]?.text).toContain(`#${first}, #${second}`);
    expect(out[0]?.text).toContain(`${EXPORT_PATH}?subject=${second}`);
    expect(JSON.stringify(out)).not.toContain(ULLA.email);
    expect(JSON.stringify(out)).not.toContain(ULLA.name);
  });

  it('asks for confirmation before erasing, and changes nothing meanwhile', async () => {
    const before = await stage.ticket(first);
    const out = await stage.staff('tom.mueller', '/customer erase ulla');
    expect(out[0]?.text).toContain(`/customer erase ulla confirm`);
    expect(out[0]?.text).toContain(`#${first}, #${second}`);
    expect(await stage.ticket(first)).toEqual(before);
  });

  it('erases the personal data while every report comes out the same', async () => {
    const figures = await reports();
    const out = await stage.staff('tom.mueller', `/customer erase ${first} confirm`);
    expect(out[0]?.error).toBeUndefined();
    expect(await reports()).toEqual(figures);

    for (const number of [first, second]) {
      const ticket = await stage.ticket(number);
      expect(ticket).toMatchObject({ name: ERASED, contact: ERASED, problem: ERASED });
      expect(ticket?.erasedAt).toBe(stage.sim.clock.now());
      const events = await stage.events(number);
      expect(events.at(-1)).toMatchObject({ kind: 'erased', actor: 'tom.mueller' });
    }
    expect(await stage.ticket(first)).toMatchObject({ rating: 5, state: 'closed', country: 'DE' });
    expect(await stage.ticket(ravis)).toMatchObject({ name: 'ravi Example' });

    // Nothing held anywhere still says who she was or what she wrote.
    const held = await stage.sim.store.read(async (tx) => ({
      messages: await tx.storedMessages(['chat:ulla'], [first, second]),
      events: [...(await tx.listEvents(first)), ...(await tx.listEvents(second))],
      conversation: await tx.getConversation('chat:ulla'),
    }));
    const text = JSON.stringify(held);
    for (const secret of ['ulla Example', 'ulla@example.com', 'Hauptstrasse', 'E-31', 'roller']) {
      expect(text).not.toContain(secret);
    }
    expect(held.messages.length).toBeGreaterThan(10);
  });

  it('answers an erased customer’s next message with a fresh intake', async () => {
    const out = await stage.customer('ulla', 'Hello again');
    expect(out.at(-1)?.ask).toBe('name');
  });

  it('says when nothing is held about the given customer', async () => {
    const out = await stage.staff('tom.mueller', '/customer export nobody-at-all');
    expect(out[0]?.error).toBe('customer_data.errors.not_found');
  });
});
