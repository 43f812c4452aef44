// Transitional: the domains still using these move to their own *.exception.ts; this file then goes.
import { type ClientFailure, DomainException } from './exceptions.js';

export { ErrorCode, ErrorResult } from './exceptions.js';

class LegacyException extends DomainException<ClientFailure> {
  get failure(): ClientFailure {
    return this.code;
  }
}

export class ApiError extends LegacyException {
  constructor(code: ClientFailure, message: string, extra: { argument?: string; retryAfterSeconds?: number } = {}) {
    super(code, message, extra);
  }
  get extensions() {
    return { code: this.code, ...this.details };
  }
}

export const badUserInput = (message: string, argument?: string) => new ApiError('BAD_USER_INPUT', message, argument ? { argument } : {});
export const unauthenticated = (message = 'Sign in to do this.') => new ApiError('UNAUTHENTICATED', message);
export const forbidden = (message = 'You are not allowed to do this.') => new ApiError('FORBIDDEN', message);
export const notFound = (message: string) => new ApiError('NOT_FOUND', message);
export { DomainException };
export type { ErrorLog } from '../graphql/errors.js';
