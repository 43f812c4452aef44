import { describe, expect, test } from 'vitest';
import { loadConfig } from '../api/config.js';
import { createServices } from '../api/modules.js';
import { useTestApp } from './support/app.js';
import { serviceLike } from './support/booking-requests.js';
import { expectLedgersBalanced, hoursFromNow, personsBudget } from './support/brokerage.js';
import { code, internalErrors } from './support/graphql.js';
import { addService } from './support/seed.js';
import { useWorld } from './support/world.js';

/**
 * Story 2, "Quote": what a schedule of visits costs, in UK local time across the clock changes, whether
 * the service reaches the postcode, whether a budget can pay, and whether the rate is below the floor.
 */

const QUOTE = `query($i: QuoteInput!) { quote(input: $i) {
  __typename
  ... on Quote {
    visits { start minutes pricePence } visitCount hours hourlyRatePence careCostPence travelIncluded travelPencePerVisit travelPence
    totalPence weeks perWeekPence postcode coversPostcode bookable notBookableReasons fairPriceFloorPence belowFairPriceFloor
    budget { canPay availablePence leftAfterPence shortByPence kindAccepted }
  }
  ... on ErrorResult { code message }
} }`;

interface Quote {
  __typename: string;
  visits: { start: string; minutes: number; pricePence: number }[];
  visitCount: number;
  hours: number;
  hourlyRatePence: number;
  careCostPence: number;
  travelIncluded: boolean;
  travelPencePerVisit: number;
  travelPence: number;
  totalPence: number;
  weeks: number;
  perWeekPence: number;
  postcode: string;
  coversPostcode: boolean;
  bookable: boolean;
  notBookableReasons: string[];
  fairPriceFloorPence: number;
  belowFairPriceFloor: boolean;
  budget: { canPay: boolean; availablePence: number; leftAfterPence: number; shortByPence: number; kindAccepted: boolean } | null;
  code?: string;
  message?: string;
}

const t = useTestApp({ seeded: 'world' });
const w = useWorld(t);

async function quote(input: Record<string, unknown>, headers: Record<string, string> = {}) {
  return t.gql<{ quote: Quote }, unknown>(QUOTE, { i: input }, headers);
}
async function quoted(input: Record<string, unknown>, headers: Record<string, string> = {}): Promise<Quote> {
  const res = await quote(input, headers);
  expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
  return res.data!.quote;
}

