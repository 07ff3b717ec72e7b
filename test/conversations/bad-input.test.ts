import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { asked, Stage, to } from '../support/sim.ts';

let stage: Stage;
beforeEach(() => {
  stage = new Stage();
});
afterEach(() => stage.close());

/** Brings customer `who` to the given step with valid English answers. */
async function reach(step: string, who = 'eve'): Promise<void> {
  const answers: [string, string][] = [
    ['contact', 'Eve Example'],
    ['country', 'eve@example.com'],
    ['product', 'Germany'],
    ['problem', 'LX-200'],
    ['urgency', 'The printer is broken and shows an error.'],
    ['confirm', '3'],
  ];
  await stage.customer(who, 'Hello', { locale: 'en-GB' });
  for (const [next, answer] of answers) {
    if (asked(await stage.customer(who, answer)) !== next) throw new Error(`not at ${next}`);
    if (next === step) return;
  }
}

describe('bad answers during the intake', () => {
  it.each([
    ['an empty answer', '', 'intake.errors.empty'],
    ['a whitespace-only answer', ' \u3000\t ', 'intake.errors.empty'],
    [
      'an answer of only control and zero-width characters',
      '\u0007\u200b\u0000',
      'intake.errors.empty',
    ],
    ['an emoji-only name', '😀🙏', 'intake.errors.name'],
    ['a 10,000-character name', 'a'.repeat(10_000), 'intake.errors.too_long'],
  ])('%s gets an explanation and the same question again', async (_, answer, error) => {
    await stage.customer('eve', 'Hello', { locale: 'en-GB' });
    const out = await stage.customer('eve', answer);
    expect(out[0]?.error).toBe(error);
    expect(out[0]?.text).not.toMatch(/intake\./);
    expect(asked(out)).toBe('name');

    const next = await stage.customer('eve', 'Eve Example');
    expect(asked(next)).toBe('contact');
  });

  it('names the limit when an answer is too long', async () => {
    await stage.customer('eve', 'Hello', { locale: 'en-GB' });
    const out = await stage.customer('eve', 'x'.repeat(10_000));
    expect(out[0]?.text).toContain('100');
  });

  it('accepts a 10,000-character problem description whole', async () => {
    await reach('problem');
    const long = `The printer is broken. ${'Log line with an error code E-31. '.repeat(300)}`.slice(
      0,
      10_000,
    );
    expect(asked(await stage.customer('eve', long))).toBe('urgency');
    await stage.customer('eve', '3');
    await stage.customer('eve', 'yes');
    expect((await stage.ticket(1001))?.problem).toBe(long);
  });

  it.each([
    ['contact', 'call me maybe', 'intake.errors.contact'],
    ['contact', '12345', 'intake.errors.contact'],
    ['country', 'Narnia', 'intake.errors.country'],
    ['product', '🖨️', 'intake.errors.product'],
    ['problem', '!!!', 'intake.errors.problem'],
    ['urgency', '7', 'intake.errors.urgency'],
    ['confirm', 'maybe later', 'intake.errors.confirm'],
  ])('a bad %s answer (%s) is explained and asked again', async (step, answer, error) => {
    await reach(step);
    const out = await stage.customer('eve', answer);
    expect(out[0]?.error).toBe(error);
    expect(asked(out)).toBe(step);
  });

  it('strips control characters but keeps the text as typed otherwise', async () => {
    await stage.customer('eve', 'Hello', { locale: 'en-GB' });
    await stage.customer('eve', '\u0007Zoe\u0308\u0000 O\u0308');
    const conversation = await stage.sim.store.read((tx) => tx.getConversation('chat:eve'));
    expect(conversation?.draft.name).toBe('Zo\u00eb \u00d6');
  });

  it('keeps HTML and script in every field as literal text', async () => {
    const html = '<script>alert(1)</script><b onmouseover="x()">&amp;</b>';
    await stage.customer('mal', html, { locale: 'en-GB' });
    await stage.customer('mal', `Mallory ${html}`);
    await stage.customer('mal', 'mallory@example.com');
    await stage.customer('mal', 'France');
    await stage.customer('mal', `LX-200 ${html}`);
    await stage.customer('mal', `The printer is broken ${html}`);
    const summary = await stage.customer('mal', '3');
    expect(summary[0]?.fields?.[0]?.value).toBe(`Mallory ${html}`);
    await stage.customer('mal', 'yes');
    const ticket = await stage.ticket(1001);
    expect(ticket?.name).toBe(`Mallory ${html}`);
    expect(ticket?.product).toBe(`LX-200 ${html}`);
    expect(ticket?.problem).toBe(`The printer is broken ${html}`);
  });
});

