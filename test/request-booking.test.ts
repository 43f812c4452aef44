import { describe, expect, test } from 'vitest';
import { useTestApp } from './support/app.js';
import { bookingRows, type RequestBookingAnswer, requestBooking, serviceLike } from './support/booking-requests.js';
import { expectLedgersBalanced, hoursFromNow, personsBudget } from './support/brokerage.js';
import { auditCount, code, createWidgetSession } from './support/graphql.js';
import { PARTNER_ORIGIN, SCOPED_KEY, useWorld } from './support/world.js';

/**
 * Story 3, "Book": requestBooking holds the total on the budget in the transaction that creates the
 * booking and its visits, for those who may book on the budget; every refusal is typed and writes nothing.
 */

const t = useTestApp({ seeded: 'world' });
const w = useWorld(t);

let keys = 0;
const key = () => `key-${++keys}-${Date.now()}`;
const at = (hours: number, minutes = 60) => ({ start: hoursFromNow(hours).toISOString(), minutes });

const send = (input: Record<string, unknown>, headers: Record<string, string>) => requestBooking(t, input, headers);
async function booked(input: Record<string, unknown>, headers: Record<string, string>): Promise<RequestBookingAnswer> {
  const res = await send(input, headers);
  expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
  return res.data!.requestBooking;
}

const rows = () => bookingRows(t);
async function available(budgetId: string): Promise<number> {
  const [r] = await t.db.query(`SELECT available_pence::int AS a FROM personal_budget_balance WHERE budget_id = $1`, [budgetId]);
  return r.a;
}

const directPayment = (paidInPence = 100_000, extra: Parameters<typeof personsBudget>[4] = {}) =>
  personsBudget(t, w, 'DIRECT_PAYMENT', 500_000, { paidInPence, ...extra });
const councilManaged = () => personsBudget(t, w, 'COUNCIL_MANAGED', 500_000);

