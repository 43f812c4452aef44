import { requiredText, optionalText } from '../common/rules.js';
import { type Acting, assertAllowed, requirePerson } from '../auth/actor.js';
import { forbidden } from '../auth/auth.exception.js';
import type { AuditService } from '../audit/audit.service.js';
import type { UnitOfWork } from '../common/unit-of-work.js';
import { TimeTransfer } from './exchange.entity.js';
import type { TimeBankMember } from './time-bank.entity.js';
import type { TimeBanksReader } from './time-banks.reader.js';
import type { NewTimeLine, TimeLedgerService } from './time-ledger.service.js';
import { TimeBankMembershipStatus, TimeLedgerEntryKind, TimeTransferKind } from './timebank.enums.js';
import { InsufficientTimeCredit, timeBankInvalidInput } from './timebank.exception.js';
import { isTheMember, mayCoordinateTimeBank, mayGiveToAnotherMember, mayGiveToPool } from './timebank.policy.js';
import {
  type DrawFromCommunityPoolInput,
  type GiveTimeCreditInput,
  type GiveToCommunityPoolInput,
  MAX_TRANSFER_MINUTES,
  MAX_TRANSFER_NOTE_LENGTH,
} from './transfers.types.js';

function checkMinutes(minutes: number): void {
  if (!Number.isInteger(minutes) || minutes < 1 || minutes > MAX_TRANSFER_MINUTES)
    throw timeBankInvalidInput(`Minutes are 1 to ${MAX_TRANSFER_MINUTES.toLocaleString('en-GB')}.`, 'input.minutes');
}

function checkedText(text: string | null | undefined, argument: string, required: boolean): string {
  const limit = { max: MAX_TRANSFER_NOTE_LENGTH, argument, invalid: timeBankInvalidInput };
  return required ? requiredText(text, { ...limit, what: 'A reason' }) : (optionalText(text, { ...limit, what: 'A note' }) ?? '');
}

/**
 * Time moved without help given: a member's gift to another member or to the community pool, and a
 * coordinator's draw on the pool for a member with none. A gift spends only what the giver has, never
 * the overdraft, which is for receiving help before giving it.
 */
