import { Arg, Args, Ctx, FieldResolver, Int, Mutation, Resolver, Root } from 'type-graphql';
import { assertAllowed } from '../auth/actor.js';
import { PageArgs, pageSize } from '../common/connection.js';
import type { Context } from '../context.js';
import { asResult } from '../graphql/results.js';
import { ID } from '../graphql/scalars.js';
import type { Match } from './help-matching.js';
import { HelpOffer, HelpRequest } from './help.entity.js';
import { helpingWithByMember, matchesByRequest, offersByMemberId, requestsByMemberId } from './help.loaders.js';
import {
  ACCEPT_HELPER_FAILURES,
  AcceptHelperInput,
  AcceptHelperResult,
  DEFAULT_MATCHES,
  districtOf,
  HelpMatch,
  HelpOfferView,
  HelpRequestConnection,
  HelpRequestView,
  MAX_MATCHES,
  OfferHelpInput,
  RequestHelpInput,
} from './help.types.js';
import { mayAskFor } from './help.service.js';
import { timeBankMemberById } from './members.loaders.js';
import { memberName, personName } from './member-names.js';
import { TimeBankMember } from './time-bank.entity.js';
import { HelpRequestStatus } from './timebank.enums.js';
import { timeBankInvalidInput } from './timebank.exception.js';
import { mayViewMember, mayViewVolunteering } from './timebank.policy.js';

/**
 * How much of a request the viewer sees: `full` for the asker side and coordinators, `helper` for the accepted
 * helper (the postcode and the member's name too), `summary` for other members (what, when, the district).
 */
async function sightOf(ctx: Context, request: HelpRequest): Promise<'full' | 'helper' | 'summary'> {
  const members = ctx.loaders.get(timeBankMemberById);
  const [member, helper] = await Promise.all([
    members.load(request.memberId),
    request.helperMemberId ? members.load(request.helperMemberId) : null,
  ]);
  if (member && mayAskFor(ctx, member)) return 'full';
  if (helper && ctx.actor.kind === 'person' && helper.personId === ctx.actor.personId) return 'helper';
  return 'summary';
}

@Resolver(() => HelpOfferView)
export class HelpOffersResolver {
  @Mutation(() => HelpOfferView, {
    description: 'Offers help in a co-op’s time bank: an approved volunteer or family carer of it, for themselves only.',
  })
  offerHelp(@Ctx() ctx: Context, @Arg('input', () => OfferHelpInput, { description: 'What, where and when.' }) input: OfferHelpInput) {
    return ctx.services.help.offerHelp(ctx, input);
  }

  @Mutation(() => HelpOfferView, {
    description: 'Withdraws an offer: the helper or the co-op’s coordinators; CONFLICT when already withdrawn.',
  })
  withdrawHelpOffer(@Ctx() ctx: Context, @Arg('offerId', () => ID, { description: 'The offer.' }) offerId: string) {
    return ctx.services.help.withdrawOffer(ctx, offerId);
  }

  @FieldResolver(() => String, { description: 'Where the helper comes from: the postcode district only.' })
  area(@Root() offer: HelpOffer): string {
    return districtOf(offer.postcode);
  }

  @FieldResolver(() => ID, { description: 'The helper’s membership.' })
  helperMemberId(@Root() offer: HelpOffer): string {
    return offer.memberId;
  }

  @FieldResolver(() => String, { description: 'The helper’s name.' })
  async helperName(@Root() offer: HelpOffer, @Ctx() ctx: Context): Promise<string> {
    return memberName(ctx, offer.memberId);
  }
}

@Resolver(() => HelpRequestView)
export class HelpRequestsResolver {
  @Mutation(() => HelpRequestView, {
    description:
      'Asks for help for an approved member: the member, a representative with BOOK, the co-op’s coordinators. ' +
      'Personal care, respite and help alone at home will need a helper with a background check in date.',
  })
  requestHelp(
    @Ctx() ctx: Context,
    @Arg('input', () => RequestHelpInput, { description: 'Who, what, where and when.' }) input: RequestHelpInput,
  ) {
    return ctx.services.help.requestHelp(ctx, input);
  }

  @Mutation(() => HelpRequestView, { description: 'Cancels an open or accepted request: the asker side or the co-op’s coordinators.' })
  cancelHelpRequest(@Ctx() ctx: Context, @Arg('requestId', () => ID, { description: 'The request.' }) requestId: string) {
    return ctx.services.help.cancelRequest(ctx, requestId);
  }

  @Mutation(() => AcceptHelperResult, {
    description:
      'Chooses the helper of an open request by their offer: the asker side or the co-op’s coordinators. A BackgroundCheckRequiredError ' +
      'when the help needs a checked helper and this one is not; a ConflictError when the request is no longer open.',
  })
  acceptHelper(
    @Ctx() ctx: Context,
    @Arg('input', () => AcceptHelperInput, { description: 'The request and the offer.' }) input: AcceptHelperInput,
  ) {
    return asResult(() => ctx.services.help.acceptHelper(ctx, input), ACCEPT_HELPER_FAILURES);
  }

