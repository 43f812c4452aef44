import { type ClientFailure, DomainException, ErrorCode, type ExceptionDetails } from '../common/exceptions.js';

export enum AccountsExceptionCode {
  INVALID_INPUT = 'INVALID_INPUT',
  NOT_FOUND = 'NOT_FOUND',
  NOT_AWAITING_CONFIRMATION = 'NOT_AWAITING_CONFIRMATION',
  /** A partner key over its budget of widget sessions. */
  TOO_MANY_WIDGET_SESSIONS = 'TOO_MANY_WIDGET_SESSIONS',
  /** An emailed link expired, used or never issued: one answer for all three. */
  INVALID_TOKEN = 'INVALID_TOKEN',
  WEAK_PASSWORD = 'WEAK_PASSWORD',
  /** The new email address belongs to another account since the change was asked for. */
  EMAIL_TAKEN = 'EMAIL_TAKEN',
  /** Too many password resets asked for from one client address or for one email, or email changes by one person. */
  TOO_MANY_REQUESTS = 'TOO_MANY_REQUESTS',
}

const FAILURES: Record<AccountsExceptionCode, ClientFailure> = {
  INVALID_INPUT: 'BAD_USER_INPUT',
  NOT_FOUND: 'NOT_FOUND',
  NOT_AWAITING_CONFIRMATION: 'CONFLICT',
  TOO_MANY_WIDGET_SESSIONS: 'RATE_LIMITED',
  INVALID_TOKEN: ErrorCode.INVALID_TOKEN,
  WEAK_PASSWORD: ErrorCode.WEAK_PASSWORD,
  EMAIL_TAKEN: ErrorCode.CONFLICT,
  TOO_MANY_REQUESTS: 'RATE_LIMITED',
};

/** People, representatives and partners: expected failures of their operations. Denials are auth's `forbidden`. */
export class AccountsException extends DomainException<AccountsExceptionCode> {
  get failure(): ClientFailure {
    return FAILURES[this.code];
  }
}

export const invalidInput = (message: string, argument?: string) =>
  new AccountsException(AccountsExceptionCode.INVALID_INPUT, message, argument ? ({ argument } satisfies ExceptionDetails) : {});
export const accountsNotFound = (message: string) => new AccountsException(AccountsExceptionCode.NOT_FOUND, message);
export const notAwaitingConfirmation = (message: string) => new AccountsException(AccountsExceptionCode.NOT_AWAITING_CONFIRMATION, message);

/** The same sentence for an expired, a used and a forged link, so an answer tells nothing about which links exist. */
export const invalidToken = () =>
  new AccountsException(AccountsExceptionCode.INVALID_TOKEN, 'This link has expired or has already been used. Ask for a new one.');
export const weakPassword = (why: string) => new AccountsException(AccountsExceptionCode.WEAK_PASSWORD, why, { argument: 'password' });
