import { describe, expect, it } from 'vitest';
import { addIsoDuration, isIsoDuration, parseIsoDuration, wholeMonthsBetween } from '../../domain/duration.js';

const zero = { years: 0, months: 0, weeks: 0, days: 0, hours: 0, minutes: 0, seconds: 0 };

describe('parseIsoDuration', () => {
  it.each([
    ['P1Y', { years: 1 }],
    ['P2Y', { years: 2 }],
    ['P60D', { days: 60 }],
    ['P7D', { days: 7 }],
    ['P90D', { days: 90 }],
    ['PT12H', { hours: 12 }],
    ['PT30M', { minutes: 30 }],
    ['P1M', { months: 1 }],
    ['P1W', { weeks: 1 }],
    ['PT1.5S', { seconds: 1.5 }],
    ['P1Y2M10DT2H30M', { years: 1, months: 2, days: 10, hours: 2, minutes: 30 }],
    ['P0D', {}],
  ])('parses %s', (text, parts) => {
    expect(parseIsoDuration(text)).toEqual({ ...zero, ...parts });
    expect(isIsoDuration(text)).toBe(true);
  });

  it('tells months (before T) from minutes (after T)', () => {
    expect(parseIsoDuration('P3M')).toEqual({ ...zero, months: 3 });
    expect(parseIsoDuration('PT3M')).toEqual({ ...zero, minutes: 3 });
  });

  it.each(['', 'P', 'PT', '1Y', 'P1.5Y', 'P-1D', 'P1DT', 'p1d', 'P1D ', ' P1D', 'P1H', 'PT1D', 'P1D1Y', 'P1Y1Y', 'P1,5D', 'PT-12H'])(
    'rejects %j',
    (text) => {
      expect(isIsoDuration(text)).toBe(false);
      expect(() => parseIsoDuration(text)).toThrow(RangeError);
    },
  );
});

describe('addIsoDuration', () => {
  it.each([
    // Calendar months clamp to the last day of a shorter month.
    ['2024-01-31T00:00:00.000Z', 'P1M', '2024-02-29T00:00:00.000Z'],
    ['2023-01-31T00:00:00.000Z', 'P1M', '2023-02-28T00:00:00.000Z'],
    ['2026-03-31T08:00:00.000Z', 'P1M', '2026-04-30T08:00:00.000Z'],
    ['2026-11-30T00:00:00.000Z', 'P3M', '2027-02-28T00:00:00.000Z'],
    ['2026-12-31T00:00:00.000Z', 'P2M', '2027-02-28T00:00:00.000Z'],
    ['2026-12-15T00:00:00.000Z', 'P1M', '2027-01-15T00:00:00.000Z'],
    ['2026-01-15T00:00:00.000Z', 'P25M', '2028-02-15T00:00:00.000Z'],
    // 29 February plus a year lands on 28 February; plus a leap cycle stays on the 29th.
    ['2024-02-29T12:00:00.000Z', 'P1Y', '2025-02-28T12:00:00.000Z'],
    ['2024-02-29T12:00:00.000Z', 'P4Y', '2028-02-29T12:00:00.000Z'],
    // The demo program's validity and deadlines.
    ['2026-03-15T09:30:00.000Z', 'P2Y', '2028-03-15T09:30:00.000Z'],
    ['2026-03-15T09:30:00.000Z', 'P7D', '2026-03-22T09:30:00.000Z'],
    ['2026-12-20T00:00:00.000Z', 'P90D', '2027-03-20T00:00:00.000Z'],
    ['2026-03-15T18:00:00.000Z', 'PT12H', '2026-03-16T06:00:00.000Z'],
    ['2026-03-15T00:00:00.000Z', 'P1W', '2026-03-22T00:00:00.000Z'],
    ['2026-01-01T00:00:00.000Z', 'P1Y2M10DT2H30M', '2027-03-11T02:30:00.000Z'],
    ['2026-01-01T00:00:00.000Z', 'PT1.5S', '2026-01-01T00:00:01.500Z'],
    ['2026-01-01T00:00:00.250Z', 'P0D', '2026-01-01T00:00:00.250Z'],
  ])('%s + %s = %s', (instant, duration, expected) => {
    expect(addIsoDuration(instant, duration)).toBe(expected);
  });

  it.each([
    // The re-certification window opens P60D before expiry (2028 is a leap year, 2027 is not).
    ['2028-03-15T09:30:00.000Z', 'P60D', '2028-01-15T09:30:00.000Z'],
    ['2027-03-15T09:30:00.000Z', 'P60D', '2027-01-14T09:30:00.000Z'],
    ['2026-01-31T00:00:00.000Z', 'P1M', '2025-12-31T00:00:00.000Z'],
    ['2026-03-31T00:00:00.000Z', 'P1M', '2026-02-28T00:00:00.000Z'],
    ['2024-03-31T00:00:00.000Z', 'P1M', '2024-02-29T00:00:00.000Z'],
    ['2024-02-29T00:00:00.000Z', 'P1Y', '2023-02-28T00:00:00.000Z'],
    ['2026-02-15T00:00:00.000Z', 'P14M', '2024-12-15T00:00:00.000Z'],
    ['2026-03-01T06:00:00.000Z', 'PT12H', '2026-02-28T18:00:00.000Z'],
  ])('%s − %s = %s', (instant, duration, expected) => {
    expect(addIsoDuration(instant, duration, -1)).toBe(expected);
  });

  it('works in UTC whatever offset the instant is written with', () => {
    // 23:30 at UTC−1 on 31 January is 00:30 UTC on 1 February.
    expect(addIsoDuration('2026-01-31T23:30:00-01:00', 'P1M')).toBe('2026-03-01T00:30:00.000Z');
  });

  it('undoes a fixed-length duration when subtracted', () => {
    const start = '2026-05-17T13:45:10.123Z';
    for (const duration of ['P60D', 'P7D', 'PT12H', 'P1W', 'P3DT4H5M6S']) {
      expect(addIsoDuration(addIsoDuration(start, duration), duration, -1)).toBe(start);
    }
  });

  it('rejects an instant that is not a date', () => {
    expect(() => addIsoDuration('not a date', 'P1D')).toThrow(RangeError);
    expect(() => addIsoDuration('', 'P1D')).toThrow(RangeError);
  });

  it('rejects a duration that is not ISO 8601', () => {
    expect(() => addIsoDuration('2026-01-01T00:00:00.000Z', '30 days')).toThrow(RangeError);
  });
});

