import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseDuration, parseScript } from '../../src/simulate/script.ts';
import { Simulator } from '../../src/simulate/simulator.ts';
import { team } from '../support/sim.ts';

describe('simulation scripts', () => {
  it('read durations the way people write them', () => {
    expect(parseDuration('0s')).toBe(0);
    expect(parseDuration('+90s')).toBe(90_000);
    expect(parseDuration('1h30m')).toBe(5_400_000);
    expect(parseDuration('2d')).toBe(172_800_000);
    expect(parseDuration(250)).toBe(250);
    expect(parseDuration('soon')).toBeUndefined();
    expect(parseDuration('5 minutes')).toBeUndefined();
  });

  it('name the line of a mistake', () => {
    expect(() => parseScript('{"at":"0s","customer":"a","say":"hi"}\n{oops')).toThrow(
      /line 2: not valid JSON/,
    );
    expect(() => parseScript('{"at":"soon","customer":"a","say":"hi"}')).toThrow(/line 1: at/);
    expect(() => parseScript('{"at":"0s","customer":"a"}')).toThrow(/line 1: .*"say" or "press"/);
    expect(() =>
      parseScript('{"at":"5m","customer":"a","say":"x"}\n{"at":"1m","customer":"a","say":"y"}'),
    ).toThrow(/line 2: "at" goes back in time/);
  });

  it('refuse a press of a choice the bot did not offer', async () => {
    const sim = new Simulator(team());
    await sim.play({ kind: 'customer', at: 0, customer: 'a', say: 'Hello' });
    await expect(
      sim.play({ kind: 'customer', at: 1000, customer: 'a', press: '9' }),
    ).rejects.toThrow(/not offered/);
    await sim.close();
  });

  it.each(readdirSync('examples').filter((f) => f.endsWith('.jsonl')))(
    'play the example %s to a claimed ticket',
    async (file) => {
      const sim = new Simulator(team());
      const out = await sim.run(parseScript(readFileSync(`examples/${file}`, 'utf8')));
      const taken = out.some(
        (line) => line.type === 'event' && (line.event === 'claimed' || line.event === 'accepted'),
      );
      expect(taken).toBe(true);
      await sim.close();
    },
  );

  it('print JSON lines from the command line, with time, recipient, language, text and ask', () => {
    const stdout = execFileSync('npx', ['tsx', 'src/simulate/cli.ts', 'examples/intake-ja.jsonl'], {
      encoding: 'utf8',
      env: { ...process.env, LOG_LEVEL: 'silent' },
    });
    const lines = stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines[1]).toMatchObject({
      time: '2026-01-05T01:00:00.000Z',
      type: 'message',
      to: 'customer:sato',
      language: 'ja',
      ask: 'name',
    });
    expect(lines.filter((l) => l.type === 'event').map((l) => l.event)).toContain('accepted');
  });
});

describe('the 48-hour example story', () => {
  it('shows every step of the loop at its time, ending closed with a rating', async () => {
    const sim = new Simulator(team());
    const out = await sim.run(parseScript(readFileSync('examples/story-48h.jsonl', 'utf8')));
    const events = out.flatMap((line) =>
      line.type === 'event' ? [`${line.event}${line.data.step ? `:${line.data.step}` : ''}`] : [],
    );
    for (const expected of [
      'assigned:field',
      'reminded:accept',
      'escalated:accept',
      'accepted',
      'plan_sent',
      'room_opened',
      'room_pinged',
      'escalated:room:parts',
      'reminded:resolution',
      'delay_notice',
      'escalated:resolution',
      'progress_sent',
      'handled',
      'feedback_sent',
      'rated',
      'closed',
    ]) {
      expect(events).toContain(expected);
    }
    expect(events.filter((e) => e === 'room_pinged')).toHaveLength(3);
    expect(events.at(-1)).toBe('closed');
    await sim.close();
  });
});
