import type { EntityManager } from 'typeorm';
import type { AccountInvitationsService } from '../accounts/account-invitations.service.js';
import type { PeopleService } from '../accounts/people.service.js';
import type { Person } from '../accounts/person.entity.js';
import { type Acting, assertAllowed, isAdmin, requirePerson } from '../auth/actor.js';
import { forbidden } from '../auth/auth.exception.js';
import type { AuditService } from '../audit/audit.service.js';
import { decodeCursor, encodeCursor, pageSize, toConnection } from '../common/connection.js';
import { londonDate, withinDateRange } from '../common/london.js';
import { isEmailAddress, isName, MAX_NAME_LENGTH, normaliseEmail, optionalText } from '../common/rules.js';
import type { UnitOfWork } from '../common/unit-of-work.js';
import { MemberClass } from '../directory/directory.enums.js';
import type { DirectoryService } from '../directory/directory.service.js';
import type { OutboxService } from '../notifications/outbox.service.js';
import { recipientOf } from '../notifications/recipient.js';
import type { BoardService } from './board.service.js';
import { CoOpClassRule } from './constitution.entity.js';
import { MemberOffice } from './governance.enums.js';
import { governanceInvalidInput, governanceNotFound, governanceWrongState } from './governance.exception.js';
import { mayKeepRegister } from './governance.policy.js';
import type { GovernanceReader } from './governance.reader.js';
import { CoOpMember } from './member.entity.js';
import type { MemberFactsService } from './member-facts.service.js';
import { admissionWords, memberAdmitted } from './member-letters.js';
import { isTheMember } from './members.policy.js';
import {
  DEFAULT_SHARE_PENCE,
  MAX_LEAVING_REASON_LENGTH,
  MAX_ORGANISATION_NAME_LENGTH,
  MAX_SHARE_PENCE,
  type AdmitMemberInput,
  type RecordMemberLeavingInput,
} from './register.types.js';
import { lockRegister } from './register-lock.js';

const CLASSES: ReadonlySet<string> = new Set(Object.values(MemberClass));

/**
 * The register of members (the CCBS Act 2014's: name, shares, the dates admitted and ceased; the address
 * stays in the person's account): admission, leaving, the secretary. Each change is one transaction with its
 * audit row and the directory's counts, taken under the register's lock (register-lock.ts).
 */