describe('pricing a schedule', () => {
  test('one-off visits: hours × rate per visit, travel per visit, the total and per week', async () => {
    const first = hoursFromNow(48);
    const second = new Date(first.getTime() + 3 * 3_600_000);
    const q = await quoted({
      serviceId: w.services.home,
      postcode: 'hd1 2ta',
      visits: [
        { start: second.toISOString(), minutes: 90 },
        { start: first.toISOString(), minutes: 60 },
      ],
    });
    expect(q).toMatchObject({
      __typename: 'Quote',
      visits: [
        { start: first.toISOString(), minutes: 60, pricePence: 3300 + 250 },
        { start: second.toISOString(), minutes: 90, pricePence: 4950 + 250 },
      ],
      visitCount: 2,
      hours: 2.5,
      hourlyRatePence: 3300,
      careCostPence: 8250,
      travelIncluded: false,
      travelPencePerVisit: 250,
      travelPence: 500,
      totalPence: 8750,
      postcode: 'HD1 2TA',
      coversPostcode: true,
      bookable: true,
      notBookableReasons: [],
      budget: null,
    });
    expect(q.perWeekPence).toBe(Math.round(8750 / q.weeks));
  });

  test('a visit’s price rounds to the penny: 20 minutes at £33 an hour is £11.00, 25 minutes £13.75, 7 minutes £3.85', async () => {
    const at = hoursFromNow(50);
    const q = await quoted({
      serviceId: w.services.home,
      postcode: 'HD1 2TA',
      visits: [7, 25].map((minutes, i) => ({ start: new Date(at.getTime() + i * 3_600_000).toISOString(), minutes })),
    });
    expect(q.visits.map((v) => v.pricePence)).toEqual([385 + 250, 1375 + 250]);
  });

  test('weekly across the last Sunday of October: 09:00 stays 09:00 in London (08:00 UTC in summer time, 09:00 after)', async () => {
    const q = await quoted({
      serviceId: w.services.home,
      postcode: 'HD1 2TA',
      weekly: {
        startsOn: '2027-10-20',
        weeks: 2,
        slots: [
          { day: 'MONDAY', time: '09:00', minutes: 60 },
          { day: 'WEDNESDAY', time: '18:30', minutes: 30 },
        ],
      },
    });
    expect(q.visits.map((v) => [v.start, v.minutes])).toEqual([
      ['2027-10-20T17:30:00.000Z', 30],
      ['2027-10-25T08:00:00.000Z', 60],
      ['2027-10-27T17:30:00.000Z', 30],
      ['2027-11-01T09:00:00.000Z', 60],
    ]);
    expect(q.weeks).toBe(2);
    const total = 2 * (3300 + 250) + 2 * (1650 + 250);
    expect([q.totalPence, q.perWeekPence, q.hours]).toEqual([total, total / 2, 3]);
  });

  test('weekly across the last Sunday of March: 09:00 GMT, then 09:00 BST (08:00 UTC)', async () => {
    const q = await quoted({
      serviceId: w.services.home,
      postcode: 'HD1 2TA',
      weekly: { startsOn: '2027-03-22', weeks: 2, slots: [{ day: 'MONDAY', time: '09:00', minutes: 60 }] },
    });
    expect(q.visits.map((v) => v.start)).toEqual(['2027-03-22T09:00:00.000Z', '2027-03-29T08:00:00.000Z']);
  });

  test('a time the clocks skip, or pass twice, is refused saying which and when', async () => {
    const skipped = await quote({
      serviceId: w.services.home,
      postcode: 'HD1 2TA',
      weekly: { startsOn: '2027-03-22', weeks: 1, slots: [{ day: 'SUNDAY', time: '01:30', minutes: 60 }] },
    });
    expect(code(skipped)).toBe('BAD_USER_INPUT');
    expect(skipped.errors![0].message).toMatch(/01:30 on Sunday,? 28 March 2027 does not exist.*clocks go forward/);
    const twice = await quote({
      serviceId: w.services.home,
      postcode: 'HD1 2TA',
      weekly: { startsOn: '2027-10-25', weeks: 1, slots: [{ day: 'SUNDAY', time: '01:30', minutes: 60 }] },
    });
    expect(code(twice)).toBe('BAD_USER_INPUT');
    expect(twice.errors![0].message).toMatch(/01:30 on Sunday,? 31 October 2027 happens twice.*clocks go back/);
  });

  test('bad schedules are BAD_USER_INPUT: neither or both forms, over 400 visits, minutes out of range, a bad time', async () => {
    const at = hoursFromNow(48).toISOString();
    const weekly = (weeks: number, slots: number, time = '09:00') => ({
      startsOn: '2027-01-04',
      weeks,
      slots: Array.from({ length: slots }, () => ({ day: 'MONDAY', time, minutes: 60 })),
    });
    const bad = [
      {},
      { visits: [{ start: at, minutes: 60 }], weekly: weekly(1, 1) },
      { weekly: weekly(20, 21) },
      { weekly: weekly(53, 1) },
      { weekly: weekly(1, 1, '9am') },
      { weekly: weekly(1, 1, '24:00') },
      { visits: [] },
      { visits: [{ start: at, minutes: 0 }] },
      { visits: [{ start: at, minutes: 1441 }] },
      { visits: Array.from({ length: 401 }, (_, i) => ({ start: new Date(Date.parse(at) + i * 7_200_000).toISOString(), minutes: 60 })) },
    ];
    for (const schedule of bad) {
      const res = await quote({ serviceId: w.services.home, postcode: 'HD1 2TA', ...schedule });
      expect(code(res), JSON.stringify(schedule).slice(0, 200)).toBe('BAD_USER_INPUT');
    }
    const ok = await quoted({ serviceId: w.services.home, postcode: 'HD1 2TA', weekly: weekly(20, 20) });
    expect(ok.visitCount).toBe(400);
  });

  test('a visit or a weekly schedule more than ten years from now is BAD_USER_INPUT naming it, not a server error', async () => {
    const near = hoursFromNow(48).toISOString();
    const slot = { day: 'MONDAY', time: '09:00', minutes: 60 };
    for (const [schedule, argument] of [
      [
        {
          visits: [
            { start: near, minutes: 60 },
            { start: '0001-01-01T00:00:00Z', minutes: 60 },
          ],
        },
        'input.visits[1].start',
      ],
      [{ visits: [{ start: '9999-12-31T23:59:00Z', minutes: 1440 }] }, 'input.visits[0].start'],
      [{ weekly: { startsOn: '9999-12-25', weeks: 1, slots: [slot] } }, 'input.weekly.startsOn'],
      [{ weekly: { startsOn: '1900-01-01', weeks: 1, slots: [slot] } }, 'input.weekly.startsOn'],
    ] as const) {
      const res = await quote({ serviceId: w.services.home, postcode: 'HD1 2TA', ...schedule });
      expect([code(res), res.errors?.[0]?.extensions?.argument], JSON.stringify(schedule)).toEqual(['BAD_USER_INPUT', argument]);
    }
    expect(internalErrors(t)).toEqual([]);
  });

  test('travel included in the rate: no travel line, and a rate under the fair-price floor is flagged, not refused', async () => {
    const included = await addService(t.services, w.providerA, {
      name: 'Sitting service (test)',
      hourlyRatePence: 3000,
      minimumVisitMinutes: 30,
      travelChargePencePerVisit: 0,
    });
    const q = await quoted({
      serviceId: included.id,
      postcode: 'HD1 2TA',
      visits: [{ start: hoursFromNow(48).toISOString(), minutes: 60 }],
    });
    expect(q).toMatchObject({
      travelIncluded: true,
      travelPence: 0,
      totalPence: 3000,
      careCostPence: 3000,
      belowFairPriceFloor: true,
      fairPriceFloorPence: 3214,
      bookable: true,
    });
    const home = await quoted({
      serviceId: w.services.home,
      postcode: 'HD1 2TA',
      visits: [{ start: hoursFromNow(48).toISOString(), minutes: 60 }],
    });
    expect([home.belowFairPriceFloor, home.fairPriceFloorPence]).toEqual([false, 3214]);
  });

  test('the floor is a setting: COOPCARE_FAIR_PRICE_FLOOR_PENCE, £32.14 by default', async () => {
    expect(loadConfig({}).fairPriceFloorPence).toBe(3214);
    expect(loadConfig({ COOPCARE_FAIR_PRICE_FLOOR_PENCE: '3500' }).fairPriceFloorPence).toBe(3500);
    expect(() => loadConfig({ COOPCARE_FAIR_PRICE_FLOOR_PENCE: '£35' })).toThrow(/COOPCARE_FAIR_PRICE_FLOOR_PENCE/);
    const services = createServices(t.appDb, { ...loadConfig({}), fairPriceFloorPence: 3500 });
    const q = await services.quotes.quote(
      { actor: { kind: 'anonymous' }, requestId: 'floor-test' },
      { serviceId: w.services.home, postcode: 'HD1 2TA', visits: [{ start: hoursFromNow(48), minutes: 60 }] },
    );
    expect([q.fairPriceFloorPence, q.belowFairPriceFloor]).toEqual([3500, true]);
  });
});

