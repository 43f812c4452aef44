import { describe, expect, test } from 'vitest';
import { useTestApp } from './support/app.js';
import { expectLedgersBalanced, holdBooking, hoursFromNow, personsBudget } from './support/brokerage.js';
import { serviceLike } from './support/booking-requests.js';
import { as, bookingState, HOUR_PENCE, INVOICE, moneyOf, RECORD } from './support/fulfilment.js';
import { auditCount, code, createWidgetSession, internalErrors } from './support/graphql.js';
import { PARTNER_ORIGIN, SCOPED_KEY, useWorld } from './support/world.js';

/**
 * Story 7, cancelling: with the service's notice a visit's share of the hold goes back to the budget;
 * inside it the share is charged (CHARGE_IN_FULL) or nothing is cancelled (REFUSE). Figures are exact,
 * a visit is settled once however many cancels race for it, and the reason never reaches the audit trail.
 */
const t = useTestApp({ seeded: 'world' });
const w = useWorld(t);

const CANCEL = `mutation($i: CancelBookingInput!) {
  cancelBooking(input: $i) {
    __typename
    ... on Booking { id status visits { id status cancellationReason } }
    ... on TooLateToCancelError { code message visits { visitId startsAt noticeEndedAt } }
    ... on ConflictError { code message }
  }
}`;

async function ledgerLines(budgetId: string): Promise<{ kind: string; amount_pence: number; visit_id: string | null }[]> {
  return t.db.query(`SELECT kind, amount_pence, visit_id FROM budget_ledger_entry WHERE budget_id = $1 ORDER BY entry_number`, [budgetId]);
}

/** A council-managed budget of £1,000 for `person`. */
const councilBudget = () => personsBudget(t, w, 'COUNCIL_MANAGED', 100_000);

/** A direct payment of £1,000 for `person`, £500 of it paid in (for the service that takes only direct payments). */
const directPayment = () => personsBudget(t, w, 'DIRECT_PAYMENT', 100_000, { paidInPence: 50_000 });

/** An hour's visit at each of `hours` from now, on home care (or the service given), confirmed. */
async function booked(budgetId: string, hours: number[], serviceId = w.services.home) {
  return holdBooking(t.services, {
    budgetId,
    serviceId,
    status: 'CONFIRMED',
    visits: hours.map((h) => ({ start: hoursFromNow(h), minutes: 60 })),
  });
}

const cancel = (input: Record<string, unknown>, headers = w.headers('person')) =>
  t.gql<{ cancelBooking: Record<string, any> }, unknown>(CANCEL, { i: input }, headers);

