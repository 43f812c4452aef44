import isEmailModule from 'validator/lib/isEmail.js';

// A CommonJS module whose types declare an ES default export: `.default` is the function both at run time and to TypeScript.
const isEmail = isEmailModule.default;

/**
 * Rules for text any domain accepts from people: each says whether a value passes, and the domain
 * throws its own exception, naming its own argument, when it does not.
 */

/** RFC 5321's limit on a forward path; longer is never an address. */
export const MAX_EMAIL_LENGTH = 320;
/** People's and organisations' names. */
export const MAX_NAME_LENGTH = 200;

/** Emails compare trimmed and in lower case: the same address however it was typed. */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** An email address, checked by `validator` after the length, so no long input reaches its patterns. */
export function isEmailAddress(value: string): boolean {
  return value.length <= MAX_EMAIL_LENGTH && isEmail(value);
}

/** A name of a person or an organisation, already trimmed: 1 to MAX_NAME_LENGTH characters. */
export function isName(value: string): boolean {
  return value.length > 0 && value.length <= MAX_NAME_LENGTH;
}

/** Absent, or at most `max` characters. */
export function fitsLength(value: string | null | undefined, max: number): boolean {
  return value == null || value.length <= max;
}

/** An absolute http(s) address with a host and no whitespace. */
export function isWebAddress(value: string): boolean {
  if (/\s/.test(value)) return false;
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}
