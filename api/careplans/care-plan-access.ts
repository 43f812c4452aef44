import DataLoader from 'dataloader';
import type { EntityManager } from 'typeorm';
import type { Acting, Actor } from '../auth/actor.js';
import { RepresentativeRight, StaffRole } from '../auth/auth.enums.js';
import { forbidden, signInRequired } from '../auth/auth.exception.js';
import type { LoaderFactory } from '../common/loaders.js';
import type { UnitOfWork } from '../common/unit-of-work.js';
import type { Context } from '../context.js';
import { CarePlan } from './care-plan.entity.js';
import { CircleMemberRow } from './care-plan-records.entity.js';
import { CarePlanRole, roleAtLeast } from './careplans.enums.js';
import { carePlanNotFound } from './careplans.exception.js';
import { recordRead } from '../audit/audited-read.js';
import { planEvent } from './plan-event.js';

/**
 * The one policy of who may see and do what in a care plan (design.md "Effective role"). Only the circle
 * sees a plan: the person, their representatives holding EDIT_PLAN or VIEW_PLAN, and active members.
 * Officers, coordinators, admins, partners and widget sessions have no way in but membership.
 */

/** What the viewer is in one plan. */
export interface PlanAccess {
  plan: CarePlan;
  /** The strongest role the viewer holds; null when they are not in the circle. */
  role: CarePlanRole | null;
  isLeadCoordinator: boolean;
  /** The viewer's active row in care_plan_circle_member, if they hold one. */
  memberId: string | null;
}

export type PlanRead = 'graphql' | 'fhir' | 'print';

const NOT_IN_CIRCLE = 'You are not allowed to do this.';

/** Reads the plan rows and the viewer's active circle rows of a batch of plans in one statement. */
async function readAccess(db: EntityManager, actor: Actor, planIds: readonly string[], lock: boolean): Promise<Map<string, PlanAccess>> {
  const viewerId = actor.kind === 'person' ? actor.personId : null;
  const query = db
    .getRepository(CarePlan)
    .createQueryBuilder('p')
    .leftJoin(CircleMemberRow, 'm', 'm.plan_id = p.id AND m.person_id = :viewerId AND m.removed_at IS NULL', { viewerId })
    .addSelect(['m.id AS member_id', 'm.role AS member_role'])
    .where('p.id IN (:...planIds)', { planIds: [...planIds] });
  // The plan row only: the circle row is read, not written, by whoever locks.
  if (lock) query.setLock('pessimistic_write', undefined, ['p']);
  const { raw, entities } = await query.getRawAndEntities<{ p_id: string; member_id: string | null; member_role: CarePlanRole | null }>();
  const member = new Map(raw.map((r) => [r.p_id, r]));
  return new Map(
    entities.map((plan) => {
      const row = member.get(plan.id);
      return [plan.id, accessOf(actor, plan, row?.member_role ?? null, row?.member_id ?? null)];
    }),
  );
}

/** The viewer's effective role: the strongest of being the person, a representative, a member, the lead. */
export function accessOf(actor: Actor, plan: CarePlan, memberRole: CarePlanRole | null, memberId: string | null): PlanAccess {
  if (actor.kind !== 'person') return { plan, role: null, isLeadCoordinator: false, memberId: null };
  const rights = actor.representing.get(plan.personId);
  // The lead signs for the co-op: someone who has since stopped coordinating for any provider no longer leads.
  const coordinates = actor.staff.some((s) => s.role === StaffRole.COORDINATOR);
  const isLead = plan.leadCoordinatorId === actor.personId && memberId !== null && coordinates;
  const held: CarePlanRole[] = [];
  if (actor.personId === plan.personId || rights?.has(RepresentativeRight.EDIT_PLAN)) held.push(CarePlanRole.OWNER);
  if (rights?.has(RepresentativeRight.VIEW_PLAN)) held.push(CarePlanRole.VIEW);
  if (memberRole) held.push(memberRole);
  if (isLead) held.push(CarePlanRole.SUGGEST);
  const role = held.reduce<CarePlanRole | null>((best, r) => (roleAtLeast(best, r) ? best : r), null);
  return { plan, role, isLeadCoordinator: isLead, memberId };
}

interface AccessKey {
  actor: Actor;
  planId: string;
}

