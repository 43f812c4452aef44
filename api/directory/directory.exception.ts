import { type ClientFailure, DomainException, ErrorCode } from '../common/exceptions.js';

export enum DirectoryExceptionCode {
  INVALID_INPUT = 'INVALID_INPUT',
  UNKNOWN_CATEGORY = 'UNKNOWN_CATEGORY',
  UNKNOWN_NEED = 'UNKNOWN_NEED',
  UNKNOWN_LANGUAGE = 'UNKNOWN_LANGUAGE',
  INVALID_POSTCODE = 'INVALID_POSTCODE',
  PROVIDER_NOT_FOUND = 'PROVIDER_NOT_FOUND',
  SERVICE_NOT_FOUND = 'SERVICE_NOT_FOUND',
  SERVICE_OF_ANOTHER_PROVIDER = 'SERVICE_OF_ANOTHER_PROVIDER',
  ALREADY_EXISTS = 'ALREADY_EXISTS',
  SEARCH_RESULT_VANISHED = 'SEARCH_RESULT_VANISHED',
}

const FAILURES: Record<DirectoryExceptionCode, ClientFailure | null> = {
  INVALID_INPUT: 'BAD_USER_INPUT',
  UNKNOWN_CATEGORY: 'BAD_USER_INPUT',
  UNKNOWN_NEED: ErrorCode.UNKNOWN_NEED,
  UNKNOWN_LANGUAGE: ErrorCode.UNKNOWN_LANGUAGE,
  INVALID_POSTCODE: ErrorCode.INVALID_POSTCODE,
  PROVIDER_NOT_FOUND: 'NOT_FOUND',
  SERVICE_NOT_FOUND: 'NOT_FOUND',
  // Naming another provider's service would edit that provider's listing.
  SERVICE_OF_ANOTHER_PROVIDER: 'FORBIDDEN',
  ALREADY_EXISTS: 'CONFLICT',
  // A row deleted between a search's two statements: rare enough to fail the request rather than return a hole.
  SEARCH_RESULT_VANISHED: null,
};

export class DirectoryException extends DomainException<DirectoryExceptionCode> {
  get failure(): ClientFailure | null {
    return FAILURES[this.code];
  }
}

/** The commonest directory failure: an argument that cannot be right, named so the client can fix it. */
export const invalidInput = (message: string, argument: string) =>
  new DirectoryException(DirectoryExceptionCode.INVALID_INPUT, message, { argument });

/** How many unknown values a refusal names, and how much of each: enough to spot a typo, never an echo of a flood. */
const UNKNOWN_NAMED = 5;
const UNKNOWN_CHARACTERS = 60;

/** A list argument holding values that name nothing known: the first few named back (`unknown`), each cut short. */
export function unknownValues(
  code: DirectoryExceptionCode.UNKNOWN_NEED | DirectoryExceptionCode.UNKNOWN_LANGUAGE,
  what: 'need' | 'language',
  argument: string,
  values: readonly string[],
): DirectoryException {
  const unknown = values.slice(0, UNKNOWN_NAMED).map((v) => v.slice(0, UNKNOWN_CHARACTERS));
  return new DirectoryException(code, `Unknown ${what}${values.length > 1 ? 's' : ''}: ${unknown.join(', ')}.`, { argument, unknown });
}
