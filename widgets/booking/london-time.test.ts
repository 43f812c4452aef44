import { describe, expect, test } from 'vitest';
import { addDays, dayNumber, londonDate, londonInstant, weekday } from './london-time.js';

const at = (date: string, time: string) => {
  const result = londonInstant(date, time);
  return result && 'instant' in result ? result.instant.toISOString() : result;
};

describe('London wall-clock time to an instant', () => {
  test('winter is GMT and summer BST, on either side of both 2027 clock changes', () => {
    expect(at('2027-01-15', '09:00')).toBe('2027-01-15T09:00:00.000Z');
    expect(at('2027-03-27', '09:00')).toBe('2027-03-27T09:00:00.000Z');
    expect(at('2027-03-28', '00:59')).toBe('2027-03-28T00:59:00.000Z');
    expect(at('2027-03-28', '02:00')).toBe('2027-03-28T01:00:00.000Z');
    expect(at('2027-03-29', '09:00')).toBe('2027-03-29T08:00:00.000Z');
    expect(at('2027-07-01', '18:30')).toBe('2027-07-01T17:30:00.000Z');
    expect(at('2027-10-30', '09:00')).toBe('2027-10-30T08:00:00.000Z');
    expect(at('2027-10-31', '00:59')).toBe('2027-10-30T23:59:00.000Z');
    expect(at('2027-10-31', '02:00')).toBe('2027-10-31T02:00:00.000Z');
    expect(at('2027-11-01', '09:00')).toBe('2027-11-01T09:00:00.000Z');
  });

  test('the hour the clocks skip on 28 March 2027 does not exist, and the hour repeated on 31 October happens twice', () => {
    for (const time of ['01:00', '01:30', '01:59']) {
      expect(at('2027-03-28', time)).toEqual({ problem: 'skipped' });
      expect(at('2027-10-31', time)).toEqual({ problem: 'repeated' });
    }
  });

  test('midnight and the last minute of a day, and the seconds a time input may add', () => {
    expect(at('2027-06-30', '00:00')).toBe('2027-06-29T23:00:00.000Z');
    expect(at('2027-12-31', '23:59')).toBe('2027-12-31T23:59:00.000Z');
    expect(at('2027-06-30', '10:15:00')).toBe('2027-06-30T09:15:00.000Z');
  });

  test('what is not a date or a time is null', () => {
    for (const [date, time] of [
      ['2027-02-29', '09:00'],
      ['2027-13-01', '09:00'],
      ['', '09:00'],
      ['2027-06-01', ''],
      ['2027-06-01', '24:00'],
      ['2027-06-01', '9:00'],
      ['1 June 2027', '09:00'],
    ]) {
      expect(londonInstant(date!, time!)).toBeNull();
    }
  });

  test('the UK date of an instant, and date arithmetic across a clock change', () => {
    expect(londonDate(Date.parse('2027-06-30T23:30:00Z'))).toBe('2027-07-01');
    expect(londonDate(Date.parse('2027-12-31T23:30:00Z'))).toBe('2027-12-31');
    expect(addDays('2027-03-27', 2)).toBe('2027-03-29');
    expect(addDays('2027-10-25', 7)).toBe('2027-11-01');
    expect(weekday('2027-03-28')).toBe(0);
    expect(weekday('2027-11-01')).toBe(1);
    expect(dayNumber('2028-02-29')).toBe(Date.UTC(2028, 1, 29));
  });
});
