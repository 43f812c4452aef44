import { expect, test } from 'vitest';
import { londonDate } from '../api/common/london.js';
import { useTestApp } from './support/app.js';
import { expectLedgersBalanced, holdBooking, hoursFromNow, personsBudget } from './support/brokerage.js';
import {
  as,
  bookingState,
  bookVisits,
  CONFIRM,
  DECLINE,
  HOUR_PENCE,
  INVOICE,
  moneyOf,
  nextStart,
  RECORD,
  roomyBudget,
} from './support/fulfilment.js';
import { internalErrors } from './support/graphql.js';
import { useWorld } from './support/world.js';

/**
 * Different operations racing for one booking, visit or budget, as real concurrent HTTP requests: whichever
 * commits first, every visit's share is settled once, the booking's status agrees with its visits, the
 * figures are exact, and the loser gets a typed answer, never an internal error.
 */
const t = useTestApp({ seeded: 'world' });
const w = useWorld(t);

const CANCEL = `mutation($i: CancelBookingInput!) { cancelBooking(input: $i) {
  __typename ... on Booking { id status } ... on ErrorResult { code } } }`;
const PAY = `mutation($i: RecordDirectPaymentInput!) { recordDirectPayment(input: $i) { __typename } }`;
const TOP_UP = `mutation($i: TopUpPersonalBudgetInput!) { topUpPersonalBudget(input: $i) { __typename } }`;

type Answer = { __typename: string; code?: string; status?: string };
type Request = [doc: string, input: Record<string, unknown>, headers: Record<string, string>];

/** Sends the requests at once; none may be a GraphQL error: each answer is its mutation's typed result. */
async function race(...requests: Request[]): Promise<Answer[]> {
  const responses = await Promise.all(requests.map(([doc, i, headers]) => t.gql<Record<string, Answer>, unknown>(doc, { i }, headers)));
  for (const res of responses) expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
  return responses.map((res) => Object.values(res.data!)[0]!);
}

/** £10,000: roomyBudget's allocation. */
const ROOMY = 1_000_000;
const ROUNDS = 4;

/** A confirmed booking of an hour's home care at each start, the world's care worker at every visit. */
async function confirmedAt(starts: Date[]) {
  const budgetId = await roomyBudget(t, w);
  const booking = await holdBooking(t.services, {
    budgetId,
    serviceId: w.services.home,
    status: 'CONFIRMED',
    visits: starts.map((start) => ({ start, minutes: 60, workerId: w.ids.careWorker })),
  });
  return { budgetId, ...booking };
}

test('cancelling the rest while a delivered visit is invoiced: one charged, one released, the booking completed', async () => {
  for (let round = 0; round < ROUNDS; round++) {
    const { budgetId, bookingId, visitIds } = await confirmedAt([nextStart('past'), nextStart('future')]);
    await as(t, w, 'careWorker', RECORD, { i: { visitId: visitIds[0], delivered: true } });

    const [cancelled, invoiced] = await race(
      [CANCEL, { bookingId }, w.headers('person')],
      [INVOICE, { bookingId }, w.headers('coordinator')],
    );
    expect(cancelled).toMatchObject({ __typename: 'Booking' });
    expect(invoiced).toMatchObject({ __typename: 'Invoice' });
    expect(await bookingState(t, bookingId)).toMatchObject({
      status: 'COMPLETED',
      visits: [{ status: 'DELIVERED' }, { status: 'CANCELLED' }],
    });
    expect(await moneyOf(t, budgetId)).toEqual({ committed: 0, spent: HOUR_PENCE, available: ROOMY - HOUR_PENCE });
  }
  expect(internalErrors(t)).toEqual([]);
});

test('a visit cancelled late while its worker records it delivered: one wins, and it is charged exactly once', async () => {
  for (let round = 0; round < ROUNDS; round++) {
    const { budgetId, bookingId, visitIds } = await confirmedAt([nextStart('past')]);
    const [cancelled, recorded] = await race(
      [CANCEL, { bookingId, visitIds }, w.headers('person')],
      [RECORD, { visitId: visitIds[0], delivered: true }, w.headers('careWorker')],
    );
    const winners = [cancelled.__typename === 'Booking', recorded.__typename === 'BookingVisit'];
    expect(winners.filter(Boolean)).toHaveLength(1);
    expect([cancelled, recorded].find((a) => a.code)?.code).toBe('CONFLICT');
    if (winners[0]) {
      // Cancelled inside the notice of a service that charges it: charged in full, nothing left to invoice.
      expect(await bookingState(t, bookingId)).toMatchObject({ status: 'CANCELLED', visits: [{ status: 'CANCELLED' }] });
      expect(
        (await t.gql<Record<string, Answer>, unknown>(INVOICE, { i: { bookingId } }, w.headers('coordinator'))).data!.issueInvoice,
      ).toMatchObject({ code: 'CONFLICT' });
    } else {
      expect(await moneyOf(t, budgetId)).toEqual({ committed: HOUR_PENCE, spent: 0, available: ROOMY - HOUR_PENCE });
      await as(t, w, 'coordinator', INVOICE, { i: { bookingId } });
      expect(await bookingState(t, bookingId)).toMatchObject({ status: 'COMPLETED', visits: [{ status: 'DELIVERED' }] });
    }
    expect(await moneyOf(t, budgetId)).toEqual({ committed: 0, spent: HOUR_PENCE, available: ROOMY - HOUR_PENCE });
  }
  expect(internalErrors(t)).toEqual([]);
});