describe('control words during the intake', () => {
  it('goes back one step, and from the first question says it is the first', async () => {
    await reach('country');
    const back = await stage.customer('eve', 'back');
    expect(asked(back)).toBe('contact');
    expect(back[0]?.fields?.at(-1)?.value).toBe('eve@example.com');
    await stage.customer('eve', 'back');
    const first = await stage.customer('eve', '上一步');
    expect(first[0]?.text).toMatch(/first/);
    expect(asked(first)).toBe('name');
  });

  it('restarts from the beginning and forgets the draft', async () => {
    await reach('product');
    const out = await stage.customer('eve', 'やり直し');
    expect(asked(out)).toBe('name');
    const conversation = await stage.sim.store.read((tx) => tx.getConversation('chat:eve'));
    expect(conversation?.draft).toEqual({});
  });

  it('cancels, and a later message starts a fresh intake', async () => {
    await reach('problem');
    // Written in Korean, so the answer comes in Korean too.
    const cancelled = await stage.customer('eve', '취소');
    expect(cancelled).toHaveLength(1);
    expect(cancelled[0]?.language).toBe('ko');
    expect(cancelled[0]?.ask).toBeUndefined();
    expect(await stage.ticket(1001)).toBeUndefined();
    const again = await stage.customer('eve', 'Hello again');
    expect(asked(again)).toBe('name');
  });

  it('switches language at any step and keeps the answers', async () => {
    await reach('country');
    const out = await stage.customer('eve', '日本語');
    expect(out.every((m) => m.language === 'ja')).toBe(true);
    expect(asked(out)).toBe('country');
    expect(asked(await stage.customer('eve', 'ドイツ'))).toBe('product');
  });

  it('lets the customer change one field from the summary and returns to the summary', async () => {
    await reach('confirm');
    expect(asked(await stage.customer('eve', '3'))).toBe('country');
    const summary = await stage.customer('eve', 'Japan');
    expect(asked(summary)).toBe('confirm');
    expect(summary[0]?.fields?.[2]?.value).toContain('JP');
  });

  it('never lets short kanji-only answers flip a Japanese conversation to Chinese', async () => {
    await stage.customer('aki', 'こんにちは', { locale: 'ja-JP' });
    const out = await stage.customer('aki', '山田太郎');
    expect(out.every((m) => m.language === 'ja')).toBe(true);
    expect(asked(out)).toBe('contact');
  });
});

describe('what the platform already knows', () => {
  it('skips the questions the platform answered for certain', async () => {
    const out = await stage.customer('sam', 'Hi there', {
      name: 'Sam Lee',
      email: 'sam@example.com',
    });
    expect(asked(out)).toBe('country');
  });

  it('answers a first message that is a staff command in the platform’s language', async () => {
    const out = await stage.customer('kim', '/ticket list', { locale: 'ko-KR' });
    expect(out[0]).toMatchObject({ error: 'errors.staff_only', language: 'ko' });
  });
});

describe('commands from the wrong person or about the wrong ticket', () => {
  it('refuses a staff command from a customer and leaves the intake where it was', async () => {
    await reach('country');
    const out = await stage.customer('eve', '/ticket claim 1001');
    expect(out[0]?.error).toBe('errors.staff_only');
    expect(out[0]?.language).toBe('en');
    expect(asked(await stage.customer('eve', 'Germany'))).toBe('product');
  });

  it('tells staff about an unknown command and a missing ticket, in their language', async () => {
    const unknown = await stage.staff('hiroshi.tanaka', '/ticket frobnicate');
    expect(unknown[0]?.error).toBe('commands.errors.unknown');
    expect(unknown[0]?.language).toBe('ja');
    const missing = await stage.staff('hiroshi.tanaka', '/ticket claim 4242');
    expect(missing[0]?.error).toBe('commands.errors.no_ticket');
    expect(missing[0]?.text).toContain('4242');
    const garbage = await stage.staff('anna.schmidt', '/ticket claim banana');
    expect(garbage[0]?.error).toBe('commands.errors.bad_number');
  });

  it('gives a ticket to one of two engineers claiming at once and tells the other who has it', async () => {
    await reach('confirm');
    await stage.customer('eve', 'yes');
    const [a, b] = await Promise.all([
      stage.sim.bot.handle({
        platform: 'web',
        conversationId: 'console:anna.schmidt',
        userId: 'anna.schmidt',
        staffId: 'anna.schmidt',
        text: '/ticket claim 1001',
      }),
      stage.sim.bot.handle({
        platform: 'web',
        conversationId: 'console:hiroshi.tanaka',
        userId: 'hiroshi.tanaka',
        staffId: 'hiroshi.tanaka',
        text: '/ticket claim 1001',
      }),
    ]);
    // One is accepted; the other is refused, with a reason.
    expect([a.accepted, b.accepted].sort()).toEqual([false, true]);
    const out = (await stage.sim.flush()).filter((l) => l.type === 'message');
    const ticket = await stage.ticket(1001);
    const loser = ticket?.assigneeId === 'anna.schmidt' ? 'hiroshi.tanaka' : 'anna.schmidt';
    const told = to(out as never, `staff:${loser}`);
    expect(told[0]?.error).toBe('commands.errors.held_by');
    expect(to(out as never, 'customer:eve')).toHaveLength(1);
    const claims = (await stage.events(1001)).filter(
      (e) => e.kind === 'claimed' || e.kind === 'accepted',
    );
    expect(claims).toHaveLength(1);
    // Routing gave the German customer's printer to Anna Schmidt; she is the one who accepts.
    expect(ticket?.assigneeId).toBe('anna.schmidt');
  });

  it('treats claiming one’s own ticket again as harmless', async () => {
    await reach('confirm');
    await stage.customer('eve', 'yes');
    await stage.staff('anna.schmidt', '/ticket claim 1001');
    const again = await stage.staff('anna.schmidt', '/ticket claim 1001');
    expect(again).toHaveLength(1);
    expect(again[0]?.error).toBeUndefined();
    expect((await stage.events(1001)).filter((e) => e.kind === 'accepted')).toHaveLength(1);
  });

  it('does not let customer service claim, but lets them classify', async () => {
    await reach('confirm');
    await stage.customer('eve', 'yes');
    const claim = await stage.staff('mei.chen', '/ticket claim 1001');
    expect(claim[0]?.error).toBe('commands.errors.cannot_claim');
    const classify = await stage.staff('mei.chen', '/ticket classify 1001 投诉 紧急');
    expect(classify[0]?.error).toBeUndefined();
    expect(await stage.ticket(1001)).toMatchObject({ type: 'complaint', urgency: 'urgent' });
  });
});
