import { Arg, Args, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../context.js';
import { ID } from '../graphql/scalars.js';
import { HelpRequestConnection, OpenRequestsArgs } from './help.types.js';
import { TimeBankMemberConnection, TimeBankMembersArgs } from './members.types.js';
import { TimeBank, TimeBankMember } from './time-bank.entity.js';
import { BankHolidayRegion, OpenTimeBankInput, TimeBankCategory, UpdateTimeBankRulesInput } from './time-banks.types.js';

/** A co-op's time bank: opening it, its rules, the categories of help, and the lists hung off it. */
@Resolver(() => TimeBank)
export class TimeBanksResolver {
  @Query(() => TimeBank, { nullable: true, description: 'A co-op’s time bank and its rules (public facts); null when the co-op has none.' })
  timeBank(@Ctx() ctx: Context, @Arg('providerId', () => ID, { description: 'The co-op (provider).' }) providerId: string) {
    return ctx.services.timeBanks.timeBankOf(providerId);
  }

  @Query(() => [TimeBankCategory], {
    description:
      'What time-bank help is offered and asked in: the directory’s categories, then the time bank’s own (befriending calls, lifts…).',
  })
  timeBankCategories(@Ctx() ctx: Context) {
    return ctx.services.timeBanks.categories();
  }

  @Mutation(() => TimeBank, {
    description: 'Opens a co-op’s time bank with its rules: the co-op’s coordinators and admins; CONFLICT when it is already open.',
  })
  openTimeBank(
    @Ctx() ctx: Context,
    @Arg('input', () => OpenTimeBankInput, { description: 'The co-op and its rules.' }) input: OpenTimeBankInput,
  ) {
    return ctx.services.timeBanks.open(ctx, input);
  }

  @Mutation(() => TimeBank, {
    description: 'Changes a time bank’s rules: the co-op’s coordinators and admins. Help already confirmed keeps its credit.',
  })
  updateTimeBankRules(
    @Ctx() ctx: Context,
    @Arg('input', () => UpdateTimeBankRulesInput, { description: 'The co-op and the rules to change.' }) input: UpdateTimeBankRulesInput,
  ) {
    return ctx.services.timeBanks.updateRules(ctx, input);
  }

  @FieldResolver(() => BankHolidayRegion, { description: 'Whose bank holidays the time bank keeps.' })
  bankHolidayRegion(@Root() bank: TimeBank): BankHolidayRegion {
    return bank.bankHolidayRegion as BankHolidayRegion;
  }

  @FieldResolver(() => TimeBankMember, {
    nullable: true,
    description: 'Your own membership, in whatever state; null when you have none or are not signed in.',
  })
  myMembership(@Root() bank: TimeBank, @Ctx() ctx: Context) {
    return ctx.actor.kind === 'person' ? ctx.services.timeBanksReader.membershipOf(bank.providerId, ctx.actor.personId) : null;
  }

  @FieldResolver(() => TimeBankMemberConnection, {
    description:
      'The memberships, oldest request first (status PENDING: those waiting for a decision). The co-op’s coordinators and admins.',
  })
  members(@Root() bank: TimeBank, @Ctx() ctx: Context, @Args(() => TimeBankMembersArgs) args: TimeBankMembersArgs) {
    return ctx.services.timeBankMembers.membersOf(ctx, bank.providerId, args);
  }

  @FieldResolver(() => HelpRequestConnection, {
    description:
      'Requests waiting for a helper that have not yet begun, soonest first, so volunteers see what is wanted: ' +
      'approved members and coordinators.',
  })
  openRequests(@Root() bank: TimeBank, @Ctx() ctx: Context, @Args(() => OpenRequestsArgs) args: OpenRequestsArgs) {
    return ctx.services.help.openRequests(ctx, bank.providerId, args);
  }
}
