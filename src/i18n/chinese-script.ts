import * as OpenCC from 'opencc-js';

type Script = 'simplified' | 'traditional' | 'both';

interface Tables {
  toTraditional: (text: string) => string;
  toSimplified: (text: string) => string;
  keptInTraditionalPhrases: ReadonlySet<string>;
  scripts: Map<string, Script>;
}

// Below this many phrases the characters are mostly rare names (么凤, 倒霉), not everyday usage.
const MIN_TRADITIONAL_PHRASES = 2;

let tables: Tables | undefined;

// The dictionaries weigh about a megabyte; build them on first use, not at import.
function getTables(): Tables {
  tables ??= {
    toTraditional: OpenCC.Converter({ from: 'cn', to: 'hk' }),
    toSimplified: OpenCC.Converter({ from: 'hk', to: 'cn' }),
    keptInTraditionalPhrases: charactersKeptInTraditionalPhrases(),
    scripts: new Map(),
  };
  return tables;
}

/**
 * Tells which script a single Han character belongs to, as far as OpenCC's Hong Kong standard
 * can tell: `simplified` when only Simplified writing uses it (为, 说), `traditional` when only
 * Traditional writing does (為, 說, 係), `both` otherwise (你, 好, 嘅).
 *
 * Characters that Simplified conversion rewrites but that Traditional text also uses for another
 * word count as `both`: 里 (公里), 后 (皇后), 干 (若干), 涌 (葵涌). Results are cached.
 */
export function scriptOfHan(character: string): Script {
  const { scripts, toTraditional, toSimplified, keptInTraditionalPhrases } = getTables();
  const cached = scripts.get(character);
  if (cached !== undefined) return cached;

  let script: Script = 'both';
  if (toSimplified(character) !== character) {
    script = 'traditional';
  } else if (toTraditional(character) !== character && !keptInTraditionalPhrases.has(character)) {
    script = 'simplified';
  }
  scripts.set(character, script);
  return script;
}

/**
 * Converts Traditional Chinese (Hong Kong or Taiwan forms) to Simplified, phrase by phrase. Use
 * it to compare Chinese words regardless of script; it is not a translation between Cantonese
 * and Mandarin.
 */
export function toSimplifiedChinese(text: string): string {
  return getTables().toSimplified(text);
}

// OpenCC's Simplified-to-Traditional phrase list exists to keep a character unchanged where the
// one-to-one table would convert it wrongly; a character kept that way in several phrases is a
// real Traditional character too.
function charactersKeptInTraditionalPhrases(): Set<string> {
  const counts = new Map<string, number>();
  for (const group of OpenCC.Locale.from.cn ?? []) {
    for (const dict of group) {
      for (const [source, target] of entries(dict)) {
        const from = [...source];
        const to = [...target];
        if (from.length < 2 || from.length !== to.length) continue;
        from.forEach((character, i) => {
          if (to[i] === character) counts.set(character, (counts.get(character) ?? 0) + 1);
        });
      }
    }
  }
  return new Set([...counts].filter(([, n]) => n >= MIN_TRADITIONAL_PHRASES).map(([c]) => c));
}

function entries(dict: OpenCC.DictLike): Iterable<readonly [string, string]> {
  if (typeof dict !== 'string') return dict;
  // The packed form is "source target|source target|..."; only the first target is kept.
  return dict.split('|').map((entry) => {
    const [source = '', target = ''] = entry.split(' ');
    return [source, target] as const;
  });
}
