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

/**
 * A name of a person or an organisation, already trimmed: 1 to MAX_NAME_LENGTH characters on one line.
 * Names are written into emails to others ("Hello Ann,"): one of several lines would let whoever typed
 * it add paragraphs and a link of their own to a message from coopcare.
 */
export function isName(value: string): boolean {
  return value.length > 0 && value.length <= MAX_NAME_LENGTH && !/[\p{Cc}\p{Zl}\p{Zp}]/u.test(value);
}

/** A phone number as people write it, with room for spaces and brackets around E.164's 15 digits. */
export const MAX_PHONE_LENGTH = 30;

/** A phone number: digits, spaces, brackets and hyphens, perhaps a leading +, and 10 to 15 digits (a UK number has 10 or 11). */
export function isPhoneNumber(value: string): boolean {
  if (value.length > MAX_PHONE_LENGTH || !/^\+?[0-9 ()-]+$/.test(value)) return false;
  const digits = value.replace(/[^0-9]/g, '').length;
  return digits >= 10 && digits <= 15;
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

/** Makes the calling domain's bad-input error, naming the argument at fault. */
export type InvalidInput = (message: string, argument: string) => Error;

export interface TextLimit {
  max: number;
  argument: string;
  invalid: InvalidInput;
  /** The text in the error's words ("A reason"); "This text" unless given. */
  what?: string;
}

/**
 * Text people typed, trimmed and then measured (spaces around it never count against the limit): not blank
 * and at most `max` characters, or the domain's error naming the argument. It never echoes what was typed.
 */
export function requiredText(value: string | null | undefined, { max, argument, invalid, what = 'This text' }: TextLimit): string {
  const text = (value ?? '').trim();
  if (text === '') throw invalid(`${what} must not be blank.`, argument);
  if (text.length > max) throw invalid(`${what} is at most ${max.toLocaleString('en-GB')} characters.`, argument);
  return text;
}

/** As requiredText, but blank or absent is null. */
export function optionalText(value: string | null | undefined, limit: TextLimit): string | null {
  const text = (value ?? '').trim();
  return text === '' ? null : requiredText(text, limit);
}
