import { Arg, Ctx, Query, Resolver } from 'type-graphql';
import type { Context } from '../context.js';
import { asResult } from '../graphql/results.js';
import { GEOCODE_PLACE_FAILURES, GeocodedPostcode, GeocodeResult } from './geo.types.js';

@Resolver()
export class GeoResolver {
  @Query(() => GeocodeResult, {
    description:
      'Where a UK postcode (or a bare outcode such as "HD1", or a town or village such as "Holmfirth") is, and how precisely ' +
      'that is known.',
  })
  async geocode(
    @Arg('postcode', () => String, {
      description: 'Any case, spaced or not: "hd12ta", "HD1 2TA", "HD1"; or a town or village name: "Holmfirth", "Scholes, Holme Valley".',
    })
    postcode: string,
    @Ctx() ctx: Context,
  ): Promise<typeof GeocodeResult> {
    return asResult(
      async () => GeocodedPostcode.from(await ctx.services.geo.locatePostcodeOrPlace(postcode, 'postcode')),
      GEOCODE_PLACE_FAILURES,
    );
  }
}
