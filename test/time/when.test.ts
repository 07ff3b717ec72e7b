import { describe, expect, it } from 'vitest';
import { parseWhen } from '../../src/time/when.ts';

// A Friday: 18:00 in Shanghai, 19:00 in Tokyo, 05:00 in New York and 11:00 in Berlin.
const NOW = Date.parse('2026-12-04T10:00:00Z');
const SHANGHAI = 'Asia/Shanghai';
const TOKYO = 'Asia/Tokyo';
const NEW_YORK = 'America/New_York';
const BERLIN = 'Europe/Berlin';

interface Case {
  text: string;
  zone: string;
  expected: string;
}

function read(text: string, zone: string, now = NOW): string | undefined {
  const at = parseWhen(text, now, zone);
  return at === undefined ? undefined : new Date(at).toISOString().replace('.000Z', 'Z');
}

function cases(zone: string, rows: Record<string, string>): Case[] {
  return Object.entries(rows).map(([text, expected]) => ({ text, zone, expected }));
}

describe('parseWhen reads a duration from now', () => {
  it.each([
    ...cases(NEW_YORK, {
      'in 3h': '2026-12-04T13:00:00Z',
      'in 90m': '2026-12-04T11:30:00Z',
      'in 2d': '2026-12-06T10:00:00Z',
      'in 1h30m': '2026-12-04T11:30:00Z',
      'in 3 hours': '2026-12-04T13:00:00Z',
      'in 45 minutes': '2026-12-04T10:45:00Z',
      'in 2 days': '2026-12-06T10:00:00Z',
      'in 2 hours and 30 minutes': '2026-12-04T12:30:00Z',
      '3 hours from now': '2026-12-04T13:00:00Z',
      '3h': '2026-12-04T13:00:00Z',
      '+3h': '2026-12-04T13:00:00Z',
      'ＩＮ　３Ｈ': '2026-12-04T13:00:00Z',
    }),
    ...cases(SHANGHAI, {
      '3小时后': '2026-12-04T13:00:00Z',
      '3个小时后': '2026-12-04T13:00:00Z',
      '30分钟后': '2026-12-04T10:30:00Z',
      '2天后': '2026-12-06T10:00:00Z',
      三个小时后: '2026-12-04T13:00:00Z',
      一个半小时后: '2026-12-04T11:30:00Z',
      '２小时内': '2026-12-04T12:00:00Z',
    }),
    ...cases(TOKYO, {
      '3時間後': '2026-12-04T13:00:00Z',
      '30分後': '2026-12-04T10:30:00Z',
      '2日後': '2026-12-06T10:00:00Z',
      '1時間30分後': '2026-12-04T11:30:00Z',
      '3시간 후': '2026-12-04T13:00:00Z',
      '3시간후': '2026-12-04T13:00:00Z',
      '30분 후': '2026-12-04T10:30:00Z',
      '2일 후': '2026-12-06T10:00:00Z',
      '3시간 뒤': '2026-12-04T13:00:00Z',
    }),
    ...cases(SHANGHAI, {
      '3個鐘後': '2026-12-04T13:00:00Z',
      '3小時後': '2026-12-04T13:00:00Z',
      '30分鐘後': '2026-12-04T10:30:00Z',
      兩日後: '2026-12-06T10:00:00Z',
      半個鐘後: '2026-12-04T10:30:00Z',
    }),
  ])('reads "$text" as $expected', ({ text, zone, expected }) => {
    expect(read(text, zone)).toBe(expected);
  });
});

