import { Arg, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import type { Context } from '../context.js';
import { Provider } from '../directory/provider.entity.js';
import { asResult } from '../graphql/results.js';
import { BoardTerm } from './board.entity.js';
import {
  END_BOARD_TERM_FAILURES,
  EndBoardTermInput,
  EndBoardTermResult,
  RECORD_BOARD_TERM_FAILURES,
  RecordBoardTermInput,
  RecordBoardTermResult,
} from './board.types.js';
import { mayFollowGovernance } from './governance.policy.js';
import { CoOpMember } from './member.entity.js';
import { boardInForceByProviderId, coOpMemberById } from './members.loaders.js';

/** The board's terms. The rules are BoardService's. */
@Resolver(() => BoardTerm)
export class BoardTermResolver {
  @Mutation(() => RecordBoardTermResult, {
    description:
      'Records a member’s term on the board in a seat of their class (a co-op bringing in the board it has): its coordinators, ' +
      'secretary and admins. A ConflictError when the member has left or already sits for part of those dates.',
  })
  recordBoardTerm(
    @Ctx() ctx: Context,
    @Arg('input', () => RecordBoardTermInput, { description: 'The member and dates.' }) input: RecordBoardTermInput,
  ) {
    return asResult(() => ctx.services.coOpBoard.recordTerm(ctx, input), RECORD_BOARD_TERM_FAILURES);
  }

  @Mutation(() => EndBoardTermResult, {
    description:
      'Stands a board member down before their term ends: the co-op’s coordinators, secretary and admins, or the member resigning ' +
      'their seat. A ConflictError when the term had ended already.',
  })
  endBoardTerm(
    @Ctx() ctx: Context,
    @Arg('input', () => EndBoardTermInput, { description: 'The term, the day and why.' }) input: EndBoardTermInput,
  ) {
    return asResult(() => ctx.services.coOpBoard.endTerm(ctx, input), END_BOARD_TERM_FAILURES);
  }

  @FieldResolver(() => CoOpMember, { description: 'Who holds the seat.' })
  async member(@Root() term: BoardTerm, @Ctx() ctx: Context): Promise<CoOpMember> {
    const member = await ctx.loaders.get(coOpMemberById).load(term.memberId);
    if (!member) throw new Error(`The member ${term.memberId} of a board term is missing`);
    return member;
  }
}

@Resolver(() => Provider)
export class ProviderBoardResolver {
  @FieldResolver(() => [BoardTerm], {
    nullable: true,
    description:
      'The board today (London): terms in force, by class then start. For the co-op’s officers, members and representatives with ' +
      'VOTE; null for anyone else, as board members may be people who receive care.',
  })
  async board(@Root() provider: Provider, @Ctx() ctx: Context): Promise<BoardTerm[] | null> {
    if (!mayFollowGovernance(await ctx.services.governanceReader.standing(ctx.actor, provider.id))) return null;
    return ctx.loaders.get(boardInForceByProviderId).load(provider.id);
  }
}
