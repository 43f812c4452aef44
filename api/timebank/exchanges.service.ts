import { requiredText, optionalText } from '../common/rules.js';
import { type Acting, assertAllowed, requirePerson } from '../auth/actor.js';
import { forbidden } from '../auth/auth.exception.js';
import type { AuditService } from '../audit/audit.service.js';
import { pageByTimeAndId } from '../common/connection.js';
import { londonDate, londonSpan } from '../common/london.js';
import { brokeConstraint } from '../common/sql.js';
import type { UnitOfWork } from '../common/unit-of-work.js';
import { Exchange } from './exchange.entity.js';
import {
  MAX_EXCHANGE_AGE_DAYS,
  MAX_EXCHANGE_MINUTES,
  MAX_EXCHANGE_NOTE_LENGTH,
  MAX_REJECTION_REASON_LENGTH,
  type RecordExchangeInput,
  type RejectExchangeInput,
} from './exchanges.types.js';
import { HelpRequest } from './help.entity.js';
import { creditForHelp } from './out-of-hours.js';
import { needsBackgroundCheck } from './time-bank-categories.js';
import type { TimeBank, TimeBankMember } from './time-bank.entity.js';
import type { TimeBanksService } from './time-banks.service.js';
import type { TimeBanksReader } from './time-banks.reader.js';
import type { TimeLedgerService } from './time-ledger.service.js';
import { ExchangeStatus, HelpRequestStatus, TimeBankMembershipStatus, TimeLedgerEntryKind } from './timebank.enums.js';
import {
  backgroundCheckRequired,
  InsufficientTimeCredit,
  timeBankInvalidInput,
  timeBankNotFound,
  timeBankWrongState,
} from './timebank.exception.js';
import { isTheMember, mayConfirmFor, mayCoordinateTimeBank } from './timebank.policy.js';

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
/** A helper's clock may run a little ahead of ours: help "ending now" on their phone is not help in the future. */
const CLOCK_SKEW_MS = MINUTE_MS;
/** Longer than any category's slug: refused before it is matched against them. */

/** Approved, or left after the help began: help given before someone left is still theirs to record. */
function wasMemberWhenHelped(member: TimeBankMember, startedAt: Date): boolean {
  if (member.status === TimeBankMembershipStatus.APPROVED) return true;
  return member.status === TimeBankMembershipStatus.LEFT && member.leftAt !== null && startedAt < member.leftAt;
}

/** Who helped whom with what, settled from a request or from the input, before anything is written. */
interface ExchangeParties {
  bank: TimeBank;
  helper: TimeBankMember;
  receiver: TimeBankMember;
  category: string;
  request: HelpRequest | null;
  needsCheck: boolean;
}

/**
 * Help given and confirmed: the helper (or a coordinator for them) records it, the receiver (or their
 * representative with BOOK, or a coordinator) confirms it, and confirming moves the time once through the
 * time ledger. The helper never confirms their own help, whatever else they are.
 */
