import { IsNull } from 'typeorm';
import type { AccountInvitationsService } from '../accounts/account-invitations.service.js';
import type { PeopleService } from '../accounts/people.service.js';
import type { Links } from '../notifications/letter.js';
import type { RepresentativesService } from '../accounts/representatives.service.js';
import { type Acting, assertAllowed, requirePerson } from '../auth/actor.js';
import { RepresentativeRight, StaffRole } from '../auth/auth.enums.js';
import type { AuditService } from '../audit/audit.service.js';
import { isEmailAddress, normaliseEmail } from '../common/rules.js';
import type { UnitOfWork } from '../common/unit-of-work.js';
import { CarePlan } from './care-plan.entity.js';
import type { CarePlanAccess, PlanAccess } from './care-plan-access.js';
import { CARE_PLAN_SIZE_LIMITS, CARE_PLAN_TEXT_LIMITS } from './care-plan-content.js';
import { requiredText } from './care-plan-rules.js';
import { CircleMemberRow } from './care-plan-records.entity.js';
import { CarePlanRole, INVITABLE_ROLES } from './careplans.enums.js';
import { carePlanInvalidInput, carePlanNotFound } from './careplans.exception.js';
import type { InviteToCircleInput } from './careplans.inputs.js';
import { circleInvitation, circleInvitationReason } from './circle-messages.js';
import { planEvent } from './plan-event.js';

const NO_INVITATION = 'There is no invitation for you to this plan.';

/**
 * A plan's circle: invitations by email (pending until the person signed in with that address accepts;
 * nothing is looked up at invite time, as for representatives), roles, leaving and removal, and the
 * lead coordinator. Each change locks the plan row and is audited with ids and roles only.
 */
