import { In, IsNull } from 'typeorm';
import { StaffRole } from '../auth/auth.enums.js';
import { assertAllowed, isOfficerOf, type Actor, type PersonActor, type StaffTie } from '../auth/actor.js';
import { forbidden } from '../auth/auth.exception.js';
import { hashPassword } from '../auth/secrets.js';
import { isEmailAddress, isName, normaliseEmail } from '../common/rules.js';
import { groupByKey } from '../common/loaders.js';
import type { UnitOfWork } from '../common/unit-of-work.js';
import { accountsNotFound, invalidInput, weakPassword } from './accounts.exception.js';
import { passwordRefusal } from './password-policy.js';
import { Person } from './person.entity.js';
import { StaffMembership } from './staff-membership.entity.js';

/** People, their staff ties and who may act for them: the records every other part of accounts hangs from. */
export class PeopleService {
  constructor(private readonly uow: UnitOfWork) {}

  async personById(id: string): Promise<Person | null> {
    return this.uow.manager.getRepository(Person).findOneBy({ id });
  }

  /** These people (unknown ids left out), in one statement: for other domains that name several at once. */
  async peopleByIds(ids: readonly string[]): Promise<Person[]> {
    if (ids.length === 0) return [];
    return this.uow.manager.getRepository(Person).findBy({ id: In([...new Set(ids)]) });
  }

