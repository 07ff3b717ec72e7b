import { describe, expect, it } from 'vitest';
import { languageFromLocale } from '../../src/i18n/locale.ts';

describe('languageFromLocale', () => {
  it.each(['zh', 'zh-CN', 'zh-SG', 'zh-Hans', 'zh-Hans-CN', 'zh-Hans-HK', 'zh_CN'])(
    'speaks Mandarin in Simplified characters to %s',
    (locale) => {
      expect(languageFromLocale(locale)).toBe('zh-CN');
    },
  );

  it.each(['zh-HK', 'zh-MO', 'zh-Hant-HK', 'zh-Hant-MO', 'yue', 'yue-Hant-HK', 'zh-yue'])(
    'speaks Cantonese to %s',
    (locale) => {
      expect(languageFromLocale(locale)).toBe('yue');
    },
  );

  it.each(['zh-TW', 'zh-Hant', 'zh-Hant-TW', 'zh_TW.UTF-8'])(
    'gives %s readers Traditional characters, never Simplified',
    (locale) => {
      expect(languageFromLocale(locale)).toBe('yue');
    },
  );

  it.each([
    ['ja', 'ja'],
    ['ja-JP', 'ja'],
    ['ja-JP-mac', 'ja'],
    ['ko', 'ko'],
    ['ko-KR', 'ko'],
    ['en', 'en'],
    ['en-US', 'en'],
    ['en_GB', 'en'],
  ])('maps %s to %s', (locale, language) => {
    expect(languageFromLocale(locale)).toBe(language);
  });

  it('ignores case and the kind of separator', () => {
    expect(languageFromLocale('ZH_hant_tw')).toBe('yue');
    expect(languageFromLocale('JA-jp')).toBe('ja');
  });

  it.each(['fr-FR', 'de', 'pt-BR', 'es-419', 'vi'])(
    'falls back to English for %s, a language Loop48 does not speak',
    (locale) => {
      expect(languageFromLocale(locale)).toBe('en');
    },
  );

  it.each([undefined, null, '', '   ', 'und', 'C', 'POSIX', '123', '!!', 'unknown', 'x-private'])(
    'reports no language for %s, so that it is not mistaken for English',
    (locale) => {
      expect(languageFromLocale(locale)).toBeUndefined();
    },
  );
});
