import { normalizeArgument } from '../text/normalize.ts';
import {
  alternation,
  CHINESE_NUMERAL,
  chineseNumeral,
  DAY_WORDS,
  DURATION_UNITS,
  MERIDIEM_WORDS,
  MONTH_NAMES,
  RELATIVE_SUFFIXES,
  WEEKDAY_WORDS,
} from './when-words.ts';
import { type WallTime, zonedParts, zonedToEpoch } from './zoned.ts';

type Meridiem = 'am' | 'pm';
type CalendarDate = Pick<WallTime, 'year' | 'month' | 'day'>;
type Clock = Pick<WallTime, 'hour' | 'minute'>;

/** The day part of what was typed, before it is placed on a calendar. */
type DayRef =
  | { kind: 'offset'; days: number; evening: boolean }
  | { kind: 'weekday'; weekday: number }
  | { kind: 'date'; year: number | undefined; month: number; day: number };

interface Pattern<T> {
  re: RegExp;
  read: (match: RegExpExecArray) => T | undefined;
}

// The latest instant a Date can hold; anything beyond is not a usable deadline.
const MAX_INSTANT = 8.64e15;
const END_OF_WORKDAY: Clock = { hour: 18, minute: 0 };
const EVENING: Clock = { hour: 20, minute: 0 };

// Spaces around CJK characters carry no meaning: "12월 6일" and "12월6일" are the same date.
const SPACE_BY_CJK = / ?([\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}\p{sc=Hangul}]) ?/gu;
const NON_ASCII = /[^\p{ASCII}]/u;
const CONNECTOR = /(^| )(?:at|on|by)(?= |$)/g;
// "By" words after a day or time: まで and 까지 read naturally on their own, 前 only after a time.
const UNTIL = /(?:までに|まで|까지)$/;
const BEFORE = /(?:之前|以前|前)$/;

const EN_RELATIVE_PREFIX = /^(?:in |\+ ?)/;
const EN_RELATIVE_SUFFIX = / (?:later|from now)$/;
const CJK_RELATIVE_SUFFIX = new RegExp(`(?:${alternation(RELATIVE_SUFFIXES)})$`);
const DURATION = new RegExp(
  `(?:,? (?:and )?| )?(\\d+(?:\\.\\d+)?)? ?(?:个|個)?(半)?(?:个|個)?` +
    `(${alternation(Object.keys(DURATION_UNITS))})(?![a-z])`,
  'y',
);

const MERIDIEM_PREFIX = new RegExp(`^(${alternation(Object.keys(MERIDIEM_WORDS))})`);
const AMPM_SUFFIX = / ?([ap])\.?m\.?$/;

/** Day parts, each anchored at the start of the text; the rest of the text must be a clock. */
const DAYS: Pattern<DayRef>[] = [
  {
    re: new RegExp(`^(?:${alternation(Object.keys(DAY_WORDS))})(?![a-z])`),
    read: ([word]) => {
      const entry = DAY_WORDS[word];
      return entry && { kind: 'offset', days: entry.days, evening: entry.evening ?? false };
    },
  },
  {
    re: new RegExp(`^(?:${alternation(Object.keys(WEEKDAY_WORDS))})(?![a-z])`),
    read: ([word]) => {
      const weekday = WEEKDAY_WORDS[word];
      return weekday === undefined ? undefined : { kind: 'weekday', weekday };
    },
  },
  // 2026-12-06, 2026/12/06 and 2026-12-06T18:00 (the T is dropped so the clock follows).
  { re: /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:t(?=\d))?/, read: ([, y, m, d]) => date(y, m, d) },
  // 12月6日, 2026年12月6日, 12月6号 and 12월 6일; a slash date needs its year (12/06 is ambiguous).
  {
    re: /^(?:(\d{4})[年년])?(\d{1,2})[月월](\d{1,2})[日号號일]/,
    read: ([, y, m, d]) => date(y, m, d),
  },
  // 6 dec, 6th december 2026
  {
    re: /^(\d{1,2})(?:st|nd|rd|th)? ([a-z]{3,})\.?(?:,? (\d{4})(?![\d:]))?/,
    read: ([, d, name, y]) => date(y, monthNamed(name), d),
  },
  // dec 6, december 6th, 2026
  {
    re: /^([a-z]{3,})\.? (\d{1,2})(?:st|nd|rd|th)?(?![\d:a-z])(?:,? (\d{4})(?![\d:]))?/,
    read: ([, name, d, y]) => date(y, monthNamed(name), d),
  },
];

