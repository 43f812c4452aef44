import { requiredText, optionalText } from '../common/rules.js';
import { type Acting, assertAllowed, canActForPerson, isAdmin, requirePerson } from '../auth/actor.js';
import { RepresentativeRight } from '../auth/auth.enums.js';
import { forbidden } from '../auth/auth.exception.js';
import type { AuditService } from '../audit/audit.service.js';
import { pageByTimeAndId } from '../common/connection.js';
import { londonDate, withinDateRange } from '../common/london.js';
import type { UnitOfWork } from '../common/unit-of-work.js';
import { BackgroundCheck, TimeBankMember } from './time-bank.entity.js';
import type { TimeBanksReader } from './time-banks.reader.js';
import type { HelpService } from './help.service.js';
import type { MembersMessages } from './members-messages.js';
import { MAX_CHECK_REFERENCE_LENGTH, MAX_REASON_LENGTH, type RecordBackgroundCheckInput } from './members.types.js';
import { BackgroundCheckKind, TimeBankMembershipStatus, TimeBankRole } from './timebank.enums.js';
import { timeBankInvalidInput, timeBankNotFound, timeBankWrongState } from './timebank.exception.js';
import { isTheMember, mayCoordinateTimeBank, mayViewMember } from './timebank.policy.js';
import type { VolunteerRecordLinksService } from './volunteer-record-links.service.js';
import type { EntityManager } from 'typeorm';

const ALL_ROLES: ReadonlySet<string> = new Set(Object.values(TimeBankRole));

/**
 * Membership of a co-op's time bank (join, approve or refuse, leave) and the background checks coordinators
 * record on members. Every change is one transaction with its audit row.
 */
