import { describe, expect, it } from 'vitest';
import { LIMITS, renderSlack } from '../../adapters/slack/render.ts';
import { escapeSlack, splitEscaped, splitText, unescapeSlack } from '../../adapters/slack/text.ts';

describe('Slack text', () => {
  it('escapes &, < and > once, and unescapes what Slack sends back', () => {
    const typed = '<!channel> & <@U123> <b>';
    const escaped = escapeSlack(typed);
    expect(escaped).toBe('&lt;!channel&gt; &amp; &lt;@U123&gt; &lt;b&gt;');
    expect(unescapeSlack(escaped)).toBe(typed);
    expect(escapeSlack('&amp;')).toBe('&amp;amp;');
  });

  it('turns Slack markup back into what the person typed', () => {
    expect(unescapeSlack('<mailto:a@b.co|a@b.co>')).toBe('a@b.co');
    expect(unescapeSlack('<!here> <!channel> <@U123> <#C1|general>')).toBe(
      '@here @channel @U123 #general',
    );
    expect(unescapeSlack('<https://example.com|example.com> <!subteam^S1|@oncall>')).toBe(
      'example.com @oncall',
    );
  });

  it('never ends a piece inside an entity, and cuts even a grapheme longer than a piece', () => {
    const text = '&'.repeat(5000);
    for (const piece of splitEscaped(text, 3000)) {
      expect(piece.length).toBeLessThanOrEqual(3000);
      expect(piece).toMatch(/^(&amp;)+$/);
    }
    const zalgo = `Z${'\u0301'.repeat(2100)}`;
    for (const piece of splitText(zalgo, 2000)) expect(piece.length).toBeLessThanOrEqual(2000);
  });

  it('never makes a piece longer than the limit, even when a long emoji follows the last space', () => {
    const text = `${'x'.repeat(2000)} ${'y'.repeat(1999)}👨‍👩‍👧‍👦`;
    const pieces = splitText(text, 2000);
    expect(pieces.join('')).toBe(text);
    for (const piece of pieces) expect(piece.length).toBeLessThanOrEqual(2000);
  });

  it('splits long text without breaking a character, an emoji or a combining mark', () => {
    const family = '👨‍👩‍👧‍👦';
    const flag = '🇯🇵';
    const text = `${'日本語のテキスト'.repeat(300)}${family}${'e\u0301'.repeat(500)}${flag}`.repeat(
      2,
    );
    const pieces = splitText(text, 3000);
    expect(pieces.join('')).toBe(text);
    for (const piece of pieces) {
      expect(piece.length).toBeLessThanOrEqual(3000);
      expect(piece.startsWith('\u0301')).toBe(false);
      expect(piece.startsWith('\u200d')).toBe(false);
      expect(/^[\udc00-\udfff]/.test(piece)).toBe(false);
    }
  });
});

describe('Block Kit rendering', () => {
  it('keeps every block within Slack’s limits and splits a long message into several', () => {
    const message = {
      text: 'x'.repeat(20_000),
      fields: Array.from({ length: 300 }, (_, i) => ({
        label: `Field ${i}`,
        value: 'y'.repeat(3000),
      })),
    };
    const parts = renderSlack(message);
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) {
      expect(part.blocks.length).toBeLessThanOrEqual(LIMITS.blocksPerMessage);
      expect(part.text.length).toBeLessThanOrEqual(LIMITS.fallbackText);
      for (const block of part.blocks as {
        text?: { text: string };
        fields?: { text: string }[];
      }[]) {
        if (block.text) expect(block.text.text.length).toBeLessThanOrEqual(LIMITS.sectionText);
        expect(block.fields?.length ?? 0).toBeLessThanOrEqual(LIMITS.fieldsPerSection);
        for (const field of block.fields ?? []) {
          expect(field.text.length).toBeLessThanOrEqual(LIMITS.fieldText);
        }
      }
    }
  });

  it('shows a few choices as buttons and many as a menu', () => {
    const few = renderSlack({
      text: 'How urgent?',
      choices: ['1', '2', '3'].map((v) => ({ label: v, value: v })),
    });
    expect(JSON.stringify(few[0]?.blocks)).toContain('"type":"button"');
    const many = renderSlack({
      text: 'Pick',
      choices: Array.from({ length: 8 }, (_, i) => ({ label: `Option ${i}`, value: String(i) })),
    });
    expect(JSON.stringify(many[0]?.blocks)).toContain('"type":"static_select"');
  });

  it('renders customer words in fields as plain text and mentions only the people meant', () => {
    const [part] = renderSlack(
      { text: 'Ping <!here>', fields: [{ label: 'Product', value: '<!channel> LX-200' }] },
      ['U0YUKISATO'],
    );
    expect(part?.text).toBe('<@U0YUKISATO> Ping &lt;!here&gt;');
    expect(JSON.stringify(part?.blocks)).toContain(
      '"type":"plain_text","text":"Product\\n<!channel> LX-200"',
    );
  });
});
