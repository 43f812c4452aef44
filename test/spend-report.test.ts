import { beforeAll, describe, expect, test } from 'vitest';
import { LedgerEntryKind } from '../api/brokerage/brokerage.enums.js';
import { londonDate } from '../api/common/london.js';
import { LegalForm } from '../api/directory/directory.enums.js';
import { useTestApp } from './support/app.js';
import {
  appendLines,
  expectLedgersBalanced,
  holdBooking,
  hoursFromNow,
  openBudget,
  personsBudget,
  settleVisits,
} from './support/brokerage.js';
import { serviceLike } from './support/booking-requests.js';
import { code } from './support/graphql.js';
import { addProvider, addService } from './support/seed.js';
import { useWorld } from './support/world.js';

/**
 * Story 9, the council's view. One hand-computed set of ledgers (three providers: two co-operatives in
 * HD1, council A's district, one publishing its care workers' pay; an agency based in HX1; services in two
 * categories at rates above and below the £32.14 floor; visits charged, held, released and refunded) and
 * every figure of the report checked against the sums worked out by hand below.
 */

const REPORT = `query($c: ID!, $from: DateTime!, $to: DateTime!) {
  spendReport(councilId: $c, from: $from, to: $to) {
    councilId fairPriceFloorPence cooperativeSharePercent localSharePercent averageHourlyRatePence
    totals { spentPence committedPence budgets people visitsCharged minutesCharged hoursCharged }
    byCategory { category { slug } spentPence committedPence }
    byProvider { provider { id name } spentPence committedPence isCooperative basedInCouncilArea careWorkerHourlyPayPence }
    visitsBelowFairPriceFloor { visits chargedPence }
    careWorkerPayShare { percent publishingProviders publishingSpentPence unpublishedProviders unpublishedSpentPence }
  }
}`;

const hour = 3_600_000;

