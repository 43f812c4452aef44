import { Arg, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import type { Context } from '../context.js';
import { asResult } from '../graphql/results.js';
import { TimeTransfer } from './exchange.entity.js';
import { timeBankMemberById } from './members.loaders.js';
import { memberName } from './member-names.js';
import { mayViewMember } from './timebank.policy.js';
import {
  DrawFromCommunityPoolInput,
  DrawFromCommunityPoolResult,
  GiveTimeCreditInput,
  GiveTimeCreditResult,
  GiveToCommunityPoolResult,
  GiveToCommunityPoolInput,
  TRANSFER_FAILURES,
} from './transfers.types.js';

/** A transfer's names are for those who may see either end's account; the pool's end has none. */
async function nameIfVisible(ctx: Context, transfer: TimeTransfer, memberId: string | null): Promise<string | null> {
  if (!memberId) return null;
  const ends = await ctx.loaders
    .get(timeBankMemberById)
    .loadMany([transfer.fromMemberId, transfer.toMemberId].filter((id): id is string => id !== null));
  const visible = ends.some((m) => m && !(m instanceof Error) && mayViewMember(ctx.actor, m));
  return visible ? memberName(ctx, memberId) : null;
}

/** Gifts and the community pool. The rules are TransfersService's. */
@Resolver(() => TimeTransfer)
export class TimeTransferResolver {
  @Mutation(() => GiveTimeCreditResult, {
    description:
      'A member (or their representative with BOOK) gives credit to another approved member of the same time bank, no more than ' +
      'their balance (InsufficientTimeCreditError with the shortfall). BAD_USER_INPUT for minutes outside 1 to 100,000, a gift to ' +
      'yourself or to another co-op’s member; FORBIDDEN for anyone else’s credit.',
  })
  giveTimeCredit(
    @Ctx() ctx: Context,
    @Arg('input', () => GiveTimeCreditInput, { description: 'Who gives, to whom, how much.' }) input: GiveTimeCreditInput,
  ) {
    return asResult(() => ctx.services.transfers.give(ctx, input), TRANSFER_FAILURES);
  }

  @Mutation(() => GiveToCommunityPoolResult, {
    description: 'A member (or their representative with BOOK) gives credit to the co-op’s community pool, on the rules of giveTimeCredit.',
  })
  giveToCommunityPool(
    @Ctx() ctx: Context,
    @Arg('input', () => GiveToCommunityPoolInput, { description: 'Who gives, how much.' }) input: GiveToCommunityPoolInput,
  ) {
    return asResult(() => ctx.services.transfers.giveToPool(ctx, input), TRANSFER_FAILURES);
  }

  @Mutation(() => DrawFromCommunityPoolResult, {
    description:
      'A coordinator of the co-op (or an admin) draws on its community pool for a member with no credit, with a reason; ' +
      'InsufficientTimeCreditError when the pool holds less. FORBIDDEN for anyone else.',
  })
  drawFromCommunityPool(
    @Ctx() ctx: Context,
    @Arg('input', () => DrawFromCommunityPoolInput, { description: 'Which pool, for whom, how much, why.' })
    input: DrawFromCommunityPoolInput,
  ) {
    return asResult(() => ctx.services.transfers.drawFromPool(ctx, input), TRANSFER_FAILURES);
  }

  @FieldResolver(() => String, {
    nullable: true,
    description: 'The giver’s name; null for a draw on the pool, and for those who may see neither end’s account.',
  })
  fromName(@Root() transfer: TimeTransfer, @Ctx() ctx: Context) {
    return nameIfVisible(ctx, transfer, transfer.fromMemberId);
  }

  @FieldResolver(() => String, {
    nullable: true,
    description: 'The receiver’s name; null for a gift to the pool, and for those who may see neither end’s account.',
  })
  toName(@Root() transfer: TimeTransfer, @Ctx() ctx: Context) {
    return nameIfVisible(ctx, transfer, transfer.toMemberId);
  }
}
