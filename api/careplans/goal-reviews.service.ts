import type { Acting } from '../auth/actor.js';
import { requirePerson } from '../auth/actor.js';
import type { AuditService } from '../audit/audit.service.js';
import type { UnitOfWork } from '../common/unit-of-work.js';
import type { CarePlanAccess } from './care-plan-access.js';
import { londonDate } from '../common/london.js';
import { notInFuture } from './care-plan-input.js';
import type { GoalScores } from './care-plan-content.js';
import { checkRating } from './care-plan-rules.js';
import { GoalReviewRow } from './care-plan-records.entity.js';
import { itemsAt } from './care-plan-store.js';
import { CarePlanRole } from './careplans.enums.js';
import { carePlanInvalidInput } from './careplans.exception.js';
import { contentOf, type Goal } from './careplans.types.js';
import { planEvent } from './plan-event.js';

/**
 * The person's own ratings of their goals, given at a review and recorded by someone who may edit the
 * plan (or its lead coordinator). Ratings are not plan content: recording one makes no new version.
 */
export class GoalReviewsService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
    private readonly access: CarePlanAccess,
  ) {}

  async record(acting: Acting, input: GoalScores & { planId: string; goalId: string; ratedOn?: string | null }): Promise<Goal> {
    const actor = requirePerson(acting.actor);
    const rating = checkRating(input, 'input');
    const ratedOn = input.ratedOn ? notInFuture(input.ratedOn, 'ratedOn') : londonDate();
    return this.uow.transaction(async (em) => {
      const { plan } = await this.access.requirePlanRole(acting, input.planId, CarePlanRole.EDIT, {
        lockPlan: true,
        orLeadCoordinator: true,
      });
      const goal = contentOf(plan.id, plan.currentVersion, await itemsAt(this.uow, plan.id, plan.currentVersion)).goals.find(
        (g) => g.id === input.goalId,
      );
      if (!goal) throw carePlanInvalidInput('The plan’s current version has no goal with that id.', 'goalId');
      await em.insert(GoalReviewRow, { planId: plan.id, goalId: goal.id, ...rating, ratedOn, recordedById: actor.personId });
      await this.audit.record(acting, planEvent(plan, 'carePlan.reviewGoal', { goalId: goal.id, version: plan.currentVersion }));
      return goal;
    });
  }
}