export class RegisterService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly reader: GovernanceReader,
    private readonly audit: AuditService,
    private readonly people: Pick<PeopleService, 'personById' | 'ensurePerson'>,
    private readonly invitations: Pick<AccountInvitationsService, 'invite' | 'actorName'>,
    private readonly outbox: Pick<OutboxService, 'enqueue' | 'links'>,
    private readonly directory: Pick<DirectoryService, 'providerNames'>,
    private readonly board: Pick<BoardService, 'endTermsOnLeaving'>,
    private readonly facts: MemberFactsService,
  ) {}

  /**
   * Enters a person on the register: one with an account, by its id, or anyone by email and name. By email,
   * a person new to coopcare is made and invited to set a password; one with an account is told instead.
   */
  async admit(acting: Acting, input: AdmitMemberInput): Promise<CoOpMember> {
    const actor = requirePerson(acting.actor);
    const checked = checkedAdmission(input);
    assertAllowed(mayKeepRegister(await this.reader.standing(actor, input.providerId)), 'Only the co-op’s officers keep its register.');
    const coOpName = (await this.directory.providerNames([input.providerId])).get(input.providerId);
    if (!coOpName) throw governanceNotFound('There is no such co-op.', 'input.providerId');
    const { who } = checked;
    if ('personId' in who && !(await this.people.personById(who.personId)))
      throw governanceNotFound('No one has an account with that id.', 'input.personId');
    return this.uow.transaction(async (em) => {
      await lockRegister(em, input.providerId);
      // Under the lock: a constitution set out meanwhile (which refreshes the counts under it too) is seen whole.
      if (await this.reader.constitutionOf(input.providerId)) {
        const classes = (await em.findBy(CoOpClassRule, { providerId: input.providerId })).map((c) => c.memberClass);
        if (!classes.includes(input.memberClass))
          throw governanceInvalidInput(
            `The co-op’s constitution has no ${input.memberClass} class; its classes are ${classes.join(', ')}.`,
            'input.memberClass',
          );
      }
      // By email, under the lock: a person new to coopcare is made with the name typed; an account keeps its own.
      let personId: string;
      let invitee: Person | null = null;
      if ('personId' in who) personId = who.personId;
      else {
        invitee = await this.people.ensurePerson(who);
        personId = invitee.id;
      }
      // The partial unique index decides a race between two admissions of one person: the second inserts nothing.
      // entered_at is the clock under the lock, not the transaction's start: a motion opening (under the same lock)
      // counts in its electorate exactly the members entered before it opened, who are the ones entitled to vote.
      const inserted: { id: string }[] = await em.query(
        `INSERT INTO co_op_member
           (provider_id, person_id, member_class, organisation_name, name_as_entered, is_public_body, share_pence, joined_on,
            admitted_by_id, entered_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, clock_timestamp())
         ON CONFLICT (provider_id, person_id) WHERE left_at IS NULL DO NOTHING RETURNING id`,
        [
          input.providerId,
          personId,
          input.memberClass,
          checked.organisationName,
          'name' in who ? who.name : null,
          checked.isPublicBody,
          checked.sharePence,
          checked.joinedOn,
          actor.personId,
        ],
      );
      if (inserted.length === 0) throw governanceWrongState('That person is already a member of this co-op.');
      const member = await em.findOneByOrFail(CoOpMember, { id: inserted[0]!.id });
      await this.audit.record(acting, {
        action: 'governance.member.admit',
        objectType: 'CoOpMember',
        objectId: member.id,
        providerId: member.providerId,
        summary: {
          personId: member.personId,
          memberClass: member.memberClass,
          sharePence: member.sharePence,
          joinedOn: member.joinedOn,
          byEmail: invitee !== null,
        },
      });
      if (invitee)
        await this.tellAdmitted(acting, invitee, admissionWords(await this.invitations.actorName(acting), coOpName, member.memberClass));
      await this.facts.refresh(member.providerId);
      return member;
    });
  }

  /**
   * As staff are told they were added: a new account's invitation says why; an account's owner gets a note.
   * In the caller's transaction.
   */
  private async tellAdmitted(acting: Acting, person: Person, what: string): Promise<void> {
    if (!(await this.invitations.invite(acting, person, what)))
      await this.outbox.enqueue([memberAdmitted(recipientOf(person), what, this.outbox.links)]);
  }

  /**
   * Ends a membership: recorded by the co-op's officers, or by the member resigning (a member's right, so
   * their own account, not a representative's). Any board seat they hold ends the day they leave.
   */
  async recordLeaving(acting: Acting, input: RecordMemberLeavingInput): Promise<CoOpMember> {
    const actor = requirePerson(acting.actor);
    const leftOn = input.leftOn ? withinDateRange(input.leftOn, 'input.leftOn', governanceInvalidInput) : londonDate();
    if (leftOn > londonDate()) throw governanceInvalidInput('A membership cannot end in the future.', 'input.leftOn');
    const reason = optionalText(input.reason, {
      max: MAX_LEAVING_REASON_LENGTH,
      argument: 'input.reason',
      invalid: governanceInvalidInput,
      what: 'A reason',
    });
    const found = await this.reader.member(input.memberId);
    if (!found || !(isTheMember(actor, found) || mayKeepRegister(await this.reader.standing(actor, found.providerId)))) {
      if (!found && isAdmin(actor)) throw governanceNotFound('No member of a co-op has that id.', 'input.memberId');
      throw forbidden('Only the co-op’s officers, or the member themselves, record a member leaving.');
    }
    return this.uow.transaction(async (em) => {
      await lockRegister(em, found.providerId);
      const member = await this.lockedMember(em, found.id);
      if (member.leftAt) throw governanceWrongState(`That membership ended on ${member.leftOn}.`);
      if (leftOn < member.joinedOn) throw governanceInvalidInput('A membership cannot end before the member joined.', 'input.leftOn');
      await em.update(
        CoOpMember,
        { id: member.id },
        { leftOn, leftAt: new Date(), leavingReason: reason, leavingRecordedById: actor.personId, office: null },
      );
      const seatsEnded = await this.board.endTermsOnLeaving(member.id, leftOn);
      await this.audit.record(acting, {
        action: 'governance.member.leave',
        objectType: 'CoOpMember',
        objectId: member.id,
        providerId: member.providerId,
        // The reason is free text: the trail says only that one was given.
        summary: { personId: member.personId, leftOn, resigned: isTheMember(actor, member), reasonGiven: reason !== null, seatsEnded },
      });
      await this.facts.refresh(member.providerId);
      return em.findOneByOrFail(CoOpMember, { id: member.id });
    });
  }

  /** The co-op's coordinators and admins, or the outgoing secretary, make a member in force the secretary. */
  async appointSecretary(acting: Acting, memberId: string): Promise<CoOpMember> {
    const actor = requirePerson(acting.actor);
    const found = await this.reader.member(memberId);
    if (!found || !mayKeepRegister(await this.reader.standing(actor, found.providerId))) {
      if (!found && isAdmin(actor)) throw governanceNotFound('No member of a co-op has that id.', 'input.memberId');
      throw forbidden('Only the co-op’s coordinators or its secretary appoint a secretary.');
    }
    return this.uow.transaction(async (em) => {
      await lockRegister(em, found.providerId);
      const member = await this.lockedMember(em, found.id);
      if (member.leftAt) throw governanceWrongState(`That membership ended on ${member.leftOn}: only a member may be secretary.`);
      const previous = await this.reader.secretaryOf(member.providerId);
      if (previous?.id !== member.id) {
        if (previous) await em.update(CoOpMember, { id: previous.id }, { office: null });
        await em.update(CoOpMember, { id: member.id }, { office: MemberOffice.SECRETARY });
      }
      await this.audit.record(acting, {
        action: 'governance.member.appointSecretary',
        objectType: 'CoOpMember',
        objectId: member.id,
        providerId: member.providerId,
        summary: { personId: member.personId, previousMemberId: previous?.id ?? null },
      });
      return em.findOneByOrFail(CoOpMember, { id: member.id });
    });
  }

  /**
   * A page of the register in the order admitted: by the day joined, and members who joined the same day
   * (a register brought in from paper, or a busy day) in the order entered. The co-op's officers only.
   */
  async register(acting: Acting, providerId: string, args: { first?: number | null; after?: string | null; includeLeft?: boolean | null }) {
    const actor = requirePerson(acting.actor);
    const size = pageSize(args.first);
    const after = args.after ? decodeCursor(args.after, 'coOpRegister', ['string', 'timestamp', 'uuid']) : null;
    assertAllowed(mayKeepRegister(await this.reader.standing(actor, providerId)), 'Only the co-op’s officers read its register.');
    const qb = this.uow.manager.createQueryBuilder(CoOpMember, 'm').where('m.provider_id = :providerId', { providerId });
    if (!args.includeLeft) qb.andWhere('m.left_at IS NULL');
    const totalCount = await qb.clone().getCount();
    if (after)
      qb.andWhere('(m.joined_on, m.entered_at, m.id) > (CAST(:afterOn AS date), CAST(:afterAt AS timestamptz), CAST(:afterId AS uuid))', {
        afterOn: after[0],
        afterAt: after[1],
        afterId: after[2],
      });
    // entered_at to the microsecond, as a JavaScript Date would drop digits the cursor needs.
    qb.addSelect(`to_char(m.entered_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`, 'cursor_time');
    const { entities, raw } = await qb
      .orderBy('m.joined_on', 'ASC')
      .addOrderBy('m.entered_at', 'ASC')
      .addOrderBy('m.id', 'ASC')
      .limit(size + 1)
      .getRawAndEntities<Record<string, string>>();
    const times = new Map(raw.map((r) => [r.m_id, r.cursor_time]));
    return toConnection(entities, size, totalCount, (node) => ({
      cursor: encodeCursor('coOpRegister', [node.joinedOn, times.get(node.id)!, node.id]),
      node,
    }));
  }

  private async lockedMember(em: EntityManager, id: string): Promise<CoOpMember> {
    return em.findOneOrFail(CoOpMember, { where: { id }, lock: { mode: 'pessimistic_write' } });
  }
}