describe('who may book', () => {
  test('the person: a REQUESTED booking, its visits priced, the total held on the budget, audited without the notes', async () => {
    const budgetId = await directPayment();
    const before = await rows();
    const notes = 'Please use the side door; I have a heart condition.';
    const b = await booked(
      { budgetId, serviceId: w.services.home, visits: [at(72, 90), at(48)], idempotencyKey: key(), notes },
      w.headers('person'),
    );
    expect(b).toMatchObject({
      __typename: 'Booking',
      status: 'REQUESTED',
      totalPence: 3550 + 5200,
      budget: { id: budgetId },
      service: { id: w.services.home },
      preferredWorkers: [],
    });
    expect(b.visits!.map((v) => [v.minutes, v.pricePence, v.status])).toEqual([
      [60, 3550, 'SCHEDULED'],
      [90, 5200, 'SCHEDULED'],
    ]);
    expect(await available(budgetId)).toBe(100_000 - 8750);
    expect(await rows()).toEqual({
      ...before,
      bookings: before.bookings + 1,
      visits: before.visits + 2,
      ledger: before.ledger + 1,
      audit: before.audit + 2,
    });
    const [hold] = await t.db.query(`SELECT kind, amount_pence FROM budget_ledger_entry WHERE booking_id = $1`, [b.id]);
    expect(hold).toEqual({ kind: 'HOLD', amount_pence: 8750 });
    const [audit] = await t.db.query(
      `SELECT summary::text AS s, actor_person_id FROM audit_event WHERE action = 'booking.request' AND object_id = $1`,
      [b.id],
    );
    expect(audit.actor_person_id).toBe(w.ids.person);
    expect(audit.s).not.toMatch(/heart|side door/);
    expect(JSON.parse(audit.s)).toMatchObject({ totalPence: 8750, visits: 2, budgetId });
  });

  test('a representative with BOOK, weekly, naming preferred care workers of the provider', async () => {
    const budgetId = await directPayment();
    const b = await booked(
      {
        budgetId,
        serviceId: w.services.home,
        weekly: { startsOn: '2027-02-01', weeks: 4, slots: [{ day: 'TUESDAY', time: '10:00', minutes: 60 }] },
        idempotencyKey: key(),
        preferredWorkerIds: [w.ids.secondCareWorker, w.ids.careWorker],
      },
      w.headers('representativeAll'),
    );
    expect(b.visits!.map((v) => v.startsAt)).toEqual(
      ['2027-02-02', '2027-02-09', '2027-02-16', '2027-02-23'].map((d) => `${d}T10:00:00.000Z`),
    );
    expect(b.preferredWorkers).toEqual([{ id: w.ids.secondCareWorker }, { id: w.ids.careWorker }]);
    expect(b.totalPence).toBe(4 * 3550);
  });

  test('an officer of the council, on a council-managed budget', async () => {
    const budgetId = await councilManaged();
    const b = await booked({ budgetId, serviceId: w.services.home, visits: [at(48)], idempotencyKey: key() }, w.headers('officer'));
    expect(b.__typename).toBe('Booking');
    expect(await available(budgetId)).toBe(500_000 - 3550);
  });

  test('a BOOKING widget session for the person, from the partner’s page', async () => {
    const budgetId = await directPayment();
    const session = await createWidgetSession(t, { personId: w.ids.person, purpose: 'BOOKING', origin: PARTNER_ORIGIN }, SCOPED_KEY);
    const headers = { authorization: `Bearer ${session.data!.createWidgetSession.token}`, origin: PARTNER_ORIGIN };
    const b = await booked({ budgetId, serviceId: w.services.home, visits: [at(48)], idempotencyKey: key() }, headers);
    expect(b.__typename).toBe('Booking');
  });

  test('everyone else is FORBIDDEN, without a hint of the budget, and nothing is written; no sign-in is UNAUTHENTICATED', async () => {
    const dp = await directPayment();
    const friend = { authorization: `Bearer ${await w.login(w.emails.friend)}` };
    const denied: [string, Record<string, string>, string][] = [
      ['friend', friend, dp],
      ...(['otherPerson', 'careWorker', 'coordinator', 'otherOfficer', 'widget', 'representativeNone', 'partner'] as const).map(
        (r): [string, Record<string, string>, string] => [r, w.headers(r), dp],
      ),
      // An officer spends a council-managed budget, not a direct payment.
      ['officer on a direct payment', w.headers('officer'), dp],
    ];
    const before = await rows();
    for (const [who, headers, budgetId] of denied) {
      const res = await send({ budgetId, serviceId: w.services.home, visits: [at(48)], idempotencyKey: key() }, headers);
      expect(code(res), who).toBe('FORBIDDEN');
      expect(res.errors![0].message, who).not.toMatch(/budget/i);
    }
    const anonymous = await send({ budgetId: dp, serviceId: w.services.home, visits: [at(48)], idempotencyKey: key() }, {});
    expect(code(anonymous)).toBe('UNAUTHENTICATED');
    expect(await rows()).toEqual(before);
  });
});

