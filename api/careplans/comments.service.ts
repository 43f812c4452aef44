import { type Acting, requirePerson } from '../auth/actor.js';
import type { AuditService } from '../audit/audit.service.js';
import type { UnitOfWork } from '../common/unit-of-work.js';
import type { CarePlanAccess } from './care-plan-access.js';
import { CARE_PLAN_TEXT_LIMITS as LIMIT } from './care-plan-content.js';
import { CommentRow } from './care-plan-records.entity.js';
import { requiredText } from './care-plan-rules.js';
import { itemsAt } from './care-plan-store.js';
import { CarePlanItemKind, CarePlanRole } from './careplans.enums.js';
import { carePlanInvalidInput } from './careplans.exception.js';
import { CarePlanComment, type CommentOnCarePlanInput } from './co-design.types.js';
import { planEvent } from './plan-event.js';

export function commentView(row: Pick<CommentRow, 'id' | 'body' | 'goalId' | 'createdAt' | 'authorId'>): CarePlanComment {
  return Object.assign(new CarePlanComment(), {
    id: row.id,
    text: row.body,
    goalId: row.goalId,
    createdAt: row.createdAt,
    authorId: row.authorId,
  });
}

/** Comments on a plan or on a goal of its current version: anyone in the circle with SUGGEST or more, and the lead coordinator. */
export class CommentsService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
    private readonly access: CarePlanAccess,
  ) {}

  async comment(acting: Acting, input: CommentOnCarePlanInput): Promise<CarePlanComment> {
    const actor = requirePerson(acting.actor);
    const text = requiredText(input.text, LIMIT.comment, 'text');
    return this.uow.transaction(async (em) => {
      const { plan } = await this.access.requirePlanRole(acting, input.planId, CarePlanRole.SUGGEST, { lockPlan: true });
      const goalId = input.goalId ?? null;
      if (goalId) {
        const items = await itemsAt(this.uow, plan.id, plan.currentVersion);
        if (!items.some((i) => i.kind === CarePlanItemKind.GOAL && i.itemId === goalId)) {
          throw carePlanInvalidInput('The plan’s current version has no goal with that id.', 'goalId');
        }
      }
      const row = await em.save(em.create(CommentRow, { planId: plan.id, goalId, body: text, authorId: actor.personId }));
      await this.audit.record(acting, planEvent(plan, 'carePlan.comment', { commentId: row.id, goalId, version: plan.currentVersion }));
      return commentView(row);
    });
  }
}
