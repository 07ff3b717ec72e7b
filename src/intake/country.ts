import { toSimplifiedChinese } from '../i18n/chinese-script.ts';
import type { Language } from '../i18n/languages.ts';
import { ISO_ALPHA3 } from './country-codes.ts';

// Kosovo has no ISO code yet, but XK is what the EU, banks and CLDR use for it.
const EXTRA_CODES = ['XK'];

// Every locale whose region names a customer might type; yue and zh-Hant differ from zh-Hant-HK
// for a few names (象牙海岸, 寮國).
const NAME_LOCALES = ['en', 'zh-Hans', 'ja', 'ko', 'zh-Hant-HK', 'zh-Hant', 'yue'];

const DISPLAY_LOCALE: Record<Language, string> = {
  en: 'en',
  'zh-CN': 'zh-Hans',
  ja: 'ja',
  ko: 'ko',
  yue: 'zh-Hant-HK',
};

// Names people use that CLDR does not list. Traditional forms need no entry of their own: names
// are compared after conversion to Simplified.
const ALIASES: Record<string, readonly string[]> = {
  US: ['USA', 'U.S.A.', 'United States of America', 'America', '美国', 'アメリカ', '米国', '미국'],
  GB: ['Britain', 'Great Britain', 'England', 'Scotland', 'Wales', 'Northern Ireland', 'UK'],
  KR: ['Korea', 'Republic of Korea', '韩国', '韓国', '한국', '대한민국'],
  CN: ['Mainland China', "People's Republic of China", 'PRC', '中国大陆', '中国内地', '内地'],
  HK: ['Hong Kong SAR', 'HKSAR', '香港'],
  MO: ['Macau', 'Macau SAR', '澳门'],
  TW: ['台湾'],
  AE: ['UAE', 'Emirates'],
  AU: ['澳洲'],
  RU: ['Russia', 'Russian Federation'],
  VN: ['Vietnam', 'Viet Nam'],
  NL: ['Holland'],
  CZ: ['Czechia', 'Czech Republic'],
  TR: ['Türkiye', 'Turkey'],
  CI: ['Ivory Coast'],
  CV: ['Cabo Verde'],
  MK: ['Macedonia'],
  MM: ['Burma'],
  SZ: ['Swaziland'],
  TL: ['East Timor'],
  VA: ['Vatican', 'Holy See'],
};

interface CountryTables {
  codes: readonly string[];
  byName: ReadonlyMap<string, string>;
}

let tables: CountryTables | undefined;

/**
 * Every country or region code that {@link parseCountry} can return, sorted: the ISO 3166-1
 * alpha-2 codes plus XK for Kosovo. Use it to group countries into sales regions or to check a
 * stored code.
 */
export function countryCodes(): readonly string[] {
  return getTables().codes;
}

/**
 * Reads a person's answer to "which country or region are you in?" as an ISO 3166-1 alpha-2 code.
 *
 * Accepts ISO alpha-2 and alpha-3 codes in any case, and names in English, Chinese (either
 * script), Japanese and Korean as Unicode CLDR spells them, plus common aliases (USA, UK, 澳洲).
 * Case, surrounding spaces, full-width forms, accents, `&` versus "and", and punctuation do not
 * matter. It matches whole answers only: "I live in Japan" gives `undefined`. A two-letter answer
 * is read as a code, so "no" means Norway: handle yes/no replies before calling this.
 */
export function parseCountry(answer: string): string | undefined {
  const { codes, byName } = getTables();
  const key = foldName(answer);
  if (key === '') return undefined;

  const named = byName.get(key);
  if (named !== undefined) return named;

  const code = key.toUpperCase();
  if (/^[A-Z]{2}$/.test(code) && codes.includes(code)) return code;
  if (/^[A-Z]{3}$/.test(code)) return alpha2FromAlpha3(code);
  return undefined;
}

/**
 * The name of a stored country code in a person's language, for showing it back to them
 * ("Japan", "日本", "일본"). Cantonese speakers get Hong Kong names. An unknown code comes back
 * unchanged.
 */
export function countryName(code: string, language: Language): string {
  const upper = code.toUpperCase();
  const key = `${language}:${upper}`;
  const cached = shownNames.get(key);
  if (cached !== undefined) return cached;
  if (!getTables().codes.includes(upper)) return code;
  const names = new Intl.DisplayNames([DISPLAY_LOCALE[language]], { type: 'region' });
  const name = names.of(upper) ?? code;
  shownNames.set(key, name);
  return name;
}

/** Names already looked up, by language and code: ICU is slow to ask on a hot path. */
const shownNames = new Map<string, string>();

function alpha2FromAlpha3(alpha3: string): string | undefined {
  for (const [alpha2, candidate] of Object.entries(ISO_ALPHA3)) {
    if (candidate === alpha3) return alpha2;
  }
  return undefined;
}

// Building the name index asks ICU for about 3,500 names; do it on the first question only.
function getTables(): CountryTables {
  tables ??= buildTables();
  return tables;
}

function buildTables(): CountryTables {
  const english = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });
  const codes = [...Object.keys(ISO_ALPHA3), ...EXTRA_CODES]
    .filter((code) => english.of(code) !== undefined)
    .sort();

  // A name two countries share (剛果 for both Congos) answers nothing, so it is left out.
  const byName = new Map<string, string>();
  const ambiguous = new Set<string>();
  const add = (name: string, code: string): void => {
    for (const key of nameKeys(name)) {
      const existing = byName.get(key);
      if (existing !== undefined && existing !== code) ambiguous.add(key);
      else byName.set(key, code);
    }
  };

  for (const locale of NAME_LOCALES) {
    for (const style of ['long', 'short'] as const) {
      const names = new Intl.DisplayNames([locale], { type: 'region', style, fallback: 'none' });
      for (const code of codes) {
        const name = names.of(code);
        if (name !== undefined) add(name, code);
      }
    }
  }
  for (const key of ambiguous) byName.delete(key);

  // Aliases come last so that they win over anything above.
  for (const [code, aliases] of Object.entries(ALIASES)) {
    for (const alias of aliases) {
      for (const key of nameKeys(alias)) byName.set(key, code);
    }
  }
  return { codes, byName };
}

// "Myanmar (Burma)" is also known by each of its parts.
function nameKeys(name: string): string[] {
  const keys = [foldName(name)];
  const parts = /^(.+?)\s*[(（]([^()（）]+)[)）]$/.exec(name);
  if (parts?.[1] !== undefined && parts[2] !== undefined) {
    keys.push(foldName(parts[1]), foldName(parts[2]));
  }
  return keys.filter((key) => key !== '');
}

const HAN = /\p{Script=Han}/u;

function foldName(name: string): string {
  let folded = name.normalize('NFKC').toLocaleLowerCase('en').trim();
  if (HAN.test(folded)) folded = toSimplifiedChinese(folded);

  // Drop Latin accents only: Japanese voicing marks decompose too and must stay.
  folded = folded
    .normalize('NFD')
    .replace(/[\u0300-\u036F]/g, '')
    .normalize('NFC');

  return folded
    .replace(/^the\s+/, '')
    .replaceAll('&', ' and ')
    .replace(/\bsaint\b/g, 'st')
    .replace(/[\s\-‐–—'’‘`.,·・･()（）]/g, '');
}
