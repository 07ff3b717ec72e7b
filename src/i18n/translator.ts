import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import i18next from 'i18next';
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

/** A string split at its `{{placeholders}}`: literal, name, literal, name, ... literal. */
type Template = string[];

const PLACEHOLDER = /{{\s*([\w.]+)\s*}}/g;

function compile(text: string): Template {
  return text.split(PLACEHOLDER);
}

function render(template: Template, params: Record<string, unknown> | undefined): string {
  if (template.length === 1) return template[0] ?? '';
  let out = '';
  for (let i = 0; i < template.length; i += 1) {
    const part = template[i] ?? '';
    if (i % 2 === 0) out += part;
    else out += String(params?.[part] ?? '');
  }
  return out;
}

/**
 * Builds the translators. i18next loads and holds the five languages (and its fixed translators
 * serve anything beyond plain keys); every key a person can see is precompiled from i18next's
 * store into a template, because an i18next `t()` call costs about 10 KB of garbage and 10 µs,
 * and one intake summary needs two dozen of them. Plurals follow CLDR through Intl.PluralRules,
 * as i18next's own do. A key missing in one language falls back to English; a key missing
 * everywhere throws, so a raw key can never reach a person (tests rely on it).
 */
export function createTranslators(
  resources = loadResources(),
  /** Values every string may use (the team's limits: `{{classifyMinutes}}`...). */
  defaults: Record<string, unknown> = {},
): Translators {
  const instance = i18next.createInstance();
  void instance.init({
    initAsync: false,
    resources: Object.fromEntries(
      Object.entries(resources).map(([language, strings]) => [language, { translation: strings }]),
    ),
    supportedLngs: [...LANGUAGES],
    fallbackLng: 'en',
    interpolation: { escapeValue: false },
    returnNull: false,
  });

  const templates = new Map<Language, Map<string, Template>>();
  for (const language of LANGUAGES) {
    const bundle = instance.getResourceBundle(language, 'translation') as Record<string, unknown>;
    const compiled = new Map<string, Template>();
    flatten(bundle, '', (key, text) => compiled.set(key, compile(text)));
    templates.set(language, compiled);
  }
  const english = templates.get('en') ?? new Map<string, Template>();

  const fixed = new Map<Language, Translate>();
  for (const language of LANGUAGES) {
    const own = templates.get(language) ?? english;
    const plurals = new Intl.PluralRules(language === 'yue' ? 'zh-HK' : language);
    const englishPlurals = new Intl.PluralRules('en');
    const find = (key: string, params: Record<string, unknown> | undefined): Template => {
      const count = params?.count;
      if (typeof count === 'number') {
        const form =
          own.get(`${key}_${plurals.select(count)}`) ??
          english.get(`${key}_${englishPlurals.select(count)}`) ??
          own.get(`${key}_other`);
        if (form) return form;
      }
      const template = own.get(key) ?? english.get(key);
      if (!template) throw new Error(`missing translation key "${key}"`);
      return template;
    };
    fixed.set(language, (key, params) =>
      render(find(key, params), params ? { ...defaults, ...params } : defaults),
    );
  }

  return {
    for(language) {
      const t = fixed.get(language);
      if (!t) throw new Error(`no translator for "${language}"`);
      return t;
    },
  };
}

function flatten(
  tree: Record<string, unknown>,
  prefix: string,
  add: (k: string, v: string) => void,
) {
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') add(path, value);
    else if (value && typeof value === 'object')
      flatten(value as Record<string, unknown>, path, add);
  }
}
