const LONDON_DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' });

/**
 * The UK calendar date of an instant, YYYY-MM-DD. Budget periods, ledger lines, review dates and ratings
 * are UK days, whatever the server's own time zone.
 */
export function londonDate(at: Date = new Date()): string {
  return LONDON_DAY.format(at);
}

const LONDON_WHEN = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  weekday: 'long',
  day: 'numeric',
  month: 'long',
  hour: 'numeric',
  minute: '2-digit',
  hour12: true,
});

/** An instant as a message says it to someone in the UK: "Tuesday 8 December at 9:30am". */
export function londonWhen(at: Date): string {
  const part = Object.fromEntries(LONDON_WHEN.formatToParts(at).map((p) => [p.type, p.value]));
  return `${part.weekday} ${part.day} ${part.month} at ${part.hour}:${part.minute}${part.dayPeriod.toLowerCase()}`;
}
