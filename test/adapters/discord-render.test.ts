import { describe, expect, it } from 'vitest';
import { commandText } from '../../adapters/discord/commands.ts';
import { LIMITS, renderDiscord } from '../../adapters/discord/render.ts';

describe('Discord rendering', () => {
  it('splits long text at 2,000 characters on grapheme boundaries, joining back to the original', () => {
    const text = `${'🇯🇵👨‍👩‍👧'.repeat(400)}${'é'.repeat(1500)}`;
    const parts = renderDiscord({ text });
    expect(parts.length).toBeGreaterThan(1);
    expect(parts.map((p) => p.content).join('')).toBe(text);
    for (const part of parts) expect(part.content.length).toBeLessThanOrEqual(LIMITS.content);
  });

  it('keeps embeds within field and size limits, one embed a message', () => {
    const parts = renderDiscord({
      text: 'Ticket',
      fields: Array.from({ length: 60 }, (_, i) => ({
        label: `Field ${i}`,
        value: 'x'.repeat(1500),
      })),
    });
    for (const part of parts) {
      expect(part.embeds.length).toBeLessThanOrEqual(1);
      for (const embed of part.embeds) {
        expect(embed.fields.length).toBeLessThanOrEqual(LIMITS.fields);
        const size = embed.fields.reduce((n, f) => n + f.name.length + f.value.length, 0);
        expect(size).toBeLessThanOrEqual(LIMITS.embedTotal);
        for (const f of embed.fields) expect(f.value.length).toBeLessThanOrEqual(LIMITS.fieldValue);
      }
    }
  });

  it('pings only the people a ping is meant for', () => {
    const [part] = renderDiscord({ text: '@everyone look' }, ['123456789012345678']);
    expect(part?.content).toBe('<@123456789012345678> @everyone look');
    expect(part?.allowed_mentions).toEqual({ parse: [], users: ['123456789012345678'] });
  });

  it('offers choices as buttons carrying their question, and many as a menu', () => {
    const [few] = renderDiscord({
      text: 'How urgent?',
      ask: 'urgency',
      choices: [{ label: '1', value: '1' }],
    });
    expect(JSON.stringify(few?.components)).toContain('"custom_id":"l48|urgency|1"');
    const [many] = renderDiscord({
      text: 'Pick',
      choices: Array.from({ length: 7 }, (_, i) => ({ label: `${i}`, value: `${i}` })),
    });
    expect(JSON.stringify(many?.components)).toContain('"type":3');
  });
});

describe('the /ticket command', () => {
  it('turns options back into the text command, parts separated by |', () => {
    const values: Record<string, string | number> = {
      number: 1001,
      estimate: 'tomorrow 18:00',
      plan: 'Swap it',
    };
    expect(commandText('plan', (n) => values[n] ?? null)).toBe(
      '/ticket plan 1001 tomorrow 18:00 | Swap it',
    );
    expect(commandText('claim', (n) => (n === 'number' ? 1001 : null))).toBe('/ticket claim 1001');
  });

  it('keeps an empty part in its place, so precautions never become the result', () => {
    const values: Record<string, string | number> = { number: 1001, precautions: 'Keep it dry' };
    expect(commandText('handled', (n) => values[n] ?? null)).toBe(
      '/ticket handled 1001 | Keep it dry',
    );
    const piped: Record<string, string | number> = { number: 7, note: 'a | b' };
    expect(commandText('update', (n) => piped[n] ?? null)).toBe('/ticket update 7 a / b');
  });
});