describe('cancelling in good time', () => {
  test('every visit still to come: each share released exactly, the booking cancelled, the reason kept off the trail', async () => {
    const budgetId = await councilBudget();
    const { bookingId, visitIds } = await booked(budgetId, [72, 96]);
    expect(await moneyOf(t, budgetId)).toEqual({ committed: 2 * HOUR_PENCE, spent: 0, available: 100_000 - 2 * HOUR_PENCE });

    const res = await cancel({ bookingId, reason: 'In hospital for a knee operation' });
    expect(res.errors).toBeUndefined();
    expect(res.data!.cancelBooking).toMatchObject({
      __typename: 'Booking',
      id: bookingId,
      status: 'CANCELLED',
      visits: visitIds.map((id) => ({ id, status: 'CANCELLED', cancellationReason: 'In hospital for a knee operation' })),
    });
    expect(await moneyOf(t, budgetId)).toEqual({ committed: 0, spent: 0, available: 100_000 });
    expect((await ledgerLines(budgetId)).filter((l) => l.kind === 'RELEASE')).toEqual(
      visitIds.map((visit_id) => ({ kind: 'RELEASE', amount_pence: HOUR_PENCE, visit_id })),
    );

    const [event] = await t.db.query(`SELECT summary, provider_id FROM audit_event WHERE action = 'booking.cancel' AND object_id = $1`, [
      bookingId,
    ]);
    expect(event.summary).toMatchObject({ visits: 2, lateVisits: 0, releasedPence: 2 * HOUR_PENCE, chargedPence: 0 });
    expect(event.provider_id).toBe(w.providerA);
    const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM audit_event WHERE summary::text ILIKE '%knee%'`);
    expect(n).toBe(0);
  });

  test('a booking made with requestBooking carries the service’s terms and cancels back to the full allocation', async () => {
    const budgetId = await councilBudget();
    const made = await t.gql<{ requestBooking: { id: string; cancellationNoticeHours: number; lateCancellationPolicy: string } }, unknown>(
      `mutation($i: RequestBookingInput!) {
        requestBooking(input: $i) { ... on Booking { id cancellationNoticeHours lateCancellationPolicy } }
      }`,
      {
        i: {
          budgetId,
          serviceId: w.services.home,
          idempotencyKey: 'cancel-end-to-end',
          visits: [130, 154].map((h) => ({ start: hoursFromNow(h).toISOString(), minutes: 60 })),
        },
      },
      w.headers('person'),
    );
    expect(made.data!.requestBooking).toMatchObject({ cancellationNoticeHours: 24, lateCancellationPolicy: 'CHARGE_IN_FULL' });
    const res = await cancel({ bookingId: made.data!.requestBooking.id });
    expect(res.data!.cancelBooking).toMatchObject({ __typename: 'Booking', status: 'CANCELLED' });
    expect(await moneyOf(t, budgetId)).toEqual({ committed: 0, spent: 0, available: 100_000 });
  });

  test('some visits: only those, the booking stays confirmed; one again is a conflict naming it; the rest cancels it', async () => {
    const budgetId = await councilBudget();
    const { bookingId, visitIds } = await booked(budgetId, [50, 74, 98]);

    const some = await cancel({ bookingId, visitIds: [visitIds[1]] });
    expect(some.data!.cancelBooking.status).toBe('CONFIRMED');
    expect(some.data!.cancelBooking.visits.map((v: { status: string }) => v.status)).toEqual(['SCHEDULED', 'CANCELLED', 'SCHEDULED']);
    expect(await moneyOf(t, budgetId)).toEqual({ committed: 2 * HOUR_PENCE, spent: 0, available: 100_000 - 2 * HOUR_PENCE });

    const again = await cancel({ bookingId, visitIds: [visitIds[1], visitIds[2]] });
    expect(again.data!.cancelBooking).toMatchObject({ __typename: 'ConflictError', code: 'CONFLICT' });
    expect(again.data!.cancelBooking.message).toContain(`${visitIds[1]} is already cancelled`);
    expect(await moneyOf(t, budgetId)).toEqual({ committed: 2 * HOUR_PENCE, spent: 0, available: 100_000 - 2 * HOUR_PENCE });

    const rest = await cancel({ bookingId });
    expect(rest.data!.cancelBooking.status).toBe('CANCELLED');
    expect(await moneyOf(t, budgetId)).toEqual({ committed: 0, spent: 0, available: 100_000 });
    expect((await cancel({ bookingId })).data!.cancelBooking).toMatchObject({ __typename: 'ConflictError', code: 'CONFLICT' });
  });

  test('when a delivered visit was invoiced, cancelling the rest completes the booking', async () => {
    const budgetId = await councilBudget();
    const { bookingId, visitIds } = await booked(budgetId, [-30, 54]);
    await as(t, w, 'coordinator', RECORD, { i: { visitId: visitIds[0], delivered: true } });
    await as(t, w, 'coordinator', INVOICE, { i: { bookingId } });

    const res = await cancel({ bookingId });
    expect(res.data!.cancelBooking).toMatchObject({ status: 'COMPLETED', visits: [{ status: 'DELIVERED' }, { status: 'CANCELLED' }] });
    expect(await moneyOf(t, budgetId)).toEqual({ committed: 0, spent: HOUR_PENCE, available: 100_000 - HOUR_PENCE });
    const named = await cancel({ bookingId, visitIds: [visitIds[0]] });
    expect(code(named) ?? named.data!.cancelBooking.__typename).toBe('ConflictError');
  });
});

describe('the booking’s end agrees with its visits, whatever order they settled in', () => {
  const miss = (visitId: string) => t.gql(RECORD, { i: { visitId, delivered: false } }, w.headers('coordinator'));

  test('a missed visit and the rest cancelled: completed (not every visit was cancelled), missed first or last', async () => {
    for (const missFirst of [true, false]) {
      const budgetId = await councilBudget();
      const { bookingId, visitIds } = await holdBooking(t.services, {
        budgetId,
        serviceId: w.services.home,
        status: 'CONFIRMED',
        visits: [-(40 + (missFirst ? 0 : 3)), 200 + (missFirst ? 0 : 3)].map((h) => ({ start: hoursFromNow(h), minutes: 60 })),
      });
      if (missFirst) expect((await miss(visitIds[0])).errors).toBeUndefined();
      expect((await cancel({ bookingId })).data!.cancelBooking.__typename).toBe('Booking');
      if (!missFirst) expect((await miss(visitIds[0])).errors).toBeUndefined();
      expect((await bookingState(t, bookingId)).status, missFirst ? 'missed first' : 'missed last').toBe('COMPLETED');
      expect(await moneyOf(t, budgetId)).toEqual({ committed: 0, spent: 0, available: 100_000 });
    }
  });

  test('a free visit delivered but not yet invoiced keeps the booking open when the rest is cancelled, until invoiced', async () => {
    const free = await serviceLike(t, w, { hourly_rate_pence: 0, travel_charge_pence_per_visit: 0 });
    const { bookingId, visitIds } = await holdBooking(t.services, {
      budgetId: await councilBudget(),
      serviceId: free,
      status: 'CONFIRMED',
      visits: [-46, 206].map((h) => ({ start: hoursFromNow(h), minutes: 60 })),
    });
    const delivered = await t.gql(RECORD, { i: { visitId: visitIds[0], delivered: true } }, w.headers('coordinator'));
    expect(delivered.errors).toBeUndefined();
    expect((await cancel({ bookingId })).data!.cancelBooking).toMatchObject({ __typename: 'Booking', status: 'CONFIRMED' });
    const invoice = await as(t, w, 'coordinator', INVOICE, { i: { bookingId } });
    expect(invoice).toMatchObject({ __typename: 'Invoice', totalPence: 0, booking: { status: 'COMPLETED' } });
  });
});

describe('cancelling late', () => {
  test('on a service that charges late cancellations: the late visit charged in full, the one in good time released', async () => {
    const budgetId = await councilBudget();
    const { bookingId, visitIds } = await booked(budgetId, [3, 80]);

    const res = await cancel({ bookingId });
    expect(res.data!.cancelBooking).toMatchObject({ __typename: 'Booking', status: 'CANCELLED' });
    expect(await moneyOf(t, budgetId)).toEqual({ committed: 0, spent: HOUR_PENCE, available: 100_000 - HOUR_PENCE });
    const settled = (await ledgerLines(budgetId)).filter((l) => l.kind === 'CHARGE' || l.kind === 'RELEASE');
    expect(settled).toEqual([
      { kind: 'CHARGE', amount_pence: HOUR_PENCE, visit_id: visitIds[0] },
      { kind: 'RELEASE', amount_pence: HOUR_PENCE, visit_id: visitIds[1] },
    ]);
    const [event] = await t.db.query(`SELECT summary FROM audit_event WHERE action = 'booking.cancel' AND object_id = $1`, [bookingId]);
    expect(event.summary).toMatchObject({ visits: 2, lateVisits: 1, releasedPence: HOUR_PENCE, chargedPence: HOUR_PENCE });
    // No invoice: a late-cancellation charge is the ledger's line alone.
    expect((await t.db.query(`SELECT 1 FROM invoice WHERE booking_id = $1`, [bookingId])).length).toBe(0);
  });

  test('on a service that refuses them: TooLateToCancelError naming the late visit and when notice ran out; nothing changed', async () => {
    const budgetId = await directPayment();
    const { bookingId, visitIds } = await booked(budgetId, [10, 100], w.services.strict);
    const before = {
      balance: await moneyOf(t, budgetId),
      lines: await ledgerLines(budgetId),
      audit: await auditCount(t, 'booking.cancel'),
    };

    const res = await cancel({ bookingId });
    const refusal = res.data!.cancelBooking;
    expect(refusal).toMatchObject({ __typename: 'TooLateToCancelError', code: 'TOO_LATE_TO_CANCEL' });
    expect(refusal.message).toContain('48 hours');
    const start = hoursFromNow(10);
    expect(refusal.visits).toEqual([
      { visitId: visitIds[0], startsAt: start.toISOString(), noticeEndedAt: new Date(start.getTime() - 48 * 3_600_000).toISOString() },
    ]);
    expect({
      balance: await moneyOf(t, budgetId),
      lines: await ledgerLines(budgetId),
      audit: await auditCount(t, 'booking.cancel'),
    }).toEqual(before);
    expect((await bookingState(t, bookingId)).status).toBe('CONFIRMED');
    const statuses = await t.db.query(`SELECT status FROM booking_visit WHERE booking_id = $1`, [bookingId]);
    expect(statuses.map((v: { status: string }) => v.status)).toEqual(['SCHEDULED', 'SCHEDULED']);

    // The visit with notice to spare may still go.
    const later = await cancel({ bookingId, visitIds: [visitIds[1]] });
    expect(later.data!.cancelBooking).toMatchObject({ __typename: 'Booking', status: 'CONFIRMED' });
  });

  test('the terms booked under hold: a service later asking more notice and refusing late cancellations changes nothing', async () => {
    const budgetId = await councilBudget();
    // A service of its own, so the change touches no other test's bookings.
    const [{ id: serviceId }] = await t.db.query(
      `INSERT INTO service (provider_id, name, description, category_id, hourly_rate_pence, minimum_visit_minutes,
         travel_charge_pence_per_visit, cancellation_notice_hours, late_cancellation_policy, accepts_council_managed_budgets)
       SELECT provider_id, 'Evening care (test)', description, category_id, hourly_rate_pence, minimum_visit_minutes,
         travel_charge_pence_per_visit, 24, 'CHARGE_IN_FULL', true FROM service WHERE id = $1 RETURNING id`,
      [w.services.home],
    );
    const changed = await booked(budgetId, [30], serviceId);
    await t.db.query(`UPDATE service SET cancellation_notice_hours = 72, late_cancellation_policy = 'REFUSE' WHERE id = $1`, [serviceId]);
    const shown = await t.gql<{ booking: { cancellationNoticeHours: number; lateCancellationPolicy: string } }, unknown>(
      `query($id: ID!) { booking(id: $id) { cancellationNoticeHours lateCancellationPolicy } }`,
      { id: changed.bookingId },
      w.headers('person'),
    );
    expect(shown.data!.booking).toEqual({ cancellationNoticeHours: 24, lateCancellationPolicy: 'CHARGE_IN_FULL' });

    // 30 hours ahead is good time under the 24 hours booked, however long the service now asks.
    const res = await cancel({ bookingId: changed.bookingId });
    expect(res.data!.cancelBooking).toMatchObject({ __typename: 'Booking', status: 'CANCELLED' });
    expect((await ledgerLines(budgetId)).find((l) => l.visit_id === changed.visitIds[0])).toMatchObject({ kind: 'RELEASE' });
    // A booking made now is under the new terms.
    const now = await booked(budgetId, [30], serviceId);
    expect((await cancel({ bookingId: now.bookingId })).data!.cancelBooking.__typename).toBe('TooLateToCancelError');
  });

  test('a visit already started counts as too late', async () => {
    const budgetId = await councilBudget();
    const { bookingId, visitIds } = await booked(budgetId, [-0.25, 120]);
    // Left out when no visit is named: it is no longer to come.
    expect((await cancel({ bookingId })).data!.cancelBooking.visits.map((v: { status: string }) => v.status)).toEqual([
      'SCHEDULED',
      'CANCELLED',
    ]);
    const named = await cancel({ bookingId, visitIds: [visitIds[0]] });
    expect(named.data!.cancelBooking).toMatchObject({ status: 'CANCELLED' });
    expect((await ledgerLines(budgetId)).find((l) => l.visit_id === visitIds[0])).toMatchObject({ kind: 'CHARGE' });
  });
});

describe('cancelling a booking the provider has not confirmed', () => {
  test('it cancels whole and free at any time, even once its visits’ times have passed: the hold is never stuck', async () => {
    const budgetId = await councilBudget();
    // One visit whose time passed unanswered, one inside the notice of a service that charges late cancellations.
    const { bookingId, visitIds } = await holdBooking(t.services, {
      budgetId,
      serviceId: w.services.home,
      visits: [-30, 3].map((h) => ({ start: hoursFromNow(h), minutes: 60 })),
    });
    const res = await cancel({ bookingId });
    expect(res.data!.cancelBooking).toMatchObject({ __typename: 'Booking', status: 'CANCELLED' });
    expect(await moneyOf(t, budgetId)).toEqual({ committed: 0, spent: 0, available: 100_000 });
    expect((await ledgerLines(budgetId)).filter((l) => l.kind === 'RELEASE').map((l) => l.visit_id)).toEqual(visitIds);
  });

  test('on a service that refuses late cancellations too', async () => {
    const budgetId = await directPayment();
    const { bookingId } = await holdBooking(t.services, {
      budgetId,
      serviceId: w.services.strict,
      visits: [{ start: hoursFromNow(10), minutes: 60 }],
    });
    expect((await cancel({ bookingId })).data!.cancelBooking).toMatchObject({ __typename: 'Booking', status: 'CANCELLED' });
    expect(await moneyOf(t, budgetId)).toEqual({ committed: 0, spent: 0, available: 50_000 });
  });
});

describe('who may cancel', () => {
  test('the person’s representative with BOOK and a BOOKING widget session may', async () => {
    const budgetId = await councilBudget();
    const { bookingId, visitIds } = await booked(budgetId, [200, 224]);
    const byRepresentative = await cancel({ bookingId, visitIds: [visitIds[0]] }, w.headers('representativeAll'));
    expect(byRepresentative.data!.cancelBooking.__typename).toBe('Booking');

    const session = await createWidgetSession(t, { personId: w.ids.person, purpose: 'BOOKING', origin: PARTNER_ORIGIN }, SCOPED_KEY);
    const widget = { authorization: `Bearer ${session.data!.createWidgetSession.token}`, origin: PARTNER_ORIGIN };
    const byWidget = await cancel({ bookingId, visitIds: [visitIds[1]] }, widget);
    expect(byWidget.data!.cancelBooking).toMatchObject({ __typename: 'Booking', status: 'CANCELLED' });
  });

  test('others are refused and change nothing; an unknown booking or visit is NOT_FOUND; bad input is BAD_USER_INPUT', async () => {
    const budgetId = await councilBudget();
    const { bookingId, visitIds } = await booked(budgetId, [300]);
    const before = { balance: await moneyOf(t, budgetId), audit: await auditCount(t, 'booking.cancel') };
    for (const role of ['friend', 'otherPerson', 'coordinator', 'careWorker', 'otherOfficer', 'representativeNone', 'widget'] as const) {
      const headers = role === 'friend' ? { authorization: `Bearer ${await w.login(w.emails.friend)}` } : w.headers(role);
      expect(code(await cancel({ bookingId }, headers)), role).toBe('FORBIDDEN');
    }
    expect(code(await cancel({ bookingId }, w.headers('public')))).toBe('UNAUTHENTICATED');
    expect(code(await cancel({ bookingId: crypto.randomUUID() }))).toBe('NOT_FOUND');
    expect(code(await cancel({ bookingId, visitIds: [crypto.randomUUID()] }))).toBe('NOT_FOUND');
    expect(code(await cancel({ bookingId, visitIds: [] }))).toBe('BAD_USER_INPUT');
    expect(code(await cancel({ bookingId, visitIds: Array.from({ length: 401 }, () => crypto.randomUUID()) }))).toBe('BAD_USER_INPUT');
    expect(code(await cancel({ bookingId, reason: 'x'.repeat(501) }))).toBe('BAD_USER_INPUT');
    expect({ balance: await moneyOf(t, budgetId), audit: await auditCount(t, 'booking.cancel') }).toEqual(before);
    const [visit] = await t.db.query(`SELECT status FROM booking_visit WHERE id = $1`, [visitIds[0]]);
    expect(visit.status).toBe('SCHEDULED');
  });

  test('a declined booking cannot be cancelled', async () => {
    const budgetId = await councilBudget();
    const { bookingId } = await booked(budgetId, [320]);
    await t.db.query(`UPDATE booking SET status = 'DECLINED' WHERE id = $1`, [bookingId]);
    const res = await cancel({ bookingId });
    expect(res.data!.cancelBooking).toMatchObject({ __typename: 'ConflictError', code: 'CONFLICT' });
    expect(res.data!.cancelBooking.message).toContain('declined');
  });
});

describe('cancels racing', () => {
  test('ten cancels of one visit at once: one releases it, nine are told it is already cancelled, nothing released twice', async () => {
    const budgetId = await councilBudget();
    const { bookingId, visitIds } = await booked(budgetId, [400, 424]);
    const results = await Promise.all(Array.from({ length: 10 }, () => cancel({ bookingId, visitIds: [visitIds[0]] })));
    const kinds = results.map((r) => r.data?.cancelBooking.__typename ?? code(r));
    expect(kinds.filter((k) => k === 'Booking')).toHaveLength(1);
    expect(kinds.filter((k) => k === 'ConflictError')).toHaveLength(9);
    expect((await ledgerLines(budgetId)).filter((l) => l.kind === 'RELEASE')).toHaveLength(1);
    expect(await moneyOf(t, budgetId)).toEqual({ committed: HOUR_PENCE, spent: 0, available: 100_000 - HOUR_PENCE });
    expect(await auditCount(t, 'booking.cancel', bookingId)).toBe(1);
  });

  test('ten cancels of a whole booking at once: one cancels it, the rest are conflicts', async () => {
    const budgetId = await councilBudget();
    const { bookingId } = await booked(budgetId, [450, 474, 498]);
    const results = await Promise.all(Array.from({ length: 10 }, () => cancel({ bookingId })));
    const kinds = results.map((r) => r.data?.cancelBooking.__typename ?? code(r));
    expect(kinds.sort()).toEqual(['Booking', ...Array(9).fill('ConflictError')]);
    expect(await moneyOf(t, budgetId)).toEqual({ committed: 0, spent: 0, available: 100_000 });
    expect(internalErrors(t)).toEqual([]);
  });
});

test('every budget’s balances are its ledger’s sums', async () => {
  await expectLedgersBalanced(t.db);
});
