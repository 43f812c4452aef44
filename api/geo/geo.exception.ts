import { type ClientFailure, DomainException, ErrorCode, type ExceptionDetails } from '../common/exceptions.js';
import type { NamedCandidate } from './place-name.js';

export enum GeoExceptionCode {
  INVALID_POSTCODE = 'INVALID_POSTCODE',
  POSTCODE_NOT_FOUND = 'POSTCODE_NOT_FOUND',
  PLACE_NOT_FOUND = 'PLACE_NOT_FOUND',
  AMBIGUOUS_PLACE = 'AMBIGUOUS_PLACE',
}

const FAILURES: Record<GeoExceptionCode, ClientFailure> = {
  INVALID_POSTCODE: ErrorCode.INVALID_POSTCODE,
  POSTCODE_NOT_FOUND: ErrorCode.POSTCODE_NOT_FOUND,
  PLACE_NOT_FOUND: ErrorCode.PLACE_NOT_FOUND,
  AMBIGUOUS_PLACE: ErrorCode.AMBIGUOUS_PLACE,
};

/** A postcode or place name given as an argument of another operation that is malformed or unknown; `details.argument` names it. */
export class GeoException extends DomainException<GeoExceptionCode> {
  get failure(): ClientFailure {
    return FAILURES[this.code];
  }
}

/**
 * A place name more than one town or village has, or whose qualifier picks none of its places.
 * `details.candidates` carries them too, so GraphQL's error `extensions` (which spread the details) list
 * them without a mapping of their own.
 */
export class AmbiguousPlace extends GeoException {
  constructor(
    message: string,
    argument: string,
    readonly candidates: readonly NamedCandidate[],
  ) {
    const details: ExceptionDetails & { candidates: readonly NamedCandidate[] } = { argument, candidates };
    super(GeoExceptionCode.AMBIGUOUS_PLACE, message, details);
  }
}

/** A place name no town or village has; `details.suggestions` holds the known names nearest it (at most three). */
export class PlaceNotFound extends GeoException {
  constructor(
    message: string,
    argument: string,
    readonly suggestions: readonly string[],
  ) {
    const details: ExceptionDetails & { suggestions: readonly string[] } = { argument, suggestions };
    super(GeoExceptionCode.PLACE_NOT_FOUND, message, details);
  }
}
