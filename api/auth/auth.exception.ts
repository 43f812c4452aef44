import { type ClientFailure, DomainException } from '../common/exceptions.js';

export enum AuthExceptionCode {
  /** No credential where one is needed. */
  SIGN_IN_REQUIRED = 'SIGN_IN_REQUIRED',
  WRONG_CREDENTIALS = 'WRONG_CREDENTIALS',
  /** A malformed, forged or expired token, an unknown or revoked key, an ended session. */
  CREDENTIAL_INVALID = 'CREDENTIAL_INVALID',
  REFRESH_TOKEN_INVALID = 'REFRESH_TOKEN_INVALID',
  /** A bearer token and an API key together. */
  CREDENTIALS_AMBIGUOUS = 'CREDENTIALS_AMBIGUOUS',
  /** A good credential used from a web origin it was not issued for. */
  ORIGIN_NOT_ALLOWED = 'ORIGIN_NOT_ALLOWED',
  SIGN_IN_THROTTLED = 'SIGN_IN_THROTTLED',
  FORBIDDEN = 'FORBIDDEN',
}

const FAILURES: Record<AuthExceptionCode, ClientFailure> = {
  SIGN_IN_REQUIRED: 'UNAUTHENTICATED',
  WRONG_CREDENTIALS: 'UNAUTHENTICATED',
  CREDENTIAL_INVALID: 'UNAUTHENTICATED',
  REFRESH_TOKEN_INVALID: 'UNAUTHENTICATED',
  CREDENTIALS_AMBIGUOUS: 'BAD_USER_INPUT',
  ORIGIN_NOT_ALLOWED: 'FORBIDDEN',
  SIGN_IN_THROTTLED: 'RATE_LIMITED',
  FORBIDDEN: 'FORBIDDEN',
};

/** Who is asking and whether they may: the failures every domain's checks share. */
export class AuthException extends DomainException<AuthExceptionCode> {
  get failure(): ClientFailure {
    return FAILURES[this.code];
  }
}

export const signInRequired = (message = 'Sign in to do this.') => new AuthException(AuthExceptionCode.SIGN_IN_REQUIRED, message);
/** A denial says nothing about whether the object exists. */
export const forbidden = (message = 'You are not allowed to do this.') => new AuthException(AuthExceptionCode.FORBIDDEN, message);
export const credentialInvalid = (message: string) => new AuthException(AuthExceptionCode.CREDENTIAL_INVALID, message);