describe('spendReport', () => {
  const t = useTestApp({ seeded: 'world' });
  const w = useWorld(t);
  const ids = { published: '', unpublished: '', agency: '' };
  let now = 0;

  const report = (role: Parameters<typeof w.headers>[0], councilId: string, from: number, to: number) =>
    t.gql<{ spendReport: Record<string, any> }, unknown>(
      REPORT,
      { c: councilId, from: new Date(from).toISOString(), to: new Date(to).toISOString() },
      w.headers(role),
    );

  // Three providers paid from council A’s budgets and one from council B’s: the figures every test reads.
  beforeAll(async () => {
    const s = t.services;
    // Two co-operatives based in HD1 (council A's district), one publishing its care workers' pay (£15 an hour).
    const published = await addProvider(s, { name: 'Pay Published Co-op', careWorkerHourlyPayPence: 1500 });
    const unpublished = await addProvider(s, { name: 'Quiet Co-op' });
    // An agency based in Halifax (HX1), serving HD1.
    const agency = await addProvider(s, {
      name: 'Halifax Agency',
      legalForm: LegalForm.OTHER,
      isCooperative: false,
      locations: [
        { name: 'Office', addressLine1: '1 Test Street', town: 'Halifax', postcode: 'HX1 1UJ', latitude: 53.7215, longitude: -1.861 },
      ],
    });
    Object.assign(ids, { published: published.id, unpublished: unpublished.id, agency: agency.id });
    const service = (providerId: string, category: string, hourlyRatePence: number, travelChargePencePerVisit: number) =>
      addService(s, providerId, {
        category,
        hourlyRatePence,
        travelChargePencePerVisit,
        acceptsCouncilManagedBudgets: true,
        acceptsDirectPayments: true,
      }).then((x) => x.id);
    const care = await service(published.id, 'personal-care', 3600, 0); // above the floor
    const domestic = await service(unpublished.id, 'domestic-help', 3000, 200); // below
    const agencyCare = await service(agency.id, 'personal-care', 2800, 0); // below

    const budget = (personId: string, councilId: string, actingPersonId: string) =>
      openBudget(s, { personId, councilId, kind: 'COUNCIL_MANAGED', allocatedPence: 100_000, actingPersonId });
    const b1 = await budget(w.ids.person, w.councilA, w.ids.officer);
    const b2 = await budget(w.ids.otherPerson, w.councilA, w.ids.officer);
    const b3 = await budget(w.ids.personB, w.councilB, w.ids.otherOfficer);

    // Visits a (60 min, £36) and b (90, £54) charged; c (+48 h, £36) held inside the report's window; d (+30 days) held outside it.
    const k1 = await holdBooking(s, {
      budgetId: b1,
      serviceId: care,
      visits: [
        { start: hoursFromNow(-48), minutes: 60 },
        { start: hoursFromNow(-24), minutes: 90 },
        { start: hoursFromNow(48), minutes: 60 },
        { start: hoursFromNow(30 * 24), minutes: 60 },
      ],
    });
    await settleVisits(s, { bookingId: k1.bookingId, visitIds: k1.visitIds.slice(0, 2), as: 'CHARGE' });
    // e (60 min: £30 + £2 travel) charged; f (+72 h, 30 min: £15 + £2) held.
    const k2 = await holdBooking(s, {
      budgetId: b2,
      serviceId: domestic,
      visits: [
        { start: hoursFromNow(-24), minutes: 60 },
        { start: hoursFromNow(72), minutes: 30 },
      ],
    });
    await settleVisits(s, { bookingId: k2.bookingId, visitIds: [k2.visitIds[0]], as: 'CHARGE' });
    // g (120 min, £56) charged then £10 of it refunded; h (+96 h) released: cancelled in good time.
    const k3 = await holdBooking(s, {
      budgetId: b1,
      serviceId: agencyCare,
      visits: [
        { start: hoursFromNow(-24), minutes: 120 },
        { start: hoursFromNow(96), minutes: 60 },
      ],
    });
    await settleVisits(s, { bookingId: k3.bookingId, visitIds: [k3.visitIds[0]], as: 'CHARGE' });
    await settleVisits(s, { bookingId: k3.bookingId, visitIds: [k3.visitIds[1]], as: 'RELEASE' });
    await appendLines(s, {
      budgetId: b1,
      actingPersonId: w.ids.officer,
      lines: [{ kind: LedgerEntryKind.REFUND, amountPence: 1000, effectiveOn: londonDate(new Date()), bookingId: k3.bookingId }],
    });
    // Council B's: one visit (60 min, £36) charged, one held.
    const k4 = await holdBooking(s, {
      budgetId: b3,
      serviceId: care,
      visits: [
        { start: hoursFromNow(-24), minutes: 60 },
        { start: hoursFromNow(48), minutes: 60 },
      ],
    });
    await settleVisits(s, { bookingId: k4.bookingId, visitIds: [k4.visitIds[0]], as: 'CHARGE' });
    now = Date.now();
  });

  test('every figure of council A’s report is the hand-computed one', async () => {
    const res = await report('officer', w.councilA, now - hour, now + 10 * 24 * hour);
    expect(res.errors).toBeUndefined();
    const r = res.data!.spendReport;
    // Spent: a 3600 + b 5400 + e 3200 + g 5600 − refund 1000; committed: c 3600 + f 1700 (d is after the window, h released).
    expect(r.totals).toEqual({
      spentPence: 16_800,
      committedPence: 5_300,
      budgets: 2,
      people: 2,
      visitsCharged: 4,
      minutesCharged: 330,
      hoursCharged: 5.5,
    });
    expect(r.byProvider).toEqual([
      {
        provider: { id: ids.published, name: 'Pay Published Co-op' },
        spentPence: 9_000,
        committedPence: 3_600,
        isCooperative: true,
        basedInCouncilArea: true,
        careWorkerHourlyPayPence: 1500,
      },
      {
        provider: { id: ids.agency, name: 'Halifax Agency' },
        spentPence: 4_600,
        committedPence: 0,
        isCooperative: false,
        basedInCouncilArea: false,
        careWorkerHourlyPayPence: null,
      },
      {
        provider: { id: ids.unpublished, name: 'Quiet Co-op' },
        spentPence: 3_200,
        committedPence: 1_700,
        isCooperative: true,
        basedInCouncilArea: true,
        careWorkerHourlyPayPence: null,
      },
    ]);
    expect(r.byCategory).toEqual([
      { category: { slug: 'personal-care' }, spentPence: 13_600, committedPence: 3_600 },
      { category: { slug: 'domestic-help' }, spentPence: 3_200, committedPence: 1_700 },
    ]);
    // (9000 + 3200) / 16800 = 72.619…%; both co-ops are the local ones.
    expect(r.cooperativeSharePercent).toBe(72.6);
    expect(r.localSharePercent).toBe(72.6);
    // (3600×60 + 3600×90 + 3000×60 + 2800×120) / 330 minutes.
    expect(r.averageHourlyRatePence).toBe(3200);
    expect(r.fairPriceFloorPence).toBe(3214);
    // e at £30 an hour (3200 with travel) and g at £28 (5600).
    expect(r.visitsBelowFairPriceFloor).toEqual({ visits: 2, chargedPence: 8_800 });
    // £15 of £36 an hour: 41.67%; the other two providers publish nothing.
    expect(r.careWorkerPayShare).toEqual({
      percent: 41.7,
      publishingProviders: 1,
      publishingSpentPence: 9_000,
      unpublishedProviders: 2,
      unpublishedSpentPence: 7_800,
    });
    expect(r.councilId).toBe(w.councilA);
  });

  test('from and to bound what counts: spend by when it was charged, commitments by when the visit starts', async () => {
    const later = (await report('officer', w.councilA, now + hour, now + 10 * 24 * hour)).data!.spendReport;
    expect(later.totals).toMatchObject({ spentPence: 0, committedPence: 5_300, visitsCharged: 0, budgets: 2 });
    expect(later.cooperativeSharePercent).toBeNull();
    expect(later.averageHourlyRatePence).toBeNull();
    expect(later.careWorkerPayShare.percent).toBeNull();
    const twoDays = (await report('officer', w.councilA, now - hour, now + 50 * hour)).data!.spendReport;
    expect(twoDays.totals).toMatchObject({ spentPence: 16_800, committedPence: 3_600 });
    const month = (await report('admin', w.councilA, now - hour, now + 31 * 24 * hour)).data!.spendReport;
    expect(month.totals.committedPence).toBe(8_900);
    const past = (await report('officer', w.councilA, now - 400 * 24 * hour, now - 2 * hour)).data!.spendReport;
    expect(past.totals).toEqual({
      spentPence: 0,
      committedPence: 0,
      budgets: 0,
      people: 0,
      visitsCharged: 0,
      minutesCharged: 0,
      hoursCharged: 0,
    });
    expect([past.byCategory, past.byProvider]).toEqual([[], []]);
  });

  test('council B’s officer sees council B’s money and none of A’s', async () => {
    const res = await report('otherOfficer', w.councilB, now - hour, now + 10 * 24 * hour);
    expect(res.errors).toBeUndefined();
    const r = res.data!.spendReport;
    expect(r.totals).toEqual({
      spentPence: 3_600,
      committedPence: 3_600,
      budgets: 1,
      people: 1,
      visitsCharged: 1,
      minutesCharged: 60,
      hoursCharged: 1,
    });
    // The co-op is based in HD1, not in council B's HX1.
    expect(r.byProvider).toEqual([
      expect.objectContaining({ provider: expect.objectContaining({ id: ids.published }), basedInCouncilArea: false }),
    ]);
    expect([r.cooperativeSharePercent, r.localSharePercent, r.careWorkerPayShare.percent]).toEqual([100, 0, 41.7]);
  });

  test('only the council’s officers and admins; anyone else is refused and an unknown council is NOT_FOUND', async () => {
    const window = [now - hour, now + hour] as const;
    const outcomes: Record<string, unknown> = {};
    for (const role of ['public', 'person', 'representativeAll', 'coordinator', 'careWorker', 'otherOfficer', 'partner', 'widget'] as const)
      outcomes[role] = code(await report(role, w.councilA, ...window));
    expect(outcomes).toEqual({
      public: 'UNAUTHENTICATED',
      person: 'FORBIDDEN',
      representativeAll: 'FORBIDDEN',
      coordinator: 'FORBIDDEN',
      careWorker: 'FORBIDDEN',
      otherOfficer: 'FORBIDDEN',
      partner: 'FORBIDDEN',
      widget: 'FORBIDDEN',
    });
    const unknown = crypto.randomUUID();
    expect([code(await report('officer', unknown, ...window)), code(await report('admin', unknown, ...window))]).toEqual([
      'NOT_FOUND',
      'NOT_FOUND',
    ]);
    // A person is refused before the council is looked up: the answer says nothing about ids.
    expect(code(await report('person', unknown, ...window))).toBe('FORBIDDEN');
  });

  test('a window that ends before it starts, is empty, or spans more than three years is BAD_USER_INPUT', async () => {
    for (const [from, to] of [
      [now, now - hour],
      [now, now],
      [now - 4 * 366 * 24 * hour, now],
    ]) {
      const res = await report('officer', w.councilA, from, to);
      expect(code(res), `${new Date(from).toISOString()}..${new Date(to).toISOString()}`).toBe('BAD_USER_INPUT');
      expect(res.errors![0].extensions?.argument).toBe('to');
    }
    expect(code(await report('officer', w.councilA, now - 3 * 365 * 24 * hour, now))).toBeUndefined();
    const malformed = await t.gql(REPORT, { c: w.councilA, from: 'yesterday', to: new Date().toISOString() }, w.headers('officer'));
    expect(code(malformed)).toBe('BAD_USER_INPUT');
  });

  test('figures past what a GraphQL Int carries (£21,474,836.47) are BAD_USER_INPUT asking for a shorter window', async () => {
    // Five years ahead, outside every other window of this file: 22 budgets each with £984,000 of visits held.
    const serviceId = await serviceLike(t, w, { hourly_rate_pence: 100_000, travel_charge_pence_per_visit: 0 });
    const day = 24 * hour;
    const first = Date.now() + 5 * 366 * day;
    for (let b = 0; b < 22; b++) {
      const budgetId = await personsBudget(t, w, 'COUNCIL_MANAGED', 100_000_000);
      const visits = Array.from({ length: 41 }, (_, v) => ({ start: new Date(first + (b * 41 + v) * day), minutes: 1440 }));
      await holdBooking(t.services, { budgetId, serviceId, visits });
    }
    const res = await report('officer', w.councilA, first, first + 1000 * day);
    expect(code(res)).toBe('BAD_USER_INPUT');
    expect(res.errors![0]).toMatchObject({ message: expect.stringContaining('shorter window'), extensions: { argument: 'to' } });
    expect((await report('officer', w.councilA, first, first + 500 * day)).data!.spendReport.totals.committedPence).toBe(500 * 2_400_000);
  });

  test('the ledgers balance', async () => {
    await expectLedgersBalanced(t.db);
  });
});
