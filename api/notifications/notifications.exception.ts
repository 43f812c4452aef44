import { type ClientFailure, DomainException } from '../common/exceptions.js';

export enum NotificationsExceptionCode {
  INVALID_INPUT = 'INVALID_INPUT',
}

const FAILURES: Record<NotificationsExceptionCode, ClientFailure> = {
  INVALID_INPUT: 'BAD_USER_INPUT',
};

/** Messages and message choices: expected failures of their operations. */
export class NotificationsException extends DomainException<NotificationsExceptionCode> {
  get failure(): ClientFailure {
    return FAILURES[this.code];
  }
}

export const notificationsInvalidInput = (message: string, argument: string) =>
  new NotificationsException(NotificationsExceptionCode.INVALID_INPUT, message, { argument });
