import { expect, test } from 'vitest';
import { useTestApp } from './support/app.js';
import { bookingRows, type RequestBookingAnswer, requestBooking } from './support/booking-requests.js';
import { expectLedgersBalanced, hoursFromNow, personsBudget } from './support/brokerage.js';
import { HOUR_PENCE } from './support/fulfilment.js';
import { auditCount, internalErrors } from './support/graphql.js';
import { useWorld } from './support/world.js';

/**
 * The booking guarantees, with real concurrent HTTP requests against real PostgreSQL: a budget is never
 * overcommitted however many requests race for it; one idempotency key makes one booking however often
 * it is sent at once; a failure after the hold leaves nothing behind.
 */

const t = useTestApp({ seeded: 'world' });
const w = useWorld(t);

const send = (input: Record<string, unknown>) => requestBooking(t, input, w.headers('person'));

async function answers(inputs: Record<string, unknown>[]): Promise<RequestBookingAnswer[]> {
  const responses = await Promise.all(inputs.map((input) => send(input)));
  for (const res of responses) expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
  return responses.map((res) => res.data!.requestBooking);
}

async function balance(budgetId: string): Promise<{ committed: number; available: number }> {
  const [r] = await t.db.query(
    `SELECT committed_pence::int AS committed, available_pence::int AS available FROM personal_budget_balance WHERE budget_id = $1`,
    [budgetId],
  );
  return r;
}
async function bookingsOn(budgetId: string): Promise<number> {
  const [r] = await t.db.query(`SELECT count(*)::int AS n FROM booking WHERE budget_id = $1`, [budgetId]);
  return r.n;
}

const budget = (allocatedPence: number) => personsBudget(t, w, 'COUNCIL_MANAGED', allocatedPence);
const oneVisit = (hours: number) => [{ start: hoursFromNow(hours).toISOString(), minutes: 60 }];

test('50 concurrent requests against a budget that pays for exactly 7: 7 bookings, 43 INSUFFICIENT_BUDGET, the exact balance', async () => {
  const k = 7;
  const spare = 1_000;
  const budgetId = await budget(k * HOUR_PENCE + spare);
  const results = await answers(
    Array.from({ length: 50 }, (_, i) => ({
      budgetId,
      serviceId: w.services.home,
      visits: oneVisit(48 + 2 * i),
      idempotencyKey: `race-${i}`,
    })),
  );
  const booked = results.filter((r) => r.__typename === 'Booking');
  const refused = results.filter((r) => r.__typename === 'InsufficientBudgetError');
  expect([booked.length, refused.length]).toEqual([k, 50 - k]);
  expect(new Set(refused.map((r) => r.shortByPence))).toEqual(new Set([HOUR_PENCE - spare]));
  expect(await balance(budgetId)).toEqual({ committed: k * HOUR_PENCE, available: spare });
  expect(await bookingsOn(budgetId)).toBe(k);
  expect(internalErrors(t)).toEqual([]);
});

test('one idempotency key sent 20 times at once: one booking, one hold, one audit event, 20 identical answers', async () => {
  const budgetId = await budget(100_000);
  const input = { budgetId, serviceId: w.services.home, visits: oneVisit(200), idempotencyKey: 'same-twenty' };
  const results = await answers(Array.from({ length: 20 }, () => input));
  expect(new Set(results.map((r) => JSON.stringify(r))).size).toBe(1);
  expect(results[0]).toMatchObject({ __typename: 'Booking', totalPence: HOUR_PENCE });
  expect(await bookingsOn(budgetId)).toBe(1);
  expect(await balance(budgetId)).toEqual({ committed: HOUR_PENCE, available: 100_000 - HOUR_PENCE });
  expect(await auditCount(t, 'booking.request', results[0].id)).toBe(1);

  const reused = await answers([{ ...input, visits: oneVisit(201) }]);
  expect(reused[0]).toMatchObject({ __typename: 'IdempotencyKeyReusedError', code: 'CONFLICT' });
  expect(await bookingsOn(budgetId)).toBe(1);
});

test('one key sent at once with two different inputs: one booking; each answer is it (same input) or CONFLICT', async () => {
  const budgetId = await budget(100_000);
  const a = { budgetId, serviceId: w.services.home, visits: oneVisit(300), idempotencyKey: 'two-inputs' };
  const b = { ...a, notes: 'A different request' };
  const results = await answers(Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b)));
  const ids = new Set(results.filter((r) => r.__typename === 'Booking').map((r) => r.id));
  expect(ids.size).toBe(1);
  expect(results.filter((r) => r.__typename === 'Booking').length).toBe(10);
  expect(results.filter((r) => r.code === 'CONFLICT').length).toBe(10);
  expect(await bookingsOn(budgetId)).toBe(1);
});

test('one key racing for two budgets of the same person: one booking, the rest CONFLICT, never an internal error', async () => {
  const [first, second] = [await budget(100_000), await budget(100_000)];
  const visits = oneVisit(400);
  const results = await answers(
    Array.from({ length: 20 }, (_, i) => ({
      budgetId: i % 2 ? first : second,
      serviceId: w.services.home,
      visits,
      idempotencyKey: 'two-budgets',
    })),
  );
  const booked = results.filter((r) => r.__typename === 'Booking');
  expect(new Set(booked.map((r) => r.id)).size).toBe(1);
  expect(booked.length).toBe(10);
  expect(results.filter((r) => r.code === 'CONFLICT').length).toBe(10);
  expect((await bookingsOn(first)) + (await bookingsOn(second))).toBe(1);
  expect(internalErrors(t)).toEqual([]);
});

test('a failure after the hold is written leaves no hold, no booking, no visits, and a masked error', async () => {
  const budgetId = await budget(100_000);
  const count = () => bookingRows(t);
  const before = await count();
  // The booking's audit event is written after its hold: failing it fails the transaction after the hold.
  await t.db.query(`CREATE FUNCTION test_fail_booking_audit() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN IF NEW.action = 'booking.request' THEN RAISE EXCEPTION 'simulated failure in relation audit_event'; END IF; RETURN NEW; END $$`);
  await t.db.query(`CREATE TRIGGER test_fail_booking_audit BEFORE INSERT ON audit_event
    FOR EACH ROW EXECUTE FUNCTION test_fail_booking_audit()`);
  const input = { budgetId, serviceId: w.services.home, visits: oneVisit(500), idempotencyKey: 'fails-after-hold' };
  let res: Awaited<ReturnType<typeof send>>;
  try {
    res = await send(input);
  } finally {
    await t.db.query(`DROP TRIGGER test_fail_booking_audit ON audit_event`);
    await t.db.query(`DROP FUNCTION test_fail_booking_audit()`);
  }
  expect(res.errors).toEqual([
    expect.objectContaining({ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }),
  ]);
  expect(JSON.stringify(res)).not.toMatch(/simulated|audit_event|SQL|INSERT/i);
  expect(await count()).toEqual(before);
  expect(await balance(budgetId)).toEqual({ committed: 0, available: 100_000 });
  t.logs.splice(0);

  // Nothing of the failed attempt holds the key: the retry books.
  const retry = await send(input);
  expect(retry.data?.requestBooking).toMatchObject({ __typename: 'Booking', totalPence: HOUR_PENCE });
});

test('the ledgers balance', async () => {
  await expectLedgersBalanced(t.db);
});
