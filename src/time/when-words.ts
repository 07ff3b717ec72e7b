// The words `parseWhen` understands, in English, Simplified Chinese, Japanese, Korean and
// Cantonese. All are in the form `parseWhen` compares them: NFKC, lower case, Chinese numerals
// already turned into digits (so 星期一 is listed as 星期1).

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const WEEK = 7 * DAY;

/**
 * Length of each duration unit, in milliseconds. A day is always 24 hours: a relative time is a
 * duration added to now, so "in 2 days" across a clock change lands 48 hours later.
 */
export const DURATION_UNITS: Readonly<Record<string, number>> = {
  m: MINUTE,
  min: MINUTE,
  mins: MINUTE,
  minute: MINUTE,
  minutes: MINUTE,
  h: HOUR,
  hr: HOUR,
  hrs: HOUR,
  hour: HOUR,
  hours: HOUR,
  d: DAY,
  day: DAY,
  days: DAY,
  w: WEEK,
  wk: WEEK,
  wks: WEEK,
  week: WEEK,
  weeks: WEEK,
  分: MINUTE,
  分钟: MINUTE,
  分鐘: MINUTE,
  분: MINUTE,
  小时: HOUR,
  小時: HOUR,
  钟: HOUR,
  鐘: HOUR,
  钟头: HOUR,
  鐘頭: HOUR,
  時間: HOUR,
  시간: HOUR,
  天: DAY,
  日: DAY,
  일: DAY,
  周: WEEK,
  週: WEEK,
  星期: WEEK,
  礼拜: WEEK,
  禮拜: WEEK,
  週間: WEEK,
  주: WEEK,
};

/** Words that follow a CJK duration: "after" (后, 後, 후, 뒤) or "within" (内, 以内, 이내, 안에). */
export const RELATIVE_SUFFIXES: readonly string[] = [
  ...['后', '後', '以后', '以後', '之后', '之後', '後に', '후', '뒤', '뒤에'],
  ...['内', '內', '以内', '以內', '之内', '之內', '以内に', '이내', '안에'],
];

/** Days counted from today; `evening` marks words that mean tonight (20:00, hours read as pm). */
export const DAY_WORDS: Readonly<Record<string, { days: number; evening?: boolean }>> = {
  today: { days: 0 },
  tonight: { days: 0, evening: true },
  tomorrow: { days: 1 },
  'day after tomorrow': { days: 2 },
  'the day after tomorrow': { days: 2 },
  今天: { days: 0 },
  今晚: { days: 0, evening: true },
  明天: { days: 1 },
  后天: { days: 2 },
  後天: { days: 2 },
  今日: { days: 0 },
  今夜: { days: 0, evening: true },
  今晩: { days: 0, evening: true },
  明日: { days: 1 },
  明後日: { days: 2 },
  あした: { days: 1 },
  あさって: { days: 2 },
  오늘: { days: 0 },
  오늘밤: { days: 0, evening: true },
  내일: { days: 1 },
  모레: { days: 2 },
  聽日: { days: 1 },
  听日: { days: 1 },
  後日: { days: 2 },
};

/** Builds the weekday table: English names, 星期/周/禮拜 plus a digit, 月曜日 and 월요일 forms. */
function weekdayWords(): Record<string, number> {
  const words: Record<string, number> = {};
  const english = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
  const japanese = '日月火水木金土';
  const korean = '일월화수목금토';
  english.forEach((name, weekday) => {
    words[name] = weekday;
    words[name.slice(0, 3)] = weekday;
    words[`${japanese[weekday]}曜日`] = weekday;
    words[`${japanese[weekday]}曜`] = weekday;
    words[`${korean[weekday]}요일`] = weekday;
    for (const prefix of ['星期', '周', '週', '礼拜', '禮拜']) {
      for (const mark of weekday === 0 ? ['日', '天'] : [String(weekday)]) {
        words[`${prefix}${mark}`] = weekday;
      }
    }
  });
  Object.assign(words, { tues: 2, thur: 4, thurs: 4 });
  return words;
}

/** Day of the week (0 = Sunday) for every weekday word. */
export const WEEKDAY_WORDS: Readonly<Record<string, number>> = weekdayWords();

/** English month names; any prefix of three letters or more names the month ("sept", "dec"). */
export const MONTH_NAMES: readonly string[] = [
  ...['january', 'february', 'march', 'april', 'may', 'june', 'july'],
  ...['august', 'september', 'october', 'november', 'december'],
];

/** Words written before a CJK clock reading that say which half of the day it is in. */
export const MERIDIEM_WORDS: Readonly<Record<string, 'am' | 'pm'>> = {
  上午: 'am',
  早上: 'am',
  早晨: 'am',
  凌晨: 'am',
  朝: 'am',
  午前: 'am',
  오전: 'am',
  아침: 'am',
  새벽: 'am',
  中午: 'pm',
  下午: 'pm',
  傍晚: 'pm',
  晚上: 'pm',
  夜晚: 'pm',
  夜: 'pm',
  朝早: 'am',
  下晝: 'pm',
  晏晝: 'pm',
  晚黑: 'pm',
  午後: 'pm',
  오후: 'pm',
  저녁: 'pm',
  밤: 'pm',
};

const DIGITS: Readonly<Record<string, number>> = {
  ...{ 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 兩: 2, 三: 3, 四: 4 },
  ...{ 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 },
};

/** Matches a run of Chinese numerals, for {@link chineseNumeral}. */
export const CHINESE_NUMERAL = /[零〇一二两兩三四五六七八九十]+/g;

/**
 * Writes a run of Chinese numerals in digits: 三 → 3, 十五 → 15, 二十 → 20, 二〇二六 → 2026.
 * Leaves the run as it was when it is not a number below 100 or a string of single digits.
 */
export function chineseNumeral(run: string): string {
  const ten = run.indexOf('十');
  if (ten === -1) return [...run].map((char) => DIGITS[char] ?? '').join('');

  const tens = ten === 0 ? 1 : DIGITS[run.slice(0, ten)];
  const ones = ten === run.length - 1 ? 0 : DIGITS[run.slice(ten + 1)];
  return tens === undefined || ones === undefined ? run : String(tens * 10 + ones);
}

/** Escapes words and joins them longest first, so that "monday" wins over "mon". */
export function alternation(words: readonly string[]): string {
  return [...words]
    .sort((a, b) => b.length - a.length)
    .map((word) => word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('|');
}
