import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import i18next, { type TFunction } from 'i18next';
import { LANGUAGES, type Language } from './languages.ts';

export type Translate = (key: string, params?: Record<string, unknown>) => string;

/** One fixed translator per language, shared by every conversation. */
export interface Translators {
  for(language: Language): Translate;
}

const LOCALES_DIR = fileURLToPath(new URL('../../locales/', import.meta.url));

/** Reads locales/<language>/translation.json for every language. */
export function loadResources(dir = LOCALES_DIR): Record<Language, Record<string, unknown>> {
  const entries = LANGUAGES.map((language) => {
    const text = readFileSync(`${dir}${language}/translation.json`, 'utf8');
    return [language, JSON.parse(text) as Record<string, unknown>] as const;
  });
  return Object.fromEntries(entries) as Record<Language, Record<string, unknown>>;
}

/**
 * Builds the translators. A key missing in one language falls back to English; a key missing
 * everywhere throws, so a raw key can never reach a person (tests rely on it).
 */
export function createTranslators(resources = loadResources()): Translators {
  const instance = i18next.createInstance();
  void instance.init({
    initAsync: false,
    resources: Object.fromEntries(
      Object.entries(resources).map(([language, strings]) => [language, { translation: strings }]),
    ),
    supportedLngs: [...LANGUAGES],
    fallbackLng: 'en',
    // Adapters escape for their platform; the core hands over plain text.
    interpolation: { escapeValue: false },
    returnNull: false,
    // Reached only when no language, English included, has the key: never show it raw.
    parseMissingKeyHandler: (key: string) => {
      throw new Error(`missing translation key "${key}"`);
    },
  });

  const fixed = new Map<Language, Translate>();
  for (const language of LANGUAGES) {
    const t: TFunction = instance.getFixedT(language);
    fixed.set(language, (key, params) => t(key, params ?? {}) as string);
  }

  return {
    for(language) {
      const t = fixed.get(language);
      if (!t) throw new Error(`no translator for "${language}"`);
      return t;
    },
  };
}
