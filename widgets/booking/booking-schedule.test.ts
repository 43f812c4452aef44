import { describe, expect, test } from 'vitest';
import { checkSchedule, type Draft, fieldOfArgument, lengthenTo, newDraft } from './booking-schedule.js';

// The browser's checks before anything is sent; the booking tests meet them in Chromium, these pin the rules.
const NOW = Date.parse('2027-03-01T12:00:00Z');
const rules = { now: NOW, minimumMinutes: 45, periodStart: '2027-01-01', periodEnd: '2027-06-30' };
const draft = (change: Partial<Draft>): Draft => ({ ...newDraft(45, '2027-03-01'), ...change });
const weekly = (change: Partial<Draft['weekly']>) =>
  draft({ often: 'weekly', weekly: { days: ['MONDAY'], time: '09:00', minutes: 60, startsOn: '2027-03-01', weeks: '4', ...change } });
const errors = (d: Draft) => checkSchedule(d, rules).errors.map((e) => [e.field, e.text]);

describe('the schedule the person entered, checked as the API would', () => {
  test('one-off visits become instants in UK time, in the order entered', () => {
    const d = draft({
      visits: [
        { key: 1, date: '2027-04-02', time: '09:00', minutes: 60 },
        { key: 4, date: '2027-03-02', time: '09:00', minutes: 45 },
      ],
    });
    expect(checkSchedule(d, rules)).toEqual({
      schedule: {
        visits: [
          { start: '2027-04-02T08:00:00.000Z', minutes: 60 },
          { start: '2027-03-02T09:00:00.000Z', minutes: 45 },
        ],
      },
      errors: [],
    });
  });

  test('missing, past, too short, overlapping and outside the budget’s dates, each at its field', () => {
    expect(errors(draft({ visits: [{ key: 1, date: '', time: '', minutes: 60 }] }))).toEqual([
      ['visit-1-date', 'Enter the date of visit 1'],
      ['visit-1-time', 'Enter the time visit 1 starts'],
    ]);
    expect(
      errors(
        draft({
          visits: [
            { key: 1, date: '2027-02-28', time: '09:00', minutes: 60 },
            { key: 2, date: '2027-03-01', time: '11:59', minutes: 30 },
            { key: 3, date: '2027-07-01', time: '09:00', minutes: 60 },
            { key: 5, date: '2027-03-03', time: '09:00', minutes: 60 },
            { key: 6, date: '2027-03-03', time: '09:30', minutes: 60 },
          ],
        }),
      ),
    ).toEqual([
      ['visit-1-date', 'The date of visit 1 must be today or in the future'],
      ['visit-2-time', 'Visit 2 must start later than now'],
      ['visit-2-minutes', 'Visit 2 must last at least 45 minutes: this service’s shortest visit'],
      ['visit-3-date', 'Visit 3 must end by Wednesday, 30 June 2027, when the budget ends'],
      ['visit-6-time', 'Visit 5 overlaps visit 4: change the time or length of one'],
    ]);
  });

  test('a weekly schedule: the API’s shape, Monday first, and its last visit inside the budget’s dates', () => {
    expect(checkSchedule(weekly({ days: ['THURSDAY', 'MONDAY'], time: '18:30:00' }), rules)).toEqual({
      schedule: {
        weekly: {
          startsOn: '2027-03-01',
          weeks: 4,
          slots: [
            { day: 'MONDAY', time: '18:30', minutes: 60 },
            { day: 'THURSDAY', time: '18:30', minutes: 60 },
          ],
        },
      },
      errors: [],
    });
    expect(errors(weekly({ days: [], time: '', weeks: 'x' }))).toEqual([
      ['weekly-monday', 'Select the days of the week for the visits'],
      ['weekly-time', 'Enter the time the visits start'],
      ['weekly-weeks', 'Enter a number of weeks from 1 to 52'],
    ]);
    expect(errors(weekly({ time: '11:00' }))).toEqual([
      ['weekly-time', 'The first visit is today and must start later than now: choose a later time, or start next week'],
    ]);
    expect(errors(weekly({ startsOn: '2027-02-22' }))).toEqual([['weekly-starts-on', 'The first week must start today or later']]);
    expect(errors(weekly({ weeks: '19', time: '13:00' }))).toEqual([
      [
        'weekly-weeks',
        'The last visit, on Monday, 5 July 2027, must end by Wednesday, 30 June 2027, when the budget ends: choose fewer weeks',
      ],
    ]);
    // Its last visit starts on the budget's last day but ends after midnight.
    expect(errors(weekly({ weeks: '18', time: '23:30', minutes: 60, days: ['WEDNESDAY'] }))).toEqual([
      [
        'weekly-weeks',
        'The last visit, on Wednesday, 30 June 2027, must end by Wednesday, 30 June 2027, when the budget ends: choose fewer weeks',
      ],
    ]);
  });

  test('a one-off time the clocks skip or repeat is refused in the API’s words', () => {
    const at = (date: string) => errors(draft({ visits: [{ key: 1, date, time: '01:30', minutes: 60 }] }));
    expect(at('2027-03-28')).toEqual([
      [
        'visit-1-time',
        '01:30 on Sunday, 28 March 2027 does not exist in the UK: the clocks go forward an hour then. Choose another time for visit 1.',
      ],
    ]);
    expect(checkSchedule(draft({ visits: [{ key: 1, date: '2027-10-31', time: '01:30', minutes: 60 }] }), rules).errors[0]?.text).toBe(
      '01:30 on Sunday, 31 October 2027 happens twice in the UK: the clocks go back an hour then. Choose another time for visit 1.',
    );
  });

  test('the field the API names in a refusal, and lengths kept for a service with a longer shortest visit', () => {
    const d = draft({
      visits: [
        { key: 3, date: '', time: '', minutes: 60 },
        { key: 7, date: '', time: '', minutes: 30 },
      ],
    });
    expect(fieldOfArgument('input.visits[1].start', d)).toBe('visit-7-date');
    expect(fieldOfArgument('input.visits[0].minutes', d)).toBe('visit-3-minutes');
    expect(fieldOfArgument('input.weekly.slots[2]', d)).toBe('weekly-time');
    expect(fieldOfArgument('input.weekly.startsOn', d)).toBe('weekly-starts-on');
    expect(fieldOfArgument('input.notes', d)).toBe('notes');
    expect(fieldOfArgument('input.budgetId', d)).toBeNull();
    expect(lengthenTo(45, d).visits.map((v) => v.minutes)).toEqual([60, 45]);
    expect(lengthenTo(30, d)).toBe(d);
  });
});
