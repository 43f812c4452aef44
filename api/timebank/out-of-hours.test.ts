import { describe, expect, test } from 'vitest';
import { creditForHelp, type OutOfHoursRules } from './out-of-hours.js';

const DEFAULT_RULES: OutOfHoursRules = {
  normalHoursStart: '08:00:00',
  normalHoursEnd: '18:00:00',
  weekendsOutOfHours: true,
  bankHolidaysOutOfHours: true,
  bankHolidayRegion: 'ENGLAND_AND_WALES',
  outOfHoursPercent: 150,
};

const credit = (at: string, minutes: number, rules: Partial<OutOfHoursRules> = {}) =>
  creditForHelp({ ...DEFAULT_RULES, ...rules }, new Date(at), minutes);

describe('help in and out of normal hours, by the default rules (weekdays 08:00–18:00, 1.5×)', () => {
  test.each([
    // Tuesday 8 December 2026, GMT: London time is UTC.
    ['a weekday afternoon', '2026-12-08T14:00:00Z', 60, { outOfHoursMinutes: 0, creditedMinutes: 60 }],
    ['an evening', '2026-12-08T19:00:00Z', 60, { outOfHoursMinutes: 60, creditedMinutes: 90 }],
    ['17:00–19:00, split at 18:00', '2026-12-08T17:00:00Z', 120, { outOfHoursMinutes: 60, creditedMinutes: 150 }],
    ['07:30–08:30, split at 08:00', '2026-12-08T07:30:00Z', 60, { outOfHoursMinutes: 30, creditedMinutes: 75 }],
    // Wednesday 8 July 2026, BST: 17:00 in London is 16:00 UTC.
    ['17:00–19:00 in summer time', '2026-07-08T16:00:00Z', 120, { outOfHoursMinutes: 60, creditedMinutes: 150 }],
    ['a Saturday morning', '2026-12-12T10:00:00Z', 60, { outOfHoursMinutes: 60, creditedMinutes: 90 }],
    ['a Sunday afternoon', '2026-12-13T14:00:00Z', 120, { outOfHoursMinutes: 120, creditedMinutes: 180 }],
    ['23:00–01:00 across midnight', '2026-12-08T23:00:00Z', 120, { outOfHoursMinutes: 120, creditedMinutes: 180 }],
    ['Friday 17:00 into Saturday 01:00', '2026-12-11T17:00:00Z', 480, { outOfHoursMinutes: 420, creditedMinutes: 690 }],
    // 45 out-of-hours minutes at 1.5× are 67.5: rounded to 68.
    ['odd minutes, rounded', '2026-12-08T18:00:00Z', 45, { outOfHoursMinutes: 45, creditedMinutes: 68 }],
  ])('%s', (_, at, minutes, expected) => {
    expect(credit(at, minutes)).toEqual(expected);
  });
});

describe('bank holidays', () => {
  test('Christmas Day on a Friday is out of hours all day', () => {
    expect(credit('2026-12-25T10:00:00Z', 120)).toEqual({ outOfHoursMinutes: 120, creditedMinutes: 180 });
  });

  test('the Monday substitute for Boxing Day on a Saturday is out of hours all day', () => {
    expect(credit('2026-12-28T10:00:00Z', 60)).toEqual({ outOfHoursMinutes: 60, creditedMinutes: 90 });
  });

  test('the Tuesday after, an ordinary working day, is not', () => {
    expect(credit('2026-12-29T10:00:00Z', 60)).toEqual({ outOfHoursMinutes: 0, creditedMinutes: 60 });
  });

  test('St Andrew’s Day is a bank holiday in Scotland, not in England', () => {
    expect(credit('2026-11-30T10:00:00Z', 60, { bankHolidayRegion: 'SCOTLAND' }).outOfHoursMinutes).toBe(60);
    expect(credit('2026-11-30T10:00:00Z', 60).outOfHoursMinutes).toBe(0);
  });

  test('Mother’s Day, an observance, is no bank holiday', () => {
    expect(credit('2026-03-15T10:00:00Z', 60, { weekendsOutOfHours: false }).outOfHoursMinutes).toBe(0);
  });

  test('a co-op that keeps bank holidays as normal hours credits Christmas morning 1×', () => {
    expect(credit('2026-12-25T10:00:00Z', 60, { bankHolidaysOutOfHours: false })).toEqual({ outOfHoursMinutes: 0, creditedMinutes: 60 });
  });
});

describe('the clock-change nights, counted in minutes that passed', () => {
  // Sunday 25 October 2026: 02:00 BST becomes 01:00 GMT, so midnight to 08:00 on the clock is nine hours.
  test('October: from midnight BST, 600 minutes end at 09:00 GMT, 540 of them before 08:00', () => {
    expect(credit('2026-10-24T23:00:00Z', 600, { weekendsOutOfHours: false })).toEqual({ outOfHoursMinutes: 540, creditedMinutes: 870 });
  });

  // Sunday 29 March 2026: 01:00 GMT becomes 02:00 BST, so midnight to 08:00 on the clock is seven hours.
  test('March: from midnight GMT, 480 minutes end at 09:00 BST, 420 of them before 08:00', () => {
    expect(credit('2026-03-29T00:00:00Z', 480, { weekendsOutOfHours: false })).toEqual({ outOfHoursMinutes: 420, creditedMinutes: 690 });
  });
});

describe('a co-op’s own rules', () => {
  test('normal hours to 20:00 at 200%: 17:00–21:00 is 180 normal and 60 out of hours, credited 300', () => {
    expect(credit('2026-12-08T17:00:00Z', 240, { normalHoursEnd: '20:00:00', outOfHoursPercent: 200 })).toEqual({
      outOfHoursMinutes: 60,
      creditedMinutes: 300,
    });
  });

  test('at 100% out-of-hours help is counted but earns no bonus', () => {
    expect(credit('2026-12-12T10:00:00Z', 90, { outOfHoursPercent: 100 })).toEqual({ outOfHoursMinutes: 90, creditedMinutes: 90 });
  });

  test('weekends kept as working days follow the normal hours', () => {
    expect(credit('2026-12-12T17:00:00Z', 120, { weekendsOutOfHours: false }).outOfHoursMinutes).toBe(60);
  });
});
