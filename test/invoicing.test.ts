import { describe, expect, test } from 'vitest';
import { useTestApp } from './support/app.js';
import { expectLedgersBalanced } from './support/brokerage.js';
import { as, balanceOf, bookingState, bookVisits, HOUR_PENCE, INVOICE, RECORD } from './support/fulfilment.js';
import { auditCount, code, internalErrors } from './support/graphql.js';
import { useWorld } from './support/world.js';

/**
 * Story 6: the coordinator invoices delivered visits; each visit's share of the hold becomes a charge once,
 * missed visits' shares go back, and the booking completes when every visit is settled.
 */
const t = useTestApp({ seeded: 'world' });
const w = useWorld(t);

/** A confirmed booking of `visits` past hour-long visits, recorded as `outcomes` says (true delivered, false missed, null not yet). */
async function deliveredBooking(outcomes: (boolean | null)[]) {
  const booking = await bookVisits(t, w, { visits: outcomes.length, when: 'past', confirmedWith: w.ids.careWorker });
  for (const [n, delivered] of outcomes.entries()) {
    if (delivered !== null) await as(t, w, 'careWorker', RECORD, { i: { visitId: booking.visitIds[n], delivered } });
  }
  return booking;
}

const charges = async (bookingId: string) =>
  (await t.db.query(`SELECT count(*)::int AS n FROM budget_ledger_entry WHERE booking_id = $1 AND kind = 'CHARGE'`, [bookingId]))[0].n;

describe('issuing an invoice', () => {
  test('charges exactly the delivered visits, gives back the missed one, and completes the booking', async () => {
    const { budgetId, bookingId, visitIds } = await deliveredBooking([true, false, true]);
    const before = await balanceOf(t, budgetId);
    const invoice = await as(t, w, 'coordinator', INVOICE, { i: { bookingId } });
    expect(invoice).toMatchObject({
      __typename: 'Invoice',
      totalPence: 2 * HOUR_PENCE,
      visits: [{ id: visitIds[0] }, { id: visitIds[2] }],
      booking: { id: bookingId, status: 'COMPLETED' },
    });
    expect(invoice.number).toBeGreaterThan(0);
    const after = await balanceOf(t, budgetId);
    expect(after).toEqual({
      ...before,
      committedPence: before.committedPence - 2 * HOUR_PENCE,
      spentPence: before.spentPence + 2 * HOUR_PENCE,
      availablePence: before.availablePence,
    });
    expect(after.committedPence).toBe(0);
    expect(after.spentPence).toBe(2 * HOUR_PENCE);
    expect(after.availablePence).toBe(1_000_000 - 2 * HOUR_PENCE);
    expect(await auditCount(t, 'invoice.issue', invoice.id)).toBe(1);
    const listed = await as(t, w, 'person', `query($id: ID!) { booking(id: $id) { status invoices { id totalPence } } }`, {
      id: bookingId,
    });
    expect(listed).toEqual({ status: 'COMPLETED', invoices: [{ id: invoice.id, totalPence: 2 * HOUR_PENCE }] });
  });

  test('invoices what is delivered so far; asked again with nothing new, answers NothingToInvoiceError', async () => {
    const { bookingId, budgetId } = await deliveredBooking([true, null]);
    expect(await as(t, w, 'coordinator', INVOICE, { i: { bookingId } })).toMatchObject({
      totalPence: HOUR_PENCE,
      booking: { status: 'CONFIRMED' },
    });
    expect(await as(t, w, 'coordinator', INVOICE, { i: { bookingId } })).toEqual({ __typename: 'NothingToInvoiceError', code: 'CONFLICT' });
    expect((await balanceOf(t, budgetId)).committedPence).toBe(HOUR_PENCE);
    expect(await charges(bookingId)).toBe(1);
  });

  test('ten at once charge each visit once: one invoice, nine told there is nothing to invoice, no internal error', async () => {
    const { bookingId, budgetId } = await deliveredBooking([true, true, true]);
    const results = await Promise.all(Array.from({ length: 10 }, () => as(t, w, 'coordinator', INVOICE, { i: { bookingId } })));
    expect(results.filter((r) => r.__typename === 'Invoice')).toHaveLength(1);
    expect(results.filter((r) => r.__typename === 'NothingToInvoiceError')).toHaveLength(9);
    expect(await charges(bookingId)).toBe(3);
    expect((await t.db.query(`SELECT count(*)::int AS n FROM invoice WHERE booking_id = $1`, [bookingId]))[0].n).toBe(1);
    expect(await balanceOf(t, budgetId)).toMatchObject({ committedPence: 0, spentPence: 3 * HOUR_PENCE });
    expect(internalErrors(t)).toEqual([]);
  });

  test('a requested booking has nothing to invoice: a ConflictError', async () => {
    const { bookingId } = await bookVisits(t, w, { when: 'past' });
    expect(await as(t, w, 'coordinator', INVOICE, { i: { bookingId } })).toEqual({ __typename: 'ConflictError', code: 'CONFLICT' });
  });

  test('is for the provider’s coordinators and admins only', async () => {
    const { bookingId, budgetId } = await deliveredBooking([true]);
    const before = await balanceOf(t, budgetId);
    for (const role of ['otherCoordinator', 'person', 'representativeAll', 'officer', 'careWorker', 'widget'] as const) {
      expect(code(await t.gql(INVOICE, { i: { bookingId } }, w.headers(role))), role).toBe('FORBIDDEN');
    }
    expect(code(await t.gql(INVOICE, { i: { bookingId } }))).toBe('UNAUTHENTICATED');
    expect(await balanceOf(t, budgetId)).toEqual(before);
    expect(await bookingState(t, bookingId)).toMatchObject({ status: 'CONFIRMED' });
    expect(await as(t, w, 'admin', INVOICE, { i: { bookingId } })).toMatchObject({ __typename: 'Invoice', totalPence: HOUR_PENCE });
  });
});

test('every budget’s balances are its ledger’s sums', async () => {
  await expectLedgersBalanced(t.db);
});
