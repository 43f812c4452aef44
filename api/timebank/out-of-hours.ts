import { Temporal } from '@js-temporal/polyfill';
import Holidays from 'date-holidays';
import type { BankHolidayRegion, TimeBank } from './time-bank.entity.js';

const LONDON = 'Europe/London';
const MINUTE_MS = 60_000;

export type OutOfHoursRules = Pick<
  TimeBank,
  'normalHoursStart' | 'normalHoursEnd' | 'weekendsOutOfHours' | 'bankHolidaysOutOfHours' | 'bankHolidayRegion' | 'outOfHoursPercent'
>;

export interface HelpCredit {
  /** Of the minutes given, those outside the time bank's normal hours. */
  outOfHoursMinutes: number;
  /** What the helper is credited: normal minutes, and out-of-hours minutes at the time bank's percentage. */
  creditedMinutes: number;
}

const STATE_OF: Record<BankHolidayRegion, string> = { ENGLAND_AND_WALES: 'ENG', SCOTLAND: 'SCT', NORTHERN_IRELAND: 'NIR' };
const calendars = new Map<BankHolidayRegion, Holidays>();
/** Keyed `region:year`: a year's list is computed once per process, as it never changes. */
const bankHolidayYears = new Map<string, ReadonlySet<string>>();

/** GOV.UK's bank holidays of the region in the year, substitute days included, as London dates YYYY-MM-DD. */
function bankHolidays(region: BankHolidayRegion, year: number): ReadonlySet<string> {
  const key = `${region}:${year}`;
  let days = bankHolidayYears.get(key);
  if (!days) {
    let calendar = calendars.get(region);
    if (!calendar) {
      calendar = new Holidays('GB', STATE_OF[region]);
      calendars.set(region, calendar);
    }
    // date-holidays also lists observances (Mother's Day) and optional days: only public and bank days are holidays.
    days = new Set(
      calendar
        .getHolidays(year)
        .filter((h) => h.type === 'public' || h.type === 'bank')
        .map((h) => h.date.slice(0, 10)),
    );
    bankHolidayYears.set(key, days);
  }
  return days;
}

export function isBankHoliday(region: BankHolidayRegion, date: Temporal.PlainDate): boolean {
  return bankHolidays(region, date.year).has(date.toString());
}

const wallClock = (time: string) => Temporal.PlainTime.from(time);

/** The London day's out-of-hours stretches, as epoch-millisecond intervals [from, until). */
function outOfHoursOf(rules: OutOfHoursRules, day: Temporal.PlainDate): [number, number][] {
  const start = day.toZonedDateTime({ timeZone: LONDON }).epochMilliseconds;
  const end = day.add({ days: 1 }).toZonedDateTime({ timeZone: LONDON }).epochMilliseconds;
  const weekend = day.dayOfWeek >= 6;
  if ((weekend && rules.weekendsOutOfHours) || (rules.bankHolidaysOutOfHours && isBankHoliday(rules.bankHolidayRegion, day))) {
    return [[start, end]];
  }
  const at = (time: string) => day.toZonedDateTime({ timeZone: LONDON, plainTime: wallClock(time) }).epochMilliseconds;
  return [
    [start, at(rules.normalHoursStart)],
    [at(rules.normalHoursEnd), end],
  ];
}

/**
 * How much of help that began at `startedAt` and lasted `minutes` (elapsed, so a clock-change night's
 * hour counts once) fell outside the time bank's normal hours in London, and what it credits. Help across
 * a boundary is split to the minute: 17:00–19:00 with normal hours to 18:00 is 60 normal and 60 out of hours.
 */
export function creditForHelp(rules: OutOfHoursRules, startedAt: Date, minutes: number): HelpCredit {
  const from = startedAt.getTime();
  const until = from + minutes * MINUTE_MS;
  let day = Temporal.Instant.fromEpochMilliseconds(from).toZonedDateTimeISO(LONDON).toPlainDate();
  let outMs = 0;
  for (;;) {
    const dayStart = day.toZonedDateTime({ timeZone: LONDON }).epochMilliseconds;
    if (dayStart >= until) break;
    for (const [a, b] of outOfHoursOf(rules, day)) outMs += Math.max(0, Math.min(b, until) - Math.max(a, from));
    day = day.add({ days: 1 });
  }
  const outOfHoursMinutes = Math.min(minutes, Math.round(outMs / MINUTE_MS));
  const creditedMinutes = minutes - outOfHoursMinutes + Math.round((outOfHoursMinutes * rules.outOfHoursPercent) / 100);
  return { outOfHoursMinutes, creditedMinutes };
}
