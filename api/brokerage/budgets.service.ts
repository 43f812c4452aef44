import { Temporal } from '@js-temporal/polyfill';
import type { EntityManager } from 'typeorm';
import type { AccountInvitationsService } from '../accounts/account-invitations.service.js';
import type { PeopleService } from '../accounts/people.service.js';
import type { AuditService } from '../audit/audit.service.js';
import { type Acting, assertAllowed, isAdmin, isOfficerOf, officerCouncilIds, requirePerson } from '../auth/actor.js';
import { forbidden, signInRequired } from '../auth/auth.exception.js';
import { decodeCursor, encodeCursor, pageByTimeAndId, pageSize, toConnection } from '../common/connection.js';
import { fitsLength, isEmailAddress, isName, normaliseEmail } from '../common/rules.js';
import type { UnitOfWork } from '../common/unit-of-work.js';
import type { DirectoryService } from '../directory/directory.service.js';
import { GeoException, GeoExceptionCode } from '../geo/geo.exception.js';
import type { GeoService } from '../geo/geo.service.js';
import { normalisePostcode } from '../geo/postcode.js';
import { Booking, BookingVisit } from './booking.entity.js';
import { LedgerEntryKind, PersonalBudgetKind, VisitStatus } from './brokerage.enums.js';
import { brokerageInvalidInput, brokerageNotFound } from './brokerage.exception.js';
import type {
  AllocatePersonalBudgetInput,
  OpenSelfFundedBudgetInput,
  RecordDirectPaymentInput,
  TopUpPersonalBudgetInput,
} from './budgets.types.js';
import { MAX_AMOUNT_PENCE, MAX_OUTCOMES_LENGTH, MAX_PERIOD_YEARS } from './budgets.types.js';
import { isNearToday, MAX_YEARS_AWAY } from './schedule.js';
import type { LedgerService } from './ledger.service.js';
import { londonDate } from '../common/london.js';
import { LedgerEntry, PersonalBudget } from './personal-budget.entity.js';
import { budgetIfAllowed } from './brokerage.reader.js';
import { mayRecordDirectPayment, mayTopUp } from './brokerage.policy.js';
import { formatPence } from './pricing.js';

const COUNCIL_KINDS = [PersonalBudgetKind.DIRECT_PAYMENT, PersonalBudgetKind.COUNCIL_MANAGED, PersonalBudgetKind.INDIVIDUAL_SERVICE_FUND];

function checkAmount(pence: number, argument: string): void {
  if (!Number.isInteger(pence) || pence < 1 || pence > MAX_AMOUNT_PENCE) {
    throw brokerageInvalidInput(
      `${argument} must be whole pence from 1 to ${MAX_AMOUNT_PENCE.toLocaleString('en-GB')} (£1,000,000).`,
      argument,
    );
  }
}

function checkPeriod(start: string, end: string): void {
  if (!isNearToday(new Date(`${start}T12:00:00Z`))) {
    throw brokerageInvalidInput(`A budget's period starts at most ${MAX_YEARS_AWAY} years from today.`, 'input.periodStart');
  }
  const first = Temporal.PlainDate.from(start);
  const last = Temporal.PlainDate.from(end);
  if (Temporal.PlainDate.compare(last, first) < 0) throw brokerageInvalidInput('The period ends before it starts.', 'input.periodEnd');
  if (Temporal.PlainDate.compare(last, first.add({ years: MAX_PERIOD_YEARS })) >= 0) {
    throw brokerageInvalidInput(`A budget's period is at most ${MAX_PERIOD_YEARS} years long.`, 'input.periodEnd');
  }
}

/** The sum of a budget's ledger lines of a kind. */
async function linesTotal(em: EntityManager, budgetId: string, kind: LedgerEntryKind): Promise<number> {
  const [{ total }]: { total: string }[] = await em.query(
    `SELECT coalesce(sum(amount_pence), 0) AS total FROM budget_ledger_entry WHERE budget_id = $1 AND kind = $2`,
    [budgetId, kind],
  );
  return Number(total);
}

