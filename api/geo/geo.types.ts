import { Field, Float, ObjectType, registerEnumType } from 'type-graphql';
import { type DomainException, ErrorCode, ErrorResult } from '../common/exceptions.js';
import { errorResult, resultUnion } from '../graphql/results.js';
import { AmbiguousPlace } from './geo.exception.js';
import type { NamedCandidate } from './place-name.js';

export enum GeocodePrecision {
  POSTCODE = 'POSTCODE',
  SECTOR = 'SECTOR',
  DISTRICT = 'DISTRICT',
  PLACE = 'PLACE',
}
registerEnumType(GeocodePrecision, {
  name: 'GeocodePrecision',
  description:
    'How closely the point matches what was asked: the postcode itself, the centre of its sector or of its district, or the ' +
    'point of a town or village asked for by name.',
  valuesConfig: {
    POSTCODE: { description: 'The ONS point of the postcode itself.' },
    SECTOR: { description: 'The postcode is not in the gazetteer; the centre of its sector ("HD1 2") stands in.' },
    DISTRICT: { description: 'Only the district ("HD1") is known, or an outcode was asked for; its centre stands in.' },
    PLACE: {
      description:
        'A town or village was asked for by name ("Holmfirth"); the point the ONS Index of Place Names gives it (the centre ' +
        'of its built-up area where it has one) stands in.',
    },
  },
});

/** A located postcode or place, as the service returns it. */
export interface GeoLocation {
  /** The input, normalised ("HD1 2TA", or "HD1" for an outcode), or a place's name as the gazetteer spells it. */
  postcode: string;
  /** A place's is the district of the postcode nearest it, or "" when none is near. */
  outcode: string;
  sector: string | null;
  latitude: number;
  longitude: number;
  precision: GeocodePrecision;
}

/**
 * A location as the directory search's servesPostcode reads it: with the postcode districts it stands
 * for, a postcode's own district, or those a town or village spans (see Place.outcodes).
 */
export interface SearchLocation extends GeoLocation {
  districts: readonly string[];
}

@ObjectType({ description: 'A point for a postcode or a town or village, with how precise it is.' })
export class GeocodedPostcode implements GeoLocation {
  @Field(() => String, {
    description:
      'The postcode as asked, normalised ("HD1 2TA"); an outcode stays an outcode ("HD1"). For a town or village (precision ' +
      'PLACE), its name as the gazetteer spells it ("Holmfirth").',
  })
  postcode: string;

  @Field(() => String, {
    description:
      'The postcode district (outward code), e.g. "HD1". For a town or village, the district of the postcode nearest it, or "" ' +
      'when no postcode in the gazetteer is near it.',
  })
  outcode: string;

  @Field(() => String, { nullable: true, description: 'Null when only an outcode, or a town or village, was given.' })
  sector: string | null;

  @Field(() => Float, { description: 'WGS84 degrees.' })
  latitude: number;

  @Field(() => Float, { description: 'WGS84 degrees.' })
  longitude: number;

  @Field(() => GeocodePrecision, {
    description: 'Whether the point is the postcode’s own, the centre of its sector or district, or a town’s or village’s (PLACE).',
  })
  precision: GeocodePrecision;

  static from(location: GeoLocation): GeocodedPostcode {
    return Object.assign(new GeocodedPostcode(), location);
  }
}

export const InvalidPostcodeError = errorResult(
  'InvalidPostcodeError',
  ErrorCode.INVALID_POSTCODE,
  'The text is not shaped like a UK postcode or outcode.',
);

export const PostcodeNotFoundError = errorResult(
  'PostcodeNotFoundError',
  ErrorCode.POSTCODE_NOT_FOUND,
  'A well-formed postcode that the gazetteer does not know, nor its sector or district.',
);

export const GEOCODE_FAILURES = [InvalidPostcodeError, PostcodeNotFoundError];

export const PlaceNotFoundError = errorResult(
  'PlaceNotFoundError',
  ErrorCode.PLACE_NOT_FOUND,
  'The text is not a postcode, and no town or village of that name is in the gazetteer.',
);

@ObjectType('PlaceCandidate', { description: 'One of the places an ambiguous town or village name may mean.' })
export class PlaceCandidate implements NamedCandidate {
  @Field(() => String, { description: 'Give this instead of the name to pick exactly this place: "Scholes, Holme Valley".' })
  name: string;

  @Field(() => String, { description: 'Where it is, in words: "in Holme Valley, Kirklees, West Yorkshire (HD9)".' })
  description: string;

  @Field(() => Float, { description: 'WGS84 degrees.' })
  latitude: number;

  @Field(() => Float, { description: 'WGS84 degrees.' })
  longitude: number;
}

@ObjectType('AmbiguousPlaceError', {
  implements: ErrorResult,
  description:
    'AMBIGUOUS_PLACE: more than one town or village has that name, or the words after the comma pick none of the places of ' +
    'that name; `candidates` lists them (at most ten).',
})
export class AmbiguousPlaceError extends ErrorResult {
  static readonly code = ErrorCode.AMBIGUOUS_PLACE;

  @Field(() => [PlaceCandidate], { description: 'The places the name may mean, each with the name that picks it.' })
  candidates: PlaceCandidate[];

  static of(message: string, error?: DomainException<string>): AmbiguousPlaceError {
    const candidates = error instanceof AmbiguousPlace ? error.candidates.map((c) => Object.assign(new PlaceCandidate(), c)) : [];
    return Object.assign(new AmbiguousPlaceError(), { code: ErrorCode.AMBIGUOUS_PLACE, message, candidates });
  }
}

/** What `geocode` may answer instead of a point: it takes town and village names too. */
export const GEOCODE_PLACE_FAILURES = [...GEOCODE_FAILURES, PlaceNotFoundError, AmbiguousPlaceError];

export const GeocodeResult = resultUnion(
  'GeocodeResult',
  GeocodedPostcode,
  GEOCODE_PLACE_FAILURES,
  'The located postcode or place, or why it could not be located (an InvalidPostcodeError, a PostcodeNotFoundError, a ' +
    'PlaceNotFoundError or an AmbiguousPlaceError).',
);
