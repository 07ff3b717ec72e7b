import { scriptOfHan } from './chinese-script.ts';
import type { Language } from './languages.ts';
import { languageFromLocale } from './locale.ts';

/** A language read from a person's text; `certain` is false when another language is plausible. */
export interface Detection {
  language: Language;
  certain: boolean;
}

const KANA = /[\u3040-\u309F\u30A0-\u30FF\uFF66-\uFF9F]/;
const HANGUL = /[\uAC00-\uD7AF\u1100-\u11FF\u3130-\u318F]/;
const HAN = /\p{Script=Han}/gu;
const LATIN = /\p{Script=Latin}/u;
const OTHER_LETTER = /(?!\p{Script=Latin})\p{L}/u;

// Characters and words that written Mandarin does not use.
const STRONG_CANTONESE = /[嘅咗唔喺冇佢哋啲嘢嚟㗎嗰]/u;
// Each of these also turns up in Mandarin or in names (係 in 關係, 咪 in 咪表), so one alone is noise.
const WEAK_CANTONESE =
  /係|咪|乜|咁|噉|咩|啱|睇|畀|搵|喎|囉|嘞|點解|点解|邊度|边度|幾時|几时|多謝|多谢/gu;

// Below this many Han characters a Simplified-looking character is too little evidence to move a
// conversation out of Cantonese or Japanese: a lone 么 or 国 is often a typo or a kanji.
const MIN_HAN_TO_SWITCH_FROM_TRADITIONAL = 4;
/** Characters common in written Mandarin and absent from, or rare in, Japanese. */
// 的, 了 and 没 are left out: Japanese writes them too (定期的, 完了, 水没).
const MANDARIN_FUNCTION_WORDS = /[吗呢们这么请个还吧啊您她它哪谁我你]|是不是|怎么|什么/u;

/**
 * Guesses the language of a message from its characters alone, with no dictionary of words.
 *
 * Kana means Japanese and Hangul means Korean. Cantonese is recognised by its own characters
 * (嘅, 咗, 唔...). Other Han text is Mandarin when it has Simplified-only characters; when it
 * has only Traditional ones it is reported as Cantonese but not certain, because Taiwanese
 * Mandarin and Japanese kanji look the same. Latin letters give English, not certain, since
 * French or Spanish look alike here. Returns `undefined` when nothing tells (digits, emoji).
 */
export function detectLanguage(text: string): Detection | undefined {
  if (KANA.test(text)) return { language: 'ja', certain: true };
  if (HANGUL.test(text)) return { language: 'ko', certain: true };

  const han = text.match(HAN) ?? [];
  if (han.length > 0) return detectChinese(text, han);

  if (LATIN.test(text) && !OTHER_LETTER.test(text)) return { language: 'en', certain: false };
  return undefined;
}

function detectChinese(text: string, han: readonly string[]): Detection {
  if (isWrittenCantonese(text)) return { language: 'yue', certain: true };

  let traditional = false;
  for (const character of new Set(han)) {
    const script = scriptOfHan(character);
    if (script === 'simplified') return { language: 'zh-CN', certain: true };
    if (script === 'traditional') traditional = true;
  }
  return traditional ? { language: 'yue', certain: false } : { language: 'zh-CN', certain: false };
}

function isWrittenCantonese(text: string): boolean {
  if (STRONG_CANTONESE.test(text)) return true;
  const weak = new Set(text.match(WEAK_CANTONESE));
  return weak.size >= 2;
}

/**
 * Tells whether a text contains a character that only Simplified Chinese uses, e.g. to check
 * that a Cantonese (Traditional) string has not been mixed with Simplified. Characters that are
 * also real Traditional characters (里, 后, 干) do not count; see `scriptOfHan`.
 */
export function hasSimplifiedOnly(text: string): boolean {
  for (const character of new Set(text.match(HAN))) {
    if (scriptOfHan(character) === 'simplified') return true;
  }
  return false;
}

/** What a conversation knows when a customer message arrives. */
export interface ResolveLanguageInput {
  text: string;
  current?: Language | undefined;
  locale?: string | undefined;
}

/**
 * Decides which language to answer a customer message in. Call it on every customer message
 * and store the result as the conversation's language.
 *
 * A certain detection from the text wins, so a customer can switch language by writing in it.
 * An uncertain one never moves an existing language: short kanji or Latin text is ambiguous.
 * Without a current language, the platform locale comes next, then the uncertain guess.
 * Exceptions, because Japanese shinjitai share many forms with Simplified Chinese (画, 国, 学):
 * a Japanese conversation moves to Mandarin only on text with Mandarin function words (的, 了,
 * 吗, 我们...), and a Cantonese one only on Simplified-looking text of four Han characters or
 * more. Returns `undefined` when nothing tells.
 */
export function resolveLanguage(input: ResolveLanguageInput): Language | undefined {
  const { text, current, locale } = input;
  const detected = detectLanguage(text);

  // A Japanese or Cantonese platform locale protects a first message the way a language does.
  const baseline = current ?? languageFromLocale(locale);
  if (detected?.certain === true && !isWeakSwitchToMandarin(detected, text, baseline)) {
    return detected.language;
  }
  if (current !== undefined) return current;
  return languageFromLocale(locale) ?? detected?.language;
}

function isWeakSwitchToMandarin(
  detected: Detection,
  text: string,
  current: Language | undefined,
): boolean {
  if (detected.language !== 'zh-CN') return false;
  if (current === 'ja') return !MANDARIN_FUNCTION_WORDS.test(text);
  if (current !== 'yue') return false;
  return (text.match(HAN)?.length ?? 0) < MIN_HAN_TO_SWITCH_FROM_TRADITIONAL;
}
