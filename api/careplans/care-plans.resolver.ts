import { GraphQLLocalDate } from 'graphql-scalars';
import { Arg, Args, Ctx, FieldResolver, Mutation, Query, Resolver } from 'type-graphql';
import { Viewer } from '../accounts/accounts.types.js';
import { PageArgs } from '../common/connection.js';
import type { Context } from '../context.js';
import { asResult } from '../graphql/results.js';
import { ID } from '../graphql/scalars.js';
import { CarePlan } from './care-plan.entity.js';
import { auditPlanRead, planAccess, planAccessById, planForReading } from './care-plan-access.js';
import { CreateCarePlanInput, RecordGoalReviewInput } from './careplans.inputs.js';
import { CREATE_CARE_PLAN_FAILURES, CreateCarePlanResult } from './careplans.results.js';
import { CarePlanConnection, Goal } from './careplans.types.js';

/** Reading plans, starting one, and the parts of a plan that are not versioned content (review date, ratings). */
@Resolver()
export class CarePlansResolver {
  @Query(() => CarePlan, {
    nullable: true,
    description:
      'A care plan, for its circle only: the person, their representatives with EDIT_PLAN or VIEW_PLAN, and members who accepted an ' +
      'invitation. NOT_FOUND for an unknown id; FORBIDDEN for anyone else, staff and admins included. Reads by anyone but the person ' +
      'are in the audit trail.',
  })
  async carePlan(@Ctx() ctx: Context, @Arg('id', () => ID, { description: 'The plan.' }) id: string): Promise<CarePlan> {
    return (await planForReading(ctx, id)).plan;
  }

  @Query(() => CarePlanConnection, {
    description:
      'For a coordinator: the plans you lead whose review date has passed, most overdue first. FORBIDDEN for anyone who is not a ' +
      'coordinator. Each plan listed is a read, in the audit trail.',
  })
  async carePlansOverdueForReview(@Ctx() ctx: Context, @Args() { first, after }: PageArgs): Promise<CarePlanConnection> {
    const page = await ctx.services.carePlans.overdueForReview(ctx, first, after);
    await Promise.all(page.edges.map((e) => planForReading(ctx, e.node.id)));
    return page;
  }

  @Mutation(() => CreateCarePlanResult, {
    description:
      'Starts a person’s care plan (version 1): the person themself; a representative with EDIT_PLAN; a coordinator of a provider ' +
      'caring for them or an officer of their council, with their consent recorded; for a person lacking capacity, an officer of ' +
      'their council (or an admin) with a reason. A coordinator who starts it leads it; staff who start it join the circle with EDIT. ' +
      'CarePlanExistsError when the person has one.',
  })
  async createCarePlan(
    @Ctx() ctx: Context,
    @Arg('input', () => CreateCarePlanInput, { description: 'Whose plan, on what footing, and its first content.' })
    input: CreateCarePlanInput,
  ): Promise<typeof CreateCarePlanResult> {
    const result = await asResult(() => ctx.services.carePlans.create(ctx, input), CREATE_CARE_PLAN_FAILURES);
    ctx.loaders.get(planAccessById).clearAll();
    return result as typeof CreateCarePlanResult;
  }

  @Mutation(() => CarePlan, {
    description:
      'Moves the review date (today or later): members with EDIT, the person, their EDIT_PLAN representatives, the lead coordinator.',
  })
  async setCarePlanReviewDate(
    @Ctx() ctx: Context,
    @Arg('planId', () => ID, { description: 'The plan.' }) planId: string,
    @Arg('reviewDate', () => GraphQLLocalDate, { description: 'The new review date (UK local date, not in the past).' }) reviewDate: string,
  ): Promise<CarePlan> {
    return ctx.services.carePlans.setReviewDate(ctx, planId, reviewDate);
  }

  @Mutation(() => Goal, {
    description:
      'Records the person’s own ratings of a goal of the current version at a review (each 1–10): members with EDIT, the person, ' +
      'their EDIT_PLAN representatives, the lead coordinator. The first ratings of a goal are its baseline.',
  })
  recordGoalReview(
    @Ctx() ctx: Context,
    @Arg('input', () => RecordGoalReviewInput, { description: 'The goal and the ratings.' }) input: RecordGoalReviewInput,
  ): Promise<Goal> {
    return ctx.services.goalReviews.record(ctx, input);
  }
}

@Resolver(() => Viewer)
export class CarePlansViewerResolver {
  @FieldResolver(() => [CarePlan], {
    description:
      'The care plans you are in the circle of: your own first, then those of people who made you their representative with ' +
      'EDIT_PLAN or VIEW_PLAN, and those you joined. Reads of others’ plans are in the audit trail.',
  })
  async carePlans(@Ctx() ctx: Context): Promise<CarePlan[]> {
    const plans = await ctx.services.carePlans.plansOf(ctx);
    const readable = await Promise.all(plans.map((p) => planAccess(ctx, p.id)));
    await Promise.all(readable.map((access) => auditPlanRead(ctx, access.plan)));
    return readable.map((a) => a.plan);
  }
}
