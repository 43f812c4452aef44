import { Arg, Args, Ctx, FieldResolver, Int, Mutation, Resolver, Root } from 'type-graphql';
import { personById } from '../accounts/accounts.loaders.js';
import { Person } from '../accounts/person.entity.js';
import { PageArgs } from '../common/connection.js';
import type { Context } from '../context.js';
import { asResult } from '../graphql/results.js';
import { ID } from '../graphql/scalars.js';
import { CarePlan } from './care-plan.entity.js';
import { auditPlanRead, planAccess } from './care-plan-access.js';
import { itemsByVersion } from './care-plan-store.js';
import { CARE_PLAN_TEXT_LIMITS as LIMIT } from './care-plan-content.js';
import { ProposalStatus } from './careplans.enums.js';
import {
  AcceptProposalResult,
  AgreeCarePlanResult,
  CO_DESIGN_FAILURES,
  RejectProposalResult,
  WithdrawProposalResult,
} from './careplans.results.js';
import { Goal } from './careplans.types.js';
import { describeChange, findClashes } from './change-engine.js';
import { commentsOf, proposalsByPlan } from './co-design.loaders.js';
import {
  CarePlanComment,
  CarePlanCommentConnection,
  CarePlanProposal,
  CarePlanProposalConnection,
  CommentOnCarePlanInput,
  ProposalsArgs,
  ProposeCarePlanChangeInput,
} from './co-design.types.js';
import { commentView } from './comments.service.js';
import { ConflictingItem, ProposedChange } from './proposal.types.js';
import { proposalView } from './proposals.service.js';

/** Co-design: proposing, deciding, signing and commenting. The rules are the services'. */
@Resolver()
export class CoDesignResolver {
  @Mutation(() => CarePlanProposal, {
    description:
      'Proposes changes to a plan against a base version (which must exist: NOT_FOUND naming baseVersion otherwise), for the person ' +
      'or their EDIT_PLAN representative to decide: anyone in the circle with SUGGEST or more, and the lead coordinator. A support’s ' +
      'booking and budget must be the person’s and its service listed (BAD_USER_INPUT naming the field otherwise).',
  })
  proposeCarePlanChange(
    @Ctx() ctx: Context,
    @Arg('input', () => ProposeCarePlanChangeInput, { description: 'The plan, base version, comment and changes.' })
    input: ProposeCarePlanChangeInput,
  ): Promise<CarePlanProposal> {
    return ctx.services.proposals.propose(ctx, input);
  }

  @Mutation(() => AcceptProposalResult, {
    description:
      'Accepts an open proposal, making the next version from the current one: the person or their EDIT_PLAN representative. ' +
      'CarePlanConflictError, with nothing changed, when it touches what changed since its base, or when it is no longer open.',
  })
  async acceptProposal(
    @Ctx() ctx: Context,
    @Arg('proposalId', () => ID, { description: 'The proposal.' }) proposalId: string,
  ): Promise<typeof AcceptProposalResult> {
    return (await asResult(() => ctx.services.proposals.accept(ctx, proposalId), CO_DESIGN_FAILURES)) as typeof AcceptProposalResult;
  }

  @Mutation(() => RejectProposalResult, {
    description: 'Rejects an open proposal: the person or their EDIT_PLAN representative. CarePlanConflictError when it is no longer open.',
  })
  async rejectProposal(
    @Ctx() ctx: Context,
    @Arg('proposalId', () => ID, { description: 'The proposal.' }) proposalId: string,
    @Arg('reason', () => String, { nullable: true, description: `Why, for whoever proposed it: at most ${LIMIT.reason} characters.` })
    reason?: string | null,
  ): Promise<typeof RejectProposalResult> {
    return (await asResult(
      () => ctx.services.proposals.reject(ctx, proposalId, reason),
      CO_DESIGN_FAILURES,
    )) as typeof RejectProposalResult;
  }

  @Mutation(() => WithdrawProposalResult, {
    description:
      'Withdraws an open proposal: only whoever proposed it, while in the circle. CarePlanConflictError when it is no longer open.',
  })
  async withdrawProposal(
    @Ctx() ctx: Context,
    @Arg('proposalId', () => ID, { description: 'The proposal.' }) proposalId: string,
  ): Promise<typeof WithdrawProposalResult> {
    return (await asResult(() => ctx.services.proposals.withdraw(ctx, proposalId), CO_DESIGN_FAILURES)) as typeof WithdrawProposalResult;
  }

  @Mutation(() => AgreeCarePlanResult, {
    description:
      'Signs the current version: the person or their EDIT_PLAN representative for the person’s side, the lead coordinator for the ' +
      'co-op’s. The plan is AGREED while its current version carries both. Signing again changes nothing. CarePlanConflictError for ' +
      'a version that is no longer current; NOT_FOUND for one the plan never had.',
  })
  async agreeCarePlan(
    @Ctx() ctx: Context,
    @Arg('planId', () => ID, { description: 'The plan.' }) planId: string,
    @Arg('version', () => Int, { description: 'The version being signed: the current one.' }) version: number,
  ): Promise<typeof AgreeCarePlanResult> {
    return (await asResult(() => ctx.services.agreements.agree(ctx, planId, version), CO_DESIGN_FAILURES)) as typeof AgreeCarePlanResult;
  }

