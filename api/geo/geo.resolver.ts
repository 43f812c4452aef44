import { Arg, Ctx, Query, Resolver } from 'type-graphql';
import type { Context } from '../context.js';
import { isGeoFailure } from './geo.service.js';
import { GeocodedPostcode, GeocodeResult, InvalidPostcodeError, PostcodeNotFoundError } from './geo.types.js';
import { ErrorCode } from '../common/errors.js';

@Resolver()
export class GeoResolver {
  @Query(() => GeocodeResult, {
    description: 'Where a UK postcode (or a bare outcode such as "HD1") is, and how precisely that is known.',
  })
  async geocode(
    @Arg('postcode', () => String, { description: 'Any case, spaced or not: "hd12ta", "HD1 2TA", "HD1".' }) postcode: string,
    @Ctx() ctx: Context,
  ): Promise<typeof GeocodeResult> {
    const result = await ctx.services.geo.locate(postcode);
    if (!isGeoFailure(result)) return GeocodedPostcode.from(result);
    return result.code === ErrorCode.INVALID_POSTCODE ? InvalidPostcodeError.of(result.message) : PostcodeNotFoundError.of(result.message);
  }
}
