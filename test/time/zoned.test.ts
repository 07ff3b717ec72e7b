import { describe, expect, it } from 'vitest';
import { zonedParts, zonedToEpoch } from '../../src/time/zoned.ts';

const iso = (epoch: number) => new Date(epoch).toISOString();
const wall = (year: number, month: number, day: number, hour: number, minute = 0) => ({
  year,
  month,
  day,
  hour,
  minute,
});

describe('zonedToEpoch', () => {
  it('finds the instant of a wall time in a zone that never changes its clocks', () => {
    expect(iso(zonedToEpoch(wall(2026, 12, 4, 18), 'Asia/Shanghai'))).toBe(
      '2026-12-04T10:00:00.000Z',
    );
  });

  it('handles zones whose offset is not a whole number of hours', () => {
    expect(iso(zonedToEpoch(wall(2026, 12, 4, 18, 15), 'Asia/Kolkata'))).toBe(
      '2026-12-04T12:45:00.000Z',
    );
    expect(iso(zonedToEpoch(wall(2026, 12, 4, 18), 'Asia/Kathmandu'))).toBe(
      '2026-12-04T12:15:00.000Z',
    );
  });

  it('uses standard time in winter and daylight time in summer', () => {
    expect(iso(zonedToEpoch(wall(2026, 1, 15, 9), 'America/New_York'))).toBe(
      '2026-01-15T14:00:00.000Z',
    );
    expect(iso(zonedToEpoch(wall(2026, 7, 15, 9), 'America/New_York'))).toBe(
      '2026-07-15T13:00:00.000Z',
    );
  });

  it('moves a time skipped by the spring-forward change forward by the size of the gap', () => {
    // 02:30 does not exist in New York on 8 March 2026; it becomes 03:30 EDT.
    const skipped = zonedToEpoch(wall(2026, 3, 8, 2, 30), 'America/New_York');
    expect(iso(skipped)).toBe('2026-03-08T07:30:00.000Z');
    expect(zonedParts(skipped, 'America/New_York')).toMatchObject({ hour: 3, minute: 30 });
  });

  it('moves a time skipped by a half-hour change forward by half an hour', () => {
    // Lord Howe Island jumps from 02:00 to 02:30 on 4 October 2026.
    expect(iso(zonedToEpoch(wall(2026, 10, 4, 2, 15), 'Australia/Lord_Howe'))).toBe(
      '2026-10-03T15:45:00.000Z',
    );
  });

  it('takes the earlier of the two instants of a time repeated by the fall-back change', () => {
    expect(iso(zonedToEpoch(wall(2026, 11, 1, 1, 30), 'America/New_York'))).toBe(
      '2026-11-01T05:30:00.000Z',
    );
    expect(iso(zonedToEpoch(wall(2026, 4, 5, 2, 30), 'Australia/Sydney'))).toBe(
      '2026-04-04T15:30:00.000Z',
    );
  });

  it('reads the times just around a change correctly', () => {
    const zone = 'America/New_York';
    expect(iso(zonedToEpoch(wall(2026, 3, 8, 1, 59), zone))).toBe('2026-03-08T06:59:00.000Z');
    expect(iso(zonedToEpoch(wall(2026, 3, 8, 3, 0), zone))).toBe('2026-03-08T07:00:00.000Z');
    expect(iso(zonedToEpoch(wall(2026, 11, 1, 0, 59), zone))).toBe('2026-11-01T04:59:00.000Z');
    expect(iso(zonedToEpoch(wall(2026, 11, 1, 2, 0), zone))).toBe('2026-11-01T07:00:00.000Z');
  });

  it('gives back every wall time of a year that zonedParts reads, hour by hour', () => {
    const start = Date.parse('2026-01-01T00:00:00Z');
    for (const zone of ['America/New_York', 'Europe/Berlin', 'Australia/Sydney', 'Asia/Tokyo']) {
      for (let at = start; at < start + 366 * 86_400_000; at += 3_600_000) {
        const { weekday: _weekday, ...parts } = zonedParts(at, zone);
        const back = zonedToEpoch(parts, zone);
        // A repeated hour resolves to its first instant, which reads the same on the wall.
        expect(zonedParts(back, zone)).toMatchObject(parts);
        expect(back).toBeLessThanOrEqual(at);
      }
    }
  });

  it('rejects a zone name that does not exist', () => {
    expect(() => zonedToEpoch(wall(2026, 1, 1, 0), 'Mars/Olympus_Mons')).toThrow(RangeError);
  });
});

describe('zonedParts', () => {
  it('reads the wall clock and weekday of an instant in a zone', () => {
    const friday = Date.parse('2026-12-04T10:00:00Z');
    expect(zonedParts(friday, 'Asia/Tokyo')).toEqual({
      year: 2026,
      month: 12,
      day: 4,
      hour: 19,
      minute: 0,
      weekday: 5,
    });
    expect(zonedParts(friday, 'Pacific/Kiritimati')).toMatchObject({ day: 5, weekday: 6 });
    expect(zonedParts(friday, 'Pacific/Pago_Pago')).toMatchObject({ day: 3, weekday: 4 });
  });

  it('shows midnight as hour 0 of the new day, never as hour 24', () => {
    expect(zonedParts(Date.parse('2026-12-31T16:00:00Z'), 'Asia/Shanghai')).toEqual({
      year: 2027,
      month: 1,
      day: 1,
      hour: 0,
      minute: 0,
      weekday: 5,
    });
  });

  it('calls Sunday day 0', () => {
    expect(zonedParts(Date.parse('2026-12-06T12:00:00Z'), 'Europe/Berlin').weekday).toBe(0);
  });
});
