import { describe, expect, it } from 'vitest';
import { dayEnd, dayStart } from '../../../http/portal/form-dates.js';

describe('a date typed in a portal form', () => {
  it('is the start (and end) of that day in UTC', () => {
    expect(dayStart('2026-02-28')?.toISOString()).toBe('2026-02-28T00:00:00.000Z');
    expect(dayEnd('2026-02-28')?.toISOString()).toBe('2026-03-01T00:00:00.000Z');
    expect(dayEnd('2028-02-29')?.toISOString()).toBe('2028-03-01T00:00:00.000Z');
  });

  it('is refused unless it is a day of the calendar (Date would roll 2026-02-31 to 3 March)', () => {
    for (const value of ['2026-02-31', '2026-13-01', '2026-02-29', '2026-2-3', 'next tuesday', '', '2026-02-28T00:00:00Z']) {
      expect(dayStart(value), value).toBeNull();
      expect(dayEnd(value), value).toBeNull();
    }
  });
});
