/** The languages Loop48 speaks. `yue` is Cantonese written in Traditional characters. */
export const LANGUAGES = ['en', 'zh-CN', 'ja', 'ko', 'yue'] as const;

export type Language = (typeof LANGUAGES)[number];

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}
