import { countryCodes } from '../intake/country.ts';
import { countryTimeZone } from '../time/country-zone.ts';

export const REGIONS = [
  'asia',
  'europe',
  'africa',
  'north_america',
  'south_america',
  'oceania',
] as const;
export type Region = (typeof REGIONS)[number];

const SOUTH_AMERICA = new Set([
  'AR',
  'BO',
  'BR',
  'CL',
  'CO',
  'EC',
  'FK',
  'GF',
  'GY',
  'PE',
  'PY',
  'SR',
  'UY',
  'VE',
]);
/** Countries whose main time zone's area does not name their continent. */
const EXCEPTIONS: Record<string, Region> = {
  CV: 'africa',
  MU: 'africa',
  SC: 'africa',
  KM: 'africa',
  MG: 'africa',
  RE: 'africa',
  YT: 'africa',
  ST: 'africa',
  SH: 'africa',
  IS: 'europe',
  FO: 'europe',
  PT: 'europe',
  ES: 'europe',
  MV: 'asia',
  IO: 'asia',
  BM: 'north_america',
  GS: 'south_america',
  TF: 'africa',
  BV: 'europe',
  AQ: 'oceania',
  HM: 'oceania',
};

let table: Map<string, Region> | undefined;

/**
 * The region of a country (ISO 3166 code), from the continent of its main time zone with a few
 * named exceptions: every country has one, so routing can always widen from country to region.
 */
export function regionOf(country: string): Region {
  table ??= build();
  return table.get(country.toUpperCase()) ?? 'asia';
}

/** Every country of a region. */
export function countriesIn(region: Region): string[] {
  table ??= build();
  return [...table].filter(([, r]) => r === region).map(([code]) => code);
}

function build(): Map<string, Region> {
  const map = new Map<string, Region>();
  for (const code of countryCodes()) map.set(code, classify(code));
  return map;
}

function classify(code: string): Region {
  const exception = EXCEPTIONS[code];
  if (exception) return exception;
  if (SOUTH_AMERICA.has(code)) return 'south_america';
  const area = countryTimeZone(code).split('/')[0];
  switch (area) {
    case 'Europe':
      return 'europe';
    case 'Africa':
      return 'africa';
    case 'America':
    case 'Atlantic':
      return 'north_america';
    case 'Australia':
    case 'Pacific':
      return 'oceania';
    default:
      return 'asia';
  }
}
