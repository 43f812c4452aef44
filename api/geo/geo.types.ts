import { createUnionType, Field, Float, ObjectType, registerEnumType } from 'type-graphql';
import { ErrorCode, ErrorResult } from '../common/exceptions.js';
import type { GeoExceptionCode } from './geo.exception.js';

export enum GeocodePrecision {
  POSTCODE = 'POSTCODE',
  SECTOR = 'SECTOR',
  DISTRICT = 'DISTRICT',
}
registerEnumType(GeocodePrecision, {
  name: 'GeocodePrecision',
  description: 'How closely the point matches what was asked: the postcode itself, the centre of its sector, or of its district.',
  valuesConfig: {
    POSTCODE: { description: 'The ONS point of the postcode itself.' },
    SECTOR: { description: 'The postcode is not in the gazetteer; the centre of its sector ("HD1 2") stands in.' },
    DISTRICT: { description: 'Only the district ("HD1") is known, or an outcode was asked for; its centre stands in.' },
  },
});

/** A located postcode, as the service returns it. */
export interface GeoLocation {
  /** The input, normalised ("HD1 2TA", or "HD1" for an outcode). */
  postcode: string;
  outcode: string;
  sector: string | null;
  latitude: number;
  longitude: number;
  precision: GeocodePrecision;
}

export interface GeoFailure {
  code: GeoExceptionCode;
  message: string;
}

@ObjectType({ description: 'A point for a postcode, with how precise it is.' })
export class GeocodedPostcode implements GeoLocation {
  @Field(() => String, { description: 'The postcode as asked, normalised ("HD1 2TA"); an outcode stays an outcode ("HD1").' })
  postcode: string;

  @Field(() => String, { description: 'The postcode district (outward code), e.g. "HD1".' })
  outcode: string;

  @Field(() => String, { nullable: true, description: 'Null when only an outcode was given.' })
  sector: string | null;

  @Field(() => Float, { description: 'WGS84 degrees.' })
  latitude: number;

  @Field(() => Float, { description: 'WGS84 degrees.' })
  longitude: number;

  @Field(() => GeocodePrecision, { description: 'Whether the point is the postcode’s own or the centre of its sector or district.' })
  precision: GeocodePrecision;

  static from(location: GeoLocation): GeocodedPostcode {
    return Object.assign(new GeocodedPostcode(), location);
  }
}

@ObjectType({ implements: ErrorResult, description: 'The text is not shaped like a UK postcode or outcode.' })
export class InvalidPostcodeError extends ErrorResult {
  static of(message: string): InvalidPostcodeError {
    return Object.assign(new InvalidPostcodeError(), { code: ErrorCode.INVALID_POSTCODE, message });
  }
}

@ObjectType({
  implements: ErrorResult,
  description: 'A well-formed postcode that the gazetteer does not know, nor its sector or district.',
})
export class PostcodeNotFoundError extends ErrorResult {
  static of(message: string): PostcodeNotFoundError {
    return Object.assign(new PostcodeNotFoundError(), { code: ErrorCode.POSTCODE_NOT_FOUND, message });
  }
}

export const GeocodeResult = createUnionType({
  name: 'GeocodeResult',
  description: 'The located postcode, or why it could not be located (an InvalidPostcodeError or a PostcodeNotFoundError).',
  types: () => [GeocodedPostcode, InvalidPostcodeError, PostcodeNotFoundError] as const,
  resolveType: (value) => {
    if (value instanceof InvalidPostcodeError) return InvalidPostcodeError;
    if (value instanceof PostcodeNotFoundError) return PostcodeNotFoundError;
    return GeocodedPostcode;
  },
});