test('the provider declining while the person cancels: one wins, every share released once, the other told CONFLICT', async () => {
  for (let round = 0; round < ROUNDS; round++) {
    const { budgetId, bookingId } = await bookVisits(t, w, { visits: 2 });
    const [declined, cancelled] = await race(
      [DECLINE, { bookingId }, w.headers('coordinator')],
      [CANCEL, { bookingId }, w.headers('person')],
    );
    const winner = declined.__typename === 'Booking' ? 'DECLINED' : 'CANCELLED';
    expect([declined, cancelled].map((a) => a.__typename).sort()).toEqual(['Booking', 'ConflictError']);
    expect(await bookingState(t, bookingId)).toMatchObject({ status: winner, visits: [{ status: 'CANCELLED' }, { status: 'CANCELLED' }] });
    expect(await moneyOf(t, budgetId)).toEqual({ committed: 0, spent: 0, available: ROOMY });
  }
  expect(internalErrors(t)).toEqual([]);
});

test('the provider confirming while the person cancels: the booking ends cancelled, no visit left live, all released', async () => {
  for (let round = 0; round < ROUNDS; round++) {
    const { budgetId, bookingId } = await bookVisits(t, w, { visits: 2 });
    const [confirmed, cancelled] = await race(
      [CONFIRM, { bookingId, workerId: w.ids.secondCareWorker }, w.headers('coordinator')],
      [CANCEL, { bookingId }, w.headers('person')],
    );
    expect(cancelled).toMatchObject({ __typename: 'Booking', status: 'CANCELLED' });
    expect(['Booking', 'ConflictError']).toContain(confirmed.__typename);
    expect((await bookingState(t, bookingId)).status).toBe('CANCELLED');
    const live = await t.db.query(`SELECT id FROM booking_visit WHERE booking_id = $1 AND status <> 'CANCELLED'`, [bookingId]);
    expect(live).toEqual([]);
    expect(await moneyOf(t, budgetId)).toEqual({ committed: 0, spent: 0, available: ROOMY });
  }
  expect(internalErrors(t)).toEqual([]);
});

test('two bookings racing an instalment and a top-up on a direct payment: it never commits money not yet paid in', async () => {
  for (let round = 0; round < ROUNDS; round++) {
    // Paid in: one visit's worth and a little; the instalment and the top-up each add another visit's worth.
    const spare = 100;
    const budgetId = await personsBudget(t, w, 'DIRECT_PAYMENT', 10 * HOUR_PENCE, { paidInPence: HOUR_PENCE + spare });
    const book = (i: number): Request => [
      `mutation($i: RequestBookingInput!) { requestBooking(input: $i) { __typename ... on ErrorResult { code } } }`,
      {
        budgetId,
        serviceId: w.services.home,
        visits: [{ start: hoursFromNow(500 + 10 * round + i).toISOString(), minutes: 60 }],
        idempotencyKey: `race-money-${round}-${i}`,
      },
      w.headers('person'),
    ];
    const answers = await race(
      book(0),
      book(1),
      book(2),
      [PAY, { budgetId, amountPence: HOUR_PENCE, paidOn: londonDate(new Date()) }, w.headers('officer')],
      [TOP_UP, { budgetId, amountPence: HOUR_PENCE }, w.headers('person')],
    );
    expect(answers.slice(3).map((a) => a.__typename)).toEqual(['PersonalBudget', 'PersonalBudget']);
    const booked = answers.slice(0, 3).filter((a) => a.__typename === 'Booking').length;
    expect(
      answers
        .slice(0, 3)
        .filter((a) => a.__typename !== 'Booking')
        .map((a) => a.__typename),
    ).toEqual(Array(3 - booked).fill('InsufficientBudgetError'));
    expect(booked).toBeGreaterThanOrEqual(1);
    expect(await moneyOf(t, budgetId)).toEqual({
      committed: booked * HOUR_PENCE,
      spent: 0,
      available: 3 * HOUR_PENCE + spare - booked * HOUR_PENCE,
    });
  }
  expect(internalErrors(t)).toEqual([]);
});

test('the ledgers balance', async () => {
  await expectLedgersBalanced(t.db);
});