  @FieldResolver(() => String, { description: 'Where the help is wanted: the postcode district.' })
  area(@Root() request: HelpRequest): string {
    return districtOf(request.postcode);
  }

  @FieldResolver(() => String, {
    nullable: true,
    description: 'The full postcode: the asker side, coordinators and the accepted helper; null for others.',
  })
  async postcode(@Root() request: HelpRequest, @Ctx() ctx: Context): Promise<string | null> {
    return (await sightOf(ctx, request)) === 'summary' ? null : request.postcode;
  }

  @FieldResolver(() => ID, { nullable: true, description: 'The member to be helped: the asker side and coordinators; null for others.' })
  async memberId(@Root() request: HelpRequest, @Ctx() ctx: Context): Promise<string | null> {
    return (await sightOf(ctx, request)) === 'full' ? request.memberId : null;
  }

  @FieldResolver(() => String, {
    nullable: true,
    description: 'The name of the member to be helped: the asker side, coordinators and the accepted helper; null for others.',
  })
  async memberName(@Root() request: HelpRequest, @Ctx() ctx: Context): Promise<string | null> {
    if ((await sightOf(ctx, request)) === 'summary') return null;
    return memberName(ctx, request.memberId);
  }

  @FieldResolver(() => Boolean, {
    nullable: true,
    description: 'Whether the helper would be alone with the person at home: the asker side and coordinators.',
  })
  async aloneAtHome(@Root() request: HelpRequest, @Ctx() ctx: Context): Promise<boolean | null> {
    return (await sightOf(ctx, request)) === 'full' ? request.aloneAtHome : null;
  }

  @FieldResolver(() => ID, {
    nullable: true,
    description: 'The accepted helper’s membership: the asker side, coordinators and the helper.',
  })
  async helperMemberId(@Root() request: HelpRequest, @Ctx() ctx: Context): Promise<string | null> {
    return (await sightOf(ctx, request)) === 'summary' ? null : request.helperMemberId;
  }

  @FieldResolver(() => [HelpMatch], {
    description:
      `Standing offers that fit: same category, the helper’s radius reaches, free for the whole time, checked when it must be; nearest ` +
      `first, at most \`first\` (default ${DEFAULT_MATCHES}, at most ${MAX_MATCHES}); none once the request is no longer OPEN. ` +
      'The asker side and the co-op’s coordinators.',
  })
  async matches(
    @Root() request: HelpRequest,
    @Ctx() ctx: Context,
    @Arg('first', () => Int, { defaultValue: DEFAULT_MATCHES, description: `How many, 0 to ${MAX_MATCHES}.` }) first: number,
  ): Promise<Match[]> {
    assertAllowed((await sightOf(ctx, request)) === 'full');
    if (!Number.isInteger(first) || first < 0 || first > MAX_MATCHES)
      throw timeBankInvalidInput(`"first" must be between 0 and ${MAX_MATCHES}.`, 'first');
    // An accepted, done or cancelled request wants no other helper.
    if (request.status !== HelpRequestStatus.OPEN) return [];
    return ctx.loaders.get(matchesByRequest).load({ requestId: request.id, first });
  }
}

@Resolver(() => HelpMatch)
export class HelpMatchResolver {
  @FieldResolver(() => String, { description: 'The helper’s name.' })
  helperName(@Root() match: Match, @Ctx() ctx: Context): Promise<string> {
    return personName(ctx, match.helperPersonId);
  }
}

@Resolver(() => TimeBankMember)
export class MemberHelpResolver {
  @FieldResolver(() => [HelpOfferView], {
    description: 'The member’s offers, newest first, withdrawn ones included: whoever may view the member.',
  })
  offers(@Root() member: TimeBankMember, @Ctx() ctx: Context) {
    assertAllowed(mayViewMember(ctx.actor, member));
    return ctx.loaders.get(offersByMemberId).load(member.id);
  }

  @FieldResolver(() => [HelpRequestView], { description: 'Requests for the member’s help, newest first: whoever may view the member.' })
  requests(@Root() member: TimeBankMember, @Ctx() ctx: Context) {
    assertAllowed(mayViewMember(ctx.actor, member));
    return ctx.loaders.get(requestsByMemberId).load(member.id);
  }

  @FieldResolver(() => HelpRequestConnection, {
    description:
      'The requests the member is the accepted helper of: ACCEPTED soonest first, then DONE newest first, with the postcode and the ' +
      'name of the person helped. The member and the co-op’s coordinators.',
  })
  helpingWith(@Root() member: TimeBankMember, @Ctx() ctx: Context, @Args() args: PageArgs) {
    assertAllowed(mayViewVolunteering(ctx.actor, member));
    return ctx.loaders.get(helpingWithByMember).load({ memberId: member.id, first: pageSize(args.first), after: args.after ?? null });
  }
}
