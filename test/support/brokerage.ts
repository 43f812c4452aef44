import { expect } from 'vitest';
import { type DataSource, In } from 'typeorm';
import { toPersonActor } from '../../api/auth/actor.js';
import { Booking, BookingVisit } from '../../api/brokerage/booking.entity.js';
import { BookingStatus, LedgerEntryKind, PersonalBudgetKind, VisitStatus } from '../../api/brokerage/brokerage.enums.js';
import type { NewLedgerEntry } from '../../api/brokerage/ledger.service.js';
import { londonDate } from '../../api/common/london.js';
import { PersonalBudget } from '../../api/brokerage/personal-budget.entity.js';
import { visitPricePence } from '../../api/brokerage/pricing.js';
import type { AppServices } from '../../api/modules.js';
import type { TestApp } from '../harness.js';
import type { World } from './world.js';

/**
 * Brokerage set-up for tests that need money or bookings in place before they start (a coordinator's
 * test needs a booking to confirm), written through the ledger service as the brokerage services write
 * them; and the check every brokerage test file ends with, that each budget's balances are its ledger's sums.
 */

type Kind = keyof typeof PersonalBudgetKind;
const FIXTURE = (personId: string) => ({
  actor: toPersonActor(personId, 'test-fixture', { isAdmin: false, staff: [], grants: [] }),
  requestId: 'test-fixture',
});

/** A budget with money in it: an allocation (for every kind but SELF_FUNDED) and, optionally, money paid in. */
export async function openBudget(
  services: AppServices,
  input: {
    personId: string;
    councilId: string | null;
    kind: Kind;
    allocatedPence: number;
    paidInPence?: number;
    heldByProviderId?: string;
    periodStart?: string;
    periodEnd?: string;
    carePostcode?: string;
    /** Who the audit trail says did it (an officer of the council, usually). */
    actingPersonId: string;
  },
): Promise<string> {
  return services.uow.transaction(async (em) => {
    const today = londonDate(new Date());
    const budget = await em.save(
      em.create(PersonalBudget, {
        personId: input.personId,
        councilId: input.councilId,
        kind: PersonalBudgetKind[input.kind],
        heldByProviderId: input.heldByProviderId ?? null,
        carePostcode: input.carePostcode ?? 'HD1 2TA',
        periodStart: input.periodStart ?? `${today.slice(0, 4)}-01-01`,
        periodEnd: input.periodEnd ?? `${Number(today.slice(0, 4)) + 1}-12-31`,
        createdById: input.actingPersonId,
      }),
    );
    const acting = FIXTURE(input.actingPersonId);
    const lines = [];
    if (input.kind !== 'SELF_FUNDED')
      lines.push({ kind: LedgerEntryKind.ALLOCATION, amountPence: input.allocatedPence, effectiveOn: budget.periodStart });
    if (input.paidInPence)
      lines.push({
        kind: input.kind === 'SELF_FUNDED' ? LedgerEntryKind.TOP_UP : LedgerEntryKind.PAYMENT_IN,
        amountPence: input.paidInPence,
        effectiveOn: today,
      });
    await services.ledger.append(acting, budget, lines);
    return budget.id;
  });
}

/**
 * A budget in council A that its officer allocated, of the world's person unless `personId` names
 * another: a direct payment has `paidInPence` paid in (all it may commit); a council-managed budget or
 * an ISF commits up to its allocation.
 */
export function personsBudget(
  t: TestApp,
  w: World,
  kind: 'DIRECT_PAYMENT' | 'COUNCIL_MANAGED' | 'INDIVIDUAL_SERVICE_FUND',
  allocatedPence: number,
  extra: {
    personId?: string;
    paidInPence?: number;
    heldByProviderId?: string;
    periodStart?: string;
    periodEnd?: string;
    carePostcode?: string;
  } = {},
): Promise<string> {
  return openBudget(t.services, {
    personId: w.ids.person,
    councilId: w.councilA,
    kind,
    allocatedPence,
    actingPersonId: w.ids.officer,
    ...extra,
  });
}

/**
 * A booking as requestBooking leaves it (REQUESTED, its total held), or CONFIRMED with the workers given;
 * each visit priced as requestBooking prices it (visitPricePence).
 */