describe('where the care is given', () => {
  const visits = () => [{ start: hoursFromNow(48).toISOString(), minutes: 60 }];

  test('a postcode the service reaches, and one it does not (HX1, outside provider A’s HD1)', async () => {
    expect((await quoted({ serviceId: w.services.home, postcode: 'HD1 2TA', visits: visits() })).coversPostcode).toBe(true);
    const far = await quoted({ serviceId: w.services.home, postcode: 'HX1 1UJ', visits: visits() });
    expect([far.coversPostcode, far.bookable, far.postcode]).toEqual([false, false, 'HX1 1UJ']);
    expect(far.notBookableReasons).toEqual(['This service does not reach HX1 1UJ.']);
  });

  test('visits costing over £1,000,000 are not bookable, saying why', async () => {
    const serviceId = await serviceLike(t, w, { hourly_rate_pence: 100_000, travel_charge_pence_per_visit: 0 });
    const dear = await quoted({
      serviceId,
      postcode: 'HD1 2TA',
      visits: Array.from({ length: 42 }, (_, i) => ({ start: hoursFromNow(48 + 24 * i).toISOString(), minutes: 1440 })),
    });
    expect([dear.totalPence, dear.bookable, dear.notBookableReasons]).toEqual([
      100_800_000,
      false,
      ['A booking costs at most £1,000,000.00: book these visits in parts.'],
    ]);
  });

  test('a malformed or unknown postcode is its typed member', async () => {
    const malformed = await quoted({ serviceId: w.services.home, postcode: 'not a postcode', visits: visits() });
    expect(malformed).toMatchObject({ __typename: 'InvalidPostcodeError', code: 'INVALID_POSTCODE' });
    const unknown = await quoted({ serviceId: w.services.home, postcode: 'ZE9 9ZZ', visits: visits() });
    expect(unknown).toMatchObject({ __typename: 'PostcodeNotFoundError', code: 'POSTCODE_NOT_FOUND' });
  });

  test('an unpublished listing’s service is not bookable; an unknown one is NOT_FOUND; no postcode is BAD_USER_INPUT', async () => {
    const draft = await quoted({ serviceId: w.services.draft, postcode: 'HX1 1UJ', visits: visits() });
    expect(draft.bookable).toBe(false);
    expect(draft.notBookableReasons[0]).toMatch(/not open for booking/);
    expect(code(await quote({ serviceId: '00000000-0000-4000-8000-000000000001', postcode: 'HD1 2TA', visits: visits() }))).toBe(
      'NOT_FOUND',
    );
    expect(code(await quote({ serviceId: w.services.home, visits: visits() }))).toBe('BAD_USER_INPUT');
  });
});

