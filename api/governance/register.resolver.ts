import { Arg, Args, Ctx, FieldResolver, Int, Mutation, Resolver, Root } from 'type-graphql';
import { Viewer } from '../accounts/accounts.types.js';
import { Person } from '../accounts/person.entity.js';
import type { Context } from '../context.js';
import { providerById } from '../directory/directory.loaders.js';
import { Provider } from '../directory/provider.entity.js';
import { asResult } from '../graphql/results.js';
import { BoardTerm } from './board.entity.js';
import { CoOpMember } from './member.entity.js';
import { memberName } from './member-name.js';
import { boardTermsByMemberId, coOpMembershipsByPersonId, secretaryByProviderId } from './members.loaders.js';
import { mayReadMemberRecord, mayReadMembershipOnPerson } from './members.policy.js';
import {
  ADMIT_MEMBER_FAILURES,
  AdmitMemberInput,
  AdmitMemberResult,
  APPOINT_SECRETARY_FAILURES,
  AppointSecretaryInput,
  AppointSecretaryResult,
  CoOpMemberConnection,
  MemberRegisterArgs,
  RECORD_MEMBER_LEAVING_FAILURES,
  RecordMemberLeavingInput,
  RecordMemberLeavingResult,
} from './register.types.js';

/** The register of members and the secretary. The rules are RegisterService's. */
@Resolver(() => CoOpMember)
export class CoOpMemberResolver {
  @Mutation(() => AdmitMemberResult, {
    description:
      'Enters a person on a co-op’s register of members, by personId or by email and name: its coordinators, its secretary and ' +
      'admins. A ConflictError when they already hold a membership in force there; BAD_USER_INPUT for a class the co-op’s ' +
      'constitution does not have, or for anything but exactly one of personId and email with name.',
  })
  admitMember(
    @Ctx() ctx: Context,
    @Arg('input', () => AdmitMemberInput, { description: 'The co-op, the person and their class.' }) input: AdmitMemberInput,
  ) {
    return asResult(() => ctx.services.coOpRegister.admit(ctx, input), ADMIT_MEMBER_FAILURES);
  }

  @Mutation(() => RecordMemberLeavingResult, {
    description:
      'Ends a membership: the member resigning, or the co-op’s coordinators, secretary and admins recording it. Any board seat the ' +
      'member holds ends the same day. A ConflictError when it had ended already.',
  })
  recordMemberLeaving(
    @Ctx() ctx: Context,
    @Arg('input', () => RecordMemberLeavingInput, { description: 'The membership, the date and why.' }) input: RecordMemberLeavingInput,
  ) {
    return asResult(() => ctx.services.coOpRegister.recordLeaving(ctx, input), RECORD_MEMBER_LEAVING_FAILURES);
  }

  @Mutation(() => AppointSecretaryResult, {
    description:
      'Makes a member in force the co-op’s secretary, the previous one standing down: its coordinators, admins and the outgoing secretary.',
  })
  appointSecretary(
    @Ctx() ctx: Context,
    @Arg('input', () => AppointSecretaryInput, { description: 'The membership.' }) input: AppointSecretaryInput,
  ) {
    return asResult(() => ctx.services.coOpRegister.appointSecretary(ctx, input.memberId), APPOINT_SECRETARY_FAILURES);
  }

  @FieldResolver(() => Provider, { description: 'The co-op.' })
  async provider(@Root() member: CoOpMember, @Ctx() ctx: Context): Promise<Provider> {
    const provider = await ctx.loaders.get(providerById).load(member.providerId);
    if (!provider) throw new Error(`The co-op ${member.providerId} of a member is missing`);
    return provider;
  }

  @FieldResolver(() => String, {
    description:
      'The member’s name on the register (a LEGAL_ENTITY member’s: its nominee’s): as typed when admitted by email, else from ' +
      'their account.',
  })
  async name(@Root() member: CoOpMember, @Ctx() ctx: Context): Promise<string> {
    // Typed with the email: an account's own name would tell whoever typed the address who holds it, and what they are called.
    return memberName(ctx, member);
  }

  @FieldResolver(() => Int, {
    nullable: true,
    description:
      'The share held, in pence: for the member, their representatives with VOTE, and the co-op’s officers; null for fellow members.',
  })
  async sharePence(@Root() member: CoOpMember, @Ctx() ctx: Context): Promise<number | null> {
    if (mayReadMemberRecord(ctx.actor, member)) return member.sharePence;
    if (ctx.actor.kind !== 'person') return null;
    const secretary = await ctx.loaders.get(secretaryByProviderId).load(member.providerId);
    return secretary?.personId === ctx.actor.personId ? member.sharePence : null;
  }

  @FieldResolver(() => [BoardTerm], { description: 'The member’s board terms, past, present and to come, earliest first.' })
  boardTerms(@Root() member: CoOpMember, @Ctx() ctx: Context): Promise<BoardTerm[]> {
    return ctx.loaders.get(boardTermsByMemberId).load(member.id);
  }
}

@Resolver(() => Provider)
export class ProviderRegisterResolver {
  // Nullable as Provider.motions is: a FORBIDDEN register nulls this field, not the whole provider the caller may read.
  @FieldResolver(() => CoOpMemberConnection, {
    nullable: true,
    description:
      'The co-op’s register of members in the order admitted (the same day: in the order entered), those in force (includeLeft: and ' +
      'those who left): its coordinators, its secretary and admins; FORBIDDEN (and null) for anyone else.',
  })
  memberRegister(@Root() provider: Provider, @Ctx() ctx: Context, @Args(() => MemberRegisterArgs) args: MemberRegisterArgs) {
    return ctx.services.coOpRegister.register(ctx, provider.id, args);
  }
}

@Resolver(() => Viewer)
export class ViewerCoOpMembershipsResolver {
  @FieldResolver(() => [CoOpMember], { description: 'Your memberships of co-ops, in force and past, oldest first.' })
  coOpMemberships(@Root() viewer: Viewer, @Ctx() ctx: Context): Promise<CoOpMember[]> {
    return ctx.loaders.get(coOpMembershipsByPersonId).load(viewer.id);
  }
}

@Resolver(() => Person)
export class PersonCoOpMembershipsResolver {
  @FieldResolver(() => [CoOpMember], {
    description:
      'The person’s memberships of co-ops, in force and past, oldest first, only those you may read: as the person, their ' +
      'representative with VOTE, or a coordinator of the co-op (not one entered by email, which the register shows under the name ' +
      'typed, so that it never tells who holds the address).',
  })
  async coOpMemberships(@Root() person: Person, @Ctx() ctx: Context): Promise<CoOpMember[]> {
    const memberships = await ctx.loaders.get(coOpMembershipsByPersonId).load(person.id);
    return memberships.filter((m) => mayReadMembershipOnPerson(ctx.actor, m));
  }
}