  @Mutation(() => CarePlanComment, {
    description:
      'Comments on a plan or on a goal of its current version: anyone in the circle with SUGGEST or more, and the lead coordinator.',
  })
  commentOnCarePlan(
    @Ctx() ctx: Context,
    @Arg('input', () => CommentOnCarePlanInput, { description: 'The plan, the goal if any, and the comment.' })
    input: CommentOnCarePlanInput,
  ): Promise<CarePlanComment> {
    return ctx.services.comments.comment(ctx, input);
  }
}

const commentPage = async (ctx: Context, planId: string, goalId: string | null, { first, after }: PageArgs) => {
  const page = await ctx.loaders.get(commentsOf).load({ planId, goalId, first, after });
  return { ...page, edges: page.edges.map((e) => ({ cursor: e.cursor, node: commentView(e.node) })) };
};

/** A plan's proposals and comments, batched across the plans of a request. */
@Resolver(() => CarePlan)
export class CarePlanCoDesignResolver {
  @FieldResolver(() => CarePlanProposalConnection, { description: 'Proposed changes, newest first.' })
  async proposals(@Root() plan: CarePlan, @Ctx() ctx: Context, @Args() { status, first, after }: ProposalsArgs) {
    const [page] = await Promise.all([
      ctx.loaders.get(proposalsByPlan).load({ planId: plan.id, status: status ?? null, first, after }),
      auditPlanRead(ctx, plan),
    ]);
    return { ...page, edges: page.edges.map((e) => ({ cursor: e.cursor, node: proposalView(e.node, plan) })) };
  }

  @FieldResolver(() => CarePlanCommentConnection, { description: 'Comments on the plan as a whole (not on a goal), oldest first.' })
  async comments(@Root() plan: CarePlan, @Ctx() ctx: Context, @Args() page: PageArgs) {
    await auditPlanRead(ctx, plan);
    return commentPage(ctx, plan.id, null, page);
  }
}

@Resolver(() => Goal)
export class GoalCommentsResolver {
  @FieldResolver(() => CarePlanCommentConnection, {
    description: 'Comments on this goal, oldest first: for the plan’s circle (FORBIDDEN for a care worker who sees only supports).',
  })
  async comments(@Root() goal: Goal, @Ctx() ctx: Context, @Args() page: PageArgs) {
    await planAccess(ctx, goal.planId);
    return commentPage(ctx, goal.planId, goal.id, page);
  }
}

@Resolver(() => CarePlanProposal)
export class CarePlanProposalResolver {
  @FieldResolver(() => Person, { nullable: true, description: 'Who proposed it; null if their account is gone.' })
  proposedBy(@Root() p: CarePlanProposal, @Ctx() ctx: Context) {
    return p.proposedById ? ctx.loaders.get(personById).load(p.proposedById) : null;
  }

  @FieldResolver(() => Person, { nullable: true, description: 'Who accepted, rejected or withdrew it; null while open.' })
  decidedBy(@Root() p: CarePlanProposal, @Ctx() ctx: Context) {
    return p.decidedById ? ctx.loaders.get(personById).load(p.decidedById) : null;
  }

  @FieldResolver(() => [ProposedChange], { description: 'The changes, each with its item’s content after it.' })
  changes(@Root() p: CarePlanProposal): ProposedChange[] {
    return p.stored.map(describeChange);
  }

  @FieldResolver(() => Boolean, { description: 'Whether the plan has moved on since its base version.' })
  isStale(@Root() p: CarePlanProposal): boolean {
    return p.baseVersion < p.plan.currentVersion;
  }

  @FieldResolver(() => [ConflictingItem], {
    description:
      'While open: what it changes that was changed since its base, so accepting it would be refused; empty when it applies cleanly ' +
      'and once decided.',
  })
  async conflicts(@Root() p: CarePlanProposal, @Ctx() ctx: Context): Promise<ConflictingItem[]> {
    if (p.status !== ProposalStatus.OPEN || p.baseVersion === p.plan.currentVersion) return [];
    const current = await ctx.loaders.get(itemsByVersion).load({ planId: p.plan.id, version: p.plan.currentVersion });
    return findClashes(current, p.stored);
  }
}

@Resolver(() => CarePlanComment)
export class CarePlanCommentResolver {
  @FieldResolver(() => Person, { nullable: true, description: 'Who wrote it; null if their account is gone.' })
  author(@Root() c: CarePlanComment, @Ctx() ctx: Context) {
    return c.authorId ? ctx.loaders.get(personById).load(c.authorId) : null;
  }
}