/**
 * The viewer's access to plans, batched: one statement however many plans a request reads. Cached for the
 * request: a mutation that changes who is in a circle clears it.
 */
export const planAccessById: LoaderFactory<AccessKey, PlanAccess | null, string> = ({ db }) =>
  new DataLoader(
    async (keys) => {
      const found = await readAccess(db, keys[0].actor, [...new Set(keys.map((k) => k.planId))], false);
      return keys.map((k) => found.get(k.planId) ?? null);
    },
    { cacheKeyFn: (k) => k.planId },
  );

/** Anonymous callers are asked to sign in; partners and widget sessions never see plans. */
function requireViewer(actor: Actor): void {
  if (actor.kind === 'anonymous') throw signInRequired();
  if (actor.kind !== 'person') throw forbidden(NOT_IN_CIRCLE);
}

/**
 * The viewer's access to a plan, for resolvers: UNAUTHENTICATED anonymous, NOT_FOUND unknown, FORBIDDEN
 * (saying nothing of the plan) for anyone outside the circle. Batched with the request's other plans.
 */
export async function planAccess(ctx: Context, planId: string): Promise<PlanAccess> {
  requireViewer(ctx.actor);
  const access = await ctx.loaders.get(planAccessById).load({ actor: ctx.actor, planId });
  if (!access) throw carePlanNotFound('No care plan has this id.', 'id');
  if (!access.role) throw forbidden(NOT_IN_CIRCLE);
  return access;
}

/**
 * A plan for the circle to read (`carePlan`, `me.carePlans`, FHIR, print): as `planAccess`, and a read by
 * anyone but the person is audited once per request; if the audit fails, so does the read.
 */
export async function planForReading(ctx: Context, planId: string, via: PlanRead = 'graphql'): Promise<PlanAccess> {
  const access = await planAccess(ctx, planId);
  await auditPlanRead(ctx, access.plan, via);
  return access;
}

/**
 * Audits a read of a plan the viewer reached (the person's own reads are not audited). The plan's content
 * fields call it too: a mutation's answer (setCarePlanReviewDate, acceptProposal, …) carries the whole plan,
 * and reading it that way must not keep the reader out of `CarePlan.reads`.
 */
export async function auditPlanRead(ctx: Context, plan: CarePlan, via: PlanRead = 'graphql'): Promise<void> {
  await recordRead(ctx, plan.personId, planEvent(plan, 'carePlan.read', { version: plan.currentVersion, via }));
}

export interface RoleOptions {
  /** Lock the plan row (SELECT … FOR UPDATE) for a write: every write to one plan then runs one after another. */
  lockPlan?: boolean;
  /** The lead coordinator may do this whatever their role (record a goal review, set the review date). */
  orLeadCoordinator?: boolean;
}

/**
 * For services, inside the caller's transaction: the plan and the acting person's access, refusing unless
 * they hold `needed` (NOT_FOUND unknown, FORBIDDEN outside the circle or below the role). Reads fresh,
 * never a loader's cache, so a write decides on what the locked row says.
 */
export class CarePlanAccess {
  constructor(private readonly uow: UnitOfWork) {}

  async requirePlanRole(acting: Acting, planId: string, needed: CarePlanRole, options: RoleOptions = {}): Promise<PlanAccess> {
    requireViewer(acting.actor);
    const access = (await readAccess(this.uow.manager, acting.actor, [planId], options.lockPlan ?? false)).get(planId);
    if (!access) throw carePlanNotFound('No care plan has this id.', 'planId');
    if (!access.role) throw forbidden(NOT_IN_CIRCLE);
    if (!roleAtLeast(access.role, needed) && !(options.orLeadCoordinator && access.isLeadCoordinator))
      throw forbidden(`This needs the ${needed} role in the plan's circle.`);
    return access;
  }

  /** The acting person's access to a plan, or null where it does not exist; for checks that do not refuse. */
  async accessTo(acting: Acting, planId: string): Promise<PlanAccess | null> {
    return (await readAccess(this.uow.manager, acting.actor, [planId], false)).get(planId) ?? null;
  }
}

/** Is the viewer the plan's lead coordinator (an active member named by care_plan.lead_coordinator_id)? */
export function isLeadCoordinator(access: PlanAccess): boolean {
  return access.isLeadCoordinator;
}
