import type { Language } from './languages.ts';

// BCP 47 "undetermined" parses but says nothing about the language.
const UNDETERMINED = 'und';

/**
 * Maps the locale a chat platform reports for a person (`zh-TW`, `en_US`, `ja`) to the language
 * Loop48 should speak to them, before they have written anything.
 *
 * Case and `_` versus `-` do not matter, and POSIX suffixes such as `.UTF-8` are ignored. A
 * well-formed tag for a language Loop48 does not speak gives `'en'`; a missing or malformed tag
 * gives `undefined`, so callers can tell "no locale" from "English". The result is a guess: what
 * the person writes should override it (see `resolveLanguage`).
 */
export function languageFromLocale(locale: string | undefined | null): Language | undefined {
  const tag = parseTag(locale);
  if (tag === undefined || tag.language === UNDETERMINED) return undefined;

  switch (tag.language) {
    case 'zh':
      return chineseLanguage(tag.script, tag.region);
    case 'yue':
      return 'yue';
    case 'ja':
      return 'ja';
    case 'ko':
      return 'ko';
    default:
      return 'en';
  }
}

function chineseLanguage(script: string | undefined, region: string | undefined): Language {
  if (script === 'Hans') return 'zh-CN';
  // Taiwanese Mandarin readers get Cantonese, not Mandarin: yue is the only language we write in
  // Traditional characters, and Simplified text is harder for them to read than Cantonese words.
  if (script === 'Hant') return 'yue';
  if (region === 'HK' || region === 'MO' || region === 'TW') return 'yue';
  return 'zh-CN';
}

interface Tag {
  language: string;
  script: string | undefined;
  region: string | undefined;
}

function parseTag(locale: string | undefined | null): Tag | undefined {
  if (typeof locale !== 'string') return undefined;

  // POSIX locales carry an encoding and a modifier: "zh_TW.UTF-8@calendar".
  const cleaned = locale
    .trim()
    .replace(/[.@].*$/, '')
    .replaceAll('_', '-');
  const subtags = cleaned.split('-');

  // The legacy tag zh-yue (and zh-yue-HK) names Cantonese; Intl no longer accepts it.
  if (subtags[0]?.toLowerCase() === 'zh' && subtags[1]?.toLowerCase() === 'yue') {
    return { language: 'yue', script: undefined, region: undefined };
  }

  // Platforms append private variants ("ja-JP-mac"); drop trailing subtags until the tag parses.
  for (let end = subtags.length; end > 0; end--) {
    const parsed = tryLocale(subtags.slice(0, end).join('-'));
    if (parsed !== undefined) return parsed;
  }
  return undefined;
}

function tryLocale(tag: string): Tag | undefined {
  try {
    const parsed = new Intl.Locale(tag);
    // BCP 47 also allows 5-8 letter language subtags, which in practice are words, not languages.
    if (!/^[a-z]{2,3}$/.test(parsed.language)) return undefined;
    return { language: parsed.language, script: parsed.script, region: parsed.region };
  } catch {
    // Intl throws a RangeError for anything that is not a well-formed BCP 47 tag.
    return undefined;
  }
}
