const LONDON_DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' });

/**
 * The UK calendar date of an instant, YYYY-MM-DD. Budget periods, ledger lines, review dates and ratings
 * are UK days, whatever the server's own time zone.
 */
export function londonDate(at: Date = new Date()): string {
  return LONDON_DAY.format(at);
}

const LONDON_MOMENT = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  weekday: 'long',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: 'numeric',
  minute: '2-digit',
  hourCycle: 'h12',
});

/**
 * An instant as people in the UK say it, in UK time: "Tuesday 8 December at 9:30am", "… at midday". For
 * the words of messages, where a person reads it, not a program; `year` for a record read later
 * (/dev/mail's list), where the day alone would not say which year.
 */
export function londonMoment(at: Date, options: { year?: boolean } = {}): string {
  const part = Object.fromEntries(LONDON_MOMENT.formatToParts(at).map((p) => [p.type, p.value]));
  const day = `${part.weekday} ${part.day} ${part.month}${options.year ? ` ${part.year}` : ''}`;
  const noonOrMidnight = part.hour === '12' && part.minute === '00';
  const period = part.dayPeriod.toLowerCase();
  if (noonOrMidnight) return `${day} at ${period === 'pm' ? 'midday' : 'midnight'}`;
  return `${day} at ${part.hour}:${part.minute}${period}`;
}

const LONDON_CLOCK = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
const LONDON_DAY_NAME = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', weekday: 'long', day: 'numeric', month: 'long' });

/**
 * A span of time as a person reads it, in UK time: "10:00 to 11:00 on Wednesday 2 December", or with both
 * days when it crosses midnight.
 */
export function londonSpan(from: Date, to: Date): string {
  const [fromDay, toDay] = [LONDON_DAY_NAME.format(from), LONDON_DAY_NAME.format(to)];
  if (fromDay === toDay) return `${LONDON_CLOCK.format(from)} to ${LONDON_CLOCK.format(to)} on ${fromDay}`;
  return `${LONDON_CLOCK.format(from)} on ${fromDay} to ${LONDON_CLOCK.format(to)} on ${toDay}`;
}

/** The first and last days a date given to the API may name: PostgreSQL has no year 0, and nobody records care before 1900. */
export const EARLIEST_DATE = '1900-01-01';
export const LATEST_DATE = '2100-12-31';

/**
 * The date, if it lies between EARLIEST_DATE and LATEST_DATE; otherwise `invalid`'s error naming the
 * argument, from the caller's domain, thrown. A scalar's YYYY-MM-DD accepts years the database refuses.
 */
export function withinDateRange(date: string, argument: string, invalid: (message: string, argument: string) => Error): string {
  if (date < EARLIEST_DATE || date > LATEST_DATE)
    throw invalid(`${argument} must be between ${EARLIEST_DATE} and ${LATEST_DATE}.`, argument);
  return date;
}
