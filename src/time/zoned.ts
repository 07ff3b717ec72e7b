/** What a clock on the wall shows in some time zone, to the minute. `month` runs from 1 to 12. */
export interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

/** A wall-clock reading with its day of the week, 0 for Sunday through 6 for Saturday. */
export interface ZonedParts extends WallTime {
  weekday: number;
}

const DAY_MS = 86_400_000;

// Building a formatter is slow (it loads the zone's rules), so each zone gets exactly one.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** The wall clock at an instant, with seconds, so that offsets of odd seconds come out exact. */
function readWall(epoch: number, timeZone: string): WallTime & { second: number } {
  const fields = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
  for (const part of formatterFor(timeZone).formatToParts(epoch)) {
    if (part.type in fields) fields[part.type as keyof typeof fields] = Number(part.value);
  }
  // Some ICU versions still print midnight as 24 despite the h23 cycle.
  fields.hour %= 24;
  return fields;
}

/** Reads a wall time as if it were UTC; `setUTCFullYear` keeps years below 100 literal. */
function wallAsUtc(wall: WallTime, second = 0): number {
  const date = new Date(0);
  date.setUTCFullYear(wall.year, wall.month - 1, wall.day);
  date.setUTCHours(wall.hour, wall.minute, second, 0);
  return date.getTime();
}

/** How far the zone's wall clock runs ahead of UTC at an instant, in milliseconds. */
function offsetAt(epoch: number, timeZone: string): number {
  const wall = readWall(epoch, timeZone);
  return wallAsUtc(wall, wall.second) - Math.floor(epoch / 1000) * 1000;
}

/**
 * The instant (epoch milliseconds) at which the clocks in an IANA zone show the given wall time.
 * Use it to turn what a person typed ("Monday 09:00" in their zone) into a stored instant.
 *
 * A time skipped by a spring-forward change moves forward by the size of the gap (02:30 in New
 * York on the morning clocks jump becomes 03:30 EDT); a time repeated by a fall-back change gives
 * the earlier of its two instants. Out-of-range fields roll over as in `Date.UTC`. Assumes a zone
 * changes its offset at most once within two days, which holds for every zone in use today.
 * Throws a RangeError for a zone name that Intl does not know.
 */
export function zonedToEpoch(parts: WallTime, timeZone: string): number {
  const guess = wallAsUtc(parts);

  // The offsets in force a day either side of the guess cover both sides of any nearby change.
  const before = offsetAt(guess - DAY_MS, timeZone);
  const after = offsetAt(guess + DAY_MS, timeZone);

  // Earliest candidate first, so that a repeated hour resolves to its first occurrence.
  const candidates = [guess - Math.max(before, after), guess - Math.min(before, after)];
  for (const candidate of candidates) {
    if (offsetAt(candidate, timeZone) === guess - candidate) return candidate;
  }

  // Neither offset reproduces the wall time, so it fell in a gap: keep the offset from before it.
  return guess - before;
}

/**
 * The wall-clock reading and weekday of an instant in an IANA zone. Use it to decide what "today"
 * or "tomorrow" means for a person; format for display with `formatInstant` instead. Throws a
 * RangeError for a zone name that Intl does not know.
 */
export function zonedParts(epoch: number, timeZone: string): ZonedParts {
  const { year, month, day, hour, minute } = readWall(epoch, timeZone);
  const wall = { year, month, day, hour, minute };
  const weekday = new Date(wallAsUtc(wall)).getUTCDay();
  return { ...wall, weekday };
}
