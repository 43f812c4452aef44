import { randomUUID } from 'node:crypto';
import type { PeopleService } from '../accounts/people.service.js';
import type { Person } from '../accounts/person.entity.js';
import { type Acting, isAdmin, isCoordinatorOf, isOfficerOf, type PersonActor, requirePerson } from '../auth/actor.js';
import { RepresentativeRight, StaffRole } from '../auth/auth.enums.js';
import { forbidden } from '../auth/auth.exception.js';
import type { AuditService } from '../audit/audit.service.js';
import type { BrokerageReader } from '../brokerage/brokerage.reader.js';
import type { UnitOfWork } from '../common/unit-of-work.js';
import { CarePlan } from './care-plan.entity.js';
import type { CarePlanAccess, PlanRead } from './care-plan-access.js';
import type { CarePlanDocument } from './care-plan-document.js';
import type { CarePlanDocuments } from './care-plan-documents.js';
import { decodeCursor, encodeCursor, pageSize, toConnection } from '../common/connection.js';
import type { SupportLinks } from './support-links.js';
import { londonDate } from '../common/london.js';
import { aboutMeSections, checkedCount, notInFuture, yearsAfter } from './care-plan-input.js';
import { checkRating, goalContent, optionalText, riskContent, supportContent } from './care-plan-rules.js';
import { CircleMemberRow, GoalReviewRow } from './care-plan-records.entity.js';
import { type NewRevision, writeFirstVersion } from './care-plan-store.js';
import { ABOUT_ME_ORDER, CarePlanItemKind, CarePlanRole, type ConsentMethod } from './careplans.enums.js';
import { CARE_PLAN_SIZE_LIMITS, CARE_PLAN_TEXT_LIMITS } from './care-plan-content.js';
import { CarePlanExists, carePlanInvalidInput } from './careplans.exception.js';
import type { CreateCarePlanInput } from './careplans.inputs.js';
import { planEvent } from './plan-event.js';

const OVERDUE_SORT = 'overdue';

/** Who is starting a plan, and on what footing (design.md "createCarePlan"). */
type Creator =
  | { as: 'person' | 'representative' }
  | { as: 'coordinator' | 'officer'; consent: { method: ConsentMethod; givenOn: string } }
  | { as: 'officerForPersonLackingCapacity'; reason: string };

