import { Arg, Ctx, Query, Resolver } from 'type-graphql';
import { assertAllowed } from '../auth/actor.js';
import { signInRequired } from '../auth/auth.exception.js';
import type { Context } from '../context.js';
import { ID } from '../graphql/scalars.js';
import { TimeBank, TimeBankMember } from './time-bank.entity.js';
import { mayViewMember } from './timebank.policy.js';

/** The ways into a time bank and a membership, from which their lists (claims among them) are read. */
@Resolver()
export class TimeBankQueriesResolver {
  @Query(() => TimeBank, { nullable: true, description: 'A co-op’s time bank and its rules (public); null when the co-op has none.' })
  timeBank(@Ctx() ctx: Context, @Arg('providerId', () => ID, { description: 'The co-op.' }) providerId: string) {
    return ctx.services.timeBanksReader.timeBankOf(providerId);
  }

  @Query(() => TimeBankMember, {
    description: 'A membership: for the member, their representatives who book or view their budget, the co-op’s coordinators.',
  })
  async timeBankMember(@Ctx() ctx: Context, @Arg('id', () => ID, { description: 'The membership.' }) id: string) {
    if (ctx.actor.kind === 'anonymous') throw signInRequired();
    const member = await ctx.services.timeBanksReader.requireMember(id, 'id');
    assertAllowed(mayViewMember(ctx.actor, member));
    return member;
  }
}