describe('with a budget', () => {
  const oneHour = () => [{ start: hoursFromNow(48).toISOString(), minutes: 60 }];

  test('one that can pay: what is available and what would be left; the postcode defaults to the budget’s', async () => {
    const budgetId = await personsBudget(t, w, 'DIRECT_PAYMENT', 100_000, { paidInPence: 10_000 });
    const q = await quoted({ serviceId: w.services.home, budgetId, visits: oneHour() }, w.headers('person'));
    expect(q.postcode).toBe('HD1 2TA');
    expect(q.budget).toEqual({ canPay: true, availablePence: 10_000, leftAfterPence: 10_000 - 3550, shortByPence: 0, kindAccepted: true });
    const rep = await quoted({ serviceId: w.services.home, budgetId, visits: oneHour() }, w.headers('representativeAll'));
    expect(rep.budget?.canPay).toBe(true);
  });

  test('one that cannot: short by the exact amount', async () => {
    const budgetId = await personsBudget(t, w, 'DIRECT_PAYMENT', 100_000, { paidInPence: 5_000 });
    const twoVisits = [0, 24].map((h) => ({ start: hoursFromNow(48 + h).toISOString(), minutes: 60 }));
    const q = await quoted({ serviceId: w.services.home, budgetId, visits: twoVisits }, w.headers('person'));
    expect(q.budget).toEqual({ canPay: false, availablePence: 5_000, leftAfterPence: -2_100, shortByPence: 2_100, kindAccepted: true });
  });

  test('a kind of budget the service does not take: cannot pay, and says why', async () => {
    const budgetId = await personsBudget(t, w, 'COUNCIL_MANAGED', 100_000);
    const q = await quoted({ serviceId: w.services.strict, budgetId, visits: oneHour() }, w.headers('officer'));
    expect(q.budget).toMatchObject({ canPay: false, kindAccepted: false, availablePence: 100_000 });
    expect(q.notBookableReasons).toEqual(['This service does not take council-managed budgets.']);
  });

  test('someone else’s budget is FORBIDDEN, an unknown one NOT_FOUND, and without signing in UNAUTHENTICATED', async () => {
    const budgetId = await personsBudget(t, w, 'COUNCIL_MANAGED', 100_000);
    const friend = { authorization: `Bearer ${await w.login(w.emails.friend)}` };
    const denied = {
      friend,
      ...Object.fromEntries((['otherPerson', 'coordinator', 'careWorker', 'otherOfficer'] as const).map((r) => [r, w.headers(r)])),
    };
    for (const [role, headers] of Object.entries(denied)) {
      const res = await quote({ serviceId: w.services.home, budgetId, visits: oneHour() }, headers);
      expect(code(res), role).toBe('FORBIDDEN');
      expect(res.errors![0].message).not.toMatch(/budget/i);
    }
    const unknown = await quote(
      { serviceId: w.services.home, budgetId: '00000000-0000-4000-8000-000000000002', visits: oneHour() },
      w.headers('person'),
    );
    expect(code(unknown)).toBe('NOT_FOUND');
    expect(code(await quote({ serviceId: w.services.home, budgetId, visits: oneHour() }))).toBe('UNAUTHENTICATED');
  });
});

test('a quote writes nothing; the ledgers balance', async () => {
  const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM booking`);
  expect(n).toBe(0);
  await expectLedgersBalanced(t.db);
});