export async function holdBooking(
  services: AppServices,
  input: {
    budgetId: string;
    serviceId: string;
    visits: { start: Date; minutes: number; workerId?: string }[];
    status?: 'REQUESTED' | 'CONFIRMED';
    idempotencyKey?: string;
  },
): Promise<{ bookingId: string; visitIds: string[] }> {
  return services.uow.transaction(async (em) => {
    const budget = await services.ledger.lockBudget(input.budgetId);
    if (!budget) throw new Error(`no budget ${input.budgetId}`);
    const service = await services.directory.getService(input.serviceId, { includeUnpublished: true });
    if (!service) throw new Error(`no service ${input.serviceId}`);
    const prices = input.visits.map((v) => visitPricePence(service, v.minutes));
    const total = prices.reduce((a, b) => a + b, 0);
    const booking = await em.save(
      em.create(Booking, {
        budgetId: budget.id,
        personId: budget.personId,
        serviceId: service.id,
        providerId: service.providerId,
        status: BookingStatus[input.status ?? 'REQUESTED'],
        totalPence: total,
        hourlyRatePence: service.hourlyRatePence,
        travelPencePerVisit: service.travelChargePencePerVisit,
        idempotencyKey: input.idempotencyKey ?? `fixture-${crypto.randomUUID()}`,
        requestFingerprint: 'fixture',
        notes: '',
        preferredWorkerIds: [],
        requestedById: budget.personId,
      }),
    );
    const visits = await em.save(
      input.visits.map((v, i) =>
        em.create(BookingVisit, {
          bookingId: booking.id,
          startsAt: v.start,
          endsAt: new Date(v.start.getTime() + v.minutes * 60_000),
          minutes: v.minutes,
          pricePence: prices[i],
          status: VisitStatus.SCHEDULED,
          workerId: v.workerId ?? null,
        }),
      ),
    );
    // A free service's booking holds nothing, as requestBooking has it: the ledger takes no line of 0.
    if (total > 0) {
      await services.ledger.append(FIXTURE(budget.personId), budget, [
        { kind: LedgerEntryKind.HOLD, amountPence: total, effectiveOn: londonDate(new Date()), bookingId: booking.id },
      ]);
    }
    return { bookingId: booking.id, visitIds: visits.map((v) => v.id) };
  });
}

/** Ledger lines written as the brokerage services write them: under the budget's lock, in `actingPersonId`'s name. */
export async function appendLines(
  services: AppServices,
  input: { budgetId: string; actingPersonId: string; lines: NewLedgerEntry[] },
): Promise<void> {
  await services.uow.transaction(async () => {
    const budget = await services.ledger.lockBudget(input.budgetId);
    if (!budget) throw new Error(`no budget ${input.budgetId}`);
    await services.ledger.append(FIXTURE(input.actingPersonId), budget, input.lines);
  });
}

/**
 * A fixture, not the invoicing service: settles visits of one booking as an invoice (CHARGE: the visits
 * marked DELIVERED as booked) or a cancellation in good time (RELEASE: the visits marked CANCELLED) would,
 * each for its price, so reports have spend and settled holds to count.
 */
export async function settleVisits(
  services: AppServices,
  input: { bookingId: string; visitIds: string[]; as: 'CHARGE' | 'RELEASE' },
): Promise<void> {
  await services.uow.transaction(async (em) => {
    const booking = await em.findOneByOrFail(Booking, { id: input.bookingId });
    const budget = await services.ledger.lockBudget(booking.budgetId);
    if (!budget) throw new Error(`no budget ${booking.budgetId}`);
    const visits = await em.findBy(BookingVisit, { id: In(input.visitIds), bookingId: booking.id });
    if (visits.length !== input.visitIds.length) throw new Error('a visit is not of the booking');
    const charge = input.as === 'CHARGE';
    for (const v of visits)
      await em.update(
        BookingVisit,
        v.id,
        charge
          ? { status: VisitStatus.DELIVERED, actualStart: v.startsAt, actualMinutes: v.minutes }
          : { status: VisitStatus.CANCELLED, cancelledAt: new Date() },
      );
    await services.ledger.append(
      FIXTURE(budget.personId),
      budget,
      visits.map((v) => ({
        kind: charge ? LedgerEntryKind.CHARGE : LedgerEntryKind.RELEASE,
        amountPence: v.pricePence,
        effectiveOn: londonDate(new Date()),
        bookingId: booking.id,
        visitId: v.id,
      })),
    );
  });
}

/** A time `hours` from now, on the minute, so a visit there is in the future and clear of the notice period or not. */
export function hoursFromNow(hours: number): Date {
  const at = new Date(Date.now() + hours * 3_600_000);
  at.setUTCSeconds(0, 0);
  return at;
}

interface BudgetSums {
  budget_id: string;
  kind: Kind;
  allocated: string;
  paid_in: string;
  topped_up: string;
  adjusted: string;
  held: string;
  released: string;
  charged: string;
  refunded: string;
}

/**
 * The end-of-file check of every brokerage test: each budget's balances, as the API derives them, equal
 * the sums of its ledger lines computed here afresh; nothing is negative; every booking's hold is the
 * sum of its visits' prices; every visit's share is settled at most once, and a settled visit is one
 * whose status allows it; what is still committed is exactly the price of visits not yet settled.
 */
