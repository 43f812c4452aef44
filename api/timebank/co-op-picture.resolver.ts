import { Arg, Ctx, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import type { Context } from '../context.js';
import { Provider } from '../directory/provider.entity.js';
import { pictureOf } from './co-op-picture.loaders.js';
import { timeBankByProviderId } from './time-banks.loaders.js';
import { PICTURE_MONTHS, pictureMonths } from './co-op-picture.service.js';
import { TimeBankPicture } from './co-op-picture.types.js';
import { TimeBank } from './time-bank.entity.js';
import { mayCoordinateTimeBank } from './timebank.policy.js';

/**
 * A small co-op's expense figures move by one claim at a time, so reading them before and after would tell
 * anyone a volunteer's claim: they are the co-op's coordinators' and admins' alone. Null rather than
 * FORBIDDEN, so the public picture still loads whole in one query.
 */
const EXPENSES_HIDDEN = {
  expensesPaidPence: null,
  expensesWaitingPence: null,
  expensesWaitingCount: null,
  medianDaysToApprove: null,
} satisfies Partial<TimeBankPicture>;

@Resolver(() => TimeBank)
export class TimeBankPictureResolver {
  @FieldResolver(() => TimeBankPicture, {
    description:
      'The time bank in numbers, for anyone: hours exchanged each month, active volunteers, out-of-hours help, the pool; ' +
      'expenses for the co-op’s coordinators and admins only (null for anyone else). Aggregates only.',
  })
  async picture(
    @Root() bank: TimeBank,
    @Ctx() ctx: Context,
    @Arg('months', () => Int, {
      defaultValue: PICTURE_MONTHS.default,
      description: `How many months, this one included: ${PICTURE_MONTHS.min} to ${PICTURE_MONTHS.max}.`,
    })
    months: number,
  ): Promise<TimeBankPicture> {
    const picture = await ctx.loaders.get(pictureOf).load({ providerId: bank.providerId, months: pictureMonths(months) });
    return mayCoordinateTimeBank(ctx.actor, bank.providerId) ? picture : { ...picture, ...EXPENSES_HIDDEN };
  }
}

@Resolver(() => Provider)
export class ProviderTimeBankResolver {
  @FieldResolver(() => TimeBank, { nullable: true, description: 'The co-op’s time bank and its rules; null when it has none.' })
  timeBank(@Root() provider: Provider, @Ctx() ctx: Context): Promise<TimeBank | null> {
    return ctx.loaders.get(timeBankByProviderId).load(provider.id);
  }
}