export class CircleService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
    private readonly people: PeopleService,
    private readonly representatives: RepresentativesService,
    private readonly access: CarePlanAccess,
    private readonly invitations: AccountInvitationsService,
    private readonly links: Links,
  ) {}

  private record(acting: Acting, plan: CarePlan, action: string, summary: Record<string, unknown>) {
    return this.audit.record(acting, planEvent(plan, action, summary));
  }

  /**
   * The person or an EDIT_PLAN representative invites someone. An address already invited (pending or
   * in the circle) is refused rather than re-invited: changeCircleRole changes what they may do. The
   * address is emailed: an invitation to set a password when it has no account, else a CIRCLE_INVITATION.
   */
  async invite(acting: Acting, input: InviteToCircleInput): Promise<CarePlan> {
    requirePerson(acting.actor);
    const email = normaliseEmail(input.email);
    if (!isEmailAddress(email)) throw carePlanInvalidInput('That is not an email address.', 'email');
    const name = requiredText(input.name, CARE_PLAN_TEXT_LIMITS.inviteeName, 'name');
    if (!(INVITABLE_ROLES as readonly CarePlanRole[]).includes(input.role))
      throw carePlanInvalidInput(
        'Invite with VIEW, SUGGEST or EDIT: OWNER comes only from being the person or their representative.',
        'role',
      );
    return this.uow.transaction(async (em) => {
      const { plan } = await this.access.requirePlanRole(acting, input.planId, CarePlanRole.OWNER, { lockPlan: true });
      const person = (await this.people.personById(plan.personId))!;
      if (person.email === email) throw carePlanInvalidInput('The person is always in their own circle.', 'email');
      const live = await em.find(CircleMemberRow, { where: { planId: plan.id, removedAt: IsNull() } });
      if (live.some((m) => m.invitedEmail === email))
        throw carePlanInvalidInput('That address is already invited to, or in, this circle.', 'email');
      if (live.length >= CARE_PLAN_SIZE_LIMITS.circleMembers)
        throw carePlanInvalidInput(`A circle holds at most ${CARE_PLAN_SIZE_LIMITS.circleMembers} members and invitations.`, 'email');
      const { identifiers } = await em.insert(CircleMemberRow, {
        planId: plan.id,
        personId: null,
        invitedEmail: email,
        invitedName: name,
        role: input.role,
        asLeadCoordinator: input.asLeadCoordinator ?? false,
        invitedById: requirePerson(acting.actor).personId,
      });
      const because = circleInvitationReason(await this.invitations.actorName(acting), person.name);
      await this.invitations.inviteByEmail(acting, { email, name }, because, (to) => circleInvitation(to, because, this.links));
      await this.record(acting, plan, 'carePlan.invite', {
        memberId: identifiers[0]!.id,
        role: input.role,
        asLeadCoordinator: input.asLeadCoordinator ?? false,
      });
      return plan;
    });
  }

  /** Pending invitations addressed to the signed-in person's email, oldest first. */
  async invitationsFor(acting: Acting): Promise<{ row: CircleMemberRow; personId: string }[]> {
    const actor = requirePerson(acting.actor);
    const me = await this.people.personById(actor.personId);
    if (!me) return [];
    const { raw, entities } = await this.uow.manager
      .getRepository(CircleMemberRow)
      .createQueryBuilder('m')
      .innerJoin(CarePlan, 'p', 'p.id = m.plan_id')
      .addSelect('p.person_id', 'plan_person_id')
      .where('m.invited_email = :email AND m.person_id IS NULL AND m.removed_at IS NULL', { email: me.email })
      .orderBy('m.invited_at', 'ASC')
      .getRawAndEntities<{ m_id: string; plan_person_id: string }>();
    const personOf = new Map(raw.map((r) => [r.m_id, r.plan_person_id]));
    return entities.map((row) => ({ row, personId: personOf.get(row.id)! }));
  }

  /**
   * The plan, locked, and the pending invitation to it addressed to the signed-in person's email; FORBIDDEN
   * when there is none, whether or not the plan exists. Accepting and declining both lock the plan first, so
   * two answers to one invitation run one after the other and the second finds nothing left to answer.
   */
  private async pendingInvitation(personId: string, planId: string) {
    const em = this.uow.manager;
    const plan = await em.findOne(CarePlan, { where: { id: planId }, lock: { mode: 'pessimistic_write' } });
    const me = (await this.people.personById(personId))!;
    const invitation =
      plan && (await em.findOneBy(CircleMemberRow, { planId, invitedEmail: me.email, personId: IsNull(), removedAt: IsNull() }));
    assertAllowed(!!invitation && me.id !== plan!.personId, NO_INVITATION);
    return { plan: plan!, me, invitation: invitation! };
  }

  /**
   * The invitee accepts: they join with the role invited, and as lead coordinator if so invited and they
   * coordinate for a provider now. FORBIDDEN when there is no invitation, whether or not the plan exists.
   */
  async accept(acting: Acting, planId: string): Promise<CarePlan> {
    const actor = requirePerson(acting.actor);
    return this.uow.transaction(async (em) => {
      const { plan, me, invitation } = await this.pendingInvitation(actor.personId, planId);
      const already = await em.findOneBy(CircleMemberRow, { planId, personId: me.id, removedAt: IsNull() });
      const now = new Date();
      // Someone already in the circle under another address keeps their place; the invitation closes.
      if (already) await em.update(CircleMemberRow, { id: invitation.id }, { removedAt: now, removedById: me.id });
      else await em.update(CircleMemberRow, { id: invitation.id }, { personId: me.id, acceptedAt: now });
      const leads = !already && invitation.asLeadCoordinator && actor.staff.some((s) => s.role === StaffRole.COORDINATOR);
      if (leads) {
        await em.update(CarePlan, { id: planId }, { leadCoordinatorId: me.id });
        plan.leadCoordinatorId = me.id;
      }
      await this.record(acting, plan, 'carePlan.acceptInvitation', {
        memberId: already?.id ?? invitation.id,
        role: already?.role ?? invitation.role,
        asLeadCoordinator: leads,
      });
      return plan;
    });
  }

  async decline(acting: Acting, planId: string): Promise<boolean> {
    const actor = requirePerson(acting.actor);
    return this.uow.transaction(async (em) => {
      const { plan, me, invitation } = await this.pendingInvitation(actor.personId, planId);
      await em.update(CircleMemberRow, { id: invitation.id }, { removedAt: new Date(), removedById: me.id });
      await this.record(acting, plan, 'carePlan.declineInvitation', { memberId: invitation.id });
      return true;
    });
  }

  /**
   * A live row of the plan's circle. The person and their representatives are listed under their person
   * ids and are in the circle by who they are: BAD_USER_INPUT saying so; NOT_FOUND for any other id.
   */
  private async member(access: PlanAccess, memberId: string): Promise<CircleMemberRow> {
    const row = await this.uow.manager.findOneBy(CircleMemberRow, { id: memberId, planId: access.plan.id, removedAt: IsNull() });
    if (row) return row;
    if (memberId === access.plan.personId) throw carePlanInvalidInput('The person is always in their own circle.', 'memberId');
    const representatives = await this.representatives.grantsInForceFor([access.plan.personId]);
    const inCircle = [RepresentativeRight.EDIT_PLAN, RepresentativeRight.VIEW_PLAN];
    if (representatives.some((g) => g.representativeId === memberId && inCircle.includes(g.right)))
      throw carePlanInvalidInput(
        'A representative is in the circle while their right stands: the person changes it with revokeRepresentativeRights.',
        'memberId',
      );
    throw carePlanNotFound('No one in this circle has that member id.', 'memberId');
  }

  /** The person or an EDIT_PLAN representative removes anyone invited; any member may leave. */
  async remove(acting: Acting, planId: string, memberId: string): Promise<boolean> {
    const actor = requirePerson(acting.actor);
    return this.uow.transaction(async (em) => {
      const access = await this.access.requirePlanRole(acting, planId, CarePlanRole.VIEW, { lockPlan: true });
      const row = await this.member(access, memberId);
      const leaving = row.personId === actor.personId;
      assertAllowed(leaving || access.role === CarePlanRole.OWNER, 'Only the person or their representative may remove someone else.');
      await em.update(CircleMemberRow, { id: row.id }, { removedAt: new Date(), removedById: actor.personId });
      const wasLead = row.personId !== null && access.plan.leadCoordinatorId === row.personId;
      if (wasLead) await em.update(CarePlan, { id: planId }, { leadCoordinatorId: null });
      await this.record(acting, access.plan, 'carePlan.removeMember', { memberId: row.id, left: leaving, wasLeadCoordinator: wasLead });
      return true;
    });
  }

  async changeRole(acting: Acting, planId: string, memberId: string, role: CarePlanRole): Promise<CarePlan> {
    if (!(INVITABLE_ROLES as readonly CarePlanRole[]).includes(role))
      throw carePlanInvalidInput('A member’s role is VIEW, SUGGEST or EDIT.', 'role');
    return this.uow.transaction(async (em) => {
      const access = await this.access.requirePlanRole(acting, planId, CarePlanRole.OWNER, { lockPlan: true });
      const row = await this.member(access, memberId);
      await em.update(CircleMemberRow, { id: row.id }, { role });
      await this.record(acting, access.plan, 'carePlan.changeRole', { memberId: row.id, from: row.role, to: role });
      return access.plan;
    });
  }

  /** The lead coordinator must be an active member who coordinates for a provider. */
  async setLead(acting: Acting, planId: string, memberId: string): Promise<CarePlan> {
    return this.uow.transaction(async (em) => {
      const access = await this.access.requirePlanRole(acting, planId, CarePlanRole.OWNER, { lockPlan: true });
      const row = await this.member(access, memberId);
      const coordinates = row.personId && (await this.people.staffOf(row.personId)).some((s) => s.role === StaffRole.COORDINATOR);
      if (!coordinates) throw carePlanInvalidInput('The lead coordinator is a coordinator who has joined the circle.', 'memberId');
      await em.update(CarePlan, { id: planId }, { leadCoordinatorId: row.personId });
      access.plan.leadCoordinatorId = row.personId;
      await this.record(acting, access.plan, 'carePlan.setLead', { memberId: row.id });
      return access.plan;
    });
  }
}