/** Starting a plan, its review date, and the plans waiting for review. */
export class CarePlansService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
    private readonly people: PeopleService,
    private readonly brokerage: BrokerageReader,
    private readonly links: SupportLinks,
    private readonly access: CarePlanAccess,
    private readonly documents: CarePlanDocuments,
  ) {}

  /**
   * Starts a person's plan with its first version. Everything typed is checked before anything is
   * written; the whole plan, its ratings, its first circle member and the audit event commit as one.
   * CarePlanExists when the person has one (its id only for someone who may read it). `now` is when the
   * plan is started (its review date is judged, and its baselines dated, by that day); only the demo seed,
   * which records a plan Margaret started weeks ago, passes one.
   */
  async create(acting: Acting, input: CreateCarePlanInput, now = new Date()): Promise<CarePlan> {
    const actor = requirePerson(acting.actor);
    const draft = draftOf(input, londonDate(now));
    return this.uow.transaction(async (em) => {
      const personId = input.personId ?? actor.personId;
      // Locked: on what footing staff may start it turns on the person's capacity, which must not change meanwhile.
      const person = await this.people.lockPerson(personId);
      // Someone the caller may not act for is refused alike whether or not they exist.
      if (!person) throw forbidden();
      const creator = await this.creatorOf(actor, person, input);
      const existing = await em.findOneBy(CarePlan, { personId });
      if (existing) throw new CarePlanExists(await this.mayRead(acting, existing));
      await this.links.check(personId, draft.supports);

      const isStaff = creator.as === 'coordinator' || creator.as === 'officer';
      const inserted: { id: string }[] = await em.query(
        `INSERT INTO care_plan (person_id, council_id, review_date, lead_coordinator_id, created_by_id, consent_method,
           consent_given_on, created_on_behalf_reason, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) ON CONFLICT (person_id) DO NOTHING RETURNING id`,
        [
          personId,
          person.councilId,
          draft.reviewDate,
          creator.as === 'coordinator' ? actor.personId : null,
          actor.personId,
          isStaff ? creator.consent.method : null,
          isStaff ? creator.consent.givenOn : null,
          creator.as === 'officerForPersonLackingCapacity' ? creator.reason : null,
          now,
        ],
      );
      // Another request started it a moment ago.
      if (inserted.length === 0) throw new CarePlanExists(null);
      const plan = await em.findOneByOrFail(CarePlan, { id: inserted[0]!.id });
      await writeFirstVersion(this.uow, plan, draft.items, actor.personId);
      const ratedOn = draft.today;
      if (draft.baselines.length > 0)
        await em.insert(
          GoalReviewRow,
          draft.baselines.map(({ goalId, rating }) => ({ planId: plan.id, goalId, ...rating, ratedOn, recordedById: actor.personId })),
        );
      // Staff who start a plan work on it: in the circle with EDIT (a coordinator as its lead).
      if (creator.as !== 'person' && creator.as !== 'representative') {
        const me = (await this.people.personById(actor.personId))!;
        await em.insert(CircleMemberRow, {
          planId: plan.id,
          personId: me.id,
          invitedEmail: me.email,
          invitedName: me.name,
          role: CarePlanRole.EDIT,
          asLeadCoordinator: creator.as === 'coordinator',
          invitedById: me.id,
          acceptedAt: new Date(),
        });
      }
      await this.audit.record(
        acting,
        planEvent(plan, 'carePlan.create', {
          personId,
          as: creator.as,
          consentMethod: isStaff ? creator.consent.method : null,
          aboutMe: draft.counts.aboutMe,
          goals: draft.counts.goals,
          supports: draft.counts.supports,
          risks: draft.counts.risks,
        }),
      );
      return plan;
    });
  }

  /** Someone who may edit the plan, or its lead coordinator, moves the review date (today or later). */
  async setReviewDate(acting: Acting, planId: string, reviewDate: string): Promise<CarePlan> {
    requirePerson(acting.actor);
    if (reviewDate < londonDate()) throw carePlanInvalidInput('reviewDate must not be in the past.', 'reviewDate');
    return this.uow.transaction(async (em) => {
      const { plan } = await this.access.requirePlanRole(acting, planId, CarePlanRole.EDIT, { lockPlan: true, orLeadCoordinator: true });
      await em.update(CarePlan, { id: plan.id }, { reviewDate });
      const from = plan.reviewDate;
      plan.reviewDate = reviewDate;
      await this.audit.record(acting, planEvent(plan, 'carePlan.setReviewDate', { from, to: reviewDate }));
      return plan;
    });
  }

  /**
   * For a coordinator: the plans they lead whose review date has passed, most overdue first. FORBIDDEN
   * for anyone who coordinates for no provider. Each plan listed is a read (the resolver audits it).
   */
  async overdueForReview(acting: Acting, first: number | null | undefined, after: string | null | undefined) {
    const actor = requirePerson(acting.actor);
    if (!actor.staff.some((s) => s.role === StaffRole.COORDINATOR)) throw forbidden('Only coordinators have plans to review.');
    const size = pageSize(first);
    const qb = this.uow.manager
      .getRepository(CarePlan)
      .createQueryBuilder('p')
      .where('p.lead_coordinator_id = :me AND p.review_date < CAST(:today AS date)', { me: actor.personId, today: londonDate() });
    const totalCount = await qb.clone().getCount();
    if (after) {
      const [date, id] = decodeCursor(after, OVERDUE_SORT, ['string', 'uuid']);
      if (!/^\d{4}-\d{2}-\d{2}$/.test(date as string)) throw carePlanInvalidInput('"after" is not a cursor this list gave out.', 'after');
      qb.andWhere('(p.review_date, p.id) > (CAST(:date AS date), CAST(:id AS uuid))', { date, id });
    }
    const rows = await qb
      .orderBy('p.review_date', 'ASC')
      .addOrderBy('p.id', 'ASC')
      .limit(size + 1)
      .getMany();
    return toConnection(rows, size, totalCount, (node) => ({ cursor: encodeCursor(OVERDUE_SORT, [node.reviewDate, node.id]), node }));
  }

  /**
   * The plans the signed-in person is in the circle of: their own, those of people who gave them
   * EDIT_PLAN or VIEW_PLAN, those they joined; the person's own first, then by when started. One statement.
   */
  async plansOf(acting: Acting): Promise<CarePlan[]> {
    const actor = requirePerson(acting.actor);
    const represented = [...actor.representing]
      .filter(([, rights]) => rights.has(RepresentativeRight.EDIT_PLAN) || rights.has(RepresentativeRight.VIEW_PLAN))
      .map(([personId]) => personId);
    const plans = await this.uow.manager
      .getRepository(CarePlan)
      .createQueryBuilder('p')
      .where('p.person_id = :me OR p.person_id = ANY(CAST(:represented AS uuid[]))', { me: actor.personId, represented })
      .orWhere('EXISTS (SELECT 1 FROM care_plan_circle_member m WHERE m.plan_id = p.id AND m.person_id = :me AND m.removed_at IS NULL)')
      .orderBy('p.created_at', 'ASC')
      .addOrderBy('p.id', 'ASC')
      .getMany();
    return [...plans.filter((p) => p.personId === actor.personId), ...plans.filter((p) => p.personId !== actor.personId)];
  }

  /** One version of a plan for the FHIR export and the printed page (CarePlanDocuments.document). */
  document(acting: Acting, planId: string, version: number | null | undefined, via: PlanRead): Promise<CarePlanDocument> {
    return this.documents.document(acting, planId, version, via);
  }

  private async mayRead(acting: Acting, plan: CarePlan): Promise<string | null> {
    return (await this.access.accessTo(acting, plan.id))?.role ? plan.id : null;
  }

  /** On what footing the actor may start this person's plan; FORBIDDEN if none, BAD_USER_INPUT if consent or reason is missing. */
  private async creatorOf(actor: PersonActor, person: Person, input: CreateCarePlanInput): Promise<Creator> {
    if (actor.personId === person.id) return { as: 'person' };
    if (actor.representing.get(person.id)?.has(RepresentativeRight.EDIT_PLAN)) return { as: 'representative' };
    if (person.lacksCapacity) {
      if (!isOfficerOf(actor, person.councilId) && !isAdmin(actor)) throw forbidden();
      const reason = optionalText(input.reason, CARE_PLAN_TEXT_LIMITS.reason, 'reason');
      if (!reason) throw carePlanInvalidInput('Give the reason you are starting this plan for the person.', 'reason');
      return { as: 'officerForPersonLackingCapacity', reason };
    }
    let as: 'coordinator' | 'officer' | null = isOfficerOf(actor, person.councilId) ? 'officer' : null;
    const coordinates = actor.staff.filter((s) => s.role === StaffRole.COORDINATOR).map((s) => s.providerId);
    if (coordinates.length > 0) {
      const caring = await this.brokerage.providersCaringFor(person.id);
      if (coordinates.some((providerId) => caring.has(providerId!) && isCoordinatorOf(actor, providerId))) as = 'coordinator';
    }
    if (!as) throw forbidden();
    if (!input.consent) throw carePlanInvalidInput('Record how the person consented to you starting their plan.', 'consent');
    return { as, consent: { method: input.consent.method, givenOn: notInFuture(input.consent.givenOn, 'consent.givenOn') } };
  }
}