/** Who is admitted: an account by its id, or exactly an email address and a name. */
function checkedWho(input: AdmitMemberInput): { personId: string } | { email: string; name: string } {
  const byEmail = input.email != null || input.name != null;
  if (input.personId != null) {
    if (byEmail)
      throw governanceInvalidInput('Give personId, or email and name: not both.', input.email != null ? 'input.email' : 'input.name');
    return { personId: input.personId };
  }
  if (input.email == null) throw governanceInvalidInput('Give personId, or email and name.', byEmail ? 'input.email' : 'input.personId');
  const email = normaliseEmail(input.email);
  if (!isEmailAddress(email)) throw governanceInvalidInput('That is not an email address.', 'input.email');
  const name = (input.name ?? '').trim();
  if (!isName(name)) throw governanceInvalidInput(`A name of 1 to ${MAX_NAME_LENGTH} characters, on one line, is needed.`, 'input.name');
  return { email, name };
}

/** The admission's own facts, checked before anything is read or written. */
function checkedAdmission(input: AdmitMemberInput) {
  const who = checkedWho(input);
  if (!CLASSES.has(input.memberClass)) throw governanceInvalidInput('Unknown member class.', 'input.memberClass');
  const sharePence = input.sharePence ?? DEFAULT_SHARE_PENCE;
  if (!Number.isInteger(sharePence) || sharePence < 0 || sharePence > MAX_SHARE_PENCE)
    throw governanceInvalidInput(
      `A share is a whole number of pence from 0 to ${MAX_SHARE_PENCE.toLocaleString('en-GB')}.`,
      'input.sharePence',
    );
  const joinedOn = input.joinedOn ? withinDateRange(input.joinedOn, 'input.joinedOn', governanceInvalidInput) : londonDate();
  if (joinedOn > londonDate()) throw governanceInvalidInput('A member cannot be admitted in the future.', 'input.joinedOn');
  const legalEntity = input.memberClass === MemberClass.LEGAL_ENTITY;
  const organisationName = optionalText(input.organisationName, {
    max: MAX_ORGANISATION_NAME_LENGTH,
    argument: 'input.organisationName',
    invalid: governanceInvalidInput,
    what: 'An organisation’s name',
  });
  if (legalEntity && !organisationName)
    throw governanceInvalidInput('A LEGAL_ENTITY member is an organisation: give its name.', 'input.organisationName');
  if (!legalEntity && organisationName)
    throw governanceInvalidInput('Only a LEGAL_ENTITY member has an organisation’s name.', 'input.organisationName');
  if (!legalEntity && input.isPublicBody)
    throw governanceInvalidInput('Only a LEGAL_ENTITY member can be a public body.', 'input.isPublicBody');
  return { who, sharePence, joinedOn, organisationName, isPublicBody: input.isPublicBody ?? false };
}
