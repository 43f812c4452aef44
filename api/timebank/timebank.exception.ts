import { type ClientFailure, DomainException, ErrorCode, type ExceptionDetails } from '../common/exceptions.js';

export enum TimeBankExceptionCode {
  INVALID_INPUT = 'INVALID_INPUT',
  NOT_FOUND = 'NOT_FOUND',
  /** A record no longer in a state that allows the change (confirming a rejected exchange), or one already there. */
  WRONG_STATE = 'WRONG_STATE',
  INSUFFICIENT_TIME_CREDIT = 'INSUFFICIENT_TIME_CREDIT',
  BACKGROUND_CHECK_REQUIRED = 'BACKGROUND_CHECK_REQUIRED',
  /** The ledger disagrees with itself: a broken invariant, never the client's doing. */
  LEDGER_INCONSISTENT = 'LEDGER_INCONSISTENT',
}

const FAILURES: Record<TimeBankExceptionCode, ClientFailure | null> = {
  INVALID_INPUT: 'BAD_USER_INPUT',
  NOT_FOUND: 'NOT_FOUND',
  WRONG_STATE: ErrorCode.CONFLICT,
  INSUFFICIENT_TIME_CREDIT: ErrorCode.INSUFFICIENT_TIME_CREDIT,
  BACKGROUND_CHECK_REQUIRED: ErrorCode.BACKGROUND_CHECK_REQUIRED,
  LEDGER_INCONSISTENT: null,
};

/** Time banks, their members, help, exchanges, transfers and expenses: expected failures. Denials are auth's `forbidden`. */
export class TimeBankException extends DomainException<TimeBankExceptionCode> {
  get failure(): ClientFailure | null {
    return FAILURES[this.code];
  }
}

const naming = (argument?: string): ExceptionDetails => (argument ? { argument } : {});
export const timeBankInvalidInput = (message: string, argument?: string) =>
  new TimeBankException(TimeBankExceptionCode.INVALID_INPUT, message, naming(argument));
export const timeBankNotFound = (message: string, argument?: string) =>
  new TimeBankException(TimeBankExceptionCode.NOT_FOUND, message, naming(argument));
export const timeBankWrongState = (message: string) => new TimeBankException(TimeBankExceptionCode.WRONG_STATE, message);
export const backgroundCheckRequired = (message: string) => new TimeBankException(TimeBankExceptionCode.BACKGROUND_CHECK_REQUIRED, message);

/** INSUFFICIENT_TIME_CREDIT, carrying how many more minutes the account would need (InsufficientTimeCreditError.shortByMinutes). */
export class InsufficientTimeCredit extends TimeBankException {
  constructor(
    readonly shortByMinutes: number,
    message: string,
  ) {
    super(TimeBankExceptionCode.INSUFFICIENT_TIME_CREDIT, message);
  }
}
