/** Money, times and distances as a UK reader expects them; times always in Europe/London, wherever the browser is. */

const CARE_TIME_ZONE = 'Europe/London';

const pounds = new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'GBP' });
const dateTime = new Intl.DateTimeFormat('en-GB', {
  timeZone: CARE_TIME_ZONE,
  weekday: 'short',
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});
const date = new Intl.DateTimeFormat('en-GB', { timeZone: CARE_TIME_ZONE, day: 'numeric', month: 'long', year: 'numeric' });
const oneDecimal = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 1 });

/** 2150 → "£21.50". */
export const formatPence = (pence: number): string => pounds.format(pence / 100);

/** An instant as "Tue, 8 Dec 2026, 09:00" in London. */
export const formatDateTime = (iso: string): string => dateTime.format(new Date(iso));

/** A date (an ISO instant or a YYYY-MM-DD day) as "8 December 2026". */
export const formatDate = (value: string): string =>
  /^\d{4}-\d{2}-\d{2}$/.test(value) ? date.format(new Date(`${value}T12:00:00Z`)) : date.format(new Date(value));

/** 2.345 → "2.3", 12.0 → "12". */
export const formatOneDecimal = (value: number): string => oneDecimal.format(value);

/** 2.345 → "2.3 miles"; 1 and 0.96 → "1 mile": singular by the number shown, not the number measured. */
export function formatMiles(value: number): string {
  const shown = formatOneDecimal(value);
  return `${shown} ${shown === '1' ? 'mile' : 'miles'}`;
}

/** 90 → "1 hour 30 minutes". */
export function formatMinutes(total: number): string {
  const hours = Math.floor(total / 60);
  const minutes = total % 60;
  const parts = [hours && `${hours} ${hours === 1 ? 'hour' : 'hours'}`, minutes && `${minutes} ${minutes === 1 ? 'minute' : 'minutes'}`];
  return parts.filter(Boolean).join(' ') || '0 minutes';
}
