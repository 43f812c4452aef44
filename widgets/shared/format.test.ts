import { describe, expect, test } from 'vitest';
import { formatDate, formatDateTime, formatMiles, formatMinutes, formatPence } from './format.js';

// The widgets' tests compare what is shown with these, so here they are pinned to what a UK reader expects.
describe('format', () => {
  test('money: integer pence in pounds, with thousands separated', () => {
    expect([formatPence(0), formatPence(5), formatPence(2150), formatPence(123_456_78)]).toEqual([
      '£0.00',
      '£0.05',
      '£21.50',
      '£123,456.78',
    ]);
    expect(formatPence(-1250)).toBe('-£12.50');
  });

  test('times in London, in winter and in summer time, wherever the machine is', () => {
    expect(formatDateTime('2026-12-08T09:00:00Z')).toBe('Tue, 8 Dec 2026, 09:00');
    expect(formatDateTime('2027-07-06T09:00:00Z')).toBe('Tue, 6 Jul 2027, 10:00');
    expect(formatDateTime('2027-03-27T23:30:00Z')).toBe('Sat, 27 Mar 2027, 23:30');
  });

  test('dates: a day as written, and an instant by its London day', () => {
    expect(formatDate('2027-03-31')).toBe('31 March 2027');
    expect(formatDate('2027-06-30T23:30:00Z')).toBe('1 July 2027');
  });

  test('miles and minutes in words', () => {
    expect([formatMiles(2.345), formatMiles(1), formatMiles(0.96), formatMiles(0.5)]).toEqual([
      '2.3 miles',
      '1 mile',
      '1 mile',
      '0.5 miles',
    ]);
    expect([formatMinutes(90), formatMinutes(60), formatMinutes(45), formatMinutes(61), formatMinutes(0)]).toEqual([
      '1 hour 30 minutes',
      '1 hour',
      '45 minutes',
      '1 hour 1 minute',
      '0 minutes',
    ]);
  });
});