describe('wholeMonthsBetween', () => {
  it.each([
    ['2026-01-15T00:00:00.000Z', '2026-01-15T00:00:00.000Z', 0],
    ['2026-01-15T00:00:00.000Z', '2026-02-14T23:59:59.999Z', 0],
    ['2026-01-15T00:00:00.000Z', '2026-02-15T00:00:00.000Z', 1],
    ['2026-01-15T00:00:00.000Z', '2026-02-16T00:00:00.000Z', 1],
    ['2026-01-15T00:00:00.000Z', '2027-01-14T00:00:00.000Z', 11],
    ['2026-01-15T00:00:00.000Z', '2027-01-15T00:00:00.000Z', 12],
    ['2025-11-20T00:00:00.000Z', '2026-02-20T00:00:00.000Z', 3],
    ['2025-11-20T00:00:00.000Z', '2026-02-19T00:00:00.000Z', 2],
    ['2026-01-15T00:00:00.000Z', '2028-03-16T00:00:00.000Z', 26],
    ['2026-01-31T00:00:00.000Z', '2026-03-31T00:00:00.000Z', 2],
    ['2026-01-31T00:00:00.000Z', '2026-03-30T00:00:00.000Z', 1],
  ])('from %s to %s is %i', (from, to, months) => {
    expect(wholeMonthsBetween(from, to)).toBe(months);
  });

  it('is never negative when the end comes before the start', () => {
    expect(wholeMonthsBetween('2026-06-15T00:00:00.000Z', '2026-01-15T00:00:00.000Z')).toBe(0);
    expect(wholeMonthsBetween('2026-06-15T00:00:00.000Z', '2024-06-15T00:00:00.000Z')).toBe(0);
    expect(wholeMonthsBetween('2026-06-15T00:00:00.000Z', '2026-06-14T00:00:00.000Z')).toBe(0);
  });

  it('counts in UTC', () => {
    // 00:30 on 15 February at UTC+1 is still 14 February in UTC, so the month is not yet complete.
    expect(wholeMonthsBetween('2026-01-15T00:00:00.000Z', '2026-02-15T00:30:00+01:00')).toBe(0);
    expect(wholeMonthsBetween('2026-01-15T00:00:00.000Z', '2026-02-15T00:30:00Z')).toBe(1);
  });

  it('agrees with counting whole months by addIsoDuration, month ends and leap days included', () => {
    // The definition: the largest n with from + PnM <= to (addIsoDuration clamps the day to the month's last).
    const byDefinition = (from: string, to: string) => {
      let n = 0;
      while (Date.parse(addIsoDuration(from, `P${n + 1}M`)) <= Date.parse(to)) n += 1;
      return n;
    };
    let seed = 7;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const start = Date.UTC(2019, 0, 1);
    for (let i = 0; i < 2_000; i++) {
      // Days near month ends (28th-31st) half the time, where clamping decides.
      const fromMs = start + Math.floor(random() * 2_000) * 86_400_000 + (random() < 0.5 ? Math.floor(random() * 86_400_000) : 0);
      const from = new Date(fromMs);
      if (random() < 0.5) from.setUTCDate(28 + Math.floor(random() * 4));
      const to = new Date(from.getTime() + Math.floor(random() * 1_500) * 86_400_000 + Math.floor(random() * 86_400_000));
      expect(wholeMonthsBetween(from.toISOString(), to.toISOString())).toBe(byDefinition(from.toISOString(), to.toISOString()));
    }
  });
});
