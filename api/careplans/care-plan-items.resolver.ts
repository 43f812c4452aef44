import { TimeBank } from '../timebank/time-bank.entity.js';
import { timeBankByProviderId } from '../timebank/time-banks.loaders.js';
import { Ctx, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import { personById } from '../accounts/accounts.loaders.js';
import { Person } from '../accounts/person.entity.js';
import { Booking } from '../brokerage/booking.entity.js';
import { bookingById, budgetById } from '../brokerage/brokerage.loaders.js';
import { mayViewBooking } from '../brokerage/brokerage.policy.js';
import type { Context } from '../context.js';
import { serviceById } from '../directory/directory.loaders.js';
import { Service } from '../directory/service.entity.js';
import { agreementOf } from './care-plan-documents.js';
import { itemsByVersion } from './care-plan-store.js';
import { CarePlanStatus } from './careplans.enums.js';
import { reviewsByGoal, signaturesByPlanId } from './careplans.loaders.js';
import {
  AboutMeSection,
  CarePlanRisk,
  CarePlanSignature,
  CarePlanSupport,
  CarePlanVersion,
  CircleMember,
  contentOf,
  Goal,
  GoalChange,
  GoalRating,
} from './careplans.types.js';
import { ratingSummary } from './goal-ratings.js';

const ratingsOf = async (ctx: Context, goal: Goal) =>
  ratingSummary(await ctx.loaders.get(reviewsByGoal).load({ planId: goal.planId, goalId: goal.id }));

/** A goal's ratings: the person's own, batched across every goal of the request. */
@Resolver(() => Goal)
export class GoalResolver {
  @FieldResolver(() => Int, { nullable: true, description: 'How important it is to the person now (the latest rating); null before any.' })
  async importance(@Root() goal: Goal, @Ctx() ctx: Context): Promise<number | null> {
    return (await ratingsOf(ctx, goal)).importance;
  }

  @FieldResolver(() => GoalRating, { nullable: true, description: 'The first ratings (by day, then when recorded); null before any.' })
  async baseline(@Root() goal: Goal, @Ctx() ctx: Context): Promise<GoalRating | null> {
    return (await ratingsOf(ctx, goal)).baseline;
  }

  @FieldResolver(() => GoalRating, { nullable: true, description: 'The newest ratings; null before any.' })
  async latest(@Root() goal: Goal, @Ctx() ctx: Context): Promise<GoalRating | null> {
    return (await ratingsOf(ctx, goal)).latest;
  }

  @FieldResolver(() => GoalChange, { nullable: true, description: 'Latest minus baseline; null until there are two ratings.' })
  async change(@Root() goal: Goal, @Ctx() ctx: Context): Promise<GoalChange | null> {
    return (await ratingsOf(ctx, goal)).change;
  }

  @FieldResolver(() => [GoalRating], { description: 'Every rating, earliest first.' })
  reviews(@Root() goal: Goal, @Ctx() ctx: Context): Promise<GoalRating[]> {
    return ctx.loaders.get(reviewsByGoal).load({ planId: goal.planId, goalId: goal.id });
  }
}

@Resolver(() => GoalRating)
export class GoalRatingResolver {
  @FieldResolver(() => Person, { nullable: true, description: 'Who recorded the person’s ratings; null if their account is gone.' })
  recordedBy(@Root() rating: GoalRating, @Ctx() ctx: Context) {
    return rating.recordedById ? ctx.loaders.get(personById).load(rating.recordedById) : null;
  }
}

@Resolver(() => CarePlanSupport)
export class CarePlanSupportResolver {
  @FieldResolver(() => Service, {
    nullable: true,
    description: 'The directory service (a booking’s service for BOOKING); null for others.',
  })
  service(@Root() support: CarePlanSupport, @Ctx() ctx: Context) {
    return support.serviceId ? ctx.loaders.get(serviceById).load(support.serviceId) : null;
  }

  @FieldResolver(() => Booking, {
    nullable: true,
    description: 'BOOKING: the booking, when you may see it as brokerage allows (see `booking`); null otherwise.',
  })
  async booking(@Root() support: CarePlanSupport, @Ctx() ctx: Context): Promise<Booking | null> {
    if (!support.bookingId) return null;
    const booking = await ctx.loaders.get(bookingById).load(support.bookingId);
    const budget = booking && (await ctx.loaders.get(budgetById).load(booking.budgetId));
    return booking && budget && mayViewBooking(ctx.actor, booking, budget) ? booking : null;
  }

  @FieldResolver(() => TimeBank, {
    nullable: true,
    description: 'TIME_BANK: the co-op’s time bank that gives it (its rules are public); null for others.',
  })
  timeBank(@Root() support: CarePlanSupport, @Ctx() ctx: Context) {
    return support.timeBankProviderId ? ctx.loaders.get(timeBankByProviderId).load(support.timeBankProviderId) : null;
  }

  @FieldResolver(() => [Goal], { description: 'The goals of the same version it meets.' })
  async goals(@Root() support: CarePlanSupport, @Ctx() ctx: Context): Promise<Goal[]> {
    const items = await ctx.loaders.get(itemsByVersion).load({ planId: support.planId, version: support.version });
    return contentOf(support.planId, support.version, items).goals.filter((g) => support.goalIds.includes(g.id));
  }
}

const versionContent = async (ctx: Context, v: CarePlanVersion) =>
  contentOf(v.plan.id, v.version, await ctx.loaders.get(itemsByVersion).load({ planId: v.plan.id, version: v.version }));

const signaturesOf = async (ctx: Context, v: CarePlanVersion) =>
  (await ctx.loaders.get(signaturesByPlanId).load(v.plan.id)).filter((s) => s.version === v.version);

@Resolver(() => CarePlanVersion)
export class CarePlanVersionResolver {
  @FieldResolver(() => Person, { nullable: true, description: 'Who made it: who started the plan, or who accepted the proposal.' })
  createdBy(@Root() v: CarePlanVersion, @Ctx() ctx: Context) {
    return v.createdById ? ctx.loaders.get(personById).load(v.createdById) : null;
  }

  @FieldResolver(() => [AboutMeSection], { description: '"About me" as it stood.' })
  async aboutMe(@Root() v: CarePlanVersion, @Ctx() ctx: Context): Promise<AboutMeSection[]> {
    return (await versionContent(ctx, v)).aboutMe;
  }

  @FieldResolver(() => [Goal], { description: 'The goals as they stood (ratings are the goal’s, not the version’s).' })
  async goals(@Root() v: CarePlanVersion, @Ctx() ctx: Context): Promise<Goal[]> {
    return (await versionContent(ctx, v)).goals;
  }

  @FieldResolver(() => [CarePlanSupport], { description: 'The supports as they stood.' })
  async supports(@Root() v: CarePlanVersion, @Ctx() ctx: Context): Promise<CarePlanSupport[]> {
    return (await versionContent(ctx, v)).supports;
  }

  @FieldResolver(() => [CarePlanRisk], { description: 'The risks as they stood.' })
  async risks(@Root() v: CarePlanVersion, @Ctx() ctx: Context): Promise<CarePlanRisk[]> {
    return (await versionContent(ctx, v)).risks;
  }

  @FieldResolver(() => [CarePlanSignature], { description: 'Who signed this version, person’s side first.' })
  signatures(@Root() v: CarePlanVersion, @Ctx() ctx: Context): Promise<CarePlanSignature[]> {
    return signaturesOf(ctx, v);
  }

  @FieldResolver(() => Boolean, { description: 'Whether both sides signed this version.' })
  async isAgreed(@Root() v: CarePlanVersion, @Ctx() ctx: Context): Promise<boolean> {
    return agreementOf({ currentVersion: v.version }, await signaturesOf(ctx, v)).status === CarePlanStatus.AGREED;
  }
}

@Resolver(() => CarePlanSignature)
export class CarePlanSignatureResolver {
  @FieldResolver(() => Person, { nullable: true, description: 'Who signed; null if their account is gone.' })
  signedBy(@Root() s: CarePlanSignature, @Ctx() ctx: Context) {
    return s.signedById ? ctx.loaders.get(personById).load(s.signedById) : null;
  }
}

@Resolver(() => CircleMember)
export class CircleMemberResolver {
  @FieldResolver(() => Person, { nullable: true, description: 'Their account; null while an invitation is pending.' })
  person(@Root() member: CircleMember, @Ctx() ctx: Context) {
    return member.personId ? ctx.loaders.get(personById).load(member.personId) : null;
  }
}
