import { Arg, Args, Ctx, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import { personById } from '../accounts/accounts.loaders.js';
import { Person } from '../accounts/person.entity.js';
import { decodeCursor, encodeCursor, PageArgs, pageSize, toConnection } from '../common/connection.js';
import type { Context } from '../context.js';
import { CarePlan } from './care-plan.entity.js';
import { auditPlanRead, planAccess } from './care-plan-access.js';
import { agreementOf } from './care-plan-documents.js';
import { londonDate } from '../common/london.js';
import { itemsByVersion, versionsByPlanId } from './care-plan-store.js';
import { CarePlanRole, CarePlanStatus, type ConsentMethod } from './careplans.enums.js';
import { circleRowsByPlanId, representativeGrantsByPersonId, signaturesByPlanId } from './careplans.loaders.js';
import {
  AboutMeSection,
  CarePlanConsent,
  CarePlanRisk,
  CarePlanSupport,
  CarePlanVersion,
  CarePlanVersionConnection,
  CircleMember,
  contentOf,
  Goal,
} from './careplans.types.js';
import { circleOf } from './circle-members.js';

const VERSIONS_SORT = 'versions';

/** The current version's content, batched across the request's plans; a read in the audit trail. */
async function current(ctx: Context, plan: CarePlan) {
  const [items] = await Promise.all([
    ctx.loaders.get(itemsByVersion).load({ planId: plan.id, version: plan.currentVersion }),
    auditPlanRead(ctx, plan),
  ]);
  return contentOf(plan.id, plan.currentVersion, items);
}

/**
 * A plan's fields. The plan reached here only through `carePlan`, `me.carePlans`, the overdue list or a
 * mutation of someone in its circle, each of which checked who asks; fields that depend on the role ask again (batched).
 * Fields carrying what the plan says audit the read (once per plan per request), whichever way the plan came.
 */
@Resolver(() => CarePlan)
export class CarePlanResolver {
  @FieldResolver(() => Int, { description: 'The current version: 1 when made, one more for each accepted proposal.' })
  version(@Root() plan: CarePlan): number {
    return plan.currentVersion;
  }

  @FieldResolver(() => CarePlanStatus, {
    description: 'AGREED when the current version is signed by both the person’s side and the lead coordinator.',
  })
  async status(@Root() plan: CarePlan, @Ctx() ctx: Context): Promise<CarePlanStatus> {
    return agreementOf(plan, await ctx.loaders.get(signaturesByPlanId).load(plan.id)).status;
  }

  @FieldResolver(() => Int, {
    nullable: true,
    description: 'The newest version both sides signed (it stays after later changes); null if none.',
  })
  async agreedVersion(@Root() plan: CarePlan, @Ctx() ctx: Context): Promise<number | null> {
    return agreementOf(plan, await ctx.loaders.get(signaturesByPlanId).load(plan.id)).agreedVersion;
  }

  @FieldResolver(() => Person, { description: 'Whose plan it is.' })
  async person(@Root() plan: CarePlan, @Ctx() ctx: Context): Promise<Person> {
    return (await ctx.loaders.get(personById).load(plan.personId))!;
  }

  @FieldResolver(() => [CircleMember], {
    description:
      'Everyone in the circle: the person, their representatives (EDIT_PLAN as OWNER, VIEW_PLAN as VIEW), then those invited, ' +
      'pending or active, in the order invited.',
  })
  async circle(@Root() plan: CarePlan, @Ctx() ctx: Context): Promise<CircleMember[]> {
    const [access, , grants, rows] = await Promise.all([
      planAccess(ctx, plan.id),
      auditPlanRead(ctx, plan),
      ctx.loaders.get(representativeGrantsByPersonId).load({ personId: plan.personId, representatives: ctx.services.representatives }),
      ctx.loaders.get(circleRowsByPlanId).load(plan.id),
    ]);
    const ids = [plan.personId, ...grants.flatMap((g) => g.representativeId ?? []), ...rows.flatMap((r) => r.personId ?? [])];
    const people = await ctx.loaders.get(personById).loadMany(ids);
    const names = new Map(people.flatMap((p) => (p && !(p instanceof Error) ? [[p.id, p.name] as const] : [])));
    return circleOf(plan, grants, rows, (id) => names.get(id) ?? null, access.role === CarePlanRole.OWNER);
  }

  @FieldResolver(() => CircleMember, { nullable: true, description: 'The coordinator who signs for the co-op; null until one is chosen.' })
  async leadCoordinator(@Root() plan: CarePlan, @Ctx() ctx: Context): Promise<CircleMember | null> {
    if (!plan.leadCoordinatorId) return null;
    return (await this.circle(plan, ctx)).find((m) => m.isLeadCoordinator) ?? null;
  }

  @FieldResolver(() => CarePlanConsent, {
    nullable: true,
    description: 'How the person consented, when staff started the plan; null otherwise.',
  })
  consent(@Root() plan: CarePlan): CarePlanConsent | null {
    return plan.consentMethod ? { method: plan.consentMethod as ConsentMethod, givenOn: plan.consentGivenOn! } : null;
  }

  @FieldResolver(() => CarePlanRole, { description: 'What you may do in this plan.' })
  async myRole(@Root() plan: CarePlan, @Ctx() ctx: Context): Promise<CarePlanRole> {
    return (await planAccess(ctx, plan.id)).role!;
  }

  @FieldResolver(() => [AboutMeSection], { description: '"About me", in the order of the PRSB headings.' })
  async aboutMe(@Root() plan: CarePlan, @Ctx() ctx: Context): Promise<AboutMeSection[]> {
    return (await current(ctx, plan)).aboutMe;
  }

  @FieldResolver(() => [Goal], { description: 'The goals, in the order added.' })
  async goals(@Root() plan: CarePlan, @Ctx() ctx: Context): Promise<Goal[]> {
    return (await current(ctx, plan)).goals;
  }

  @FieldResolver(() => [CarePlanSupport], { description: 'The supports, in the order added.' })
  async supports(@Root() plan: CarePlan, @Ctx() ctx: Context): Promise<CarePlanSupport[]> {
    return (await current(ctx, plan)).supports;
  }

  @FieldResolver(() => [CarePlanRisk], { description: 'The risks, in the order added.' })
  async risks(@Root() plan: CarePlan, @Ctx() ctx: Context): Promise<CarePlanRisk[]> {
    return (await current(ctx, plan)).risks;
  }

  @FieldResolver(() => Boolean, { description: 'Whether the review date has passed (UK time).' })
  isReviewOverdue(@Root() plan: CarePlan): boolean {
    return plan.reviewDate !== null && plan.reviewDate < londonDate();
  }

  @FieldResolver(() => CarePlanVersionConnection, { description: 'Every version, newest first.' })
  async versions(@Root() plan: CarePlan, @Ctx() ctx: Context, @Args() { first, after }: PageArgs): Promise<CarePlanVersionConnection> {
    const size = pageSize(first);
    const below = after ? (decodeCursor(after, VERSIONS_SORT, ['number'])[0] as number) : Number.POSITIVE_INFINITY;
    const [all] = await Promise.all([ctx.loaders.get(versionsByPlanId).load(plan.id), auditPlanRead(ctx, plan)]);
    const versions = all
      .filter((v) => v.version < below)
      .slice(0, size + 1)
      .map((v) => ({ ...v, plan }));
    return toConnection(versions, size, all.length, (node) => ({ cursor: encodeCursor(VERSIONS_SORT, [node.version]), node }));
  }

  @FieldResolver(() => CarePlanVersion, { nullable: true, description: 'One version as it stood; null if the plan never had it.' })
  async atVersion(
    @Root() plan: CarePlan,
    @Ctx() ctx: Context,
    @Arg('version', () => Int, { description: 'The version number, from 1.' }) version: number,
  ): Promise<CarePlanVersion | null> {
    const [all] = await Promise.all([ctx.loaders.get(versionsByPlanId).load(plan.id), auditPlanRead(ctx, plan)]);
    const row = all.find((v) => v.version === version);
    return row ? { ...row, plan } : null;
  }
}