describe('refusals: typed, and nothing written', () => {
  async function refused(input: Record<string, unknown>, headers = w.headers('person')) {
    const before = await rows();
    const res = await send({ serviceId: w.services.home, idempotencyKey: key(), ...input }, headers);
    expect(await rows(), 'a refusal writes nothing').toEqual(before);
    return res;
  }
  const member = async (input: Record<string, unknown>, headers?: Record<string, string>) => {
    const res = await refused(input, headers);
    expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
    return res.data!.requestBooking;
  };

  test('INSUFFICIENT_BUDGET with the exact shortfall (a direct payment commits only money paid in)', async () => {
    const budgetId = await directPayment(5_000);
    const r = await member({ budgetId, visits: [at(48), at(72)] });
    expect(r).toMatchObject({ __typename: 'InsufficientBudgetError', code: 'INSUFFICIENT_BUDGET', shortByPence: 2 * 3550 - 5_000 });
    expect(r.message).toMatch(/£71\.00.*£50\.00.*£21\.00 short/);
  });

  test('OUTSIDE_SERVICE_AREA: care given in HX1, which provider A does not reach', async () => {
    const budgetId = await directPayment(100_000, { carePostcode: 'HX1 1UJ' });
    expect(await member({ budgetId, visits: [at(48)] })).toMatchObject({
      __typename: 'OutsideServiceAreaError',
      code: 'OUTSIDE_SERVICE_AREA',
    });
  });

  test('NOT_BOOKABLE: council-managed on a direct-payments-only service, a draft listing’s service, another provider’s ISF', async () => {
    const cm = await councilManaged();
    expect(await member({ budgetId: cm, serviceId: w.services.strict, visits: [at(72)] }, w.headers('officer'))).toMatchObject({
      __typename: 'NotBookableError',
      code: 'NOT_BOOKABLE',
    });
    const dp = await directPayment();
    const draft = await member({ budgetId: dp, serviceId: w.services.draft, visits: [at(72)] });
    expect(draft).toMatchObject({ code: 'NOT_BOOKABLE' });
    expect(draft.message).toMatch(/not open for booking/);
    const isf = await personsBudget(t, w, 'INDIVIDUAL_SERVICE_FUND', 100_000, { heldByProviderId: w.providerB });
    expect(await member({ budgetId: isf, visits: [at(72)] })).toMatchObject({ code: 'NOT_BOOKABLE' });
  });

  test('an ISF books its holder’s services', async () => {
    const isf = await personsBudget(t, w, 'INDIVIDUAL_SERVICE_FUND', 100_000, { heldByProviderId: w.providerA });
    const b = await booked({ budgetId: isf, serviceId: w.services.home, visits: [at(72)], idempotencyKey: key() }, w.headers('person'));
    expect(b.__typename).toBe('Booking');
  });

  test('a visit in the past, shorter than the service’s minimum, overlapping another, outside the budget’s period', async () => {
    const budgetId = await directPayment();
    expect(await member({ budgetId, visits: [at(48), at(-1)] })).toMatchObject({
      __typename: 'VisitInThePastError',
      code: 'VISIT_IN_THE_PAST',
    });
    expect(await member({ budgetId, visits: [at(48, 20)] })).toMatchObject({ __typename: 'VisitTooShortError', code: 'VISIT_TOO_SHORT' });
    expect(
      await member({ budgetId, visits: [at(48, 90), { start: new Date(hoursFromNow(49)).toISOString(), minutes: 60 }] }),
    ).toMatchObject({
      __typename: 'VisitsOverlapError',
      code: 'VISITS_OVERLAP',
    });
    // Back to back is not an overlap.
    const adjacent = await booked(
      { budgetId, serviceId: w.services.home, visits: [at(96), at(97)], idempotencyKey: key() },
      w.headers('person'),
    );
    expect(adjacent.__typename).toBe('Booking');

    const ends = hoursFromNow(24 * 20);
    const periodEnd = ends.toLocaleDateString('en-CA', { timeZone: 'Europe/London' });
    const short = await directPayment(100_000, { periodEnd });
    expect(await member({ budgetId: short, visits: [at(48), at(24 * 21)] })).toMatchObject({
      __typename: 'OutsideBudgetPeriodError',
      code: 'OUTSIDE_BUDGET_PERIOD',
    });
  });

  test('BAD_USER_INPUT: over 400 visits, a bad key, long notes, preferred workers not the provider’s care workers', async () => {
    const budgetId = await directPayment();
    const many = Array.from({ length: 401 }, (_, i) => at(48 + 2 * i));
    const bad: Record<string, unknown>[] = [
      { visits: many },
      {
        weekly: {
          startsOn: '2027-01-04',
          weeks: 52,
          slots: Array.from({ length: 8 }, () => ({ day: 'MONDAY', time: '09:00', minutes: 30 })),
        },
      },
      { visits: [at(48)], idempotencyKey: '' },
      { visits: [at(48)], idempotencyKey: 'has a space' },
      { visits: [at(48)], idempotencyKey: 'k'.repeat(201) },
      { visits: [at(48)], notes: 'n'.repeat(2001) },
      { visits: [at(48)], preferredWorkerIds: [w.ids.coordinator] },
      { visits: [at(48)], preferredWorkerIds: [w.ids.careWorker, w.ids.careWorker] },
      { visits: [at(48)], preferredWorkerIds: Array.from({ length: 6 }, () => crypto.randomUUID()) },
      { visits: [at(48)], weekly: { startsOn: '2027-01-04', weeks: 1, slots: [{ day: 'MONDAY', time: '09:00', minutes: 60 }] } },
    ];
    for (const input of bad) {
      const res = await refused({ budgetId, ...input });
      expect(code(res), JSON.stringify(input).slice(0, 120)).toBe('BAD_USER_INPUT');
    }
  });

  test('a booking costing over £1,000,000 is BAD_USER_INPUT, even on a budget topped up to pay it, not an internal error', async () => {
    const budgetId = await personsBudget(t, w, 'COUNCIL_MANAGED', 100_000_000);
    await t.db.query(
      `INSERT INTO budget_ledger_entry (budget_id, kind, amount_pence, effective_on) VALUES ($1, 'TOP_UP', 100000000, current_date)`,
      [budgetId],
    );
    // £1,000 an hour, the most a listing may ask: 42 whole days of it cost £1,008,000.
    const serviceId = await serviceLike(t, w, { hourly_rate_pence: 100_000, travel_charge_pence_per_visit: 0 });
    const res = await refused({ budgetId, serviceId, visits: Array.from({ length: 42 }, (_, i) => at(48 + 24 * i, 1440)) });
    expect(res.errors?.[0]).toMatchObject({ message: expect.stringContaining('£1,000,000'), extensions: { code: 'BAD_USER_INPUT' } });
    expect(await available(budgetId)).toBe(200_000_000);
  });

  test('an unknown budget or service is NOT_FOUND', async () => {
    const budgetId = await directPayment();
    expect(code(await refused({ budgetId: '00000000-0000-4000-8000-000000000003', visits: [at(48)] }))).toBe('NOT_FOUND');
    expect(code(await refused({ budgetId, serviceId: '00000000-0000-4000-8000-000000000004', visits: [at(48)] }))).toBe('NOT_FOUND');
  });
});

