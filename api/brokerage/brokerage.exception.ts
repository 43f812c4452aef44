import { type ClientFailure, DomainException, ErrorCode, type ExceptionDetails } from '../common/exceptions.js';

export enum BrokerageExceptionCode {
  INVALID_INPUT = 'INVALID_INPUT',
  NOT_FOUND = 'NOT_FOUND',
  INSUFFICIENT_BUDGET = 'INSUFFICIENT_BUDGET',
  OUTSIDE_SERVICE_AREA = 'OUTSIDE_SERVICE_AREA',
  NOT_BOOKABLE = 'NOT_BOOKABLE',
  VISIT_IN_THE_PAST = 'VISIT_IN_THE_PAST',
  VISIT_TOO_SHORT = 'VISIT_TOO_SHORT',
  VISITS_OVERLAP = 'VISITS_OVERLAP',
  OUTSIDE_BUDGET_PERIOD = 'OUTSIDE_BUDGET_PERIOD',
  WORKER_UNAVAILABLE = 'WORKER_UNAVAILABLE',
  TOO_LATE_TO_CANCEL = 'TOO_LATE_TO_CANCEL',
  /** An idempotency key already used for a different request. */
  IDEMPOTENCY_KEY_REUSED = 'IDEMPOTENCY_KEY_REUSED',
  /** A booking or visit not in a state that allows the change (confirming a declined booking). */
  WRONG_STATE = 'WRONG_STATE',
  /** The ledger disagrees with itself: a broken invariant, never the client's doing. */
  LEDGER_INCONSISTENT = 'LEDGER_INCONSISTENT',
}

const FAILURES: Record<BrokerageExceptionCode, ClientFailure | null> = {
  INVALID_INPUT: 'BAD_USER_INPUT',
  NOT_FOUND: 'NOT_FOUND',
  INSUFFICIENT_BUDGET: ErrorCode.INSUFFICIENT_BUDGET,
  OUTSIDE_SERVICE_AREA: ErrorCode.OUTSIDE_SERVICE_AREA,
  NOT_BOOKABLE: ErrorCode.NOT_BOOKABLE,
  VISIT_IN_THE_PAST: ErrorCode.VISIT_IN_THE_PAST,
  VISIT_TOO_SHORT: ErrorCode.VISIT_TOO_SHORT,
  VISITS_OVERLAP: ErrorCode.VISITS_OVERLAP,
  OUTSIDE_BUDGET_PERIOD: ErrorCode.OUTSIDE_BUDGET_PERIOD,
  WORKER_UNAVAILABLE: ErrorCode.WORKER_UNAVAILABLE,
  TOO_LATE_TO_CANCEL: ErrorCode.TOO_LATE_TO_CANCEL,
  IDEMPOTENCY_KEY_REUSED: ErrorCode.CONFLICT,
  WRONG_STATE: ErrorCode.CONFLICT,
  LEDGER_INCONSISTENT: null,
};

/** Budgets, quotes, bookings, visits and invoices: expected failures of their operations. Denials are auth's `forbidden`. */
export class BrokerageException extends DomainException<BrokerageExceptionCode> {
  get failure(): ClientFailure | null {
    return FAILURES[this.code];
  }
}

const naming = (argument?: string): ExceptionDetails => (argument ? { argument } : {});
export const brokerageInvalidInput = (message: string, argument?: string) =>
  new BrokerageException(BrokerageExceptionCode.INVALID_INPUT, message, naming(argument));
export const brokerageNotFound = (message: string, argument?: string) =>
  new BrokerageException(BrokerageExceptionCode.NOT_FOUND, message, naming(argument));
export const wrongState = (message: string) => new BrokerageException(BrokerageExceptionCode.WRONG_STATE, message);

/** INSUFFICIENT_BUDGET, carrying how much more the budget would need (InsufficientBudgetError.shortByPence). */
export class InsufficientBudget extends BrokerageException {
  constructor(
    readonly shortByPence: number,
    message: string,
  ) {
    super(BrokerageExceptionCode.INSUFFICIENT_BUDGET, message);
  }
}
