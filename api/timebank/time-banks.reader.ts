import { In } from 'typeorm';
import type { UnitOfWork } from '../common/unit-of-work.js';
import { TimeBank, TimeBankMember } from './time-bank.entity.js';
import { BackgroundCheckKind, TimeBankMembershipStatus } from './timebank.enums.js';
import { timeBankInvalidInput, timeBankNotFound } from './timebank.exception.js';

/**
 * The rule that opens help with a person alone at home, as SQL on the background check aliased `check`: the
 * member's (`member`, an SQL expression) enhanced DBS check with the adults' barred list, checked by the date
 * `on` (an SQL date expression) and not yet expired. Every statement that asks uses this one text.
 */
export function qualifyingCheck(check: string, member: string, on: string): string {
  return `${check}.member_id = ${member} AND ${check}.kind = '${BackgroundCheckKind.DBS_ENHANCED_WITH_ADULTS_BARRED_LIST}'
    AND ${check}.checked_on <= ${on} AND ${check}.expires_on > ${on}`;
}

/**
 * The reads every part of the time bank starts from: a co-op's time bank and its members. Writes belong to
 * the service that owns each record; this only finds them, in the caller's transaction when there is one.
 */
export class TimeBanksReader {
  constructor(private readonly uow: UnitOfWork) {}

  timeBankOf(providerId: string): Promise<TimeBank | null> {
    return this.uow.manager.findOneBy(TimeBank, { providerId });
  }

  async requireTimeBank(providerId: string, argument = 'providerId'): Promise<TimeBank> {
    const bank = await this.timeBankOf(providerId);
    if (!bank) throw timeBankNotFound('That co-op has no time bank.', argument);
    return bank;
  }

  member(memberId: string): Promise<TimeBankMember | null> {
    return this.uow.manager.findOneBy(TimeBankMember, { id: memberId });
  }

  members(memberIds: readonly string[]): Promise<TimeBankMember[]> {
    return this.uow.manager.findBy(TimeBankMember, { id: In([...memberIds]) });
  }

  /** The person's membership of the co-op's time bank, in whatever state. */
  membershipOf(providerId: string, personId: string): Promise<TimeBankMember | null> {
    return this.uow.manager.findOneBy(TimeBankMember, { providerId, personId });
  }

  async requireMember(memberId: string, argument = 'memberId'): Promise<TimeBankMember> {
    const member = await this.member(memberId);
    if (!member) throw timeBankNotFound('No time-bank member has that id.', argument);
    return member;
  }

  /**
   * Whether the member had, on the London date `on` (YYYY-MM-DD), a background check that opens help with
   * a person alone at home: an enhanced DBS check with the adults' barred list, checked by then and not yet expired.
   */
  async hasQualifyingCheck(memberId: string, on: string): Promise<boolean> {
    const [row]: { found: boolean }[] = await this.uow.manager.query(
      `SELECT EXISTS (SELECT 1 FROM time_bank_background_check c WHERE ${qualifyingCheck('c', '$1', '$2::date')}) AS found`,
      [memberId, on],
    );
    return row.found;
  }

  /** A member who may take part now: approved and not left. Anyone else is refused as bad input naming the argument. */
  async requireApprovedMember(memberId: string, argument = 'memberId'): Promise<TimeBankMember> {
    const member = await this.requireMember(memberId, argument);
    if (member.status !== TimeBankMembershipStatus.APPROVED)
      throw timeBankInvalidInput('That person is not an approved member of the time bank.', argument);
    return member;
  }
}