/** Clock readings, matched against the whole text once any am/pm word is taken off. */
const CLOCKS: (Pattern<Clock> & { needsMeridiem?: boolean })[] = [
  { re: /^(\d{1,2}):(\d{2})$/, read: ([, h, m]) => clock(h, m) },
  // 18点, 18點30分, 6點半, 18時30分, 18시 30분, 6시 반
  {
    re: /^(\d{1,2})[点點时時시](?:钟|鐘)?(?:(半|반)|(\d{1,2})[分분]?)?$/,
    read: ([, h, half, m]) => clock(h, half ? '30' : m),
  },
  { re: /^(\d{1,2})h(\d{2})?$/, read: ([, h, m]) => clock(h, m) },
  { re: /^(\d{1,2})$/, read: ([, h]) => clock(h, undefined), needsMeridiem: true },
  { re: /^noon$/, read: () => ({ hour: 12, minute: 0 }) },
];

function date(
  year: string | undefined,
  month: string | number | undefined,
  day: string | undefined,
) {
  if (month === undefined || day === undefined) return undefined;
  const parsedYear = year === undefined ? undefined : Number(year);
  return { kind: 'date', year: parsedYear, month: Number(month), day: Number(day) } as const;
}

function monthNamed(word: string | undefined): number | undefined {
  const index = MONTH_NAMES.findIndex((name) => word !== undefined && name.startsWith(word));
  return index === -1 ? undefined : index + 1;
}

function clock(hour: string | undefined, minute: string | undefined): Clock {
  return { hour: Number(hour), minute: Number(minute ?? 0) };
}

/** Folds width, case and numerals; drops a final full stop and words or spaces that add nothing. */
function prepare(text: string): string {
  return normalizeArgument(text)
    .replace(CHINESE_NUMERAL, chineseNumeral)
    .replace(SPACE_BY_CJK, '$1')
    .replace(CONNECTOR, '$1')
    .replace(/ +/g, ' ')
    .replace(/[.。]+$/, '')
    .trim();
}

/** Sums durations such as "1h30m", "2 hours and 30 minutes" or "1个半小时"; undefined if not one. */
function duration(text: string): number | undefined {
  let total = 0;
  DURATION.lastIndex = 0;
  while (DURATION.lastIndex < text.length) {
    const match = DURATION.exec(text);
    if (!match) return undefined;
    const [, count, half, unit] = match;
    const unitMs = DURATION_UNITS[unit ?? ''];
    if ((count === undefined && half === undefined) || unitMs === undefined) return undefined;
    total += (Number(count ?? 0) + (half ? 0.5 : 0)) * unitMs;
  }
  return text === '' ? undefined : Math.round(total);
}

function parseRelative(text: string, now: number): number | undefined {
  const prefix = EN_RELATIVE_PREFIX.exec(text)?.[0] ?? '';
  const suffix = (EN_RELATIVE_SUFFIX.exec(text) ?? CJK_RELATIVE_SUFFIX.exec(text))?.[0] ?? '';
  const body = text.slice(prefix.length, text.length - suffix.length);

  // Alone, Japanese 2日 is the 2nd of the month and 30分 half past; only Latin units stand alone.
  if (prefix === '' && suffix === '' && NON_ASCII.test(body)) return undefined;
  const span = duration(body);
  return span === undefined ? undefined : now + span;
}

function parseClock(text: string, fallback: Meridiem | undefined): Clock | undefined {
  const prefix = MERIDIEM_PREFIX.exec(text);
  const suffix = AMPM_SUFFIX.exec(text);
  const written = suffix && (suffix[1] === 'a' ? 'am' : 'pm');
  const meridiem = MERIDIEM_WORDS[prefix?.[1] ?? ''] ?? written ?? fallback;
  const core = text.slice(prefix?.[0].length ?? 0, suffix?.index ?? text.length);

  for (const { re, read, needsMeridiem } of CLOCKS) {
    const match = re.exec(core);
    const reading = match && read(match);
    if (!reading || (needsMeridiem && meridiem === undefined)) continue;

    let { hour } = reading;
    if (meridiem === 'am' && hour === 12) hour = 0;
    if (meridiem === 'pm' && hour < 12) hour += 12;
    // "9pm" is fine, "18pm" reads as 18:00, but "18am" is a mistake and not a time.
    if (hour > 23 || reading.minute > 59 || (meridiem === 'am' && hour > 12)) return undefined;
    return { hour, minute: reading.minute };
  }
  return undefined;
}

/** Ways to read the text as an optional day and a clock: day first, clock alone, clock first. */
function* readings(text: string): Generator<[DayRef | undefined, string]> {
  for (const { re, read } of DAYS) {
    const match = re.exec(text);
    const day = match && read(match);
    if (day) yield [day, text.slice(match[0].length).replace(/^[ ,の的]+/, '')];
  }
  yield [undefined, text];
  for (let space = text.indexOf(' '); space !== -1; space = text.indexOf(' ', space + 1)) {
    const tail = text.slice(space + 1);
    for (const { re, read } of DAYS) {
      const match = re.exec(tail);
      const day = match?.[0].length === tail.length ? read(match) : undefined;
      if (day) yield [day, text.slice(0, space)];
    }
  }
}

