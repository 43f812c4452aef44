import { describe, expect, test } from 'vitest';
import { useTestApp } from './support/app.js';
import { expectLedgersBalanced, holdBooking, personsBudget } from './support/brokerage.js';
import { as, INVOICE, nextStart, RECORD } from './support/fulfilment.js';
import { grantAccepted } from './support/accounts.js';
import { bearer, code, createWidgetSession } from './support/graphql.js';
import { PARTNER_ORIGIN, type RoleName, SCOPED_KEY, useWorld } from './support/world.js';

/**
 * What people write about care (the person's notes to the provider, the provider's decline reason, a
 * cancellation's reason, the worker's note on a visit) may describe the person's health. It reaches
 * those who book the care and those who give it, whichever path leads to the booking; not those who
 * only watch the money (a VIEW_BUDGET widget, an officer of a budget the person spends themselves), and
 * never an officer the worker's notes.
 */
const t = useTestApp({ seeded: 'world' });
const w = useWorld(t);

const NOTES = 'Diabetic: please check she has taken her insulin';
const DECLINE_REASON = 'The worker who knows her epilepsy plan is away';
const CANCEL_REASON = 'In hospital for a knee operation';
const VISIT_NOTE = 'She was breathless today; GP letter on the table';

const READS = {
  notes: ['{ notes }', (b: any) => b.notes],
  declineReason: ['{ declineReason }', (b: any) => b.declineReason],
  cancellationReason: ['{ visits { cancellationReason } }', (b: any) => b.visits[1].cancellationReason],
  visitNote: ['{ visits { note } }', (b: any) => b.visits[0].note],
  invoicedVisitNote: ['{ invoices { visits { note } } }', (b: any) => b.invoices[0].visits[0].note],
} as const;
type Text = keyof typeof READS;
const ALL = Object.keys(READS) as Text[];

/**
 * A booking of provider A's home care on the person's budget of `kind`, with every kind of text: a past
 * visit delivered with the worker's note and invoiced, a future one cancelled with a reason, the
 * person's notes and a decline reason.
 */
async function bookingWithEveryText(kind: 'COUNCIL_MANAGED' | 'DIRECT_PAYMENT'): Promise<string> {
  const budgetId = await personsBudget(t, w, kind, 1_000_000, { paidInPence: kind === 'DIRECT_PAYMENT' ? 1_000_000 : undefined });
  const { bookingId, visitIds } = await holdBooking(t.services, {
    budgetId,
    serviceId: w.services.home,
    visits: [
      { start: nextStart('past'), minutes: 60, workerId: w.ids.careWorker },
      { start: nextStart('future'), minutes: 60, workerId: w.ids.careWorker },
    ],
    status: 'CONFIRMED',
  });
  await as(t, w, 'careWorker', RECORD, { i: { visitId: visitIds[0], delivered: true, note: VISIT_NOTE } });
  await as(t, w, 'coordinator', INVOICE, { i: { bookingId } });
  const cancelled = await as(t, w, 'person', `mutation($i: CancelBookingInput!) { cancelBooking(input: $i) { __typename } }`, {
    i: { bookingId, visitIds: [visitIds[1]], reason: CANCEL_REASON },
  });
  expect(cancelled).toEqual({ __typename: 'Booking' });
  await t.db.query(`UPDATE booking SET notes = $2, decline_reason = $3 WHERE id = $1`, [bookingId, NOTES, DECLINE_REASON]);
  return bookingId;
}

/** Each text as the role reads it through `booking(id)`: null where it is kept from them, FORBIDDEN where the booking is. */
async function textsAs(role: RoleName | Record<string, string>, bookingId: string): Promise<Record<Text, string | null>> {
  const seen = {} as Record<Text, string | null>;
  for (const text of ALL) {
    const [selection, pick] = READS[text];
    const res = await t.gql<{ booking: unknown }, unknown>(
      `query($id: ID!) { booking(id: $id) ${selection} }`,
      { id: bookingId },
      typeof role === 'string' ? w.headers(role) : role,
    );
    seen[text] = res.errors ? (code(res) ?? 'ERROR') : pick(res.data!.booking);
  }
  return seen;
}

