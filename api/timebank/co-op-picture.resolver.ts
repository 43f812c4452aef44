import { Arg, Ctx, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import type { Context } from '../context.js';
import { Provider } from '../directory/provider.entity.js';
import { pictureOf, timeBankByProviderId } from './co-op-picture.loaders.js';
import { PICTURE_MONTHS, pictureMonths } from './co-op-picture.service.js';
import { TimeBankPicture } from './co-op-picture.types.js';
import { TimeBank } from './time-bank.entity.js';

@Resolver(() => TimeBank)
export class TimeBankPictureResolver {
  @FieldResolver(() => TimeBankPicture, {
    description:
      'The time bank in numbers, for anyone: hours exchanged each month, active volunteers, out-of-hours help, the pool, expenses. ' +
      'Aggregates only.',
  })
  picture(
    @Root() bank: TimeBank,
    @Ctx() ctx: Context,
    @Arg('months', () => Int, {
      defaultValue: PICTURE_MONTHS.default,
      description: `How many months, this one included: ${PICTURE_MONTHS.min} to ${PICTURE_MONTHS.max}.`,
    })
    months: number,
  ): Promise<TimeBankPicture> {
    return ctx.loaders.get(pictureOf).load({ providerId: bank.providerId, months: pictureMonths(months) });
  }
}

@Resolver(() => Provider)
export class ProviderTimeBankResolver {
  @FieldResolver(() => TimeBank, { nullable: true, description: 'The co-op’s time bank and its rules; null when it has none.' })
  timeBank(@Root() provider: Provider, @Ctx() ctx: Context): Promise<TimeBank | null> {
    return ctx.loaders.get(timeBankByProviderId).load(provider.id);
  }
}
