import { GraphQLDateTime } from 'graphql-scalars';
import { Arg, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../context.js';
import { categoryById, providerById } from '../directory/directory.loaders.js';
import { Provider } from '../directory/provider.entity.js';
import { ServiceCategory } from '../directory/service-category.entity.js';
import { ID } from '../graphql/scalars.js';
import { SpendByCategory, SpendByProvider, SpendReport } from './spend-report.types.js';

@Resolver(() => SpendReport)
export class SpendReportResolver {
  @Query(() => SpendReport, {
    description:
      'Where a council’s personal-budget money went between `from` (included) and `to` (excluded): for its officers and admins. ' +
      'FORBIDDEN for anyone else; NOT_FOUND for an unknown council; BAD_USER_INPUT when `to` is not after `from` or the window is ' +
      'longer than three years, or its totals pass £21,474,836.47 (money is Int pence): then ask for a shorter window.',
  })
  spendReport(
    @Ctx() ctx: Context,
    @Arg('councilId', () => ID, { description: 'The commissioning council.' }) councilId: string,
    @Arg('from', () => GraphQLDateTime, { description: 'Start of the window, included.' }) from: Date,
    @Arg('to', () => GraphQLDateTime, { description: 'End of the window, excluded.' }) to: Date,
  ): Promise<SpendReport> {
    return ctx.services.spendReport.report(ctx, councilId, from, to);
  }
}

@Resolver(() => SpendByCategory)
export class SpendByCategoryResolver {
  @FieldResolver(() => ServiceCategory, { description: 'The category of the services booked.' })
  async category(@Root() row: SpendByCategory, @Ctx() ctx: Context) {
    return ctx.loaders.get(categoryById).load(row.categoryId);
  }
}

@Resolver(() => SpendByProvider)
export class SpendByProviderResolver {
  @FieldResolver(() => Provider, { description: 'The provider, whatever its listing’s status now.' })
  async provider(@Root() row: SpendByProvider, @Ctx() ctx: Context) {
    return ctx.loaders.get(providerById).load(row.providerId);
  }
}