describe('parseWhen reads a day word or weekday, at 18:00 unless a time is given', () => {
  it.each([
    ...cases(NEW_YORK, {
      today: '2026-12-04T23:00:00Z',
      tonight: '2026-12-05T01:00:00Z',
      'tonight 9': '2026-12-05T02:00:00Z',
      tomorrow: '2026-12-05T23:00:00Z',
      'tomorrow 9am': '2026-12-05T14:00:00Z',
      'Tomorrow at 6:30 PM': '2026-12-05T23:30:00Z',
      'the day after tomorrow': '2026-12-06T23:00:00Z',
      '6pm tomorrow': '2026-12-05T23:00:00Z',
      monday: '2026-12-07T23:00:00Z',
      'mon 10:00': '2026-12-07T15:00:00Z',
      friday: '2026-12-04T23:00:00Z',
      'friday 3am': '2026-12-11T08:00:00Z',
      'by friday': '2026-12-04T23:00:00Z',
      'tomorrow.': '2026-12-05T23:00:00Z',
    }),
    ...cases(BERLIN, {
      'today 18h': '2026-12-04T17:00:00Z',
      'friday 10:00': '2026-12-11T09:00:00Z',
    }),
    ...cases(SHANGHAI, {
      今天: '2026-12-04T10:00:00Z',
      明天: '2026-12-05T10:00:00Z',
      后天: '2026-12-06T10:00:00Z',
      明天下午3点: '2026-12-05T07:00:00Z',
      '明天 18:00': '2026-12-05T10:00:00Z',
      今晚: '2026-12-04T12:00:00Z',
      今晚8点: '2026-12-04T12:00:00Z',
      周一: '2026-12-07T10:00:00Z',
      '星期三 上午10点': '2026-12-09T02:00:00Z',
      星期天: '2026-12-06T10:00:00Z',
      周五: '2026-12-11T10:00:00Z',
      '周五 晚上9点': '2026-12-04T13:00:00Z',
      明天18点前: '2026-12-05T10:00:00Z',
      '明天。': '2026-12-05T10:00:00Z',
    }),
    ...cases(TOKYO, {
      今日: '2026-12-04T09:00:00Z',
      明日: '2026-12-05T09:00:00Z',
      明後日: '2026-12-06T09:00:00Z',
      明日の午後3時: '2026-12-05T06:00:00Z',
      月曜日: '2026-12-07T09:00:00Z',
      '金曜日 午前10時': '2026-12-11T01:00:00Z',
      日曜日: '2026-12-06T09:00:00Z',
      金曜日まで: '2026-12-11T09:00:00Z',
      오늘: '2026-12-04T09:00:00Z',
      내일: '2026-12-05T09:00:00Z',
      모레: '2026-12-06T09:00:00Z',
      '내일 오후 6시': '2026-12-05T09:00:00Z',
      '내일 오전 10시 30분': '2026-12-05T01:30:00Z',
      월요일: '2026-12-07T09:00:00Z',
      '토요일 9시': '2026-12-05T00:00:00Z',
      금요일까지: '2026-12-11T09:00:00Z',
    }),
    ...cases(SHANGHAI, {
      聽日: '2026-12-05T10:00:00Z',
      後日: '2026-12-06T10:00:00Z',
      聽日下晝3點: '2026-12-05T07:00:00Z',
      禮拜一: '2026-12-07T10:00:00Z',
      聽日6點半: '2026-12-04T22:30:00Z',
    }),
  ])('reads "$text" as $expected', ({ text, zone, expected }) => {
    expect(read(text, zone)).toBe(expected);
  });
});

describe('parseWhen reads a time alone as its next occurrence', () => {
  it.each([
    ...cases(NEW_YORK, {
      '18:00': '2026-12-04T23:00:00Z',
      '6pm': '2026-12-04T23:00:00Z',
      '6:30 pm': '2026-12-04T23:30:00Z',
      '6 p.m.': '2026-12-04T23:00:00Z',
      '9:00': '2026-12-04T14:00:00Z',
      '4am': '2026-12-05T09:00:00Z',
      noon: '2026-12-04T17:00:00Z',
    }),
    ...cases(BERLIN, {
      '18h30': '2026-12-04T17:30:00Z',
      '10:30': '2026-12-05T09:30:00Z',
    }),
    ...cases(SHANGHAI, {
      '18点': '2026-12-05T10:00:00Z',
      '18點': '2026-12-05T10:00:00Z',
      下午6点: '2026-12-05T10:00:00Z',
      晚上8点半: '2026-12-04T12:30:00Z',
      晚上八点: '2026-12-04T12:00:00Z',
      上午10点: '2026-12-05T02:00:00Z',
      '18时30分': '2026-12-04T10:30:00Z',
      '６點半': '2026-12-04T22:30:00Z',
    }),
    ...cases(TOKYO, {
      '18時': '2026-12-05T09:00:00Z',
      '20時': '2026-12-04T11:00:00Z',
      '18時30分': '2026-12-05T09:30:00Z',
      午後6時: '2026-12-05T09:00:00Z',
      午前10時: '2026-12-05T01:00:00Z',
      '２１：００': '2026-12-04T12:00:00Z',
      '18시': '2026-12-05T09:00:00Z',
      '18시 30분': '2026-12-05T09:30:00Z',
      '오후 6시': '2026-12-05T09:00:00Z',
      '오전 10시 30분': '2026-12-05T01:30:00Z',
      '밤 9시': '2026-12-04T12:00:00Z',
    }),
  ])('reads "$text" as $expected', ({ text, zone, expected }) => {
    expect(read(text, zone)).toBe(expected);
  });
});

