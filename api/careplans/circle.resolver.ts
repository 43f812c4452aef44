import { Arg, Ctx, FieldResolver, Mutation, Resolver } from 'type-graphql';
import { personById } from '../accounts/accounts.loaders.js';
import { Viewer } from '../accounts/accounts.types.js';
import type { Context } from '../context.js';
import { ID } from '../graphql/scalars.js';
import { CarePlan } from './care-plan.entity.js';
import { planAccessById } from './care-plan-access.js';
import { CarePlanRole } from './careplans.enums.js';
import { InviteToCircleInput } from './careplans.inputs.js';
import { CircleInvitation } from './careplans.types.js';

const planArg = { description: 'The plan.' };
const memberArg = { description: 'An invited member’s id (CircleMember.id); the person and their representatives cannot be removed.' };

/** Who is in a plan's circle, as the person (or their EDIT_PLAN representative) decides. */
@Resolver()
export class CircleResolver {
  @Mutation(() => CarePlan, {
    description:
      'Invites someone into the circle by email (OWNER: the person or an EDIT_PLAN representative). Pending until whoever signs in ' +
      'with that address accepts; they see nothing of the plan until then. BAD_USER_INPUT for a malformed address, the person’s own, ' +
      'or one already invited or in the circle (change a role with changeCircleRole).',
  })
  async inviteToCircle(
    @Ctx() ctx: Context,
    @Arg('input', () => InviteToCircleInput, { description: 'Who, and with what role.' }) input: InviteToCircleInput,
  ): Promise<CarePlan> {
    return ctx.services.circle.invite(ctx, input);
  }

  @Mutation(() => CarePlan, {
    description: 'Accepts an invitation to your email: you join the circle. FORBIDDEN when there is none for you.',
  })
  async acceptCircleInvitation(@Ctx() ctx: Context, @Arg('planId', () => ID, planArg) planId: string): Promise<CarePlan> {
    const plan = await ctx.services.circle.accept(ctx, planId);
    ctx.loaders.get(planAccessById).clearAll();
    return plan;
  }

  @Mutation(() => Boolean, { description: 'Turns down an invitation to your email. FORBIDDEN when there is none for you.' })
  declineCircleInvitation(@Ctx() ctx: Context, @Arg('planId', () => ID, planArg) planId: string): Promise<boolean> {
    return ctx.services.circle.decline(ctx, planId);
  }

  @Mutation(() => Boolean, {
    description:
      'Removes an invited member (OWNER), or leaves the circle (any member, their own id); true. Removing the lead coordinator ' +
      'leaves the plan without one. After leaving, you may no longer read the plan.',
  })
  async removeFromCircle(
    @Ctx() ctx: Context,
    @Arg('planId', () => ID, planArg) planId: string,
    @Arg('memberId', () => ID, memberArg) memberId: string,
  ): Promise<boolean> {
    const removed = await ctx.services.circle.remove(ctx, planId, memberId);
    ctx.loaders.get(planAccessById).clearAll();
    return removed;
  }

  @Mutation(() => CarePlan, { description: 'Changes what an invited member may do (OWNER): VIEW, SUGGEST or EDIT.' })
  async changeCircleRole(
    @Ctx() ctx: Context,
    @Arg('planId', () => ID, planArg) planId: string,
    @Arg('memberId', () => ID, memberArg) memberId: string,
    @Arg('role', () => CarePlanRole, { description: 'VIEW, SUGGEST or EDIT.' }) role: CarePlanRole,
  ): Promise<CarePlan> {
    const plan = await ctx.services.circle.changeRole(ctx, planId, memberId, role);
    ctx.loaders.get(planAccessById).clearAll();
    return plan;
  }

  @Mutation(() => CarePlan, {
    description: 'Makes an active member who is a coordinator the lead coordinator (OWNER), who signs for the co-op.',
  })
  async setLeadCoordinator(
    @Ctx() ctx: Context,
    @Arg('planId', () => ID, planArg) planId: string,
    @Arg('memberId', () => ID, memberArg) memberId: string,
  ): Promise<CarePlan> {
    const plan = await ctx.services.circle.setLead(ctx, planId, memberId);
    ctx.loaders.get(planAccessById).clearAll();
    return plan;
  }
}

@Resolver(() => Viewer)
export class CircleViewerResolver {
  @FieldResolver(() => [CircleInvitation], { description: 'Invitations into care plans’ circles sent to your email, oldest first.' })
  async circleInvitations(@Ctx() ctx: Context): Promise<CircleInvitation[]> {
    const invitations = await ctx.services.circle.invitationsFor(ctx);
    const people = await ctx.loaders.get(personById).loadMany(invitations.map((i) => i.personId));
    return invitations.map(({ row }, i) => {
      const person = people[i];
      return {
        planId: row.planId,
        personName: person && !(person instanceof Error) ? person.name : '',
        role: row.role,
        asLeadCoordinator: row.asLeadCoordinator,
        invitedAt: row.invitedAt,
      };
    });
  }
}