/** The plan as typed, checked whole before anything is written: its first version's items and baselines. */
function draftOf(input: CreateCarePlanInput, today: string) {
  const aboutMe = aboutMeSections(checkedCount(input.aboutMe, ABOUT_ME_ORDER.length, 'aboutMe'), 'aboutMe');
  const goals = checkedCount(input.goals, CARE_PLAN_SIZE_LIMITS.goals, 'goals').map((g, i) => ({
    itemId: randomUUID(),
    content: goalContent(g, `goals[${i}]`),
    baseline: g.baseline ? checkRating(g.baseline, `goals[${i}].baseline`) : null,
  }));
  const supports = checkedCount(input.supports, CARE_PLAN_SIZE_LIMITS.supports, 'supports').map((s, i) => {
    const argument = `supports[${i}]`;
    if (s.goalIds?.length) throw carePlanInvalidInput('A new plan’s supports name its goals by goalIndexes.', `${argument}.goalIds`);
    const goalIds = [...new Set(s.goalIndexes ?? [])].map((index) => {
      const goal = goals[index];
      if (!goal) throw carePlanInvalidInput('goalIndexes name goals of this input by their place, from 0.', `${argument}.goalIndexes`);
      return goal.itemId;
    });
    const { goalIndexes: _indexes, goalIds: _ids, ...fields } = s;
    return { itemId: randomUUID(), content: supportContent(fields, goalIds, argument), argument };
  });
  const risks = checkedCount(input.risks, CARE_PLAN_SIZE_LIMITS.risks, 'risks').map((r, i) => ({
    itemId: randomUUID(),
    content: riskContent(r, `risks[${i}]`),
  }));
  if (input.reviewDate && input.reviewDate < today) throw carePlanInvalidInput('reviewDate must not be in the past.', 'reviewDate');
  const items: NewRevision[] = [
    ...aboutMe.map((content) => ({ kind: CarePlanItemKind.ABOUT_ME as const, itemId: randomUUID(), content })),
    ...goals.map((g) => ({ kind: CarePlanItemKind.GOAL as const, itemId: g.itemId, content: g.content })),
    ...supports.map((s) => ({ kind: CarePlanItemKind.SUPPORT as const, itemId: s.itemId, content: s.content })),
    ...risks.map((r) => ({ kind: CarePlanItemKind.RISK as const, itemId: r.itemId, content: r.content })),
  ];
  return {
    today,
    items,
    supports,
    baselines: goals.flatMap((g) => (g.baseline ? [{ goalId: g.itemId, rating: g.baseline }] : [])),
    reviewDate: input.reviewDate ?? yearsAfter(today, 1),
    counts: { aboutMe: aboutMe.length, goals: goals.length, supports: supports.length, risks: risks.length },
  };
}
