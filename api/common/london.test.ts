import { describe, expect, test } from 'vitest';
import { londonMoment } from './london.js';

describe('londonMoment', () => {
  test.each([
    ['2026-12-08T09:30:00Z', 'Tuesday 8 December at 9:30am'],
    // British Summer Time: an hour ahead of UTC.
    ['2026-07-08T09:05:00Z', 'Wednesday 8 July at 10:05am'],
    ['2026-12-08T12:00:00Z', 'Tuesday 8 December at midday'],
    ['2026-12-08T00:00:00Z', 'Tuesday 8 December at midnight'],
    ['2026-12-08T23:15:00Z', 'Tuesday 8 December at 11:15pm'],
    // Still 30 June in UTC, already 1 July in the UK.
    ['2026-06-30T23:15:00Z', 'Wednesday 1 July at 12:15am'],
  ])('%s is %s', (at, said) => {
    expect(londonMoment(new Date(at))).toBe(said);
  });
});

describe('londonMoment with the year', () => {
  test.each([
    ['2026-12-08T09:30:00Z', 'Tuesday 8 December 2026 at 9:30am'],
    ['2026-12-08T12:00:00Z', 'Tuesday 8 December 2026 at midday'],
    ['2026-12-31T23:59:00Z', 'Thursday 31 December 2026 at 11:59pm'],
    // Still 30 June in UTC, already 1 July in the UK.
    ['2027-06-30T23:15:00Z', 'Thursday 1 July 2027 at 12:15am'],
  ])('%s is %s', (at, said) => {
    expect(londonMoment(new Date(at), { year: true })).toBe(said);
  });
});
