import { describe, expect, it } from 'vitest';
import { detectLanguage, hasSimplifiedOnly, resolveLanguage } from '../../src/i18n/detect.ts';

describe('detectLanguage', () => {
  it('is certain that Simplified Chinese text is Mandarin', () => {
    expect(detectLanguage('我的打印机坏了，屏幕显示错误代码')).toEqual({
      language: 'zh-CN',
      certain: true,
    });
  });

  it('is certain that text with Cantonese words is Cantonese', () => {
    expect(detectLanguage('我部打印機壞咗，唔知點算')).toEqual({ language: 'yue', certain: true });
    expect(detectLanguage('佢哋幾時會嚟整？')).toEqual({ language: 'yue', certain: true });
  });

  it('recognises Cantonese written in Simplified characters', () => {
    expect(detectLanguage('我部打印机坏咗')).toEqual({ language: 'yue', certain: true });
  });

  it('needs two of the weaker Cantonese words before it is sure', () => {
    expect(detectLanguage('關係')).toEqual({ language: 'yue', certain: false });
    expect(detectLanguage('係咪要寄返部機？')).toEqual({ language: 'yue', certain: true });
  });

  it('is certain that text with kana is Japanese, kanji and all', () => {
    expect(detectLanguage('プリンターが動きません')).toEqual({ language: 'ja', certain: true });
    expect(detectLanguage('印刷できない')).toEqual({ language: 'ja', certain: true });
    expect(detectLanguage('ﾌﾟﾘﾝﾀｰ')).toEqual({ language: 'ja', certain: true });
  });

  it('is certain that Hangul is Korean', () => {
    expect(detectLanguage('프린터가 작동하지 않습니다')).toEqual({ language: 'ko', certain: true });
  });

  it('guesses Cantonese, without certainty, for Traditional text with no Cantonese words', () => {
    expect(detectLanguage('印表機無法列印，請問該怎麼辦')).toEqual({
      language: 'yue',
      certain: false,
    });
    expect(detectLanguage('問題')).toEqual({ language: 'yue', certain: false });
  });

  it('guesses Mandarin, without certainty, for characters both scripts share', () => {
    expect(detectLanguage('你好')).toEqual({ language: 'zh-CN', certain: false });
  });

  it('does not take HK place names and shared words for Simplified Chinese', () => {
    expect(detectLanguage('葵涌分店')).toEqual({ language: 'zh-CN', certain: false });
    expect(detectLanguage('五公里')).toEqual({ language: 'zh-CN', certain: false });
  });

  it('guesses English, without certainty, for Latin letters', () => {
    expect(detectLanguage('My printer is broken')).toEqual({ language: 'en', certain: false });
    expect(detectLanguage('ok')).toEqual({ language: 'en', certain: false });
  });

  it('reads Chinese mixed with English words as Chinese', () => {
    expect(detectLanguage('我的 HP 打印机没反应')).toEqual({ language: 'zh-CN', certain: true });
  });

  it.each(['', '   ', '12345', '👍🙏', '?!', '#123', 'Привет'])(
    'cannot tell the language of %j',
    (text) => {
      expect(detectLanguage(text)).toBeUndefined();
    },
  );
});

describe('hasSimplifiedOnly', () => {
  it('finds a Simplified character hidden in Cantonese text', () => {
    expect(hasSimplifiedOnly('我哋會盡快处理你嘅個案')).toBe(true);
  });

  it('passes Cantonese text written wholly in Traditional characters', () => {
    expect(hasSimplifiedOnly('我哋會盡快處理你嘅個案，多謝你耐心等候。')).toBe(false);
  });

  it('passes Hong Kong forms such as 户 and 綫', () => {
    expect(hasSimplifiedOnly('客户熱綫')).toBe(false);
  });

  it('passes text with no Chinese at all', () => {
    expect(hasSimplifiedOnly('Ticket #123 closed')).toBe(false);
  });
});

describe('resolveLanguage', () => {
  it('follows a customer who writes in a new language with certainty', () => {
    expect(resolveLanguage({ text: 'プリンターが動きません', current: 'en' })).toBe('ja');
    expect(resolveLanguage({ text: '我的打印机坏了，屏幕显示错误代码', current: 'yue' })).toBe(
      'zh-CN',
    );
  });

  it('keeps a Japanese conversation when the customer writes kanji only', () => {
    expect(resolveLanguage({ text: '問題', current: 'ja' })).toBe('ja');
  });

  it('keeps a Cantonese conversation when the customer writes shared characters', () => {
    expect(resolveLanguage({ text: '你好', current: 'yue' })).toBe('yue');
  });

  it('keeps a conversation when a short reply holds one Simplified-looking character', () => {
    expect(resolveLanguage({ text: '什么', current: 'yue' })).toBe('yue');
    expect(resolveLanguage({ text: '国', current: 'ja' })).toBe('ja');
    expect(resolveLanguage({ text: '什么', current: 'en' })).toBe('zh-CN');
  });

  it('keeps the conversation language when an English-looking reply is ambiguous', () => {
    expect(resolveLanguage({ text: 'OK', current: 'ko' })).toBe('ko');
  });

  it('uses the platform locale for a first message that does not tell', () => {
    expect(resolveLanguage({ text: '問題', locale: 'ja-JP' })).toBe('ja');
    expect(resolveLanguage({ text: 'HP LaserJet', locale: 'zh-TW' })).toBe('yue');
    expect(resolveLanguage({ text: '👍', locale: 'ko-KR' })).toBe('ko');
  });

  it('prefers what the customer wrote over the platform locale', () => {
    expect(resolveLanguage({ text: '我部打印機壞咗', locale: 'en-US' })).toBe('yue');
  });

  it('falls back to its guess from the text when there is no locale', () => {
    expect(resolveLanguage({ text: 'My printer is broken' })).toBe('en');
    expect(resolveLanguage({ text: '問題' })).toBe('yue');
  });

  it('decides nothing when neither the text nor the platform tells', () => {
    expect(resolveLanguage({ text: '👍' })).toBeUndefined();
    expect(resolveLanguage({ text: '12345', locale: 'garbage!' })).toBeUndefined();
  });
});

describe('a Japanese conversation and kanji that Simplified Chinese shares', () => {
  it.each([
    '印刷画質低下',
    '東京都千代田区',
    '国際電話番号',
    '学校体育館',
    '本体水没',
    '定期的点検希望',
    '画像処理完了後停止',
  ])('stays Japanese on %s', (text) => {
    expect(resolveLanguage({ text, current: 'ja' })).toBe('ja');
  });

  it('moves to Mandarin when the customer writes Mandarin sentences', () => {
    expect(resolveLanguage({ text: '我们的打印机坏了，怎么办？', current: 'ja' })).toBe('zh-CN');
  });
});

describe('a first message from a Japanese browser', () => {
  it('stays Japanese on kanji shared with Simplified Chinese', () => {
    expect(resolveLanguage({ text: '印刷画質低下', locale: 'ja-JP' })).toBe('ja');
    expect(resolveLanguage({ text: '東京都千代田区', locale: 'ja-JP' })).toBe('ja');
  });
});
