import { describe, expect, it } from 'vitest';
import { isBlank, normalizeArgument, normalizeText } from '../../src/text/normalize.ts';

describe('normalizeText', () => {
  it('keeps a message exactly as typed when there is nothing to clean', () => {
    expect(normalizeText('プリンターが動きません。Ｅ０１と表示されます')).toBe(
      'プリンターが動きません。Ｅ０１と表示されます',
    );
  });

  it('turns Windows and old Mac line endings into plain line breaks', () => {
    expect(normalizeText('line one\r\nline two\rline three')).toBe(
      'line one\nline two\nline three',
    );
  });

  it('removes control characters but keeps tabs and line breaks', () => {
    expect(normalizeText('order\u0000 12\u0007\u009B3\n\tpaid\u007F')).toBe('order 123\n\tpaid');
  });

  it('composes accents typed as separate marks so that equal words store equally', () => {
    expect(normalizeText('Cafe\u0301')).toBe('Café');
  });

  it('replaces a broken half of an emoji with a visible replacement character', () => {
    const broken = 'thanks \uD83D';
    expect(normalizeText(broken)).toBe('thanks \uFFFD');
    expect(normalizeText('\uDE00 ok')).toBe('\uFFFD ok');
  });

  it('keeps whole emoji, including those joined from several people', () => {
    expect(normalizeText('👨‍👩‍👧 🙏')).toBe('👨‍👩‍👧 🙏');
  });

  it('trims surrounding spaces, including the ideographic space', () => {
    expect(normalizeText('\u3000  我部打印機壞咗 \n')).toBe('我部打印機壞咗');
  });
});

describe('normalizeArgument', () => {
  it('reads a full-width ticket number as the ordinary one', () => {
    expect(normalizeArgument('＃１２３')).toBe('#123');
  });

  it('treats the ideographic space like a normal space', () => {
    expect(normalizeArgument('close\u3000#42')).toBe('close #42');
  });

  it('ignores invisible characters pasted into a command word', () => {
    expect(normalizeArgument('cl\u200Bo\u200Ds\u2060e\uFEFF')).toBe('close');
    expect(normalizeArgument('\u202Eclose\u202C \u200Eurgent\u200F')).toBe('close urgent');
  });

  it('collapses tabs, line breaks and repeated spaces to one space', () => {
    expect(normalizeArgument('  assign\t\t@amy \n now  ')).toBe('assign @amy now');
  });

  it('lower-cases, so CLOSE and close are the same command', () => {
    expect(normalizeArgument('CLOSE Ｔｉｃｋｅｔ')).toBe('close ticket');
  });

  it('drops control characters', () => {
    expect(normalizeArgument('close\u0000\u0085')).toBe('close');
  });
});

describe('isBlank', () => {
  it('says an empty or space-only answer is blank', () => {
    expect(isBlank('')).toBe(true);
    expect(isBlank(' \t\n\u3000')).toBe(true);
  });

  it('says an answer of only invisible characters is blank', () => {
    expect(isBlank('\u200B\u200D\u2060\uFEFF\u200E\u202A\u2066\u0000')).toBe(true);
  });

  it('says an answer with anything visible is not blank', () => {
    expect(isBlank('.')).toBe(false);
    expect(isBlank('\u200B好')).toBe(false);
    expect(isBlank('🙏')).toBe(false);
  });
});
