import { describe, expect, it } from 'vitest';
import { countryCodes, countryName, parseCountry } from '../../src/intake/country.ts';

describe('parseCountry', () => {
  it.each([
    ['Japan', 'JP'],
    ['日本', 'JP'],
    ['일본', 'JP'],
    ['jp', 'JP'],
    ['ＪＰ', 'JP'],
    ['Germany', 'DE'],
    ['德国', 'DE'],
    ['德國', 'DE'],
    ['ドイツ', 'DE'],
    ['독일', 'DE'],
    ['United States', 'US'],
    ['美國', 'US'],
    ['Brazil', 'BR'],
    ['巴西', 'BR'],
    ['Nigeria', 'NG'],
    ['Australia', 'AU'],
    ['澳大利亞', 'AU'],
    ['澳洲', 'AU'],
    ['Hong Kong', 'HK'],
    ['香港', 'HK'],
  ])('reads %s as %s', (answer, code) => {
    expect(parseCountry(answer)).toBe(code);
  });

  it.each([
    ['USA', 'US'],
    ['U.S.A.', 'US'],
    ['US', 'US'],
    ['United States of America', 'US'],
    ['America', 'US'],
    ['美国', 'US'],
    ['アメリカ', 'US'],
    ['미국', 'US'],
    ['UK', 'GB'],
    ['U.K.', 'GB'],
    ['Great Britain', 'GB'],
    ['England', 'GB'],
    ['英国', 'GB'],
    ['英國', 'GB'],
    ['イギリス', 'GB'],
    ['영국', 'GB'],
    ['Korea', 'KR'],
    ['South Korea', 'KR'],
    ['韩国', 'KR'],
    ['韓國', 'KR'],
    ['韓国', 'KR'],
    ['한국', 'KR'],
    ['대한민국', 'KR'],
    ['中国大陆', 'CN'],
    ['中國內地', 'CN'],
    ['澳门', 'MO'],
    ['澳門', 'MO'],
    ['台湾', 'TW'],
    ['台灣', 'TW'],
    ['臺灣', 'TW'],
    ['UAE', 'AE'],
    ['Russia', 'RU'],
    ['Vietnam', 'VN'],
    ['Viet Nam', 'VN'],
    ['Holland', 'NL'],
    ['Czechia', 'CZ'],
    ['Czech Republic', 'CZ'],
    ['Türkiye', 'TR'],
    ['Turkey', 'TR'],
  ])('understands the everyday name %s as %s', (answer, code) => {
    expect(parseCountry(answer)).toBe(code);
  });

  it.each([
    ['JPN', 'JP'],
    ['deu', 'DE'],
    ['GBR', 'GB'],
    ['BRA', 'BR'],
    ['ZAF', 'ZA'],
  ])('accepts the three-letter code %s', (answer, code) => {
    expect(parseCountry(answer)).toBe(code);
  });

  it('ignores case, surrounding spaces, full-width letters and a final full stop', () => {
    expect(parseCountry('  JAPAN  ')).toBe('JP');
    expect(parseCountry('Ｊａｐａｎ')).toBe('JP');
    expect(parseCountry('Japan.')).toBe('JP');
    expect(parseCountry('\u3000日本\u3000')).toBe('JP');
  });

  it('ignores accents, apostrophes, "&" versus "and", and a leading "the"', () => {
    expect(parseCountry("Cote d'Ivoire")).toBe('CI');
    expect(parseCountry('Bosnia and Herzegovina')).toBe('BA');
    expect(parseCountry('Trinidad & Tobago')).toBe('TT');
    expect(parseCountry('Saint Lucia')).toBe('LC');
    expect(parseCountry('the Netherlands')).toBe('NL');
    expect(parseCountry('Guinea-Bissau')).toBe('GW');
    expect(parseCountry('guinea bissau')).toBe('GW');
  });

  it('knows a country by either of the names CLDR gives it', () => {
    expect(parseCountry('Myanmar')).toBe('MM');
    expect(parseCountry('Burma')).toBe('MM');
  });

  it('does not guess between two countries that share a name', () => {
    expect(parseCountry('Congo')).toBeUndefined();
    expect(parseCountry('Congo - Kinshasa')).toBe('CD');
  });

  it.each(['Narnia', '', '   ', '123', 'EU', 'ZZ', 'XA', 'I live in Japan'])(
    'does not read %j as a country',
    (answer) => {
      expect(parseCountry(answer)).toBeUndefined();
    },
  );
});

describe('countryCodes', () => {
  const codes = countryCodes();

  it('lists every ISO country and territory, and Kosovo', () => {
    expect(codes.length).toBe(250);
    expect(codes).toContain('XK');
  });

  it('includes well-known countries on every continent', () => {
    const wellKnown = [
      ['CN', 'JP', 'KR', 'HK', 'MO', 'TW', 'SG', 'MY', 'TH', 'VN', 'PH', 'ID', 'IN', 'PK'],
      ['BD', 'AE', 'SA', 'IL', 'TR', 'KZ'],
      ['GB', 'IE', 'FR', 'DE', 'NL', 'BE', 'CH', 'AT', 'IT', 'ES', 'PT', 'SE', 'NO', 'DK'],
      ['FI', 'PL', 'CZ', 'UA', 'RU', 'GR'],
      ['NG', 'EG', 'ZA', 'KE', 'MA', 'ET', 'GH'],
      ['US', 'CA', 'MX', 'BR', 'AR', 'CL', 'CO', 'PE'],
      ['AU', 'NZ', 'FJ', 'PG'],
    ].flat();
    expect(wellKnown.length).toBeGreaterThanOrEqual(50);
    expect(codes).toEqual(expect.arrayContaining(wellKnown));
  });

  it('leaves out codes that are not countries', () => {
    for (const code of ['EU', 'EZ', 'UN', 'QO', 'XA', 'XB', 'ZZ', 'AA', 'UK', 'AC', 'IC']) {
      expect(codes).not.toContain(code);
    }
  });

  it('gives every listed code a name a customer can type back', () => {
    for (const code of codes) {
      expect(parseCountry(countryName(code, 'en'))).toBe(code);
    }
  });
});

describe('countryName', () => {
  it('names a country in the language of the person reading it', () => {
    expect(countryName('JP', 'en')).toBe('Japan');
    expect(countryName('DE', 'zh-CN')).toBe('德国');
    expect(countryName('DE', 'ja')).toBe('ドイツ');
    expect(countryName('DE', 'ko')).toBe('독일');
  });

  it('uses Hong Kong names for Cantonese readers', () => {
    expect(countryName('AU', 'yue')).toBe('澳洲');
    expect(countryName('LA', 'yue')).toBe('老撾');
  });

  it('returns an unknown code unchanged', () => {
    expect(countryName('ZZ', 'en')).toBe('ZZ');
    expect(countryName('nowhere', 'ja')).toBe('nowhere');
  });
});
