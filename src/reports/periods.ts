import { zonedParts, zonedToEpoch } from '../time/zoned.ts';
import type { Period } from './figures.ts';

/** A calendar date as typed: YYYY-MM-DD. */
export interface CalendarDate {
  year: number;
  month: number;
  day: number;
}

/**
 * Reads YYYY-MM-DD from 1970 on; returns undefined for anything else, including dates that do not
 * exist.
 */
export function parseDate(text: string): CalendarDate | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text.trim());
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (year < 1970) return undefined;
  const check = new Date(Date.UTC(year, month - 1, day));
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return undefined;
  return { year, month, day };
}

/** A date as YYYY-MM-DD. */
export const dateText = (d: CalendarDate): string =>
  `${d.year}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;

/** The calendar date in `timeZone` at `epoch`. */
export function dateAt(epoch: number, timeZone: string): CalendarDate {
  const { year, month, day } = zonedParts(epoch, timeZone);
  return { year, month, day };
}

const midnight = (d: CalendarDate, timeZone: string): number =>
  zonedToEpoch({ ...d, hour: 0, minute: 0 }, timeZone);

/** `days` calendar days in `timeZone` starting on `first`; a day is 23 or 25 hours across a change. */
export function daysFrom(first: CalendarDate, days: number, timeZone: string): Period {
  return {
    from: midnight(first, timeZone),
    to: midnight({ ...first, day: first.day + days }, timeZone),
  };
}

/** The seven days ending with `last`, and the four weeks before it, newest first. */
export function weeksEndingOn(last: CalendarDate, timeZone: string): Period[] {
  return [0, 1, 2, 3, 4].map((back) =>
    daysFrom({ ...last, day: last.day - 6 - 7 * back }, 7, timeZone),
  );
}

/** The calendar month that holds `date`. */
export function monthOf(date: CalendarDate, timeZone: string): Period {
  return {
    from: midnight({ ...date, day: 1 }, timeZone),
    to: midnight({ ...date, month: date.month + 1, day: 1 }, timeZone),
  };
}
