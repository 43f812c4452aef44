import { requiredText, optionalText } from '../common/rules.js';
import type { PeopleService } from '../accounts/people.service.js';
import { type Acting, type Actor, assertAllowed, requirePerson } from '../auth/actor.js';
import { forbidden, signInRequired } from '../auth/auth.exception.js';
import type { AuditService } from '../audit/audit.service.js';
import { pageByTimeAndId } from '../common/connection.js';
import { londonDate, withinDateRange } from '../common/london.js';
import type { UnitOfWork } from '../common/unit-of-work.js';
import { approvedClaimsCsv } from './expense-claims.csv.js';
import {
  type ClaimExpenseInput,
  MAX_AMOUNT_PENCE,
  MAX_DESCRIPTION_LENGTH,
  MAX_MILES,
  MAX_REJECTION_REASON_LENGTH,
  type MemberExpenseClaimsArgs,
  MIN_MILES,
  type RejectExpenseClaimInput,
  type TimeBankExpenseClaimsArgs,
} from './expense-claims.types.js';
import { ExpenseClaim } from './expense.entity.js';
import type { TimeBankMember } from './time-bank.entity.js';
import type { TimeBanksReader } from './time-banks.reader.js';
import { ExpenseClaimStatus, ExpenseKind, TimeBankMembershipStatus, TimeBankRole } from './timebank.enums.js';
import { timeBankInvalidInput, timeBankNotFound, timeBankWrongState } from './timebank.exception.js';
import { isTheMember, mayCoordinateTimeBank, mayViewVolunteering } from './timebank.policy.js';

/** A claim waits this long for a decision before it is flagged to the co-op. */
export const WAITING_TOO_LONG_DAYS = 14;
const DAY_MS = 86_400_000;

/** Whether a claim has waited for a decision more than WAITING_TOO_LONG_DAYS at `now`. */
export function isWaitingTooLong(claim: Pick<ExpenseClaim, 'status' | 'submittedAt'>, now = new Date()): boolean {
  return claim.status === ExpenseClaimStatus.SUBMITTED && claim.submittedAt.getTime() < now.getTime() - WAITING_TOO_LONG_DAYS * DAY_MS;
}

/** The same London date a year before (29 February's year before is the 28th). */
function yearBefore(date: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const back = new Date(Date.UTC(y - 1, m - 1, d));
  if (back.getUTCMonth() !== m - 1) back.setUTCDate(0);
  return back.toISOString().slice(0, 10);
}

/** The claim's money, checked: travel's amount from its miles at the time bank's rate, any other's as given. */
function priced(
  input: ClaimExpenseInput,
  pencePerMile: number,
): { miles: number | null; pencePerMile: number | null; amountPence: number } {
  if (input.kind === ExpenseKind.TRAVEL) {
    if (input.amountPence != null)
      throw timeBankInvalidInput('A travel claim gives its miles; its amount is the miles at the time bank’s rate.', 'input.amountPence');
    const miles = input.miles;
    // Tenths of a mile as a whole number: the amount is then exact, as PostgreSQL's round(miles × rate) is.
    const tenths = miles == null ? Number.NaN : Math.round(miles * 10);
    if (miles == null || !(miles >= MIN_MILES && miles <= MAX_MILES) || Math.abs(tenths - miles * 10) > 1e-6)
      throw timeBankInvalidInput(`Miles are ${MIN_MILES} to ${MAX_MILES}, to a tenth of a mile.`, 'input.miles');
    const amountPence = Math.round((tenths * pencePerMile) / 10);
    if (amountPence < 1 || amountPence > MAX_AMOUNT_PENCE)
      throw timeBankInvalidInput(
        `A claim is 1 to ${MAX_AMOUNT_PENCE} pence; at this rate those miles come to ${amountPence}.`,
        'input.miles',
      );
    return { miles: tenths / 10, pencePerMile, amountPence };
  }
  if (input.miles != null) throw timeBankInvalidInput('Only a travel claim gives miles.', 'input.miles');
  const amountPence = input.amountPence;
  if (amountPence == null || !Number.isInteger(amountPence) || amountPence < 1 || amountPence > MAX_AMOUNT_PENCE)
    throw timeBankInvalidInput(`What it cost is 1 to ${MAX_AMOUNT_PENCE} pence.`, 'input.amountPence');
  return { miles: null, pencePerMile: null, amountPence };
}