export class TransfersService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
    private readonly reader: TimeBanksReader,
    private readonly ledger: TimeLedgerService,
  ) {}

  async give(acting: Acting, input: GiveTimeCreditInput): Promise<TimeTransfer> {
    requirePerson(acting.actor);
    checkMinutes(input.minutes);
    const note = checkedText(input.note, 'input.note', false);
    const from = await this.giver(input.fromMemberId, (member) =>
      assertAllowed(
        mayGiveToAnotherMember(acting.actor, member),
        'Only the member gives their credit to another member; a representative may give it to the community pool.',
      ),
    );
    if (input.toMemberId === from.id) throw timeBankInvalidInput('A member cannot give credit to themselves.', 'input.toMemberId');
    const to = await this.reader.requireApprovedMember(input.toMemberId, 'input.toMemberId');
    if (to.providerId !== from.providerId)
      throw timeBankInvalidInput('Credit is given to a member of the same time bank.', 'input.toMemberId');
    return this.uow.transaction(async () => {
      assertStillMembers(await this.ledger.lockMembers([from.id, to.id]));
      await this.checkCanGive(from, input.minutes);
      return this.move(acting, { kind: TimeTransferKind.GIFT, providerId: from.providerId, from, to, minutes: input.minutes, note }, [
        { memberId: from.id, kind: TimeLedgerEntryKind.GIFT_SENT, minutes: -input.minutes },
        { memberId: to.id, kind: TimeLedgerEntryKind.GIFT_RECEIVED, minutes: input.minutes },
      ]);
    });
  }

  async giveToPool(acting: Acting, input: GiveToCommunityPoolInput): Promise<TimeTransfer> {
    requirePerson(acting.actor);
    checkMinutes(input.minutes);
    const note = checkedText(input.note, 'input.note', false);
    const from = await this.giver(
      input.fromMemberId,
      (member) =>
        assertAllowed(
          mayGiveToPool(acting.actor, member),
          'Only the member, or their representative with BOOK, gives their time to the pool.',
        ),
      { orLeft: true },
    );
    return this.uow.transaction(async () => {
      assertStillMembers(await this.ledger.lockMembers([from.id]), { leftMayGive: true });
      await this.ledger.lockPool(from.providerId);
      await this.checkCanGive(from, input.minutes);
      const movement = { kind: TimeTransferKind.POOL_GIFT, providerId: from.providerId, from, to: null, minutes: input.minutes, note };
      return this.move(acting, movement, [
        { memberId: from.id, kind: TimeLedgerEntryKind.GIVEN_TO_POOL, minutes: -input.minutes },
        { memberId: null, kind: TimeLedgerEntryKind.POOL_RECEIVED, minutes: input.minutes },
      ]);
    });
  }

  async drawFromPool(acting: Acting, input: DrawFromCommunityPoolInput): Promise<TimeTransfer> {
    requirePerson(acting.actor);
    assertAllowed(mayCoordinateTimeBank(acting.actor, input.providerId), 'Only the co-op’s coordinators draw on its community pool.');
    checkMinutes(input.minutes);
    const reason = checkedText(input.reason, 'input.reason', true);
    await this.reader.requireTimeBank(input.providerId, 'input.providerId');
    const to = await this.reader.requireApprovedMember(input.toMemberId, 'input.toMemberId');
    if (to.providerId !== input.providerId)
      throw timeBankInvalidInput('The pool is drawn on for a member of its own time bank.', 'input.toMemberId');
    if (isTheMember(acting.actor, to)) throw forbidden('A coordinator cannot draw on the pool for themselves: another coordinator does.');
    return this.uow.transaction(async () => {
      assertStillMembers(await this.ledger.lockMembers([to.id]));
      await this.ledger.lockPool(input.providerId);
      const pool = await this.ledger.poolBalanceOf(input.providerId);
      if (input.minutes > pool)
        throw new InsufficientTimeCredit(input.minutes - pool, `The community pool holds ${pool} minutes; the draw was ${input.minutes}.`);
      const movement = {
        kind: TimeTransferKind.POOL_DRAW,
        providerId: input.providerId,
        from: null,
        to,
        minutes: input.minutes,
        note: reason,
      };
      return this.move(acting, movement, [
        { memberId: null, kind: TimeLedgerEntryKind.POOL_DRAWN, minutes: -input.minutes },
        { memberId: to.id, kind: TimeLedgerEntryKind.DRAWN_FROM_POOL, minutes: input.minutes },
      ]);
    });
  }

  /**
   * The giving member, once `assertMayGive` allows the caller to give for them; approved, or `orLeft` a
   * member who has left, whose remaining credit would otherwise be stranded.
   */
  private async giver(memberId: string, assertMayGive: (member: TimeBankMember) => void, { orLeft = false } = {}): Promise<TimeBankMember> {
    const member = await this.reader.requireMember(memberId, 'input.fromMemberId');
    assertMayGive(member);
    if (member.status === TimeBankMembershipStatus.APPROVED || (orLeft && member.status === TimeBankMembershipStatus.LEFT)) return member;
    throw timeBankInvalidInput('That person is not an approved member of the time bank.', 'input.fromMemberId');
  }

  /** The caller holds the giver's lock: the balance read stays true until it commits. */
  private async checkCanGive(from: TimeBankMember, minutes: number): Promise<void> {
    const { availableToGiveMinutes } = await this.ledger.balanceOf(from.id);
    if (minutes > availableToGiveMinutes) {
      throw new InsufficientTimeCredit(
        minutes - availableToGiveMinutes,
        `The giver has ${availableToGiveMinutes} minutes to give; the gift was ${minutes}. The overdraft is never given away.`,
      );
    }
  }

  private move(
    acting: Acting,
    m: {
      kind: TimeTransferKind;
      providerId: string;
      from: TimeBankMember | null;
      to: TimeBankMember | null;
      minutes: number;
      note: string;
    },
    lines: NewTimeLine[],
  ): Promise<TimeTransfer> {
    return this.uow.transaction(async (em) => {
      const transfer = await em.save(
        em.create(TimeTransfer, {
          providerId: m.providerId,
          kind: m.kind,
          fromMemberId: m.from?.id ?? null,
          toMemberId: m.to?.id ?? null,
          minutes: m.minutes,
          note: m.note,
          madeById: requirePerson(acting.actor).personId,
        }),
      );
      await this.ledger.append(acting, m.providerId, { transferId: transfer.id }, lines);
      await this.audit.record(acting, {
        action: `timebank.transfer.${m.kind.toLowerCase()}`,
        objectType: 'TimeTransfer',
        objectId: transfer.id,
        providerId: m.providerId,
        summary: { kind: m.kind, fromMemberId: transfer.fromMemberId, toMemberId: transfer.toMemberId, minutes: m.minutes },
      });
      return transfer;
    });
  }
}

/**
 * The statuses read again under the accounts' locks: a member who left between the checks above and the lock
 * neither gives nor receives, except a leaver's gift of what they hold to the pool.
 */
function assertStillMembers(locked: readonly TimeBankMember[], { leftMayGive = false } = {}): void {
  for (const member of locked) {
    const leftGiving = leftMayGive && member.status === TimeBankMembershipStatus.LEFT;
    if (member.status !== TimeBankMembershipStatus.APPROVED && !leftGiving)
      throw timeBankInvalidInput('A member named has just left the time bank, so no time moved.');
  }
}