export async function expectLedgersBalanced(db: DataSource): Promise<void> {
  const sums: BudgetSums[] = await db.query(`
    SELECT b.id AS budget_id, b.kind,
      coalesce(sum(e.amount_pence) FILTER (WHERE e.kind = 'ALLOCATION'), 0) AS allocated,
      coalesce(sum(e.amount_pence) FILTER (WHERE e.kind = 'PAYMENT_IN'), 0) AS paid_in,
      coalesce(sum(e.amount_pence) FILTER (WHERE e.kind = 'TOP_UP'), 0) AS topped_up,
      coalesce(sum(e.amount_pence) FILTER (WHERE e.kind = 'ADJUSTMENT'), 0) AS adjusted,
      coalesce(sum(e.amount_pence) FILTER (WHERE e.kind = 'HOLD'), 0) AS held,
      coalesce(sum(e.amount_pence) FILTER (WHERE e.kind = 'RELEASE'), 0) AS released,
      coalesce(sum(e.amount_pence) FILTER (WHERE e.kind = 'CHARGE'), 0) AS charged,
      coalesce(sum(e.amount_pence) FILTER (WHERE e.kind = 'REFUND'), 0) AS refunded
    FROM personal_budget b LEFT JOIN budget_ledger_entry e ON e.budget_id = b.id GROUP BY b.id`);
  const views: Record<string, string>[] = await db.query(`SELECT * FROM personal_budget_balance`);
  const viewOf = new Map(views.map((v) => [v.budget_id, v]));
  const unsettled: { budget_id: string; pence: string }[] = await db.query(`
    SELECT k.budget_id, coalesce(sum(v.price_pence), 0) AS pence
    FROM booking k JOIN booking_visit v ON v.booking_id = k.id
    WHERE NOT EXISTS (SELECT 1 FROM budget_ledger_entry e WHERE e.visit_id = v.id AND e.kind IN ('CHARGE', 'RELEASE'))
    GROUP BY k.budget_id`);
  const unsettledOf = new Map(unsettled.map((u) => [u.budget_id, Number(u.pence)]));
  for (const s of sums) {
    const n = (k: keyof BudgetSums) => Number(s[k]);
    const committed = n('held') - n('released') - n('charged');
    const spent = n('charged') - n('refunded');
    const funds =
      (s.kind === 'DIRECT_PAYMENT' || s.kind === 'SELF_FUNDED' ? n('paid_in') + n('topped_up') : n('allocated') + n('topped_up')) +
      n('adjusted');
    const view = viewOf.get(s.budget_id);
    expect(
      {
        allocated: Number(view?.allocated_pence),
        paidIn: Number(view?.paid_in_pence),
        committed: Number(view?.committed_pence),
        spent: Number(view?.spent_pence),
        available: Number(view?.available_pence),
      },
      `budget ${s.budget_id}`,
    ).toEqual({
      allocated: n('allocated'),
      paidIn: n('paid_in') + n('topped_up'),
      committed,
      spent,
      available: funds - committed - spent,
    });
    expect(funds - committed - spent, `available of ${s.budget_id}`).toBeGreaterThanOrEqual(0);
    expect(committed, `committed of ${s.budget_id}`).toBe(unsettledOf.get(s.budget_id) ?? 0);
  }
  const badHolds = await db.query(`
    SELECT k.id FROM booking k
    JOIN budget_ledger_entry h ON h.booking_id = k.id AND h.kind = 'HOLD'
    WHERE h.amount_pence <> k.total_pence
       OR k.total_pence <> (SELECT coalesce(sum(price_pence), 0) FROM booking_visit v WHERE v.booking_id = k.id)`);
  expect(badHolds, 'bookings whose hold is not the sum of their visits').toEqual([]);
  const unheld = await db.query(`SELECT k.id FROM booking k WHERE k.total_pence > 0 AND NOT EXISTS
    (SELECT 1 FROM budget_ledger_entry h WHERE h.booking_id = k.id AND h.kind = 'HOLD')`);
  expect(unheld, 'bookings costing something without a hold').toEqual([]);
  const wrongSettlement = await db.query(`
    SELECT v.id, v.status, e.kind FROM booking_visit v JOIN budget_ledger_entry e ON e.visit_id = v.id AND e.kind IN ('CHARGE', 'RELEASE')
    WHERE e.amount_pence <> v.price_pence
       OR (e.kind = 'CHARGE' AND v.status NOT IN ('DELIVERED', 'CANCELLED'))
       OR (e.kind = 'RELEASE' AND v.status = 'DELIVERED')`);
  expect(wrongSettlement, 'visits settled for the wrong amount or in the wrong state').toEqual([]);
}

/** The column headings a budget statement (statement.csv) puts above its ledger lines, as a person reads them. */
export const STATEMENT_COLUMNS = [
  'Date',
  'Entry',
  'Type',
  'Reference',
  'Description',
  'Allocated',
  'Money in',
  'Money out',
  'Held',
  'Available',
];
