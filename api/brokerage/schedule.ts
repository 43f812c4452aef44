import { Temporal } from '@js-temporal/polyfill';
import { DayOfWeek } from '../directory/directory.enums.js';
import { brokerageInvalidInput } from './brokerage.exception.js';
import { londonDate } from '../common/london.js';

/** Care is booked in UK local time: a 09:00 visit stays at 09:00 on the clock across the clock changes. */
export const CARE_TIME_ZONE = 'Europe/London';
/** More than a year of daily visits in one request is not a booking but a mistake, and costly to check. */
export const MAX_VISITS = 400;
export const MAX_WEEKS = 52;
export const MAX_SLOTS = 28;
export const MAX_VISIT_MINUTES = 1440;
/**
 * A visit or a budget's period further from today than this is a typo (2062 for 2026), not care anyone
 * books; and the UK's clock rules, and date arithmetic on text, are only trusted near the present.
 */
export const MAX_YEARS_AWAY = 10;
const YEAR_MS = 365.25 * 86_400_000;

export const isNearToday = (at: Date): boolean => Math.abs(at.getTime() - Date.now()) <= MAX_YEARS_AWAY * YEAR_MS;

function checkNearToday(at: Date, argument: string): void {
  if (!isNearToday(at)) throw brokerageInvalidInput(`Visits are at most ${MAX_YEARS_AWAY} years from today.`, argument);
}

export interface VisitAt {
  start: Date;
  minutes: number;
}

export interface WeeklySlot {
  day: DayOfWeek;
  /** "HH:MM", 24-hour, UK local time. */
  time: string;
  minutes: number;
}

export interface WeeklySchedule {
  /** UK local date, "YYYY-MM-DD": the first week begins on it. */
  startsOn: string;
  weeks: number;
  slots: WeeklySlot[];
}

/** Exactly one of the two forms. */
export interface Schedule {
  visits?: VisitAt[] | null;
  weekly?: WeeklySchedule | null;
}

export interface ExpandedSchedule {
  /** Earliest first. */
  visits: VisitAt[];
  /** How many weeks the schedule spans: a weekly schedule's `weeks`, else the UK weeks from first visit's day to last's. */
  weeks: number;
}

const ISO_WEEKDAY: Record<DayOfWeek, number> = {
  MONDAY: 1,
  TUESDAY: 2,
  WEDNESDAY: 3,
  THURSDAY: 4,
  FRIDAY: 5,
  SATURDAY: 6,
  SUNDAY: 7,
};
const HH_MM = /^([01]\d|2[0-3]):([0-5]\d)$/;
const WHEN = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });

function checkMinutes(minutes: number, argument: string): void {
  if (!Number.isInteger(minutes) || minutes < 1 || minutes > MAX_VISIT_MINUTES) {
    throw brokerageInvalidInput(`A visit lasts from 1 to ${MAX_VISIT_MINUTES} minutes.`, argument);
  }
}

/**
 * Checks a schedule's size and shape before anything else reads it (the visit count is known before
 * expanding: weeks × slots), then lists its visits as instants, earliest first. A weekly slot whose
 * local time does not exist on a day (the hour skipped when the clocks go forward) or happens twice
 * (the hour repeated when they go back) is refused, saying which and when: guessing would send a care
 * worker an hour early or late.
 */
export function expandSchedule(schedule: Schedule, argument = 'input'): ExpandedSchedule {
  const { visits, weekly } = schedule;
  if ((visits == null) === (weekly == null)) {
    throw brokerageInvalidInput('Give the visits or a weekly schedule: exactly one of the two.', argument);
  }
  if (visits != null) return { visits: expandVisits(visits, `${argument}.visits`), weeks: weeksSpanned(visits) };
  return { visits: expandWeekly(weekly as WeeklySchedule, `${argument}.weekly`), weeks: (weekly as WeeklySchedule).weeks };
}

