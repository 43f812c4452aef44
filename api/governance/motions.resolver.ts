import { Arg, Args, Ctx, FieldResolver, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { RepresentativeRight } from '../auth/auth.enums.js';
import type { Context } from '../context.js';
import { Provider } from '../directory/provider.entity.js';
import { asResult } from '../graphql/results.js';
import { ID } from '../graphql/scalars.js';
import { memberName } from './member-name.js';
import { Motion } from './motion.entity.js';
import {
  ballotsCastByMotionId,
  candidatesByMotionId,
  recordedVotesByMotionId,
  votableMembers,
  votedByMotionAndMember,
} from './motion.loaders.js';
import {
  BallotReceiptCheck,
  CAST_VOTE_FAILURES,
  CastVoteInput,
  CastVoteResult,
  MotionCandidate,
  MotionConnection,
  MotionResult,
  MotionsArgs,
  MotionStatus,
  MotionVoteStatus,
  OPEN_MOTION_FAILURES,
  OpenMotionInput,
  OpenMotionResult,
  RecordedVote,
} from './motion.types.js';
import type { MotionResultData, MotionRules } from './tally.js';
import { isEntitled } from './votes.service.js';

/**
 * An election's words name whom it elected, as the register names them, when read: the stored result holds
 * ids only (names are the register's and may be corrected), and only the motion's readers (its co-op's
 * members and officers, and representatives with VOTE) read a result, the same people who read its candidates.
 */
async function electedNamed(ctx: Context, motion: Motion, result: MotionResultData): Promise<MotionResultData> {
  const elected = new Set(result.candidates.filter((c) => c.elected).map((c) => c.candidateId));
  if (elected.size === 0) return result;
  const candidates = (await ctx.loaders.get(candidatesByMotionId).load(motion.id)).filter((c) => elected.has(c.id));
  const names = await Promise.all(candidates.map((c) => memberName(ctx, c)));
  return { ...result, summary: `${result.summary} Elected: ${new Intl.ListFormat('en-GB').format(names.sort())}.` };
}

const isClosed = (motion: Motion) => motion.closedAt !== null || motion.closesAt.getTime() <= Date.now();

/** Motions, votes and receipts. The rules are MotionsService's, VotesService's and MotionClosing's. */
@Resolver(() => Motion)
export class MotionsResolver {
  @Mutation(() => OpenMotionResult, {
    description:
      'Opens a motion to the co-op’s members: its officers (admins, coordinators, the secretary). Fixes what it is counted under as it ' +
      'opens: the voting basis, weights, quorum, majority and who may vote (members on the register now).',
  })
  openMotion(@Ctx() ctx: Context, @Arg('input', () => OpenMotionInput, { description: 'The motion.' }) input: OpenMotionInput) {
    return asResult(() => ctx.services.motions.open(ctx, input), OPEN_MOTION_FAILURES);
  }

  @Mutation(() => CastVoteResult, {
    description:
      'Casts a member’s vote: the member, or a representative they granted VOTE. Once only: a vote is never changed, which keeps a ' +
      'secret ballot with nothing that could find it again. Answers a receipt code, shown this once.',
  })
  castVote(@Ctx() ctx: Context, @Arg('input', () => CastVoteInput, { description: 'The motion, member and vote.' }) input: CastVoteInput) {
    return asResult(() => ctx.services.votes.cast(ctx, input), CAST_VOTE_FAILURES);
  }

  @Query(() => Motion, {
    nullable: true,
    description: 'A motion: the co-op’s officers, members and VOTE representatives; FORBIDDEN for anyone else.',
  })
  motion(@Ctx() ctx: Context, @Arg('id', () => ID, { description: 'The motion.' }) id: string) {
    return ctx.services.motions.view(ctx, id);
  }

  @Query(() => BallotReceiptCheck, {
    description:
      'Checks a receipt code: whether its ballot is in the count, of which motion and class. Any signed-in person. Never a secret ' +
      'ballot’s choice: a receipt that proved how someone voted would let them be pressured to show it.',
  })
  ballotReceipt(@Ctx() ctx: Context, @Arg('code', () => String, { description: 'The code castVote gave.' }) code: string) {
    return ctx.services.votes.checkReceipt(ctx, code);
  }

  @FieldResolver(() => MotionStatus, { description: 'OPEN until its closing time, then CLOSED.' })
  status(@Root() motion: Motion): MotionStatus {
    return isClosed(motion) ? MotionStatus.CLOSED : MotionStatus.OPEN;
  }

  @FieldResolver(() => Int, { description: 'Members entitled to vote: those on the register when it opened (of the class electing).' })
  electorate(@Root() motion: Motion): number {
    return (motion.rules as MotionRules).classes.reduce((s, c) => s + c.electorate, 0);
  }

  @FieldResolver(() => Int, { description: 'Ballots cast so far.' })
  ballotsCast(@Root() motion: Motion, @Ctx() ctx: Context) {
    return ctx.loaders.get(ballotsCastByMotionId).load(motion.id);
  }

  @FieldResolver(() => [MotionCandidate], { description: 'An election’s candidates; empty for a resolution.' })
  async candidates(@Root() motion: Motion, @Ctx() ctx: Context): Promise<MotionCandidate[]> {
    const rows = await ctx.loaders.get(candidatesByMotionId).load(motion.id);
    return Promise.all(rows.map(async (c) => ({ id: c.id, memberId: c.memberId, statement: c.statement, name: await memberName(ctx, c) })));
  }

  @FieldResolver(() => MotionResult, {
    nullable: true,
    description: 'The result, once closed; null while open. Reading a motion past its closing time closes and counts it there and then.',
  })
  async result(@Root() motion: Motion, @Ctx() ctx: Context): Promise<MotionResultData | null> {
    if (motion.result) return electedNamed(ctx, motion, motion.result as MotionResultData);
    if (!isClosed(motion)) return null;
    await ctx.services.motionClosing.close(motion.id);
    return electedNamed(ctx, motion, (await ctx.services.motions.reload(motion.id)).result as MotionResultData);
  }

  @FieldResolver(() => [MotionVoteStatus], {
    description:
      'Each membership you may vote with at this co-op (yours, and those of people who granted you VOTE): whether it has voted, never how.',
  })
  async myVotes(@Root() motion: Motion, @Ctx() ctx: Context): Promise<MotionVoteStatus[]> {
    if (ctx.actor.kind !== 'person') return [];
    const grantors = [...ctx.actor.representing].filter(([, rights]) => rights.has(RepresentativeRight.VOTE)).map(([id]) => id);
    const people = [ctx.actor.personId, ...grantors].sort().join(',');
    const members = await ctx.loaders.get(votableMembers).load(`${motion.providerId}|${people}`);
    return Promise.all(
      members.map(async (m) => ({
        memberId: m.id,
        name: await memberName(ctx, m),
        entitled: isEntitled(m, motion),
        voted: await ctx.loaders.get(votedByMotionAndMember).load(`${motion.id}|${m.id}`),
      })),
    );
  }

  @FieldResolver(() => [RecordedVote], {
    description: 'An open (not secret) motion, once closed: who voted and how. Always empty for a secret ballot, and while voting is open.',
  })
  async recordedVotes(@Root() motion: Motion, @Ctx() ctx: Context): Promise<RecordedVote[]> {
    if (motion.secret || !isClosed(motion)) return [];
    const rows = await ctx.loaders.get(recordedVotesByMotionId).load(motion.id);
    return Promise.all(
      rows.map(async (r) => ({ memberId: r.memberId, choice: r.choice, approved: r.approved, name: await memberName(ctx, r) })),
    );
  }
}

@Resolver(() => Provider)
export class ProviderMotionsResolver {
  @FieldResolver(() => MotionConnection, {
    nullable: true,
    description: 'The co-op’s motions, newest first: its officers, members and VOTE representatives; FORBIDDEN for anyone else.',
  })
  motions(@Root() provider: Provider, @Ctx() ctx: Context, @Args(() => MotionsArgs) args: MotionsArgs) {
    return ctx.services.motions.motionsOf(ctx, provider.id, args);
  }
}
