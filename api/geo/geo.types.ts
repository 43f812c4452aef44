import { Field, Float, ObjectType, registerEnumType } from 'type-graphql';
import { ErrorCode } from '../common/exceptions.js';
import { errorResult, resultUnion } from '../graphql/results.js';

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

export const GeocodeResult = resultUnion(
  'GeocodeResult',
  GeocodedPostcode,
  GEOCODE_FAILURES,
  'The located postcode, or why it could not be located (an InvalidPostcodeError or a PostcodeNotFoundError).',
);
