import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hasSimplifiedOnly } from '../../src/i18n/detect.ts';
import { LANGUAGES, type Language } from '../../src/i18n/languages.ts';
import { createTranslators, loadResources } from '../../src/i18n/translator.ts';
import { Vocabulary } from '../../src/intake/vocabulary.ts';
import { INTAKE_FIELDS, TICKET_TYPES, URGENCIES } from '../../src/store/types.ts';

const resources = loadResources();
const PLURAL = /_(zero|one|two|few|many|other)$/;

function flatten(tree: Record<string, unknown>, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(path, value);
    else for (const [k, v] of flatten(value as Record<string, unknown>, path)) out.set(k, v);
  }
  return out;
}

const flat = Object.fromEntries(LANGUAGES.map((l) => [l, flatten(resources[l])])) as Record<
  Language,
  Map<string, string>
>;
const baseKeys = (language: Language) =>
  new Set([...flat[language].keys()].map((key) => key.replace(PLURAL, '')));
const placeholders = (text: string) =>
  [...text.matchAll(/{{\s*(\w+)\s*}}/g)].map((m) => m[1]).sort();

describe.each(LANGUAGES)('the %s strings', (language) => {
  it('have every key the English strings have, and no other', () => {
    expect([...baseKeys(language)].sort()).toEqual([...baseKeys('en')].sort());
  });

  it('have exactly the plural forms the language uses', () => {
    const categories = new Intl.PluralRules(language === 'yue' ? 'zh-HK' : language)
      .resolvedOptions()
      .pluralCategories.sort();
    const plural = [...flat.en.keys()]
      .filter((k) => PLURAL.test(k))
      .map((k) => k.replace(PLURAL, ''));
    for (const base of new Set(plural)) {
      const forms = [...flat[language].keys()]
        .filter((k) => k.replace(PLURAL, '') === base && PLURAL.test(k))
        .map((k) => PLURAL.exec(k)?.[1])
        .sort();
      expect(forms, base).toEqual(categories);
    }
  });

  it('fill in the same placeholders as the English strings', () => {
    for (const [key, text] of flat[language]) {
      if (key.startsWith('input.')) continue;
      const english = flat.en.get(key) ?? flat.en.get(key.replace(PLURAL, '_other')) ?? '';
      expect(placeholders(text), key).toEqual(placeholders(english));
    }
  });

  it('have no empty string', () => {
    for (const [key, text] of flat[language]) expect(text.trim(), key).not.toBe('');
  });
});

describe('the Cantonese strings', () => {
  it('contain no Simplified-only character', () => {
    const simplified = [...flat.yue].filter(([, text]) => hasSimplifiedOnly(text));
    expect(simplified.map(([key]) => key)).toEqual([]);
  });
});

describe('the words people type', () => {
  const words = new Vocabulary(resources);

  it.each(LANGUAGES)('in %s: the Submit button sends a word that means yes', (language) => {
    expect(words.isYes(flat[language].get('intake.submit_value') ?? '')).toBe(true);
  });

  it('mean one thing each across all five languages', () => {
    const meanings = new Map<string, Set<string>>();
    for (const language of LANGUAGES) {
      for (const [key, list] of flat[language]) {
        if (!key.startsWith('input.')) continue;
        for (const word of list.split('|')) {
          const w = word.normalize('NFKC').toLowerCase().trim();
          const set = meanings.get(w) ?? new Set<string>();
          set.add(key.slice('input.'.length));
          meanings.set(w, set);
        }
      }
    }
    const clashes = [...meanings]
      .filter(([, set]) => set.size > 1)
      .map(([w, s]) => `${w}: ${[...s]}`);
    expect(clashes).toEqual([]);
  });

  it('name every urgency, field, ticket type and language in every language', () => {
    for (const language of LANGUAGES) {
      for (const u of URGENCIES) expect(flat[language].get(`input.urgency.${u}`)).toBeTruthy();
      for (const f of INTAKE_FIELDS) expect(flat[language].get(`input.field.${f}`)).toBeTruthy();
      for (const t of TICKET_TYPES) expect(flat[language].get(`input.type.${t}`)).toBeTruthy();
      for (const l of LANGUAGES) expect(flat[language].get(`input.language.${l}`)).toBeTruthy();
    }
  });
});

describe('the keys the code uses', () => {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (path.endsWith('.ts')) files.push(path);
    }
  };
  walk('src');
  walk('adapters');

  it('all exist in every language, so no raw key can reach a person', () => {
    const used = new Set<string>();
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      const literal =
        /\b(?:t|tc)\(\s*'([a-z_]+(?:\.[a-z_]+)+)'|UserError\(\s*'([a-z_.]+)'|error: '([a-z_]+\.[a-z_.]+)'/g;
      for (const match of text.matchAll(literal)) {
        const key = match[1] ?? match[2] ?? match[3];
        if (key) used.add(key);
      }
    }
    expect(used.size).toBeGreaterThan(40);
    const translators = createTranslators(resources);
    for (const language of LANGUAGES) {
      const t = translators.for(language);
      for (const key of used) {
        const text = t(key, { count: 2 });
        expect(text, `${language}: ${key}`).not.toBe(key);
      }
    }
  });

  it('throw rather than show a key that does not exist', () => {
    const t = createTranslators(resources).for('ja');
    expect(() => t('intake.no_such_key')).toThrow(/missing translation key/);
  });
});
