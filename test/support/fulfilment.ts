import { expect } from 'vitest';
import type { TestApp } from '../harness.js';
import { holdBooking, hoursFromNow, personsBudget } from './brokerage.js';
import type { RoleName, World } from './world.js';
import { bearer } from './graphql.js';

/**
 * The provider side's test set-up: a budget with room, bookings on it at times no other test of the file
 * uses (the world's care workers are shared, and the database refuses them two overlapping visits), and
 * the mutations as documents.
 */

let slot = 0;
/** A start time no other call in this test process gets: `past` ones are already over, future ones a week or more ahead. */
export const nextStart = (when: 'past' | 'future'): Date =>
  when === 'past' ? hoursFromNow(-4 - 3 * slot++) : hoursFromNow(24 * 7 + 3 * slot++);

/** A council-managed budget of council A with £10,000 allocated. */
export function roomyBudget(t: TestApp, w: World, personId = w.ids.person): Promise<string> {
  return personsBudget(t, w, 'COUNCIL_MANAGED', 1_000_000, { personId });
}

/**
 * A booking of provider A's home care: `visits` hour-long visits (ids earliest first), REQUESTED, or
 * CONFIRMED with `confirmedWith` at each.
 */
export async function bookVisits(
  t: TestApp,
  w: World,
  options: { budgetId?: string; visits?: number; when?: 'past' | 'future'; confirmedWith?: string; personId?: string } = {},
) {
  const budgetId = options.budgetId ?? (await roomyBudget(t, w, options.personId));
  const visits = Array.from({ length: options.visits ?? 1 }, () => ({
    start: nextStart(options.when ?? 'future'),
    minutes: 60,
    workerId: options.confirmedWith,
  })).sort((a, b) => a.start.getTime() - b.start.getTime());
  const booking = await holdBooking(t.services, {
    budgetId,
    serviceId: w.services.home,
    visits,
    status: options.confirmedWith ? 'CONFIRMED' : 'REQUESTED',
  });
  return { budgetId, ...booking };
}

/** An hour of the world's home care: £33 an hour and £2.50 travel a visit, so an hour's visit costs £35.50. */
export const HOUR_PENCE = 3300 + 250;

export const CONFIRM = `mutation($i: ConfirmBookingInput!) { confirmBooking(input: $i) {
  __typename ... on Booking { id status visits { id worker { id } } }
  ... on WorkerUnavailableError { code visitId workerId } ... on ErrorResult { code message } } }`;
export const DECLINE = `mutation($i: DeclineBookingInput!) { declineBooking(input: $i) {
  __typename ... on Booking { id status declineReason visits { status } } ... on ErrorResult { code } } }`;
export const ASSIGN = `mutation($i: AssignWorkerInput!) { assignWorker(input: $i) {
  __typename ... on BookingVisit { id worker { id } } ... on WorkerUnavailableError { visitId workerId } ... on ErrorResult { code } } }`;
export const RECORD = `mutation($i: RecordVisitDeliveredInput!) { recordVisitDelivered(input: $i) {
  __typename ... on BookingVisit { id status actualStart actualMinutes note } ... on ErrorResult { code } } }`;
export const INVOICE = `mutation($i: IssueInvoiceInput!) { issueInvoice(input: $i) {
  __typename ... on Invoice { id number: invoiceNumber totalPence visits { id } booking { id status } } ... on ErrorResult { code } } }`;

/** Runs a document as the role (or with the headers); fails the test on any GraphQL error and returns the data's one field. */
export async function as<T = any>(
  t: TestApp,
  w: World,
  role: RoleName | Record<string, string>,
  doc: string,
  vars: Record<string, unknown>,
): Promise<T> {
  const res = await t.gql<Record<string, T>, Record<string, unknown>>(doc, vars, typeof role === 'string' ? w.headers(role) : role);
  expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
  return Object.values(res.data!)[0]!;
}

/** A budget's balances, as the database derives them from its ledger. */
export async function balanceOf(t: TestApp, budgetId: string) {
  return t.services.ledger.balanceOf(budgetId);
}

/** The three balances money moving changes: what the budget has committed, spent and still available. */
export async function moneyOf(t: TestApp, budgetId: string): Promise<{ committed: number; spent: number; available: number }> {
  const { committedPence, spentPence, availablePence } = await balanceOf(t, budgetId);
  return { committed: committedPence, spent: spentPence, available: availablePence };
}

/** The status of a booking and its visits, read straight from the tables. */
export async function bookingState(t: TestApp, bookingId: string) {
  const [booking] = await t.db.query(`SELECT status FROM booking WHERE id = $1`, [bookingId]);
  const visits = await t.db.query(`SELECT status, worker_id FROM booking_visit WHERE booking_id = $1 ORDER BY starts_at`, [bookingId]);
  return { status: booking.status as string, visits: visits as { status: string; worker_id: string | null }[] };
}

/** Headers of provider A's second coordinator, who is not one of the permission matrix's roles. */
export async function secondCoordinator(w: World): Promise<Record<string, string>> {
  return bearer(await w.login(w.emails.secondCoordinator));
}
