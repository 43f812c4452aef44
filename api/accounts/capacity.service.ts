import type { AuditService } from '../audit/audit.service.js';
import { assertAllowed, isOfficerOf, officerCouncilIds, requirePerson, type Acting } from '../auth/actor.js';
import { forbidden } from '../auth/auth.exception.js';
import { pageByTimeAndId } from '../common/connection.js';
import type { UnitOfWork } from '../common/unit-of-work.js';
import { invalidInput, notAwaitingConfirmation } from './accounts.exception.js';
import { CapacityAssessment, CapacityAssessmentStatus } from './capacity-assessment.entity.js';
import { Person } from './person.entity.js';

const MAX_REASON = 2000;

/**
 * Capacity decisions (Mental Capacity Act 2005). A finding that a person lacks capacity lets officers of
 * their council act for them (PeopleService.authorityOver), so one officer records it and a different
 * officer of that council confirms it before it counts. A finding that the person has capacity is in force
 * at once: it only takes officers' powers away, and the Act presumes capacity until a lack is established.
 * Each step locks the person's row first, so two officers' steps for one person run one after the other.
 */
export class CapacityService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
  ) {}

  /** An officer of the person's council (or an admin) records the outcome of an assessment. */
  async recordCapacityAssessment(acting: Acting, input: { personId: string; lacksCapacity: boolean; reason: string }): Promise<Person> {
    const actor = requirePerson(acting.actor);
    const reason = input.reason.trim();
    if (!reason) throw invalidInput('Give the assessment reference and reason.', 'reason');
    if (reason.length > MAX_REASON) throw invalidInput(`Keep the reason to ${MAX_REASON} characters.`, 'reason');
    return this.uow.transaction(async (em) => {
      const person = await this.lockPerson(input.personId);
      assertAllowed(!!person && person.id !== actor.personId && (isOfficerOf(actor, person.councilId) || actor.isAdmin));
      // A new finding replaces one awaiting confirmation; a finding of capacity also ends the one in force.
      await em.query(
        `UPDATE capacity_assessment SET superseded_at = now()
          WHERE person_id = $1 AND superseded_at IS NULL AND (NOT $2 OR (lacks_capacity AND confirmed_at IS NULL))`,
        [person!.id, input.lacksCapacity],
      );
      const assessment = await em.save(
        em.create(CapacityAssessment, { personId: person!.id, lacksCapacity: input.lacksCapacity, reason, recordedById: actor.personId }),
      );
      if (!input.lacksCapacity) await em.update(Person, { id: person!.id }, { lacksCapacity: false });
      await this.audit.record(acting, {
        action: 'person.recordCapacity',
        objectType: 'Person',
        objectId: person!.id,
        councilId: person!.councilId,
        summary: { assessmentId: assessment.id, lacksCapacity: input.lacksCapacity, status: assessment.status },
      });
      return em.findOneByOrFail(Person, { id: person!.id });
    });
  }

  /**
   * A second officer of the person's council confirms a finding of lack of capacity, which then replaces
   * the decision in force. Not the officer who recorded it, not the person, not an admin as such: the
   * decision is the council's.
   */
  async confirmCapacityAssessment(acting: Acting, assessmentId: string): Promise<CapacityAssessment> {
    const actor = requirePerson(acting.actor);
    return this.uow.transaction(async (em) => {
      const found = await em.findOneBy(CapacityAssessment, { id: assessmentId });
      const person = found && (await this.lockPerson(found.personId));
      assertAllowed(
        !!person && person.id !== actor.personId && isOfficerOf(actor, person.councilId),
        'Only an officer of the person’s council may confirm a capacity decision.',
      );
      const assessment = await em.findOneOrFail(CapacityAssessment, { where: { id: assessmentId }, lock: { mode: 'pessimistic_write' } });
      if (assessment.recordedById === actor.personId) {
        throw forbidden('You recorded this decision: another officer of the council must confirm it.');
      }
      if (assessment.status !== CapacityAssessmentStatus.AWAITING_CONFIRMATION) {
        throw notAwaitingConfirmation('This decision is not awaiting confirmation: it was confirmed or replaced.');
      }
      await em.query(`UPDATE capacity_assessment SET superseded_at = now() WHERE person_id = $1 AND id <> $2 AND superseded_at IS NULL`, [
        person!.id,
        assessment.id,
      ]);
      await em.update(CapacityAssessment, { id: assessment.id }, { confirmedById: actor.personId, confirmedAt: new Date() });
      await em.update(Person, { id: person!.id }, { lacksCapacity: true });
      await this.audit.record(acting, {
        action: 'person.confirmCapacity',
        objectType: 'Person',
        objectId: person!.id,
        councilId: person!.councilId,
        summary: { assessmentId: assessment.id, lacksCapacity: true, recordedById: assessment.recordedById },
      });
      return em.findOneByOrFail(CapacityAssessment, { id: assessment.id });
    });
  }

  /** Findings awaiting a second officer, oldest first: of the actor's councils, or all of them for admins. */
  async awaitingConfirmation(acting: Acting, first: number | null | undefined, after: string | null | undefined) {
    const actor = requirePerson(acting.actor);
    const qb = this.uow.manager
      .getRepository(CapacityAssessment)
      .createQueryBuilder('a')
      .innerJoin(Person, 'p', 'p.id = a.person_id')
      .where('a.lacks_capacity AND a.confirmed_at IS NULL AND a.superseded_at IS NULL');
    if (!actor.isAdmin) {
      const councils = officerCouncilIds(actor);
      assertAllowed(councils.length > 0);
      qb.andWhere('p.council_id = ANY(:councils)', { councils });
    }
    return pageByTimeAndId(qb, { sort: 'capacityAssessments', column: 'recorded_at', order: 'ASC', first, after });
  }

  private lockPerson(personId: string): Promise<Person | null> {
    return this.uow.manager.findOne(Person, { where: { id: personId }, lock: { mode: 'pessimistic_write' } });
  }
}
