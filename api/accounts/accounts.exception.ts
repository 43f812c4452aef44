import { type ClientFailure, DomainException, type ExceptionDetails } from '../common/exceptions.js';

export enum AccountsExceptionCode {
  INVALID_INPUT = 'INVALID_INPUT',
  NOT_FOUND = 'NOT_FOUND',
  NOT_AWAITING_CONFIRMATION = 'NOT_AWAITING_CONFIRMATION',
  /** A partner key over its budget of widget sessions. */
  TOO_MANY_WIDGET_SESSIONS = 'TOO_MANY_WIDGET_SESSIONS',
}

const FAILURES: Record<AccountsExceptionCode, ClientFailure> = {
  INVALID_INPUT: 'BAD_USER_INPUT',
  NOT_FOUND: 'NOT_FOUND',
  NOT_AWAITING_CONFIRMATION: 'CONFLICT',
  TOO_MANY_WIDGET_SESSIONS: 'RATE_LIMITED',
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