export class ExchangesService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
    private readonly reader: TimeBanksReader,
    private readonly ledger: TimeLedgerService,
    private readonly timeBanks: TimeBanksService,
  ) {}

  async record(acting: Acting, input: RecordExchangeInput): Promise<Exchange> {
    const actor = requirePerson(acting.actor);
    const { minutes, startedAt } = input;
    if (!Number.isInteger(minutes) || minutes < 1 || minutes > MAX_EXCHANGE_MINUTES)
      throw timeBankInvalidInput(`Minutes of help are 1 to ${MAX_EXCHANGE_MINUTES} (24 hours).`, 'input.minutes');
    const now = Date.now();
    if (startedAt.getTime() + minutes * MINUTE_MS > now + CLOCK_SKEW_MS)
      throw timeBankInvalidInput('Help is recorded once it is over: this would end in the future.', 'input.startedAt');
    if (startedAt.getTime() < now - MAX_EXCHANGE_AGE_DAYS * DAY_MS)
      throw timeBankInvalidInput(`Help is recorded within ${MAX_EXCHANGE_AGE_DAYS} days of being given.`, 'input.startedAt');
    const note =
      optionalText(input.note, { max: MAX_EXCHANGE_NOTE_LENGTH, argument: 'input.note', invalid: timeBankInvalidInput, what: 'A note' }) ??
      '';

    return this.uow.transaction(async (em) => {
      const parties = await this.partiesOf(acting, input);
      const { helper, receiver, bank } = parties;
      const { providerId } = bank;
      if (!wasMemberWhenHelped(helper, startedAt))
        throw timeBankInvalidInput('The helper was not an approved member of the time bank when the help began.', 'input.helperMemberId');
      if (!wasMemberWhenHelped(receiver, startedAt))
        throw timeBankInvalidInput(
          'The member helped was not an approved member of the time bank when the help began.',
          'input.receiverMemberId',
        );
      if (helper.id === receiver.id)
        throw timeBankInvalidInput('A member cannot record help given to themselves.', 'input.receiverMemberId');
      if (parties.needsCheck && !(await this.reader.hasQualifyingCheck(helper.id, londonDate(startedAt))))
        throw backgroundCheckRequired('This help needs a helper with a background check in date on the day, and the helper had none.');
      const credit = creditForHelp(bank, startedAt, minutes);
      await this.ledger.lockMembers([helper.id]);
      const overlapping = await this.overlappingHelp(helper.id, startedAt, minutes);
      if (overlapping) throw this.recordedAlready(acting, helper, overlapping);
      const exchange = await this.insertOnce(
        acting,
        helper,
        em.create(Exchange, {
          providerId,
          requestId: parties.request?.id ?? null,
          helperMemberId: helper.id,
          receiverMemberId: receiver.id,
          category: parties.category,
          startedAt,
          minutes,
          ...credit,
          note,
          status: ExchangeStatus.RECORDED,
          recordedById: actor.personId,
        }),
      );
      await this.audit.record(acting, {
        action: 'timebank.exchange.record',
        objectType: 'Exchange',
        objectId: exchange.id,
        providerId,
        summary: { helperMemberId: helper.id, receiverMemberId: receiver.id, category: parties.category, minutes, ...credit },
      });
      return exchange;
    });
  }

  /**
   * Confirms the help and moves its time, once: a confirmation that finds the exchange already confirmed
   * answers it as it is, so fifty confirmations at once credit it one time.
   */
  async confirm(acting: Acting, exchangeId: string): Promise<Exchange> {
    const actor = requirePerson(acting.actor);
    return this.uow.transaction(async (em) => {
      const exchange = await this.lockExchange(exchangeId);
      const [helper, receiver] = await this.partiesOfExchange(exchange);
      this.assertMayDecide(acting, helper, receiver);
      if (exchange.recordedById === actor.personId)
        throw forbidden(
          'Help a coordinator recorded is confirmed by someone else: the member helped, their representative or another coordinator.',
        );
      if (exchange.status === ExchangeStatus.CONFIRMED) return exchange;
      if (exchange.status === ExchangeStatus.REJECTED) throw timeBankWrongState('The exchange was rejected: it cannot be confirmed.');

      await this.ledger.lockMembers([helper.id, receiver.id]);
      const balance = await this.ledger.balanceOf(receiver.id);
      if (exchange.minutes > balance.availableToSpendMinutes) {
        throw new InsufficientTimeCredit(
          exchange.minutes - balance.availableToSpendMinutes,
          `The member helped has ${Math.max(balance.availableToSpendMinutes, 0)} minutes to spend, overdraft included; ` +
            `the help was ${exchange.minutes}. A coordinator may draw on the community pool for them first.`,
        );
      }
      const bonus = exchange.creditedMinutes - exchange.minutes;
      await this.ledger.append(acting, exchange.providerId, { exchangeId: exchange.id }, [
        { memberId: helper.id, kind: TimeLedgerEntryKind.HELP_GIVEN, minutes: exchange.minutes },
        ...(bonus > 0 ? [{ memberId: helper.id, kind: TimeLedgerEntryKind.OUT_OF_HOURS_BONUS, minutes: bonus }] : []),
        { memberId: receiver.id, kind: TimeLedgerEntryKind.HELP_RECEIVED, minutes: -exchange.minutes },
      ]);
      Object.assign(exchange, { status: ExchangeStatus.CONFIRMED, decidedById: actor.personId, decidedAt: new Date() });
      await em.save(exchange);
      if (exchange.requestId) {
        await em.update(HelpRequest, { id: exchange.requestId }, { status: HelpRequestStatus.DONE, closedAt: exchange.decidedAt });
      }
      await this.audit.record(acting, {
        action: 'timebank.exchange.confirm',
        objectType: 'Exchange',
        objectId: exchange.id,
        providerId: exchange.providerId,
        summary: { minutes: exchange.minutes, creditedMinutes: exchange.creditedMinutes },
      });
      return exchange;
    });
  }

  /** Says the help did not happen as recorded: nothing moves. Rejecting a rejected exchange answers it as it is. */
  async reject(acting: Acting, input: RejectExchangeInput): Promise<Exchange> {
    const actor = requirePerson(acting.actor);
    const reason = requiredText(input.reason, {
      max: MAX_REJECTION_REASON_LENGTH,
      argument: 'input.reason',
      invalid: timeBankInvalidInput,
      what: 'A reason',
    });
    return this.uow.transaction(async (em) => {
      const exchange = await this.lockExchange(input.exchangeId, 'input.exchangeId');
      const [helper, receiver] = await this.partiesOfExchange(exchange);
      this.assertMayDecide(acting, helper, receiver);
      if (exchange.status === ExchangeStatus.REJECTED) return exchange;
      if (exchange.status === ExchangeStatus.CONFIRMED)
        throw timeBankWrongState('The exchange was confirmed and its time moved: it cannot be rejected.');
      Object.assign(exchange, {
        status: ExchangeStatus.REJECTED,
        rejectionReason: reason,
        decidedById: actor.personId,
        decidedAt: new Date(),
      });
      await em.save(exchange);
      await this.audit.record(acting, {
        action: 'timebank.exchange.reject',
        objectType: 'Exchange',
        objectId: exchange.id,
        providerId: exchange.providerId,
        summary: { status: ExchangeStatus.REJECTED },
      });
      return exchange;
    });
  }

  /** A page of the member's exchanges, as helper or receiver, the help most recently begun first. */
  memberExchangesPage(memberId: string, status: ExchangeStatus | null | undefined, first?: number | null, after?: string | null) {
    const qb = this.uow.manager
      .getRepository(Exchange)
      .createQueryBuilder('x')
      .where('(x.helper_member_id = :memberId OR x.receiver_member_id = :memberId)', { memberId });
    if (status) qb.andWhere('x.status = :status', { status });
    return pageByTimeAndId(qb, { sort: `memberExchanges:${status ?? ''}`, column: 'started_at', order: 'DESC', first, after });
  }

  /** A page of the time bank's exchanges, the help most recently begun first. */
  timeBankExchangesPage(providerId: string, status: ExchangeStatus | null | undefined, first?: number | null, after?: string | null) {
    const qb = this.uow.manager.getRepository(Exchange).createQueryBuilder('x').where('x.provider_id = :providerId', { providerId });
    if (status) qb.andWhere('x.status = :status', { status });
    return pageByTimeAndId(qb, { sort: `timeBankExchanges:${status ?? ''}`, column: 'started_at', order: 'DESC', first, after });
  }

  /** The helper's help, not rejected, that overlaps this span: the helper was there once. */
  private overlappingHelp(helperMemberId: string, startedAt: Date, minutes: number): Promise<Exchange | null> {
    return this.uow.manager
      .getRepository(Exchange)
      .createQueryBuilder('x')
      .where('x.helper_member_id = :helperMemberId AND x.status <> :rejected', { helperMemberId, rejected: ExchangeStatus.REJECTED })
      .andWhere(
        'time_bank_help_span(x.started_at, x.minutes) && time_bank_help_span(CAST(:startedAt AS timestamptz), CAST(:minutes AS integer))',
        { startedAt, minutes },
      )
      .orderBy('x.started_at')
      .getOne();
  }

  private recordedAlready(acting: Acting, helper: TimeBankMember, other: Exchange | null) {
    const who = isTheMember(acting.actor, helper) ? 'You already recorded help' : 'The helper already has help recorded';
    if (!other) return timeBankWrongState(`${who} at that time.`);
    const endedAt = new Date(other.startedAt.getTime() + other.minutes * MINUTE_MS);
    return timeBankWrongState(`${who} from ${londonSpan(other.startedAt, endedAt)}.`);
  }

  /**
   * Writes the exchange; the database's exclusion constraint is the last judge of overlaps (the helper's lock
   * makes the check above see every committed recording, but not one written outside this service).
   */
  private async insertOnce(acting: Acting, helper: TimeBankMember, exchange: Exchange): Promise<Exchange> {
    try {
      return await this.uow.manager.save(exchange);
    } catch (error) {
      if (brokeConstraint(error, 'time_bank_exchange_helper_once')) throw this.recordedAlready(acting, helper, null);
      throw error;
    }
  }

  private assertMayDecide(acting: Acting, helper: TimeBankMember, receiver: TimeBankMember): void {
    // Before anything else the actor may be: a helper who coordinates, or represents the receiver, still gave the help.
    if (isTheMember(acting.actor, helper))
      throw forbidden('The helper cannot confirm or reject their own help: the member helped, their representative or a coordinator does.');
    assertAllowed(mayConfirmFor(acting.actor, receiver), 'Only the member helped, their representative or a coordinator decides.');
  }

  private async lockExchange(exchangeId: string, argument = 'exchangeId'): Promise<Exchange> {
    const exchange = await this.uow.manager
      .getRepository(Exchange)
      .findOne({ where: { id: exchangeId }, lock: { mode: 'for_no_key_update' } });
    if (!exchange) throw timeBankNotFound('No exchange has that id.', argument);
    return exchange;
  }

  private async partiesOfExchange(exchange: Exchange): Promise<[TimeBankMember, TimeBankMember]> {
    const members = await this.reader.members([exchange.helperMemberId, exchange.receiverMemberId]);
    const helper = members.find((m) => m.id === exchange.helperMemberId)!;
    const receiver = members.find((m) => m.id === exchange.receiverMemberId)!;
    return [helper, receiver];
  }

  private async partiesOf(acting: Acting, input: RecordExchangeInput): Promise<ExchangeParties> {
    if (input.requestId) return this.partiesOfRequest(acting, input.requestId, input.helperMemberId);
    if (!input.providerId)
      throw timeBankInvalidInput('Name the request, or the co-op, the member helped and the help.', 'input.providerId');
    if (!input.receiverMemberId) throw timeBankInvalidInput('Name the member who was helped.', 'input.receiverMemberId');
    const category = await this.timeBanks.requireCategory(input.category?.trim() ?? '', 'input.category');
    const bank = await this.reader.requireTimeBank(input.providerId, 'input.providerId');
    const receiver = await this.reader.requireMember(input.receiverMemberId, 'input.receiverMemberId');
    if (receiver.providerId !== input.providerId)
      throw timeBankInvalidInput('The member helped belongs to another co-op’s time bank.', 'input.receiverMemberId');
    const helper = await this.helperFor(acting, input.providerId, input.helperMemberId);
    assertMayRecord(acting, helper, bank.providerId);
    return { bank, helper, receiver, category, request: null, needsCheck: needsBackgroundCheck(category, false) };
  }

  /** The request's parties, its row locked so that one record of its help is written at a time. */
  private async partiesOfRequest(acting: Acting, requestId: string, helperMemberId: string | null | undefined): Promise<ExchangeParties> {
    const em = this.uow.manager;
    const request = await em.getRepository(HelpRequest).findOne({ where: { id: requestId }, lock: { mode: 'for_no_key_update' } });
    if (!request) throw timeBankNotFound('No request has that id.', 'input.requestId');
    const found = await this.reader.members(request.helperMemberId ? [request.memberId, request.helperMemberId] : [request.memberId]);
    const receiver = found.find((m) => m.id === request.memberId)!;
    const helper = found.find((m) => m.id === request.helperMemberId) ?? null;
    assertMayRecord(acting, helper, request.providerId);
    if (request.status !== HelpRequestStatus.ACCEPTED || !helper)
      throw timeBankWrongState(`The request is ${request.status}: help is recorded for an ACCEPTED request.`);
    if (helperMemberId && helperMemberId !== helper.id)
      throw timeBankInvalidInput('The request’s accepted helper is another member.', 'input.helperMemberId');
    const recorded = await em
      .getRepository(Exchange)
      .createQueryBuilder('x')
      .where('x.request_id = :requestId AND x.status <> :rejected', { requestId, rejected: ExchangeStatus.REJECTED })
      .getExists();
    if (recorded) throw timeBankWrongState('The help of this request is already recorded.');
    return {
      bank: await this.reader.requireTimeBank(request.providerId, 'input.requestId'),
      helper,
      receiver,
      category: request.category,
      request,
      needsCheck: request.needsBackgroundCheck,
    };
  }

  /** The named helper (a coordinator recording for them), else the actor's own membership of the co-op. */
  private async helperFor(acting: Acting, providerId: string, helperMemberId: string | null | undefined): Promise<TimeBankMember> {
    if (helperMemberId) {
      const helper = await this.reader.requireMember(helperMemberId, 'input.helperMemberId');
      if (helper.providerId !== providerId)
        throw timeBankInvalidInput('The helper belongs to another co-op’s time bank.', 'input.helperMemberId');
      return helper;
    }
    const actor = requirePerson(acting.actor);
    const own = await this.reader.membershipOf(providerId, actor.personId);
    if (!own) throw forbidden('Only a member of the time bank records help they gave; a coordinator names the helper.');
    return own;
  }
}

/** Help is recorded by the helper, or by a coordinator of the co-op for them: checked on each path once, before its state is told. */
function assertMayRecord(acting: Acting, helper: TimeBankMember | null, providerId: string): void {
  assertAllowed(
    (!!helper && isTheMember(acting.actor, helper)) || mayCoordinateTimeBank(acting.actor, providerId),
    'Help is recorded by the helper, or by a coordinator of the co-op for them.',
  );
}
