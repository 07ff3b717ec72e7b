import type { Language } from './languages.ts';

/** The Intl locale used to format dates and numbers for each language. */
const INTL_LOCALE: Record<Language, string> = {
  en: 'en-GB',
  'zh-CN': 'zh-CN',
  ja: 'ja-JP',
  ko: 'ko-KR',
  yue: 'zh-HK',
};

const formatters = new Map<string, Intl.DateTimeFormat>();

/** An instant as a person reads it: their language's style, their time zone, with the zone named. */
export function formatInstant(at: number, language: Language, timeZone: string): string {
  const key = `${language}|${timeZone}`;
  let formatter = formatters.get(key);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat(INTL_LOCALE[language], {
      timeZone,
      year: 'numeric',
      month: 'short',
      day: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      timeZoneName: 'short',
    });
    formatters.set(key, formatter);
  }
  return formatter.format(at);
}