  /**
   * The person, their row locked until the caller's transaction ends: for a decision that depends on their
   * capacity, which CapacityService changes only under the same lock, so the decision sees the one in force.
   */
  async lockPerson(id: string): Promise<Person | null> {
    return this.uow.manager.findOne(Person, { where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  async personByEmail(email: string): Promise<Person | null> {
    return this.uow.manager.getRepository(Person).findOneBy({ email: normaliseEmail(email) });
  }

  /** The people with accounts under these addresses (those without one left out), in one statement. */
  async peopleByEmails(emails: readonly string[]): Promise<Person[]> {
    if (emails.length === 0) return [];
    return this.uow.manager.getRepository(Person).findBy({ email: In([...new Set(emails.map(normaliseEmail))]) });
  }

  /**
   * The person with this email, created (without a password) if new. For other domains' transactions,
   * e.g. a budget allocation that brings a new person in; sets the responsible council when none is set.
   */
  async ensurePerson(input: { email: string; name: string; councilId?: string | null }): Promise<Person> {
    const email = normaliseEmail(input.email);
    if (!isEmailAddress(email)) throw invalidInput('That is not an email address.', 'email');
    const name = input.name.trim();
    if (!isName(name)) throw invalidInput('A name of 1 to 200 characters, on one line, is needed.', 'name');
    const em = this.uow.manager;
    await em.query(
      `INSERT INTO person (email, name, council_id) VALUES ($1, $2, $3)
       ON CONFLICT (email) DO UPDATE SET council_id = COALESCE(person.council_id, EXCLUDED.council_id)`,
      [email, name, input.councilId ?? null],
    );
    return em.findOneByOrFail(Person, { email });
  }

  async staffOf(personId: string): Promise<StaffMembership[]> {
    return this.uow.manager.getRepository(StaffMembership).find({ where: { personId }, order: { createdAt: 'ASC' } });
  }

  /** Which of these people are care workers of the provider: who may be given its visits. One statement. */
  async careWorkersAmong(providerId: string, personIds: readonly string[]): Promise<Set<string>> {
    const ties = await this.uow.manager
      .getRepository(StaffMembership)
      .findBy({ providerId, role: StaffRole.CARE_WORKER, personId: In([...new Set(personIds)]) });
    return new Set(ties.map((t) => t.personId));
  }

  /**
   * The coordinators of each of these providers (by provider id): who hears that a booking waits for
   * them. One statement however many providers.
   */
  coordinatorsOf(providerIds: readonly string[]): Promise<Map<string, Person[]>> {
    return this.staffByPlace(StaffRole.COORDINATOR, 'provider_id', providerIds);
  }

  /** The officers of each of these councils (by council id): who hears of a crisis nobody took up. One statement. */
  officersOf(councilIds: readonly string[]): Promise<Map<string, Person[]>> {
    return this.staffByPlace(StaffRole.COUNCIL_OFFICER, 'council_id', councilIds);
  }

  private async staffByPlace(role: StaffRole, place: 'provider_id' | 'council_id', ids: readonly string[]): Promise<Map<string, Person[]>> {
    const places = [...new Set(ids)];
    if (places.length === 0) return new Map();
    const { raw, entities } = await this.uow.manager
      .getRepository(Person)
      .createQueryBuilder('p')
      .innerJoin(StaffMembership, 'm', 'm.person_id = p.id AND m.role = :role', { role })
      .addSelect(`m.${place}`, 'place_id')
      .where(`m.${place} = ANY(:ids)`, { ids: places })
      .orderBy('p.name', 'ASC')
      .addOrderBy('p.id', 'ASC')
      .getRawAndEntities<{ p_id: string; place_id: string }>();
    const people = new Map(entities.map((p) => [p.id, p]));
    const staff = groupByKey(places, raw, (row) => row.place_id);
    return new Map(places.map((id, i) => [id, staff[i]!.map((row) => people.get(row.p_id)!)]));
  }

  /** Adds a staff relationship (idempotent): the membership, and whether it is new. */
  async addStaffMembership(personId: string, tie: StaffTie): Promise<{ membership: StaffMembership; added: boolean }> {
    const em = this.uow.manager;
    const exists = await em.findOneBy(StaffMembership, {
      personId,
      role: tie.role,
      providerId: tie.providerId ?? IsNull(),
      councilId: tie.councilId ?? IsNull(),
    });
    if (exists) return { membership: exists, added: false };
    const membership = em.create(StaffMembership, { personId, role: tie.role, providerId: tie.providerId, councilId: tie.councilId });
    return { membership: await em.save(membership), added: true };
  }

  /** Sets the password if the policy (api/accounts/password-policy.ts) allows it; WEAK_PASSWORD saying why otherwise. */
  async setPassword(personId: string, password: string): Promise<void> {
    const person = await this.personById(personId);
    if (!person) throw accountsNotFound('No such person.');
    const refusal = passwordRefusal(password, person);
    if (refusal) throw weakPassword(refusal);
    await this.uow.manager.update(Person, { id: personId }, { passwordHash: await hashPassword(password) });
  }

  /** Moves the account to another address (confirmed by AccountTokensService); the unique index refuses a taken one. */
  async changeEmail(personId: string, email: string): Promise<Person> {
    await this.uow.manager.update(Person, { id: personId }, { email: normaliseEmail(email) });
    return this.uow.manager.findOneByOrFail(Person, { id: personId });
  }

  /**
   * Who may change a person's representatives (and consents): the person; or, for a person whose lack of
   * capacity two officers have established (CapacityService), an officer of their council (or an admin),
   * with a reason. The person's row is locked, so a capacity decision cannot change under a decision
   * that depends on it: call it inside the transaction that acts on the decision.
   */
  async authorityOver(
    actor: PersonActor,
    personId: string,
    reason: string | null | undefined,
  ): Promise<{ person: Person; onBehalf: boolean }> {
    const person = await this.lockPerson(personId);
    if (person && person.id === actor.personId) return { person, onBehalf: false };
    const officerOrAdmin = person && (isOfficerOf(actor, person.councilId) || actor.isAdmin);
    assertAllowed(!!officerOrAdmin);
    if (!person!.lacksCapacity) throw forbidden('Only the person can change their representatives while they have capacity.');
    if (!reason?.trim()) throw invalidInput('Give the reason you are acting for this person.', 'reason');
    return { person: person!, onBehalf: true };
  }
}

/**
 * Who may read the reasons officers record about a person (capacity assessments, representative grants
 * made for them: they may carry health information): the person, an officer of the person's council, an
 * admin. Not a representative or an invitee.
 */
export function mayReadReasonsAbout(actor: Actor, person: Pick<Person, 'id' | 'councilId'>): boolean {
  return actor.kind === 'person' && (actor.personId === person.id || actor.isAdmin || isOfficerOf(actor, person.councilId));
}
