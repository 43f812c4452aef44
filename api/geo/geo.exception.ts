import { type ClientFailure, DomainException, ErrorCode } from '../common/exceptions.js';

export enum GeoExceptionCode {
  INVALID_POSTCODE = 'INVALID_POSTCODE',
  POSTCODE_NOT_FOUND = 'POSTCODE_NOT_FOUND',
}

const FAILURES: Record<GeoExceptionCode, ClientFailure> = {
  INVALID_POSTCODE: ErrorCode.INVALID_POSTCODE,
  POSTCODE_NOT_FOUND: ErrorCode.POSTCODE_NOT_FOUND,
};

/** A postcode given as an argument of another operation that is malformed or unknown; `details.argument` names it. */
export class GeoException extends DomainException<GeoExceptionCode> {
  get failure(): ClientFailure {
    return FAILURES[this.code];
  }
}
