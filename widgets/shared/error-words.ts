import { CoopcareRequestError } from './client.js';

/**
 * Plain words for the failures any widget may meet. A widget with failures of its own (a booking's
 * INSUFFICIENT_BUDGET) passes its words as `own`; the API's message is used only where it was written
 * for the person (BAD_USER_INPUT names what to fix).
 */
const COMMON: Record<string, string> = {
  NETWORK: 'We could not reach the care directory. Check your internet connection and try again.',
  RATE_LIMITED: 'Too many requests have come from your connection. Wait a minute and try again.',
  UNAUTHENTICATED: 'Your session has ended. Reload the page to start again; nothing you had not submitted was saved.',
  FORBIDDEN: 'You cannot do this here. If you think you should be able to, contact the organisation whose site this is.',
  NOT_FOUND: 'We could not find that. It may have been removed.',
  INVALID_POSTCODE: 'Enter a real postcode, like HD1 2TA, or the first part of one, like HD1.',
  POSTCODE_NOT_FOUND: 'We do not know that postcode. Check it, or enter just the first part, like HD1.',
  PLACE_NOT_FOUND: 'We do not know a town or village of that name. Check the spelling, or enter a postcode, like HD1 2TA.',
  AMBIGUOUS_PLACE: 'We could not tell which place you mean. Choose one, or enter a postcode.',
  QUERY_TOO_COMPLEX: 'That search asked for too much at once. Try a narrower search.',
  INTERNAL_SERVER_ERROR: 'Something went wrong on our side. Try again in a few minutes.',
};

export function errorWords(error: unknown, own: Record<string, string> = {}): string {
  if (!(error instanceof CoopcareRequestError)) return COMMON.INTERNAL_SERVER_ERROR!;
  if (error.code === 'RATE_LIMITED' && error.retryAfterSeconds) {
    return `Too many requests have come from your connection. Try again in ${Math.ceil(error.retryAfterSeconds)} seconds.`;
  }
  if (error.code === 'BAD_USER_INPUT') return own.BAD_USER_INPUT ?? error.message;
  return own[error.code] ?? COMMON[error.code] ?? COMMON.INTERNAL_SERVER_ERROR!;
}
