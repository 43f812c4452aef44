import { In, IsNull, Not } from 'typeorm';
import type { PeopleService } from '../accounts/people.service.js';
import type { RepresentativesService } from '../accounts/representatives.service.js';
import type { Acting } from '../auth/actor.js';
import type { AuditService } from '../audit/audit.service.js';
import type { UnitOfWork } from '../common/unit-of-work.js';
import type { DirectoryService } from '../directory/directory.service.js';
import type { CarePlan } from './care-plan.entity.js';
import { CarePlanVersionRow } from './care-plan.entity.js';
import type { CarePlanAccess, PlanRead } from './care-plan-access.js';
import type { CarePlanDocument } from './care-plan-document.js';
import { CircleMemberRow, GoalReviewRow, SignatureRow } from './care-plan-records.entity.js';
import { itemsAt } from './care-plan-store.js';
import { AgreementSide, CarePlanRole, CarePlanStatus, CircleMemberStatus } from './careplans.enums.js';
import { carePlanNotFound } from './careplans.exception.js';
import { circleOf } from './circle-members.js';
import { contentOf } from './careplans.types.js';
import { ratingSummary } from './goal-ratings.js';
import { planEvent } from './plan-event.js';

/** Whether the version given as `currentVersion` is agreed, and the newest version both sides signed. */
export function agreementOf(plan: Pick<CarePlan, 'currentVersion'>, signatures: readonly Pick<SignatureRow, 'version' | 'side'>[]) {
  const sides = new Map<number, Set<AgreementSide>>();
  for (const s of signatures) sides.set(s.version, (sides.get(s.version) ?? new Set()).add(s.side));
  const agreed = [...sides].filter(([, both]) => both.size === 2).map(([version]) => version);
  return {
    status: agreed.includes(plan.currentVersion) ? CarePlanStatus.AGREED : CarePlanStatus.DRAFT,
    agreedVersion: agreed.length ? Math.max(...agreed) : null,
  };
}

/**
 * One version of a plan as a plain CarePlanDocument, for the FHIR export and the printed page: authorized
 * as `carePlan` is (the circle only), the read audited for anyone but the person, built in a fixed number
 * of statements whatever the plan holds.
 */
export class CarePlanDocuments {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
    private readonly access: CarePlanAccess,
    private readonly people: PeopleService,
    private readonly representatives: RepresentativesService,
    private readonly directory: DirectoryService,
  ) {}

  async document(acting: Acting, planId: string, version: number | null | undefined, via: PlanRead): Promise<CarePlanDocument> {
    const { plan } = await this.access.requirePlanRole(acting, planId, CarePlanRole.VIEW);
    const at = version ?? plan.currentVersion;
    if (!Number.isInteger(at) || at < 1 || at > plan.currentVersion) throw carePlanNotFound('The plan has no such version.', 'version');
    if (acting.actor.kind === 'person' && acting.actor.personId !== plan.personId)
      await this.audit.record(acting, planEvent(plan, 'carePlan.read', { version: at, via }));
    const em = this.uow.manager;
    const content = contentOf(plan.id, at, await itemsAt(this.uow, plan.id, at));
    const versionRow = await em.findOneByOrFail(CarePlanVersionRow, { planId: plan.id, version: at });
    const reviews = content.goals.length
      ? await em.find(GoalReviewRow, {
          where: { planId: plan.id, goalId: In(content.goals.map((g) => g.id)) },
          order: { ratedOn: 'ASC', recordedAt: 'ASC', id: 'ASC' },
        })
      : [];
    const signatures = await em.find(SignatureRow, { where: { planId: plan.id }, order: { version: 'ASC', side: 'ASC' } });
    const members = await em.find(CircleMemberRow, {
      where: { planId: plan.id, removedAt: IsNull(), personId: Not(IsNull()) },
      order: { invitedAt: 'ASC', id: 'ASC' },
    });
    const grants = await this.representatives.grantsInForceFor([plan.personId]);
    const people = await this.people.peopleByIds([
      plan.personId,
      ...grants.flatMap((g) => (g.representativeId ? [g.representativeId] : [])),
      ...members.map((m) => m.personId!),
      ...signatures.flatMap((s) => (s.signedById ? [s.signedById] : [])),
    ]);
    const names = new Map(people.map((p) => [p.id, p.name]));
    const services = await this.directory.serviceAndProviderNames(content.supports.flatMap((s) => (s.serviceId ? [s.serviceId] : [])));
    const coOps = await this.directory.providerNames(content.supports.flatMap((s) => (s.timeBankProviderId ? [s.timeBankProviderId] : [])));
    const circle = circleOf(plan, grants, members, (id) => names.get(id) ?? null, false).filter(
      (m) => m.status === CircleMemberStatus.ACTIVE,
    );
    const lead = plan.leadCoordinatorId && names.get(plan.leadCoordinatorId);
    return {
      id: plan.id,
      version: at,
      // The version's own standing: an export of an agreed version 1 says agreed, whatever came after it.
      ...agreementOf({ currentVersion: at }, signatures),
      createdAt: plan.createdAt,
      versionCreatedAt: versionRow.createdAt,
      reviewDate: plan.reviewDate,
      person: { id: plan.personId, name: names.get(plan.personId) ?? '' },
      leadCoordinator: lead ? { personId: plan.leadCoordinatorId!, name: lead } : null,
      circle: circle.map((m) => ({ personId: m.personId!, name: m.name, role: m.role, kind: m.kind, status: m.status })),
      aboutMe: content.aboutMe.map(({ heading, text }) => ({ heading, text })),
      goals: content.goals.map(({ id, description, area }) => {
        const { baseline, latest, change } = ratingSummary(reviews.filter((r) => r.goalId === id));
        const facts = (r: GoalReviewRow | null) =>
          r && { importance: r.importance, performance: r.performance, satisfaction: r.satisfaction, ratedOn: r.ratedOn };
        return { id, description, area, baseline: facts(baseline), latest: facts(latest), change };
      }),
      supports: content.supports.map(({ planId: _plan, version: _version, ...support }) => ({
        ...support,
        serviceName: (support.serviceId && services.get(support.serviceId)?.serviceName) || null,
        providerName:
          (support.serviceId && services.get(support.serviceId)?.providerName) ||
          (support.timeBankProviderId && coOps.get(support.timeBankProviderId)) ||
          null,
      })),
      risks: content.risks,
      signatures: signatures
        .filter((s) => s.version === at)
        .map((s) => ({ side: s.side, signerName: (s.signedById && names.get(s.signedById)) || '', signedAt: s.signedAt })),
    };
  }
}