function expandVisits(visits: readonly VisitAt[], argument: string): VisitAt[] {
  if (visits.length < 1 || visits.length > MAX_VISITS)
    throw brokerageInvalidInput(`Book from 1 to ${MAX_VISITS} visits at a time.`, argument);
  visits.forEach((v, i) => {
    checkNearToday(v.start, `${argument}[${i}].start`);
    checkMinutes(v.minutes, `${argument}[${i}].minutes`);
  });
  return [...visits].sort((a, b) => a.start.getTime() - b.start.getTime());
}

function weeksSpanned(visits: readonly VisitAt[]): number {
  if (visits.length === 0) return 1;
  const days = visits.map((v) => Temporal.PlainDate.from(londonDate(v.start)));
  const first = days.reduce((a, b) => (Temporal.PlainDate.compare(a, b) <= 0 ? a : b));
  const last = days.reduce((a, b) => (Temporal.PlainDate.compare(a, b) >= 0 ? a : b));
  return Math.ceil((first.until(last).days + 1) / 7);
}

function expandWeekly(weekly: WeeklySchedule, argument: string): VisitAt[] {
  if (!Number.isInteger(weekly.weeks) || weekly.weeks < 1 || weekly.weeks > MAX_WEEKS) {
    throw brokerageInvalidInput(`A weekly schedule runs for 1 to ${MAX_WEEKS} weeks.`, `${argument}.weeks`);
  }
  if (weekly.slots.length < 1 || weekly.slots.length > MAX_SLOTS) {
    throw brokerageInvalidInput(`A weekly schedule has 1 to ${MAX_SLOTS} visits a week.`, `${argument}.slots`);
  }
  const count = weekly.weeks * weekly.slots.length;
  if (count > MAX_VISITS) {
    throw brokerageInvalidInput(
      `${weekly.weeks} weeks of ${weekly.slots.length} visits is ${count} visits; book at most ${MAX_VISITS} at a time.`,
      argument,
    );
  }
  weekly.slots.forEach((slot, i) => {
    checkMinutes(slot.minutes, `${argument}.slots[${i}].minutes`);
    if (!HH_MM.test(slot.time)) throw brokerageInvalidInput('A time is "HH:MM", 24-hour, e.g. "09:00".', `${argument}.slots[${i}].time`);
  });
  checkNearToday(new Date(`${weekly.startsOn}T12:00:00Z`), `${argument}.startsOn`);
  const startsOn = Temporal.PlainDate.from(weekly.startsOn);
  const visits: VisitAt[] = [];
  for (let week = 0; week < weekly.weeks; week++) {
    weekly.slots.forEach((slot, i) => {
      const offset = (ISO_WEEKDAY[slot.day] - startsOn.dayOfWeek + 7) % 7;
      const day = startsOn.add({ days: offset + 7 * week });
      visits.push({ start: londonInstant(day, slot.time, `${argument}.slots[${i}]`), minutes: slot.minutes });
    });
  }
  return visits.sort((a, b) => a.start.getTime() - b.start.getTime());
}

/** The instant a UK wall-clock time on a day names; BAD_USER_INPUT when the clocks skip it or pass it twice. */
function londonInstant(day: Temporal.PlainDate, time: string, argument: string): Date {
  const local = day.toPlainDateTime(Temporal.PlainTime.from(time));
  const earlier = local.toZonedDateTime(CARE_TIME_ZONE, { disambiguation: 'earlier' });
  const later = local.toZonedDateTime(CARE_TIME_ZONE, { disambiguation: 'later' });
  const when = `${time} on ${WHEN.format(new Date(`${day.toString()}T00:00:00Z`))}`;
  if (!earlier.toPlainDateTime().equals(local)) {
    throw brokerageInvalidInput(`${when} does not exist in the UK: the clocks go forward an hour then. Choose another time.`, argument);
  }
  if (earlier.epochMilliseconds !== later.epochMilliseconds) {
    throw brokerageInvalidInput(`${when} happens twice in the UK: the clocks go back an hour then. Choose another time.`, argument);
  }
  return new Date(earlier.epochMilliseconds);
}
