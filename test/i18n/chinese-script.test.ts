import { describe, expect, it } from 'vitest';
import { scriptOfHan, toSimplifiedChinese } from '../../src/i18n/chinese-script.ts';

describe('scriptOfHan', () => {
  it('knows characters only Simplified writing uses', () => {
    expect(['为', '说', '这', '么'].map(scriptOfHan)).toEqual(Array(4).fill('simplified'));
  });

  it('knows characters only Traditional writing uses', () => {
    expect(['為', '說', '這', '係', '裡'].map(scriptOfHan)).toEqual(Array(5).fill('traditional'));
  });

  it('treats characters both scripts write alike as shared', () => {
    expect(['你', '好', '嘅', '户'].map(scriptOfHan)).toEqual(Array(4).fill('both'));
  });

  it('treats characters Traditional text also uses for other words as shared', () => {
    expect(['里', '后', '干', '涌'].map(scriptOfHan)).toEqual(Array(4).fill('both'));
  });
});

describe('toSimplifiedChinese', () => {
  it('lets Hong Kong, Taiwan and mainland spellings be compared', () => {
    expect(toSimplifiedChinese('臺灣')).toBe('台湾');
    expect(toSimplifiedChinese('熱綫')).toBe('热线');
    expect(toSimplifiedChinese('德國')).toBe('德国');
  });
});