/**
 * Opening budgets and putting money into them (story 1), and reading their ledgers and bookings (story 8).
 * Money moves only through the ledger service, under the budget's lock; every check that needs no
 * database runs before anything is written.
 */
export class BudgetsService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly ledger: LedgerService,
    private readonly audit: AuditService,
    private readonly people: PeopleService,
    private readonly geo: GeoService,
    private readonly directory: DirectoryService,
    private readonly invitations: AccountInvitationsService,
  ) {}

  /**
   * An officer of the council (or an admin) allocates a budget; the person is created, without a password,
   * if new, and invited by email to set one.
   */
  async allocate(acting: Acting, input: AllocatePersonalBudgetInput): Promise<PersonalBudget> {
    const actor = requirePerson(acting.actor);
    const email = normaliseEmail(input.personEmail);
    if (!isEmailAddress(email)) throw brokerageInvalidInput('That is not an email address.', 'input.personEmail');
    const name = input.personName.trim();
    if (!isName(name)) throw brokerageInvalidInput('A name of 1 to 200 characters, on one line, is needed.', 'input.personName');
    if (!COUNCIL_KINDS.includes(input.kind)) {
      throw brokerageInvalidInput(
        'A council allocates DIRECT_PAYMENT, COUNCIL_MANAGED or INDIVIDUAL_SERVICE_FUND budgets; people open SELF_FUNDED ones.',
        'input.kind',
      );
    }
    checkAmount(input.allocatedPence, 'input.allocatedPence');
    checkPeriod(input.periodStart, input.periodEnd);
    const isFund = input.kind === PersonalBudgetKind.INDIVIDUAL_SERVICE_FUND;
    const outcomes = input.agreedOutcomes?.trim() || null;
    if (isFund && (!input.heldByProviderId || !outcomes)) {
      throw brokerageInvalidInput(
        'An individual service fund needs the provider holding it and the outcomes agreed.',
        input.heldByProviderId ? 'input.agreedOutcomes' : 'input.heldByProviderId',
      );
    }
    if (!isFund && (input.heldByProviderId || input.agreedOutcomes != null)) {
      throw brokerageInvalidInput(
        'Only an individual service fund is held by a provider with agreed outcomes.',
        input.heldByProviderId ? 'input.heldByProviderId' : 'input.agreedOutcomes',
      );
    }
    if (!fitsLength(outcomes, MAX_OUTCOMES_LENGTH)) {
      throw brokerageInvalidInput(`The agreed outcomes are at most ${MAX_OUTCOMES_LENGTH} characters.`, 'input.agreedOutcomes');
    }
    const councilId = await this.councilFor(acting, input.councilId);

    return this.uow.transaction(async (em) => {
      const carePostcode = await this.carePostcode(input.postcode);
      if (input.heldByProviderId && !(await this.directory.getProvider(input.heldByProviderId))) {
        throw brokerageNotFound('No published provider has that id.', 'input.heldByProviderId');
      }
      const person = await this.people.ensurePerson({ email, name, councilId });
      // An officer's own budget is for another officer to allocate, as with every decision about oneself.
      if (person.id === actor.personId) throw forbidden('You cannot allocate a budget to yourself.');
      const council = await this.directory.getCouncil(councilId);
      await this.invitations.invite(
        acting,
        person,
        `${council?.name ?? 'Your council'} set up a personal budget for you in coopcare, ` +
          'where you can choose and book your care and see what you spend.',
      );
      const budget = await em.save(
        em.create(PersonalBudget, {
          personId: person.id,
          councilId,
          kind: input.kind,
          heldByProviderId: input.heldByProviderId ?? null,
          agreedOutcomes: outcomes,
          carePostcode,
          periodStart: input.periodStart,
          periodEnd: input.periodEnd,
          createdById: actor.personId,
        }),
      );
      await this.audit.record(acting, {
        action: 'budget.allocate',
        objectType: 'PersonalBudget',
        objectId: budget.id,
        councilId,
        providerId: budget.heldByProviderId,
        summary: {
          personId: person.id,
          kind: budget.kind,
          allocatedPence: input.allocatedPence,
          periodStart: budget.periodStart,
          periodEnd: budget.periodEnd,
        },
      });
      await this.ledger.append(acting, budget, [
        { kind: LedgerEntryKind.ALLOCATION, amountPence: input.allocatedPence, effectiveOn: budget.periodStart },
      ]);
      return budget;
    });
  }

  /**
   * A signed-in person opens a SELF_FUNDED budget for their own care. It belongs to no council: the
   * person's own money is not the council's to watch, so no officer sees it.
   */
  async openSelfFunded(acting: Acting, input: OpenSelfFundedBudgetInput): Promise<PersonalBudget> {
    const actor = requirePerson(acting.actor);
    checkPeriod(input.periodStart, input.periodEnd);
    if (input.firstTopUpPence != null) checkAmount(input.firstTopUpPence, 'input.firstTopUpPence');
    return this.uow.transaction(async (em) => {
      const budget = await em.save(
        em.create(PersonalBudget, {
          personId: actor.personId,
          councilId: null,
          kind: PersonalBudgetKind.SELF_FUNDED,
          carePostcode: await this.carePostcode(input.postcode),
          periodStart: input.periodStart,
          periodEnd: input.periodEnd,
          createdById: actor.personId,
        }),
      );
      await this.audit.record(acting, {
        action: 'budget.openSelfFunded',
        objectType: 'PersonalBudget',
        objectId: budget.id,
        summary: { kind: budget.kind, periodStart: budget.periodStart, periodEnd: budget.periodEnd },
      });
      if (input.firstTopUpPence != null) {
        await this.ledger.append(acting, budget, [
          { kind: LedgerEntryKind.TOP_UP, amountPence: input.firstTopUpPence, effectiveOn: londonDate(new Date()) },
        ]);
      }
      return budget;
    });
  }

  /** An instalment of a direct payment: instalments together never exceed the allocation. */
  async recordDirectPayment(acting: Acting, input: RecordDirectPaymentInput): Promise<PersonalBudget> {
    checkAmount(input.amountPence, 'input.amountPence');
    return this.uow.transaction(async (em) => {
      const found = await budgetIfAllowed(em, acting, input.budgetId, mayRecordDirectPayment);
      if (found.kind !== PersonalBudgetKind.DIRECT_PAYMENT) {
        throw brokerageInvalidInput(`Only a direct payment is paid in instalments; this budget is ${found.kind}.`, 'input.budgetId');
      }
      const today = londonDate(new Date());
      if (input.paidOn > today) throw brokerageInvalidInput('A payment is recorded once made: paidOn is after today.', 'input.paidOn');
      if (input.paidOn < found.periodStart || input.paidOn > found.periodEnd) {
        throw brokerageInvalidInput(
          `Instalments are paid within the budget's period, ${found.periodStart} to ${found.periodEnd}: ` +
            `a new period's money goes into its own budget.`,
          'input.paidOn',
        );
      }
      const budget = (await this.ledger.lockBudget(found.id))!;
      const { allocatedPence } = await this.ledger.balanceOf(budget.id);
      const leftToPay = allocatedPence - (await linesTotal(em, budget.id, LedgerEntryKind.PAYMENT_IN));
      if (input.amountPence > leftToPay) {
        throw brokerageInvalidInput(
          `Instalments may not add up to more than the allocation of ${formatPence(allocatedPence)}: ` +
            `${formatPence(leftToPay)} is left to pay.`,
          'input.amountPence',
        );
      }
      await this.ledger.append(acting, budget, [
        { kind: LedgerEntryKind.PAYMENT_IN, amountPence: input.amountPence, effectiveOn: input.paidOn },
      ]);
      return budget;
    });
  }

  /** The person, or a representative with BOOK, adds their own money. Not officers: it is not the council's money. */
  async topUp(acting: Acting, input: TopUpPersonalBudgetInput): Promise<PersonalBudget> {
    checkAmount(input.amountPence, 'input.amountPence');
    return this.uow.transaction(async (em) => {
      const found = await budgetIfAllowed(em, acting, input.budgetId, mayTopUp);
      const budget = (await this.ledger.lockBudget(found.id))!;
      // Bounded like an allocation, so no figure of the budget (nor a booking it pays, which is one ledger line) outgrows a GraphQL Int.
      const toppedUp = await linesTotal(em, budget.id, LedgerEntryKind.TOP_UP);
      if (toppedUp + input.amountPence > MAX_AMOUNT_PENCE) {
        throw brokerageInvalidInput(
          `Top-ups to one budget add up to at most ${formatPence(MAX_AMOUNT_PENCE)}: ` +
            `${formatPence(MAX_AMOUNT_PENCE - toppedUp)} more may be added.`,
          'input.amountPence',
        );
      }
      await this.ledger.append(acting, budget, [
        { kind: LedgerEntryKind.TOP_UP, amountPence: input.amountPence, effectiveOn: londonDate(new Date()) },
      ]);
      return budget;
    });
  }

  /**
   * A page of the budget's ledger, oldest line first, as a statement reads. Every line of a budget is
   * written under its lock, so its entry numbers rise in commit order and a cursor never skips a line.
   */
  async ledgerPage(budgetId: string, first: number | null | undefined, after: string | null | undefined) {
    const size = pageSize(first);
    const qb = this.uow.manager.getRepository(LedgerEntry).createQueryBuilder('e').where('e.budget_id = :budgetId', { budgetId });
    const totalCount = await qb.clone().getCount();
    if (after) qb.andWhere('e.entry_number > :after', { after: decodeCursor(after, 'ledger', ['sequence'])[0] });
    const rows = await qb
      .orderBy('e.entry_number', 'ASC')
      .limit(size + 1)
      .getMany();
    return toConnection(rows, size, totalCount, (node) => ({ cursor: encodeCursor('ledger', [node.entryNumber]), node }));
  }

  /** A page of the budget's bookings, newest first. */
  bookingsPage(budgetId: string, first: number | null | undefined, after: string | null | undefined) {
    const qb = this.uow.manager.getRepository(Booking).createQueryBuilder('k').where('k.budget_id = :budgetId', { budgetId });
    return pageByTimeAndId(qb, { sort: 'budgetBookings', column: 'created_at', order: 'DESC', first, after });
  }

  /**
   * A page of the visits still to come on the budget (or under way), earliest first: scheduled visits of
   * its bookings, requested or confirmed, that have not ended. Cancelled and declined ones are CANCELLED.
   */
  upcomingVisitsPage(budgetId: string, first: number | null | undefined, after: string | null | undefined) {
    const qb = this.uow.manager
      .getRepository(BookingVisit)
      .createQueryBuilder('v')
      .innerJoin(Booking, 'k', 'k.id = v.booking_id AND k.budget_id = :budgetId', { budgetId })
      .where('v.status = :scheduled', { scheduled: VisitStatus.SCHEDULED })
      .andWhere('v.ends_at > now()');
    return pageByTimeAndId(qb, { sort: 'budgetUpcomingVisits', column: 'starts_at', order: 'ASC', first, after });
  }

  /** The council a new budget is for: the given one, or the officer's only council. */
  private async councilFor({ actor }: Acting, councilId: string | null | undefined): Promise<string> {
    if (actor.kind === 'anonymous') throw signInRequired();
    if (!councilId) {
      const own = officerCouncilIds(actor);
      if (own.length !== 1) throw brokerageInvalidInput('Say which council allocates the budget.', 'input.councilId');
      return own[0]!;
    }
    if (isOfficerOf(actor, councilId)) return councilId;
    assertAllowed(isAdmin(actor));
    if (!(await this.directory.councilExists(councilId))) {
      throw brokerageNotFound('No council has that id.', 'input.councilId');
    }
    return councilId;
  }

  /** Where care is given: a full postcode the gazetteer knows, normalised. */
  private async carePostcode(postcode: string): Promise<string> {
    const location = await this.geo.locate(postcode, 'input.postcode');
    const full = normalisePostcode(postcode);
    if (!full) {
      throw new GeoException(GeoExceptionCode.INVALID_POSTCODE, 'Give the full postcode where care is given, like "HD1 2TA".', {
        argument: 'input.postcode',
      });
    }
    return location.postcode;
  }
}
