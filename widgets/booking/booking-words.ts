import type { BookingStatus, PersonalBudgetKind } from '../generated/graphql.js';
import { BUDGET_KIND_WORDS } from '../shared/budget-words.js';
import { formatPence } from '../shared/format.js';
import { longDate } from './booking-schedule.js';

/**
 * "Margaret Hirst’s council-managed budget". The booking form has called a self-funded budget the
 * person's "own care budget" from the start; the budget widget says "self-funded budget".
 */
export const KIND: Readonly<Record<PersonalBudgetKind, string>> = { ...BUDGET_KIND_WORDS, SELF_FUNDED: 'own care budget' };

export const possessive = (name: string): string => `${name}’s`;

/** Where the booking stands, for the person who just asked for it. */
export const STATUS: Record<BookingStatus, string> = {
  REQUESTED: 'Requested. The co-op will confirm it, naming the care worker who will come.',
  CONFIRMED: 'Confirmed by the co-op.',
  DECLINED: 'The co-op could not take this booking; nothing is held on the budget for it.',
  CANCELLED: 'This booking was cancelled.',
  COMPLETED: 'Every visit of this booking has happened and been paid for.',
};

/** The failures of a request that are not about one field, in this widget's words (errorWords adds the common ones). */
export const REQUEST_WORDS: Record<string, string> = {
  UNAUTHENTICATED: 'Your booking session on this page has ended. Reload the page, or sign in again, to carry on.',
  FORBIDDEN: 'This page has not been allowed to book care for you. Ask the organisation whose site this is, or book with the co-op.',
  NOT_FOUND: 'We could not find this service or budget. It may have been removed: go back and choose the service again.',
};

/** What the form knows that the refusals' words need. */
export interface Context {
  whose: string;
  postcode: string;
  minimumMinutes: number;
  periodStart: string;
  periodEnd: string;
}

/** A member of QuoteResult or RequestBookingResult implementing ErrorResult. */
export interface Refusal {
  code: string;
  message: string;
  shortByPence?: number;
}

/**
 * Plain words for each refusal a quote or a booking request can answer. The API's message is used where
 * it names what only the API knows (which visits overlap, why a listing cannot be booked); otherwise these
 * words, which say what to do.
 */
export function refusalWords(refusal: Refusal, context: Context): string {
  switch (refusal.code) {
    case 'INSUFFICIENT_BUDGET':
      return (
        `${context.whose} does not have enough available: it is ${formatPence(refusal.shortByPence ?? 0)} short ` +
        'for these visits. Choose fewer or shorter visits.'
      );
    case 'OUTSIDE_SERVICE_AREA':
      return `This service does not reach ${context.postcode}, where the care would be given. Choose a service that covers it.`;
    case 'NOT_BOOKABLE':
      return `This service cannot be booked from ${context.whose}. ${refusal.message}`;
    case 'VISIT_IN_THE_PAST':
      return `${refusal.message} Choose a date and time from now on.`;
    case 'VISIT_TOO_SHORT':
      return `Each visit must last at least ${context.minimumMinutes} minutes: this service’s shortest visit.`;
    case 'VISITS_OVERLAP':
      return `${refusal.message} Change the time or length of one of them.`;
    case 'OUTSIDE_BUDGET_PERIOD':
      return `Visits must be between ${longDate(context.periodStart)} and ${longDate(context.periodEnd)}, the dates the budget covers.`;
    case 'CONFLICT':
      return 'A booking request with different details was already sent from this form. Check the visits, then request the booking again.';
    case 'INVALID_POSTCODE':
    case 'POSTCODE_NOT_FOUND':
      return `We cannot find the care postcode on ${context.whose} (${context.postcode}). Ask the council to check it.`;
    default:
      return refusal.message;
  }
}
