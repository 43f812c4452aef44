import { Arg, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Viewer } from '../accounts/accounts.types.js';
import { Person } from '../accounts/person.entity.js';
import { assertAllowed } from '../auth/actor.js';
import type { Context } from '../context.js';
import { asResult } from '../graphql/results.js';
import { ID } from '../graphql/scalars.js';
import { backgroundChecksByMemberId, hasCheckInDateByMemberId, membershipsByPersonId } from './members.loaders.js';
import { personName } from './member-names.js';
import {
  BackgroundCheckView,
  JOIN_TIME_BANK_FAILURES,
  JoinTimeBankInput,
  JoinTimeBankResult,
  RecordBackgroundCheckInput,
  RefuseTimeBankMemberInput,
} from './members.types.js';
import { TimeBankMember } from './time-bank.entity.js';
import { mayViewMember, mayViewVolunteering } from './timebank.policy.js';

/** Membership of a co-op's time bank and the checks recorded on members. The rules are MembersService's. */
@Resolver(() => TimeBankMember)
export class TimeBankMembersResolver {
  @Mutation(() => JoinTimeBankResult, {
    description:
      'Asks to join a co-op’s time bank, for a coordinator to approve: yourself in one or more roles, or someone you represent ' +
      'with BOOK as RECEIVER. A ConflictError when they are already a member or waiting.',
  })
  joinTimeBank(
    @Ctx() ctx: Context,
    @Arg('input', () => JoinTimeBankInput, { description: 'The co-op, roles and who.' }) input: JoinTimeBankInput,
  ) {
    return asResult(() => ctx.services.timeBankMembers.join(ctx, input), JOIN_TIME_BANK_FAILURES);
  }

  @Mutation(() => TimeBankMember, {
    description: 'Approves a membership waiting for a decision: the co-op’s coordinators and admins; CONFLICT otherwise.',
  })
  approveTimeBankMember(@Ctx() ctx: Context, @Arg('memberId', () => ID, { description: 'The membership.' }) memberId: string) {
    return ctx.services.timeBankMembers.approve(ctx, memberId);
  }

  @Mutation(() => TimeBankMember, {
    description: 'Refuses a membership waiting for a decision, with a reason: the co-op’s coordinators and admins.',
  })
  refuseTimeBankMember(
    @Ctx() ctx: Context,
    @Arg('input', () => RefuseTimeBankMemberInput, { description: 'The membership and why.' }) input: RefuseTimeBankMemberInput,
  ) {
    return ctx.services.timeBankMembers.refuse(ctx, input);
  }

  @Mutation(() => TimeBankMember, {
    description:
      'Ends a membership: the member or the co-op’s coordinators. The balance and history are kept; open offers and requests close.',
  })
  leaveTimeBank(@Ctx() ctx: Context, @Arg('memberId', () => ID, { description: 'The membership.' }) memberId: string) {
    return ctx.services.timeBankMembers.leave(ctx, memberId);
  }

  @Mutation(() => BackgroundCheckView, {
    description:
      'Records a background check a coordinator saw on a member: the co-op’s coordinators and admins. The reference is never audited.',
  })
  recordBackgroundCheck(
    @Ctx() ctx: Context,
    @Arg('input', () => RecordBackgroundCheckInput, { description: 'The member, kind and dates.' }) input: RecordBackgroundCheckInput,
  ) {
    return ctx.services.timeBankMembers.recordBackgroundCheck(ctx, input);
  }

  @Query(() => TimeBankMember, {
    nullable: true,
    description: 'A membership: the member, their representatives, the co-op’s coordinators, admins; FORBIDDEN for anyone else.',
  })
  timeBankMember(@Ctx() ctx: Context, @Arg('id', () => ID, { description: 'The membership.' }) id: string) {
    return ctx.services.timeBankMembers.viewMember(ctx, id);
  }

  @FieldResolver(() => String, { description: 'The person’s name.' })
  async name(@Root() member: TimeBankMember, @Ctx() ctx: Context): Promise<string> {
    return personName(ctx, member.personId);
  }

  @FieldResolver(() => String, {
    nullable: true,
    description: 'Why a coordinator refused the membership; null unless REFUSED. The member, their representatives and coordinators.',
  })
  refusalReason(@Root() member: TimeBankMember, @Ctx() ctx: Context): string | null {
    return mayViewMember(ctx.actor, member) ? member.refusalReason : null;
  }

  @FieldResolver(() => [BackgroundCheckView], {
    description: 'The checks recorded, newest first: the member and the co-op’s coordinators.',
  })
  backgroundChecks(@Root() member: TimeBankMember, @Ctx() ctx: Context) {
    assertAllowed(mayViewVolunteering(ctx.actor, member));
    return ctx.loaders.get(backgroundChecksByMemberId).load(member.id);
  }

  @FieldResolver(() => Boolean, {
    description:
      'Whether the member has, today (London), a check that opens help with a person alone at home: an enhanced DBS check with the ' +
      'adults’ barred list, not expired. The member and the co-op’s coordinators.',
  })
  hasBackgroundCheckInDate(@Root() member: TimeBankMember, @Ctx() ctx: Context) {
    assertAllowed(mayViewVolunteering(ctx.actor, member));
    return ctx.loaders.get(hasCheckInDateByMemberId).load(member.id);
  }
}

@Resolver(() => Viewer)
export class ViewerTimeBankMembershipsResolver {
  @FieldResolver(() => [TimeBankMember], { description: 'Your memberships of co-ops’ time banks, in whatever state, oldest first.' })
  timeBankMemberships(@Root() viewer: Viewer, @Ctx() ctx: Context) {
    return ctx.loaders.get(membershipsByPersonId).load(viewer.id);
  }
}

@Resolver(() => Person)
export class PersonTimeBankMembershipsResolver {
  @FieldResolver(() => [TimeBankMember], {
    nullable: true,
    description:
      'The person’s memberships of co-ops’ time banks, oldest first, only those you may view: as the person, their representative ' +
      'with VIEW_BUDGET or BOOK, or a coordinator of the co-op. How a representative finds the membership to ask help for.',
  })
  async timeBankMemberships(@Root() person: Person, @Ctx() ctx: Context): Promise<TimeBankMember[]> {
    const memberships = await ctx.loaders.get(membershipsByPersonId).load(person.id);
    return memberships.filter((m) => mayViewMember(ctx.actor, m));
  }
}