/** Who may read the co-op's claims: its coordinators and admins; UNAUTHENTICATED without a session. */
function assertCoordinates(actor: Actor, providerId: string): void {
  if (actor.kind === 'anonymous') throw signInRequired();
  assertAllowed(mayCoordinateTimeBank(actor, providerId));
}

/**
 * Expense claims: volunteers and family carers claim what helping cost them (travel at the co-op's rate a
 * mile, or a receipted cost); the co-op's coordinators approve or reject them, with a reason, and mark the
 * approved ones paid. Every change is one transaction with its audit row.
 */
export class ExpenseClaimsService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly reader: TimeBanksReader,
    private readonly audit: AuditService,
    private readonly people: PeopleService,
  ) {}

  async claim(acting: Acting, input: ClaimExpenseInput): Promise<ExpenseClaim> {
    const person = requirePerson(acting.actor);
    const description =
      optionalText(input.description, {
        max: MAX_DESCRIPTION_LENGTH,
        argument: 'input.description',
        invalid: timeBankInvalidInput,
        what: 'A description',
      }) ?? '';
    const today = londonDate();
    withinDateRange(input.incurredOn, 'input.incurredOn', timeBankInvalidInput);
    if (input.incurredOn > today) throw timeBankInvalidInput('A claim cannot be for a day still to come.', 'input.incurredOn');
    if (input.incurredOn < yearBefore(today))
      throw timeBankInvalidInput('A claim is for a cost incurred within the last year.', 'input.incurredOn');
    if (input.kind !== ExpenseKind.TRAVEL && !input.receiptId)
      throw timeBankInvalidInput('A receipt is needed for every claim except travel.', 'input.receiptId');
    return this.uow.transaction(async (em) => {
      const member = await this.reader.requireMember(input.memberId, 'input.memberId');
      assertAllowed(isTheMember(person, member), 'Only the volunteer claims their own expenses.');
      if (member.status !== TimeBankMembershipStatus.APPROVED)
        throw timeBankInvalidInput('Only an approved member of the time bank claims expenses.', 'input.memberId');
      if (!member.roles.some((r) => r === TimeBankRole.VOLUNTEER || r === TimeBankRole.FAMILY_CARER))
        throw timeBankInvalidInput('Volunteers and family carers claim expenses; this membership is neither.', 'input.memberId');
      const bank = await this.reader.requireTimeBank(member.providerId, 'input.memberId');
      const money = priced(input, bank.travelPencePerMile);
      if (input.receiptId) await this.takeReceipt(person.personId, input.receiptId);
      const claim = await em.save(
        em.create(ExpenseClaim, {
          providerId: member.providerId,
          memberId: member.id,
          kind: input.kind,
          incurredOn: input.incurredOn,
          description,
          ...money,
          receiptId: input.receiptId ?? null,
          status: ExpenseClaimStatus.SUBMITTED,
          submittedById: person.personId,
        }),
      );
      await this.audit.record(acting, {
        action: 'expenseClaim.submit',
        objectType: 'ExpenseClaim',
        objectId: claim.id,
        providerId: claim.providerId,
        summary: { kind: claim.kind, incurredOn: claim.incurredOn, ...money, receipted: claim.receiptId !== null },
      });
      return claim;
    });
  }

  /**
   * The receipt, locked for the claim's transaction (the unclaimed-receipts job skips it meanwhile, and a
   * second claim of it waits, then finds it taken): the claimant's own upload, not yet claimed.
   */
  private async takeReceipt(personId: string, receiptId: string): Promise<void> {
    const em = this.uow.manager;
    const [receipt]: { uploaded_by_id: string }[] = await em.query(
      `SELECT uploaded_by_id FROM time_bank_receipt WHERE id = $1 FOR UPDATE`,
      [receiptId],
    );
    if (!receipt) throw timeBankNotFound('No receipt has that id (unclaimed receipts are deleted after a day).', 'input.receiptId');
    assertAllowed(receipt.uploaded_by_id === personId, 'That receipt is someone else’s.');
    // A statement of its own, after the lock: it sees the claim of whoever held the receipt before.
    const [taken]: { claimed: boolean }[] = await em.query(
      `SELECT EXISTS (SELECT 1 FROM time_bank_expense_claim WHERE receipt_id = $1) AS claimed`,
      [receiptId],
    );
    if (taken!.claimed) throw timeBankWrongState('That receipt is already part of a claim.');
  }

  approve(acting: Acting, claimId: string): Promise<ExpenseClaim> {
    return this.decide(acting, claimId, 'expenseClaim.approve', 'approved', ExpenseClaimStatus.SUBMITTED, (claim, by, at) => {
      Object.assign(claim, { status: ExpenseClaimStatus.APPROVED, decidedById: by, decidedAt: at });
    });
  }

  reject(acting: Acting, input: RejectExpenseClaimInput): Promise<ExpenseClaim> {
    const reason = requiredText(input.reason, {
      max: MAX_REJECTION_REASON_LENGTH,
      argument: 'input.reason',
      invalid: timeBankInvalidInput,
      what: 'A reason',
    });
    return this.decide(acting, input.claimId, 'expenseClaim.reject', 'rejected', ExpenseClaimStatus.SUBMITTED, (claim, by, at) => {
      Object.assign(claim, { status: ExpenseClaimStatus.REJECTED, decidedById: by, decidedAt: at, rejectionReason: reason });
    });
  }

  markPaid(acting: Acting, claimId: string): Promise<ExpenseClaim> {
    return this.decide(acting, claimId, 'expenseClaim.pay', 'marked paid', ExpenseClaimStatus.APPROVED, (claim, by, at) => {
      Object.assign(claim, { status: ExpenseClaimStatus.PAID, paidById: by, paidAt: at });
    });
  }

  /**
   * A coordinator's step on a claim in state `from`, under the claim's row lock: of two decisions at once
   * the second sees the first's and is a CONFLICT. Nobody decides their own claim.
   */
  private decide(
    acting: Acting,
    claimId: string,
    action: string,
    /** The step in words, for the message when the claim is not in state `from`: "marked paid". */
    done: string,
    from: ExpenseClaimStatus,
    change: (claim: ExpenseClaim, by: string, at: Date) => void,
  ): Promise<ExpenseClaim> {
    const person = requirePerson(acting.actor);
    return this.uow.transaction(async (em) => {
      const claim = await em.findOne(ExpenseClaim, { where: { id: claimId }, lock: { mode: 'pessimistic_write' } });
      if (!claim) throw timeBankNotFound('No expense claim has that id.', 'claimId');
      assertAllowed(mayCoordinateTimeBank(person, claim.providerId));
      const member = await this.reader.requireMember(claim.memberId);
      if (isTheMember(person, member)) throw forbidden('A coordinator cannot decide their own claim: another coordinator does.');
      if (claim.status !== from)
        throw timeBankWrongState(
          `Only ${from === ExpenseClaimStatus.APPROVED ? 'an' : 'a'} ${from.toLowerCase()} claim can be ${done}; ` +
            (claim.status === ExpenseClaimStatus.SUBMITTED ? 'this one is still waiting.' : `this one was ${claim.status.toLowerCase()}.`),
        );
      const before = claim.status;
      change(claim, person.personId, new Date());
      const saved = await em.save(claim);
      await this.audit.record(acting, {
        action,
        objectType: 'ExpenseClaim',
        objectId: claim.id,
        providerId: claim.providerId,
        summary: { from: before, to: claim.status, amountPence: claim.amountPence },
      });
      return saved;
    });
  }

  /** A member's claims, newest first: for the volunteer and the co-op's coordinators. */
  memberClaims({ actor }: Acting, member: TimeBankMember, args: MemberExpenseClaimsArgs) {
    if (actor.kind === 'anonymous') throw signInRequired();
    assertAllowed(mayViewVolunteering(actor, member));
    const qb = this.uow.manager
      .getRepository(ExpenseClaim)
      .createQueryBuilder('c')
      .where('c.member_id = :memberId', { memberId: member.id });
    if (args.status) qb.andWhere('c.status = :status', { status: args.status });
    return pageByTimeAndId(qb, {
      sort: 'memberExpenseClaims',
      column: 'submitted_at',
      order: 'DESC',
      first: args.first,
      after: args.after,
    });
  }

  /** The co-op's claims, the longest waiting first: for its coordinators. */
  timeBankClaims({ actor }: Acting, providerId: string, args: TimeBankExpenseClaimsArgs) {
    assertCoordinates(actor, providerId);
    const qb = this.uow.manager.getRepository(ExpenseClaim).createQueryBuilder('c').where('c.provider_id = :providerId', { providerId });
    if (args.status) qb.andWhere('c.status = :status', { status: args.status });
    const flagged = `(c.status = :submitted AND c.submitted_at < now() - make_interval(days => :days))`;
    const params = { submitted: ExpenseClaimStatus.SUBMITTED, days: WAITING_TOO_LONG_DAYS };
    if (args.waitingTooLong === true) qb.andWhere(flagged, params);
    if (args.waitingTooLong === false) qb.andWhere(`NOT ${flagged}`, params);
    return pageByTimeAndId(qb, {
      sort: 'timeBankExpenseClaims',
      column: 'submitted_at',
      order: 'ASC',
      first: args.first,
      after: args.after,
    });
  }

  /** How many of the co-op's claims have waited more than WAITING_TOO_LONG_DAYS for a decision: for its coordinators. */
  async waitingTooLongCount({ actor }: Acting, providerId: string): Promise<number> {
    assertCoordinates(actor, providerId);
    const [row]: { n: number }[] = await this.uow.manager.query(
      `SELECT count(*)::int AS n FROM time_bank_expense_claim
        WHERE provider_id = $1 AND status = $2 AND submitted_at < now() - make_interval(days => $3)`,
      [providerId, ExpenseClaimStatus.SUBMITTED, WAITING_TOO_LONG_DAYS],
    );
    return row!.n;
  }

  /** Every approved claim not yet paid, the oldest claim first, as a CSV for whoever pays them; the download is audited. */
  async approvedCsv(acting: Acting, providerId: string): Promise<{ filename: string; body: string }> {
    assertCoordinates(acting.actor, providerId);
    const rows = await this.uow.transaction(async (em) => {
      // One snapshot: a claim approved or paid meanwhile is in the file or not, never half.
      await em.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
      await this.reader.requireTimeBank(providerId);
      const claims = await em.find(ExpenseClaim, {
        where: { providerId, status: ExpenseClaimStatus.APPROVED },
        order: { submittedAt: 'ASC', id: 'ASC' },
      });
      const members = await this.reader.members([...new Set(claims.map((c) => c.memberId))]);
      const personOfMember = new Map(members.map((m) => [m.id, m.personId]));
      const people = await this.people.peopleByIds([
        ...members.map((m) => m.personId),
        ...claims.flatMap((c) => (c.decidedById ? [c.decidedById] : [])),
      ]);
      const names = new Map(people.map((p) => [p.id, p.name]));
      const nameOf = (personId: string | null | undefined) => (personId ? (names.get(personId) ?? '') : '');
      return claims.map((claim) => ({
        claim,
        volunteer: nameOf(personOfMember.get(claim.memberId)),
        approvedBy: nameOf(claim.decidedById),
      }));
    });
    await this.audit.record(acting, {
      action: 'expenseClaims.export',
      objectType: 'TimeBank',
      objectId: providerId,
      providerId,
      summary: { claims: rows.length, amountPence: rows.reduce((sum, r) => sum + r.claim.amountPence, 0) },
    });
    return { filename: `expense-claims-approved-${londonDate()}.csv`, body: approvedClaimsCsv(rows) };
  }
}
