import { afterAll, describe, expect, it } from 'vitest';
import { subjectOf } from '../../src/commands/customer.ts';
import { exportCustomer } from '../../src/privacy/customer-data.ts';
import { type Message, Stage } from '../support/sim.ts';

/*
 * Ann files a ticket from one browser session, then writes the same request again from another
 * session and chooses to add it to her open ticket. Her phone number, written in another form
 * than she gave it, is in what she wrote.
 */
const stage = new Stage();
afterAll(() => stage.close());

// Too vague to classify at once: the ticket waits for triage, and nobody holds it yet.
const PROBLEM = 'Something odd happened with it, code E-31. Call me on 415.555.2671.';
const answers = ['Hello', 'Ann Example', '+1 415 555 2671', 'Germany', 'LX-200', PROBLEM, '2'];

async function request(session: string): Promise<Message[]> {
  let out: Message[] = [];
  for (const answer of [...answers, 'yes']) out = await stage.customer(session, answer);
  return out;
}

describe('a customer writing from a second session', () => {
  let joined: Message[] = [];

  it('is offered her open ticket, and triage hears of the addition without her number', async () => {
    await request('ann-1');
    const offer = await request('ann-2');
    expect(offer[0]?.text).toContain('#1001');
    joined = await stage.customer('ann-2', '1');
    expect((await stage.ticket(1001))?.assigneeId).toBeNull();
    const notices = joined.filter((m) => m.to.startsWith('staff:'));
    expect(notices.length).toBeGreaterThan(0);
    for (const notice of notices) {
      const shown = JSON.stringify(notice);
      expect(shown).toContain('E-31');
      expect(shown).not.toContain('415.555.2671');
      expect(shown).not.toContain('555 2671');
    }
  });

  it('is exported and erased whole: both sessions', async () => {
    const held = await stage.sim.store.read((tx) =>
      exportCustomer(tx, subjectOf('1001'), stage.sim.clock.now()),
    );
    expect(held?.conversations.map((c) => c.id).sort()).toEqual(['chat:ann-1', 'chat:ann-2']);
    expect(JSON.stringify(held?.messages)).toContain('415.555.2671');

    const out = await stage.staff('tom.mueller', '/customer erase 1001 confirm');
    expect(out[0]?.error).toBeUndefined();
    for (const session of ['chat:ann-1', 'chat:ann-2']) {
      const lines = await stage.sim.store.read((tx) => tx.transcript(session, 0, 500));
      expect(lines.length).toBeGreaterThan(0);
      const text = JSON.stringify(lines);
      expect(text).not.toContain('415');
      expect(text).not.toContain('Ann Example');
    }
  });
});
