const LONDON_DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' });

/**
 * The UK calendar date of an instant, YYYY-MM-DD. Budget periods, ledger lines, review dates and ratings
 * are UK days, whatever the server's own time zone.
 */
export function londonDate(at: Date = new Date()): string {
  return LONDON_DAY.format(at);
}
