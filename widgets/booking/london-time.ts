/**
 * Care is booked on the UK's clocks, whatever time zone the browser is in: a person types the date and
 * time a visit starts in London, and the API wants the instant. No library: Intl knows London's rules.
 */

const LONDON = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
});
const DAY_MS = 86_400_000;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME = /^([01]\d|2[0-3]):([0-5]\d)(?::00(?:\.0+)?)?$/;

/** London's wall clock at an instant, read as if it were UTC: comparing it with the instant gives the offset. */
function wallClock(instant: number): number {
  const part = Object.fromEntries(LONDON.formatToParts(instant).map((p) => [p.type, Number(p.value)]));
  return Date.UTC(part.year!, part.month! - 1, part.day!, part.hour!, part.minute!);
}

/** "YYYY-MM-DD" as the milliseconds of its midnight UTC; null unless it is a real date (no 31 February). */
export function dayNumber(date: string): number | null {
  const match = DATE.exec(date);
  if (!match) return null;
  const ms = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  return new Date(ms).toISOString().startsWith(date) ? ms : null;
}

/** The "YYYY-MM-DD" a number of days after a date. */
export const addDays = (date: string, days: number): string => new Date((dayNumber(date) ?? 0) + days * DAY_MS).toISOString().slice(0, 10);

/** 0 for Sunday to 6 for Saturday, as Date counts them. */
export const weekday = (date: string): number => new Date(dayNumber(date) ?? 0).getUTCDay();

/** The UK date ("YYYY-MM-DD") at an instant. */
export const londonDate = (instant: number = Date.now()): string => new Date(wallClock(instant)).toISOString().slice(0, 10);

/**
 * The instant a London date and time name. The clocks skip an hour in March (01:30 on that Sunday never
 * happens) and repeat one in October (01:30 happens twice): guessing would send a care worker an hour
 * early or late, so those come back as what they are, for the person to choose another time.
 */
export type LondonInstant = { instant: Date } | { problem: 'skipped' | 'repeated' };

export function londonInstant(date: string, time: string): LondonInstant | null {
  const day = dayNumber(date);
  const clock = TIME.exec(time);
  if (day === null || !clock) return null;
  const wall = day + (Number(clock[1]) * 60 + Number(clock[2])) * 60_000;
  // London's offset a day either side: the same outside a clock change, the two it moves between at one.
  const offsets = new Set([wall - DAY_MS, wall + DAY_MS].map((around) => wallClock(around) - around));
  const instants = [...offsets].map((offset) => wall - offset).filter((instant) => wallClock(instant) === wall);
  if (instants.length === 0) return { problem: 'skipped' };
  if (instants.length > 1) return { problem: 'repeated' };
  return { instant: new Date(instants[0]!) };
}