describe('parseWhen reads a date, taking the next one when the year is left out', () => {
  it.each([
    ...cases(SHANGHAI, {
      '2026-12-06': '2026-12-06T10:00:00Z',
      '2026-12-06 18:00': '2026-12-06T10:00:00Z',
      '2026-12-06T09:30': '2026-12-06T01:30:00Z',
      '2026/12/06 18:00': '2026-12-06T10:00:00Z',
      '2027-01-15': '2027-01-15T10:00:00Z',
      '12月6日': '2026-12-06T10:00:00Z',
      '12月6日 18:00': '2026-12-06T10:00:00Z',
      '2026年12月6日': '2026-12-06T10:00:00Z',
      '12月6号下午3点': '2026-12-06T07:00:00Z',
      十二月六日: '2026-12-06T10:00:00Z',
      '12月3日': '2027-12-03T10:00:00Z',
      '1月5日': '2027-01-05T10:00:00Z',
      '12月6日 6點半': '2026-12-05T22:30:00Z',
    }),
    ...cases(TOKYO, {
      '12月6日18時': '2026-12-06T09:00:00Z',
      '2026年12月6日': '2026-12-06T09:00:00Z',
      '12월 6일': '2026-12-06T09:00:00Z',
      '12월 6일 18시': '2026-12-06T09:00:00Z',
      '2026년 12월 6일 오후 3시': '2026-12-06T06:00:00Z',
    }),
    ...cases(NEW_YORK, {
      '6 dec': '2026-12-06T23:00:00Z',
      'dec 6': '2026-12-06T23:00:00Z',
      'december 6 18:00': '2026-12-06T23:00:00Z',
      'Dec 6th, 2026': '2026-12-06T23:00:00Z',
      'dec 4': '2026-12-04T23:00:00Z',
      '3 dec': '2027-12-03T23:00:00Z',
      '5 jan': '2027-01-05T23:00:00Z',
    }),
    ...cases(BERLIN, {
      '24 december 9:00': '2026-12-24T08:00:00Z',
      '9:00 24 dec': '2026-12-24T08:00:00Z',
    }),
  ])('reads "$text" as $expected', ({ text, zone, expected }) => {
    expect(read(text, zone)).toBe(expected);
  });
});

describe('parseWhen across the clock changes in New York', () => {
  const saturdayBeforeSpring = Date.parse('2026-03-07T15:00:00Z'); // 10:00 EST
  const saturdayBeforeAutumn = Date.parse('2026-10-31T14:00:00Z'); // 10:00 EDT

  it('keeps the wall time of a day word when the clocks spring forward overnight', () => {
    expect(read('tomorrow 09:00', NEW_YORK, saturdayBeforeSpring)).toBe('2026-03-08T13:00:00Z');
    expect(read('tomorrow', NEW_YORK, saturdayBeforeSpring)).toBe('2026-03-08T22:00:00Z');
    expect(read('sunday 9am', NEW_YORK, saturdayBeforeSpring)).toBe('2026-03-08T13:00:00Z');
  });

  it('keeps the wall time of a day word when the clocks fall back overnight', () => {
    expect(read('tomorrow 09:00', NEW_YORK, saturdayBeforeAutumn)).toBe('2026-11-01T14:00:00Z');
    expect(read('tomorrow', NEW_YORK, saturdayBeforeAutumn)).toBe('2026-11-01T23:00:00Z');
  });

  it('moves a time that the clocks skip forward by the gap, to 03:30 EDT', () => {
    expect(read('2026-03-08 02:30', NEW_YORK)).toBe('2026-03-08T07:30:00Z');
    const oneInTheMorning = Date.parse('2026-03-08T06:00:00Z');
    expect(read('2:30am', NEW_YORK, oneInTheMorning)).toBe('2026-03-08T07:30:00Z');
  });

  it('takes the first of the two 01:30s on the night the clocks fall back', () => {
    expect(read('2026-11-01 01:30', NEW_YORK)).toBe('2026-11-01T05:30:00Z');
  });

  it('adds exactly 24 hours for "in 24h", whatever the clocks do', () => {
    for (const start of [saturdayBeforeSpring, saturdayBeforeAutumn]) {
      for (let now = start; now < start + 2 * 86_400_000; now += 3 * 3_600_000) {
        expect(parseWhen('in 24h', now, NEW_YORK)).toBe(now + 86_400_000);
        expect(parseWhen('24小时后', now, NEW_YORK)).toBe(now + 86_400_000);
      }
    }
  });

  it('counts a day as 24 hours in a relative time, so "in 2d" is 48 hours later', () => {
    expect(read('in 2d', NEW_YORK, saturdayBeforeSpring)).toBe('2026-03-09T15:00:00Z');
  });
});

describe('parseWhen refuses what is not a definite time', () => {
  it.each([
    'soon',
    'asap',
    '明天左右',
    '',
    '   ',
    '25:00',
    '24:00',
    '13:60',
    '18am',
    '2026-02-30',
    '2月30日',
    'feb 30',
    '12/06',
    '12/06/2026',
    'tomorrow 8',
    'tomorrow-ish',
    'tomorrow?',
    '明天前',
    '3小时前',
    '2日',
    '30分',
    '下午',
    'in',
    'in h',
    '1234',
    'in 99999999999 days',
  ])('gives undefined for "%s"', (text) => {
    expect(parseWhen(text, NOW, SHANGHAI)).toBeUndefined();
  });

  it('reads a bare "18h" as a duration, like "3h", and "tomorrow 18h" as a time', () => {
    expect(read('18h', BERLIN)).toBe('2026-12-05T04:00:00Z');
    expect(read('tomorrow 18h', BERLIN)).toBe('2026-12-05T17:00:00Z');
  });

  it('returns a day named explicitly even when its time has passed', () => {
    expect(read('today 09:00', BERLIN)).toBe('2026-12-04T08:00:00Z');
  });
});
