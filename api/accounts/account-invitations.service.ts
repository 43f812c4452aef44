import type { AuditService } from '../audit/audit.service.js';
import { type Acting, actingPersonId, assertAllowed, isCoordinatorOf, isOfficerOf, requirePerson } from '../auth/actor.js';
import { StaffRole } from '../auth/auth.enums.js';
import { isEmailAddress, isName, MAX_NAME_LENGTH, normaliseEmail } from '../common/rules.js';
import type { UnitOfWork } from '../common/unit-of-work.js';
import type { DirectoryService } from '../directory/directory.service.js';
import type { OutgoingMessage, Recipient } from '../notifications/letter.js';
import type { OutboxService } from '../notifications/outbox.service.js';
import { recipientOf } from '../notifications/recipient.js';
import type { AccountLetters } from './account-letters.js';
import { AccountTokenPurpose } from './account-token.entity.js';
import type { AccountTokensService } from './account-tokens.service.js';
import { accountsNotFound, invalidInput } from './accounts.exception.js';
import type { PeopleService } from './people.service.js';
import type { Person } from './person.entity.js';
import type { InviteStaffMemberInput, StaffMember } from './ways-in.types.js';

const ROLE_WORDS: Record<StaffRole, string> = {
  CARE_WORKER: 'a care worker',
  COORDINATOR: 'a coordinator',
  COUNCIL_OFFICER: 'an officer',
};

/**
 * Letting people in whom someone else brought to coopcare: a person given a budget, a new member of
 * staff, a representative or circle member invited by email. Each gets a link to set a password.
 */
export class AccountInvitationsService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
    private readonly people: PeopleService,
    private readonly tokens: AccountTokensService,
    private readonly outbox: OutboxService,
    private readonly letters: AccountLetters,
    private readonly directory: DirectoryService,
  ) {}

  /**
   * Emails the person a link to set their first password, in the caller's transaction, unless they have
   * a password already: then it returns false and the caller tells them its own way. `because` says who
   * asked them in and for what, in a sentence.
   */
  async invite(acting: Acting, person: Person, because: string): Promise<boolean> {
    if (person.passwordHash) return false;
    await this.uow.transaction(async () => {
      const secret = await this.tokens.issue(person.id, AccountTokenPurpose.INVITATION, { createdById: actingPersonId(acting.actor) });
      await this.outbox.enqueue([this.letters.invitation(recipientOf(person), because, secret)]);
      await this.audit.record(acting, { action: 'account.invite', objectType: 'Person', objectId: person.id, councilId: person.councilId });
    });
    return true;
  }

  /**
   * Someone invited by email to something that waits for them to accept (a representative's rights, a
   * circle), in the caller's transaction: with no account at that address, a person is made with the name
   * as typed and invited to set a password, `because` saying who asked them in and for what; with one,
   * they get `forAccount` instead (a message linking to their invitations). The inviter's answer is the
   * same either way, so it does not tell who has an account.
   */
  async inviteByEmail(
    acting: Acting,
    invitee: { email: string; name: string },
    because: string,
    forAccount: (to: Recipient) => OutgoingMessage,
  ): Promise<void> {
    await this.uow.transaction(async () => {
      const person = await this.people.ensurePerson(invitee);
      if (!(await this.invite(acting, person, because))) await this.outbox.enqueue([forAccount(recipientOf(person))]);
    });
  }

  /** The name of whoever is acting, for a message's words ("David Ellis asked you …"). */
  async actorName(acting: Acting): Promise<string> {
    const personId = actingPersonId(acting.actor);
    const person = personId ? await this.people.personById(personId) : null;
    return person?.name ?? 'Someone';
  }

  /**
   * Adds someone to a provider's or a council's staff at once: a coordinator for their provider's care
   * workers and coordinators, an officer for their council's officers, an admin for any. The person is
   * created if new and invited to set a password; one who has an account is told instead, and keeps
   * their own name. Adding someone already there changes nothing and sends nothing.
   */
  async inviteStaffMember(acting: Acting, input: InviteStaffMemberInput): Promise<StaffMember> {
    const actor = requirePerson(acting.actor);
    const email = normaliseEmail(input.email);
    if (!isEmailAddress(email)) throw invalidInput('That is not an email address.', 'input.email');
    const name = input.name.trim();
    if (!isName(name)) throw invalidInput(`A name of 1 to ${MAX_NAME_LENGTH} characters, on one line, is needed.`, 'input.name');
    const officer = input.role === StaffRole.COUNCIL_OFFICER;
    const place = officer ? input.councilId : input.providerId;
    if (!place)
      throw invalidInput(
        officer ? 'An officer needs a councilId.' : 'Staff of a provider need a providerId.',
        officer ? 'input.councilId' : 'input.providerId',
      );
    if (officer ? input.providerId : input.councilId) {
      throw invalidInput(
        officer ? 'An officer works for a council, not a provider.' : 'Staff of a provider have no councilId.',
        officer ? 'input.providerId' : 'input.councilId',
      );
    }
    assertAllowed(actor.isAdmin || (officer ? isOfficerOf(actor, place) : isCoordinatorOf(actor, place)));
    const placeName = officer
      ? (await this.directory.getCouncil(place))?.name
      : (await this.directory.getProvider(place, { includeUnpublished: true }))?.name;
    if (!placeName) throw accountsNotFound(officer ? 'No council has that id.' : 'No provider has that id.');

    return this.uow.transaction(async () => {
      const person = await this.people.ensurePerson({ email, name });
      const tie = { role: input.role, providerId: officer ? null : place, councilId: officer ? place : null };
      const { membership, added } = await this.people.addStaffMembership(person.id, tie);
      let invited = false;
      if (added) {
        const what = `${await this.actorName(acting)} added you as ${ROLE_WORDS[input.role]} of ${placeName} in coopcare.`;
        invited = await this.invite(acting, person, what);
        if (!invited) await this.outbox.enqueue([this.letters.staffAdded(recipientOf(person), what)]);
      }
      await this.audit.record(acting, {
        action: 'staff.invite',
        objectType: 'Person',
        objectId: person.id,
        councilId: tie.councilId,
        providerId: tie.providerId,
        summary: { role: input.role, added, invited },
      });
      // What the inviter typed, whether or not the address had an account: anyone may type any address,
      // and an account's own name would tell them who has one, and what they are called.
      return { id: membership.id, personId: person.id, name, email, ...tie };
    });
  }
}
