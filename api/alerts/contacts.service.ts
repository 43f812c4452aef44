import type { PeopleService } from '../accounts/people.service.js';
import type { AuditService } from '../audit/audit.service.js';
import { type Acting, assertAllowed, isAdmin, isOfficerOf, requirePerson } from '../auth/actor.js';
import { isEmailAddress, isName, isPhoneNumber, MAX_NAME_LENGTH, normaliseEmail } from '../common/rules.js';
import type { UnitOfWork } from '../common/unit-of-work.js';
import type { DirectoryService } from '../directory/directory.service.js';
import { CouncilDutyContact, EmergencyContact } from './alerts.entity.js';
import { alertsInvalidInput } from './alerts.exception.js';
import { mayKeepContactsOf, mayReadContactsOf } from './alerts.policy.js';

/** The most emergency contacts a person keeps: enough for family and a neighbour, few enough to be the ones who act. */
export const MAX_EMERGENCY_CONTACTS = 5;

export interface ContactInput {
  name: string;
  email: string;
  phone?: string | null;
}

/** A contact's name, email and phone checked and tidied, or BAD_USER_INPUT naming the field (`argument` is where the contact is). */
function checkedContact(input: ContactInput, argument: string): { name: string; email: string; phone: string | null } {
  const name = input.name.trim();
  if (!isName(name)) throw alertsInvalidInput(`A name of 1 to ${MAX_NAME_LENGTH} characters, on one line, is needed.`, `${argument}.name`);
  const email = normaliseEmail(input.email);
  if (!isEmailAddress(email)) throw alertsInvalidInput('That is not an email address.', `${argument}.email`);
  const phone = input.phone?.trim() || null;
  if (phone !== null && !isPhoneNumber(phone))
    throw alertsInvalidInput(
      'A phone number has 10 to 15 digits, and only spaces, brackets, hyphens or a leading + besides.',
      `${argument}.phone`,
    );
  return { name, email, phone };
}

/** The people a person chose to be told at once of a crisis, and each council's duty contact for escalations. */
export class ContactsService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
    private readonly people: PeopleService,
    private readonly directory: DirectoryService,
  ) {}

  async emergencyContactsOf(acting: Acting, personId: string): Promise<EmergencyContact[]> {
    const actor = requirePerson(acting.actor);
    const person = await this.people.personById(personId);
    assertAllowed(!!person && mayReadContactsOf(actor, person));
    return this.contactsFor(personId);
  }

  /** A person's contacts in their order, for the alert's messages: no check, the caller's is done. */
  contactsFor(personId: string): Promise<EmergencyContact[]> {
    return this.uow.manager.getRepository(EmergencyContact).find({ where: { personId }, order: { position: 'ASC' } });
  }

  /**
   * Is this account one of the person's emergency contacts: its email one the person gave? The address is
   * the account's as accounts holds it now, so a contact who moves their account elsewhere stops being one.
   */
  async isEmergencyContact(accountId: string, personId: string): Promise<boolean> {
    const account = await this.people.personById(accountId);
    return !!account && this.uow.manager.getRepository(EmergencyContact).existsBy({ personId, email: account.email });
  }

  /** Replaces the person's list with this one, in this order (an empty list clears it). */
  async setEmergencyContacts(acting: Acting, personId: string, contacts: readonly ContactInput[]): Promise<EmergencyContact[]> {
    const actor = requirePerson(acting.actor);
    assertAllowed(mayKeepContactsOf(actor, personId));
    if (contacts.length > MAX_EMERGENCY_CONTACTS)
      throw alertsInvalidInput(`At most ${MAX_EMERGENCY_CONTACTS} emergency contacts, please.`, 'input.contacts');
    const rows = contacts.map((c, i) => ({ ...checkedContact(c, `input.contacts[${i}]`), personId, position: i + 1 }));
    return this.uow.transaction(async (em) => {
      const person = await this.people.lockPerson(personId);
      await em.delete(EmergencyContact, { personId });
      if (rows.length) await em.insert(EmergencyContact, rows);
      await this.audit.record(acting, {
        action: 'emergencyContacts.set',
        objectType: 'Person',
        objectId: personId,
        councilId: person?.councilId,
        summary: { contacts: rows.length, withPhone: rows.filter((r) => r.phone).length },
      });
      return this.contactsFor(personId);
    });
  }

  async setCouncilDutyContact(acting: Acting, councilId: string, input: ContactInput): Promise<CouncilDutyContact> {
    const actor = requirePerson(acting.actor);
    assertAllowed(isOfficerOf(actor, councilId) || isAdmin(actor));
    const contact = checkedContact(input, 'input');
    if (!(await this.directory.councilExists(councilId))) throw alertsInvalidInput('No council has that id.', 'input.councilId');
    return this.uow.transaction(async (em) => {
      await em.upsert(CouncilDutyContact, { councilId, ...contact, updatedById: actor.personId, updatedAt: new Date() }, ['councilId']);
      await this.audit.record(acting, {
        action: 'councilDutyContact.set',
        objectType: 'Council',
        objectId: councilId,
        councilId,
        summary: { withPhone: contact.phone !== null },
      });
      return em.findOneByOrFail(CouncilDutyContact, { councilId });
    });
  }

  /** The duty contacts of these councils, by council (those without one left out). One statement. */
  async dutyContactsOf(councilIds: readonly string[]): Promise<Map<string, CouncilDutyContact>> {
    if (councilIds.length === 0) return new Map();
    const rows = await this.uow.manager
      .getRepository(CouncilDutyContact)
      .createQueryBuilder('d')
      .where('d.council_id = ANY(:ids)', { ids: [...councilIds] })
      .getMany();
    return new Map(rows.map((r) => [r.councilId, r]));
  }
}
