import { type Acting, requirePerson } from '../auth/actor.js';
import { StaffRole } from '../auth/auth.enums.js';
import { forbidden } from '../auth/auth.exception.js';
import type { AuditService } from '../audit/audit.service.js';
import type { UnitOfWork } from '../common/unit-of-work.js';
import type { CarePlan } from './care-plan.entity.js';
import type { CarePlanAccess } from './care-plan-access.js';
import type { CarePlanMessages } from './care-plan-messages.js';
import { SignatureRow } from './care-plan-records.entity.js';
import { AgreementSide, CarePlanRole } from './careplans.enums.js';
import { CarePlanConflict, carePlanNotFound } from './careplans.exception.js';
import { planEvent } from './plan-event.js';

/**
 * Agreement (design.md "Agreement"): the person (or their EDIT_PLAN representative) signs the current
 * version for the person's side, the lead coordinator for the co-op's; the plan is AGREED while its current
 * version carries both. A later accepted proposal makes a new version nobody has signed yet.
 */
export class AgreementsService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
    private readonly access: CarePlanAccess,
    private readonly messages: CarePlanMessages,
  ) {}

  /** Signs `version` for the caller's side; signing a side already signed changes nothing (and is still audited). */
  async agree(acting: Acting, planId: string, version: number): Promise<CarePlan> {
    const actor = requirePerson(acting.actor);
    return this.uow.transaction(async (em) => {
      const access = await this.access.requirePlanRole(acting, planId, CarePlanRole.VIEW, { lockPlan: true });
      const { plan } = access;
      // Someone who is both the person's side and the lead signs for the person: one person never signs twice.
      // The lead signs for a co-op only while they coordinate for one: staff who left no longer speak for it.
      const coordinates = actor.staff.some((s) => s.role === StaffRole.COORDINATOR);
      const side =
        access.role === CarePlanRole.OWNER
          ? AgreementSide.PERSON
          : access.isLeadCoordinator && coordinates
            ? AgreementSide.COORDINATOR
            : null;
      if (!side) throw forbidden('Only the person, a representative they gave EDIT_PLAN, and the lead coordinator sign a plan.');
      if (!Number.isInteger(version) || version < 1 || version > plan.currentVersion) {
        throw carePlanNotFound('The plan has no such version.', 'version');
      }
      if (version !== plan.currentVersion) {
        throw new CarePlanConflict('Only the current version can be signed: a version changed since needs a new agreement.');
      }
      const signatures = await em.findBy(SignatureRow, { planId: plan.id, version });
      const other = signatures.find((s) => s.side !== side);
      if (other && other.signedById === actor.personId) {
        throw new CarePlanConflict('The two sides of an agreement are signed by two different people.');
      }
      const alreadySigned = signatures.some((s) => s.side === side);
      if (!alreadySigned) await em.insert(SignatureRow, { planId: plan.id, version, side, signedById: actor.personId });
      await this.audit.record(acting, planEvent(plan, 'carePlan.agree', { version, side, alreadySigned }));
      // The signature that completes the agreement is the one that tells the circle: a repeat says nothing new.
      if (!alreadySigned && other) await this.messages.agreed(plan, version);
      return plan;
    });
  }
}