const EVERY_TEXT = {
  notes: NOTES,
  declineReason: DECLINE_REASON,
  cancellationReason: CANCEL_REASON,
  visitNote: VISIT_NOTE,
  invoicedVisitNote: VISIT_NOTE,
};
/** The booking itself is out of reach. */
const NONE = Object.fromEntries(ALL.map((text) => [text, 'FORBIDDEN']));
/** The booking is seen, what was written about the care is not. */
const NO_TEXT = Object.fromEntries(ALL.map((text) => [text, null]));

describe('care text on a booking', () => {
  test('council-managed: person, BOOK, provider, admin read all; the officer all but worker notes; a BUDGET_VIEW widget none', async () => {
    const bookingId = await bookingWithEveryText('COUNCIL_MANAGED');
    for (const role of ['person', 'representativeAll', 'coordinator', 'admin'] as const) {
      expect(await textsAs(role, bookingId), role).toEqual(EVERY_TEXT);
    }
    expect(await textsAs('officer', bookingId)).toEqual({ ...EVERY_TEXT, visitNote: null, invoicedVisitNote: null });
    expect(await textsAs('widget', bookingId)).toEqual(NO_TEXT);
    // Those who may not see the booking at all: another provider's coordinator, the worker (who has me.visits).
    expect(await textsAs('otherCoordinator', bookingId)).toEqual(NONE);
    expect(await textsAs('careWorker', bookingId)).toEqual(NONE);
  });

  test('a BOOKING widget session on a partner’s page reads what the person wrote and was told, not the worker’s notes', async () => {
    const bookingId = await bookingWithEveryText('COUNCIL_MANAGED');
    const session = await createWidgetSession(t, { personId: w.ids.person, purpose: 'BOOKING', origin: PARTNER_ORIGIN }, SCOPED_KEY);
    const widget = { authorization: `Bearer ${session.data!.createWidgetSession.token}`, origin: PARTNER_ORIGIN };
    expect(await textsAs(widget, bookingId)).toEqual({ ...EVERY_TEXT, visitNote: null, invoicedVisitNote: null });
  });

  test('a representative with VIEW_BUDGET only sees the booking and its money, none of the text', async () => {
    const bookingId = await bookingWithEveryText('COUNCIL_MANAGED');
    await grantAccepted(t.db.manager, w.ids.person, w.ids.friend, 'VIEW_BUDGET');
    const friend = bearer(await w.login(w.emails.friend));
    const seen = await as(t, w, friend, `query($id: ID!) { booking(id: $id) { totalPence budget { availablePence } } }`, {
      id: bookingId,
    });
    expect(seen.totalPence).toBeGreaterThan(0);
    expect(await textsAs(friend, bookingId)).toEqual(NO_TEXT);
  });

  test('a direct payment: its council’s officer sees the booking’s money and visits but none of the text', async () => {
    const bookingId = await bookingWithEveryText('DIRECT_PAYMENT');
    const seen = await as(t, w, 'officer', `query($id: ID!) { booking(id: $id) { totalPence visits { status } } }`, { id: bookingId });
    expect(seen.visits.map((v: { status: string }) => v.status)).toEqual(['DELIVERED', 'CANCELLED']);
    expect(await textsAs('officer', bookingId)).toEqual(NO_TEXT);
  });

  test('the worker reads their own note through me.visits', async () => {
    const bookingId = await bookingWithEveryText('COUNCIL_MANAGED');
    const [{ id }] = await t.db.query(`SELECT id FROM booking_visit WHERE booking_id = $1 AND status = 'DELIVERED'`, [bookingId]);
    const me = await as(t, w, 'careWorker', `{ me { visits(first: 100) { edges { node { id note cancellationReason } } } } }`, {});
    expect(me.visits.edges.find((e: { node: { id: string } }) => e.node.id === id).node).toEqual({
      id,
      note: VISIT_NOTE,
      cancellationReason: null,
    });
  });
});

test('every budget’s balances are its ledger’s sums', async () => {
  await expectLedgersBalanced(t.db);
});