test('a free service books with nothing held: the ledger takes no line of 0', async () => {
  const budgetId = await councilManaged();
  const serviceId = await serviceLike(t, w, { hourly_rate_pence: 0, travel_charge_pence_per_visit: 0 });
  const b = await booked({ budgetId, serviceId, visits: [at(48)], idempotencyKey: key() }, w.headers('person'));
  expect(b).toMatchObject({ __typename: 'Booking', status: 'REQUESTED', totalPence: 0, visits: [{ pricePence: 0 }] });
  expect(await available(budgetId)).toBe(500_000);
});

describe('idempotency', () => {
  test('the same key and input: the same booking, nothing written; a different input: IdempotencyKeyReusedError', async () => {
    const budgetId = await directPayment();
    const k = key();
    const input = { budgetId, serviceId: w.services.home, visits: [at(120)], idempotencyKey: k, notes: 'Mornings' };
    const first = await booked(input, w.headers('person'));
    const before = await rows();
    // The representative retrying the person's request is the same request: the key is the budget holder's.
    const again = await booked(input, w.headers('representativeAll'));
    expect(again).toEqual(first);
    expect(await rows()).toEqual(before);
    for (const changed of [{ notes: 'Evenings' }, { visits: [at(121)] }, { serviceId: w.services.strict }]) {
      const r = await booked({ ...input, ...changed }, w.headers('person'));
      expect(r).toMatchObject({ __typename: 'IdempotencyKeyReusedError', code: 'CONFLICT' });
    }
    expect(await rows()).toEqual(before);
    expect(await auditCount(t, 'booking.request', first.id)).toBe(1);
  });

  test('the same visits given as instants or as a weekly schedule are the same request', async () => {
    const budgetId = await directPayment();
    const k = key();
    const weekly = await booked(
      {
        budgetId,
        serviceId: w.services.home,
        weekly: { startsOn: '2027-06-07', weeks: 2, slots: [{ day: 'MONDAY', time: '09:00', minutes: 60 }] },
        idempotencyKey: k,
      },
      w.headers('person'),
    );
    const instants = await booked(
      {
        budgetId,
        serviceId: w.services.home,
        visits: ['2027-06-14T08:00:00Z', '2027-06-07T08:00:00Z'].map((start) => ({ start, minutes: 60 })),
        idempotencyKey: k,
      },
      w.headers('person'),
    );
    expect(instants.id).toBe(weekly.id);
  });
});

test('the ledgers balance', async () => {
  await expectLedgersBalanced(t.db);
});
