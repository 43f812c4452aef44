import { type ClientFailure, DomainException, ErrorCode } from '../common/exceptions.js';

export enum AlertsExceptionCode {
  INVALID_INPUT = 'INVALID_INPUT',
  NOT_FOUND = 'NOT_FOUND',
  /** Acknowledging an alert someone already acknowledged. */
  ALREADY_ACKNOWLEDGED = 'ALREADY_ACKNOWLEDGED',
}

const FAILURES: Record<AlertsExceptionCode, ClientFailure> = {
  INVALID_INPUT: 'BAD_USER_INPUT',
  NOT_FOUND: 'NOT_FOUND',
  ALREADY_ACKNOWLEDGED: ErrorCode.CONFLICT,
};

/** Crisis alerts, emergency and duty contacts: expected failures. Denials are auth's `forbidden`. */
export class AlertsException extends DomainException<AlertsExceptionCode> {
  get failure(): ClientFailure {
    return FAILURES[this.code];
  }
}

export const alertsInvalidInput = (message: string, argument: string) =>
  new AlertsException(AlertsExceptionCode.INVALID_INPUT, message, { argument });
export const alertNotFound = () => new AlertsException(AlertsExceptionCode.NOT_FOUND, 'No crisis alert has that id.');
export const alreadyAcknowledged = (message: string) => new AlertsException(AlertsExceptionCode.ALREADY_ACKNOWLEDGED, message);