function isRealDate({ year, month, day }: CalendarDate): boolean {
  const probe = new Date(Date.UTC(year, month - 1, day));
  // Date.UTC rolls 30 February over into March, so a real date is one that reads back unchanged.
  return (
    probe.getUTCFullYear() === year &&
    probe.getUTCMonth() === month - 1 &&
    probe.getUTCDate() === day
  );
}

function addDays({ year, month, day }: CalendarDate, days: number): CalendarDate {
  const moved = new Date(Date.UTC(year, month - 1, day + days));
  return { year: moved.getUTCFullYear(), month: moved.getUTCMonth() + 1, day: moved.getUTCDate() };
}

/** Places a day and clock on the calendar of the zone, looking forward from now where unsaid. */
function resolve(
  day: DayRef | undefined,
  time: Clock | undefined,
  now: number,
  timeZone: string,
): number | undefined {
  const today = zonedParts(now, timeZone);
  const at = (date: CalendarDate, clock: Clock) => zonedToEpoch({ ...date, ...clock }, timeZone);
  const evening = day?.kind === 'offset' && day.evening;
  const clock = time ?? (evening ? EVENING : END_OF_WORKDAY);
  // The first of `dates` still ahead of now; an explicit day is taken as written, even if past.
  const firstAhead = (...dates: CalendarDate[]) =>
    dates.map((date) => at(date, clock)).find((instant) => instant > now);

  switch (day?.kind) {
    case undefined:
      return firstAhead(today, addDays(today, 1));
    case 'offset':
      return at(addDays(today, day.days), clock);
    case 'weekday': {
      const ahead = (day.weekday - today.weekday + 7) % 7;
      return firstAhead(addDays(today, ahead), addDays(today, ahead + 7));
    }
    case 'date': {
      const { year, month } = day;
      const dates = year === undefined ? [today.year, today.year + 1] : [year];
      const real = dates.map((y) => ({ year: y, month, day: day.day })).filter(isRealDate);
      if (year !== undefined) return real[0] && at(real[0], clock);
      return firstAhead(...real);
    }
  }
}

function parseAbsolute(input: string, now: number, timeZone: string): number | undefined {
  const until = UNTIL.exec(input) ?? BEFORE.exec(input);
  const text = until ? input.slice(0, until.index) : input;
  const needsClock = until !== null && BEFORE.test(until[0]);

  for (const [day, rest] of readings(text)) {
    const evening = day?.kind === 'offset' && day.evening;
    const clock = rest === '' ? undefined : parseClock(rest, evening ? 'pm' : undefined);
    // A reading counts only if the words after the day are a clock and a "before" has its time.
    if ((rest !== '' || needsClock) && !clock) continue;
    return resolve(day, clock, now, timeZone);
  }
  return undefined;
}

/**
 * Reads an estimated completion time as staff type it, in English, Simplified Chinese, Japanese,
 * Korean or Cantonese, and returns the instant (epoch milliseconds), or undefined when the text is
 * not a date or time. Use it on the answer to "when will this be done?"; `timeZone` is the IANA
 * zone of the person typing.
 *
 * Understands durations ("in 1h30m", "3小时后", "30分後", "2일 후"), day words and weekdays
 * ("tomorrow", "明天", "明後日", "모레", "聽日", "friday", "周五", "金曜日"), clock readings
 * ("18:00", "6:30 pm", "下午6点", "午後6時", "오후 6시") and dates ("2026-12-06", "12月6日",
 * "12월 6일", "dec 6"), alone or combined. A day without a time means 18:00 that day ("tonight"
 * means 20:00); a time, weekday or date without a year means the next one still ahead. An
 * explicit day ("today 09:00", "2026-01-01") is returned as written even if already past.
 *
 * Limits: a bare "18h" is a duration (18 hours from now), not a time; write "18:00" or "tomorrow
 * 18h". Slash dates need a year, since 12/06 means different days to different readers. Vague
 * words ("soon", "明天左右") and impossible dates or times give undefined.
 */
export function parseWhen(text: string, now: number, timeZone: string): number | undefined {
  const input = prepare(text);
  if (input === '') return undefined;
  const at = parseRelative(input, now) ?? parseAbsolute(input, now, timeZone);
  return at !== undefined && Math.abs(at) <= MAX_INSTANT ? at : undefined;
}