export class MembersService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly reader: TimeBanksReader,
    private readonly audit: AuditService,
    private readonly messages: MembersMessages,
    /** A leaver's shared volunteer records stop working with the membership. */
    private readonly links: VolunteerRecordLinksService,
    private readonly help: HelpService,
  ) {}

  /**
   * The member, when `allowed` says the actor may act on them. Anyone else is FORBIDDEN whether or not the
   * membership exists; only an admin, who may see every one, learns that an id is unknown.
   */
  async memberFor(acting: Acting, memberId: string, allowed: (m: TimeBankMember) => boolean, argument: string, em?: EntityManager) {
    requirePerson(acting.actor);
    const member = em
      ? await em.findOne(TimeBankMember, { where: { id: memberId }, lock: { mode: 'pessimistic_write' } })
      : await this.reader.member(memberId);
    if (member && allowed(member)) return member;
    if (!member && isAdmin(acting.actor)) throw timeBankNotFound('No time-bank member has that id.', argument);
    throw forbidden();
  }

  async join(acting: Acting, input: { providerId: string; roles: TimeBankRole[]; personId?: string | null }): Promise<TimeBankMember> {
    const actor = requirePerson(acting.actor);
    const personId = input.personId ?? actor.personId;
    const forSomeoneElse = personId !== actor.personId;
    assertAllowed(!forSomeoneElse || canActForPerson(actor, personId, RepresentativeRight.BOOK));
    const roles = input.roles;
    if (roles.length < 1 || roles.length > 3 || new Set(roles).size !== roles.length || !roles.every((r) => ALL_ROLES.has(r)))
      throw timeBankInvalidInput('Give one to three roles, none twice.', 'input.roles');
    if (forSomeoneElse && (roles.length !== 1 || roles[0] !== TimeBankRole.RECEIVER))
      throw timeBankInvalidInput('A representative joins someone as RECEIVER only: volunteering is theirs to offer.', 'input.roles');
    await this.reader.requireTimeBank(input.providerId, 'input.providerId');
    return this.uow.transaction(async (em) => {
      const inserted: { id: string }[] = await em.query(
        `INSERT INTO time_bank_member (provider_id, person_id, roles, asked_by_id) VALUES ($1, $2, $3, $4)
         ON CONFLICT (provider_id, person_id) DO NOTHING RETURNING id`,
        [input.providerId, personId, roles, actor.personId],
      );
      const member = await em.findOneOrFail(TimeBankMember, {
        where: { providerId: input.providerId, personId },
        lock: { mode: 'pessimistic_write' },
      });
      if (inserted.length === 0) {
        if (member.status === TimeBankMembershipStatus.PENDING || member.status === TimeBankMembershipStatus.APPROVED)
          throw timeBankWrongState(
            member.status === TimeBankMembershipStatus.PENDING
              ? 'That person has already asked to join; a coordinator will decide.'
              : 'That person is already a member of this time bank.',
          );
        // Asking again after a refusal or after leaving: the same account, so the balance and history carry on.
        await em.update(
          TimeBankMember,
          { id: member.id },
          {
            status: TimeBankMembershipStatus.PENDING,
            roles,
            askedById: actor.personId,
            askedAt: new Date(),
            decidedById: null,
            decidedAt: null,
            refusalReason: null,
            leftAt: null,
          },
        );
      }
      await this.audit.record(acting, {
        action: 'timeBankMember.join',
        objectType: 'TimeBankMember',
        objectId: member.id,
        providerId: input.providerId,
        summary: { personId, roles },
      });
      return em.findOneByOrFail(TimeBankMember, { id: member.id });
    });
  }

  approve(acting: Acting, memberId: string): Promise<TimeBankMember> {
    return this.decide(acting, memberId, 'approve', { status: TimeBankMembershipStatus.APPROVED });
  }

  refuse(acting: Acting, input: { memberId: string; reason: string }): Promise<TimeBankMember> {
    const reason = requiredText(input.reason, {
      max: MAX_REASON_LENGTH,
      argument: 'input.reason',
      invalid: timeBankInvalidInput,
      what: 'A reason',
    });
    return this.decide(acting, input.memberId, 'refuse', { status: TimeBankMembershipStatus.REFUSED, refusalReason: reason });
  }

  private decide(
    acting: Acting,
    memberId: string,
    verb: 'approve' | 'refuse',
    change: Pick<TimeBankMember, 'status'> & Partial<TimeBankMember>,
  ): Promise<TimeBankMember> {
    const argument = verb === 'approve' ? 'memberId' : 'input.memberId';
    return this.uow.transaction(async (em) => {
      const member = await this.memberFor(acting, memberId, (m) => mayCoordinateTimeBank(acting.actor, m.providerId), argument, em);
      if (isTheMember(acting.actor, member))
        throw forbidden(`A coordinator cannot ${verb} their own membership: another coordinator does.`);
      if (member.status !== TimeBankMembershipStatus.PENDING)
        throw timeBankWrongState(`Only a membership waiting for a decision can be decided; this one is ${member.status}.`);
      await em.update(TimeBankMember, { id: member.id }, { ...change, decidedAt: new Date(), decidedById: personOf(acting) });
      await this.audit.record(acting, {
        action: `timeBankMember.${verb}`,
        objectType: 'TimeBankMember',
        objectId: member.id,
        providerId: member.providerId,
        summary: { personId: member.personId, status: change.status },
      });
      const decided = await em.findOneByOrFail(TimeBankMember, { id: member.id });
      await this.messages.decided(acting, decided);
      return decided;
    });
  }

  /**
   * The member (or a coordinator) ends the membership; its balance and history stay, its offers are withdrawn and
   * HelpService.releaseLeaver settles the requests it was asking or helping with.
   */
  leave(acting: Acting, memberId: string): Promise<TimeBankMember> {
    return this.uow.transaction(async (em) => {
      const member = await this.memberFor(
        acting,
        memberId,
        (m) =>
          (acting.actor.kind === 'person' && acting.actor.personId === m.personId) || mayCoordinateTimeBank(acting.actor, m.providerId),
        'memberId',
        em,
      );
      if (member.status !== TimeBankMembershipStatus.APPROVED && member.status !== TimeBankMembershipStatus.PENDING)
        throw timeBankWrongState(`Only a member or someone waiting can leave; this membership is ${member.status}.`);
      const now = new Date();
      await em.update(
        TimeBankMember,
        { id: member.id },
        { status: TimeBankMembershipStatus.LEFT, leftAt: now, decidedAt: member.decidedAt ?? now, decidedById: member.decidedById },
      );
      await em.query(`UPDATE time_bank_offer SET withdrawn_at = now() WHERE member_id = $1 AND withdrawn_at IS NULL`, [member.id]);
      await this.help.releaseLeaver(acting, member);
      await this.links.revokeAllOf(acting, member);
      await this.audit.record(acting, {
        action: 'timeBankMember.leave',
        objectType: 'TimeBankMember',
        objectId: member.id,
        providerId: member.providerId,
        summary: { personId: member.personId, was: member.status },
      });
      return em.findOneByOrFail(TimeBankMember, { id: member.id });
    });
  }

  /** A membership for whoever may view it (the member, their representatives, the co-op's coordinators). */
  viewMember(acting: Acting, memberId: string): Promise<TimeBankMember> {
    return this.memberFor(acting, memberId, (m) => mayViewMember(acting.actor, m), 'id');
  }

  /** A page of the time bank's memberships, oldest request first: the co-op's coordinators and admins only. */
  membersOf(
    acting: Acting,
    providerId: string,
    args: { status?: TimeBankMembershipStatus | null; first?: number | null; after?: string | null },
  ) {
    requirePerson(acting.actor);
    assertAllowed(mayCoordinateTimeBank(acting.actor, providerId));
    const qb = this.uow.manager.getRepository(TimeBankMember).createQueryBuilder('m').where('m.provider_id = :providerId', { providerId });
    if (args.status) qb.andWhere('m.status = :status', { status: args.status });
    return pageByTimeAndId(qb, { sort: 'timeBankMembers', column: 'asked_at', order: 'ASC', first: args.first, after: args.after });
  }

  async recordBackgroundCheck(acting: Acting, input: RecordBackgroundCheckInput): Promise<BackgroundCheck> {
    const reference = optionalText(input.reference, {
      max: MAX_CHECK_REFERENCE_LENGTH,
      argument: 'input.reference',
      invalid: timeBankInvalidInput,
      what: 'A reference',
    });
    withinDateRange(input.checkedOn, 'input.checkedOn', timeBankInvalidInput);
    withinDateRange(input.expiresOn, 'input.expiresOn', timeBankInvalidInput);
    if (input.checkedOn > londonDate()) throw timeBankInvalidInput('A check cannot be dated in the future.', 'input.checkedOn');
    if (input.expiresOn <= input.checkedOn) throw timeBankInvalidInput('A check expires after the day it was made.', 'input.expiresOn');
    if (!Object.values(BackgroundCheckKind).includes(input.kind)) throw timeBankInvalidInput('Unknown kind of check.', 'input.kind');
    return this.uow.transaction(async (em) => {
      const member = await this.memberFor(
        acting,
        input.memberId,
        (m) => mayCoordinateTimeBank(acting.actor, m.providerId),
        'input.memberId',
      );
      if (isTheMember(acting.actor, member))
        throw forbidden('A coordinator cannot record their own background check: another coordinator does.');
      const check = await em.save(
        em.create(BackgroundCheck, {
          memberId: member.id,
          kind: input.kind,
          checkedOn: input.checkedOn,
          expiresOn: input.expiresOn,
          reference,
          recordedById: personOf(acting),
        }),
      );
      await this.audit.record(acting, {
        action: 'backgroundCheck.record',
        objectType: 'BackgroundCheck',
        objectId: check.id,
        providerId: member.providerId,
        // The certificate's number identifies the person to the DBS: the trail keeps the facts only.
        summary: { memberId: member.id, kind: check.kind, checkedOn: check.checkedOn, expiresOn: check.expiresOn },
      });
      return check;
    });
  }
}

function personOf(acting: Acting): string | null {
  return acting.actor.kind === 'person' ? acting.actor.personId : null;
}
