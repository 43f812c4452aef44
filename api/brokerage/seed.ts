import { DEMO_ACCOUNTS } from '../accounts/seed.js';
import { actingAs } from '../demo/demo-acting.js';
import type { AppServices } from '../modules.js';
import { Temporal } from '@js-temporal/polyfill';
import { BookingVisit } from './booking.entity.js';
import { PersonalBudgetKind } from './brokerage.enums.js';
import { CARE_TIME_ZONE } from './schedule.js';
import { londonDate } from '../common/london.js';
import { PersonalBudget } from './personal-budget.entity.js';

/**
 * The demo's money, made the way people make it: through the brokerage services, as the officer, the
 * person (or their representative), the Colne Valley coordinator and its care worker would. Margaret
 * (council-managed, booked by her son David), Arthur (a direct payment paid monthly, topped up) and Joan
 * (an individual service fund the Colne Valley co-op holds) each get a ledger and a booking in every
 * status: completed and invoiced (one visit missed), confirmed, requested, declined, and cancelled too
 * late to be free. The completed booking's visits are in the past: it is requested as of three weeks ago.
 */
export async function seedBrokerage(services: AppServices): Promise<string[]> {
  const { uow, directory } = services;
  if ((await uow.manager.count(PersonalBudget)) > 0) return [];
  const councils = await directory.listCouncils();
  const kirklees = councils.find((c) => c.slug === 'kirklees');
  const colne = await directory.getProviderBySlug('colne-valley-care-co-operative', { includeUnpublished: true });
  if (!kirklees || !colne) return [];
  const homeCare = await directory.serviceNamed(colne.id, 'Home care visits');
  if (!homeCare) return [];

  const [officer, david, arthur, joan, coordinator, worker] = await Promise.all(
    (['officer', 'david', 'arthur', 'joan', 'coordinator', 'worker'] as const).map((key) => actingAs(services, key)),
  );

  const today = Temporal.Now.plainDateISO(CARE_TIME_ZONE);
  /** `hour` o'clock UK time, `days` from today. */
  const daysFromNow = (days: number, hour: number) =>
    new Date(today.add({ days }).toZonedDateTime({ timeZone: CARE_TIME_ZONE, plainTime: { hour } }).epochMilliseconds);
  const period = { periodStart: londonDate(daysFromNow(-60, 12)), periodEnd: londonDate(daysFromNow(300, 12)) };
  const allocate = (key: keyof typeof DEMO_ACCOUNTS, input: { kind: PersonalBudgetKind; pence: number; postcode: string }) =>
    services.budgets.allocate(officer, {
      personEmail: DEMO_ACCOUNTS[key].email,
      personName: DEMO_ACCOUNTS[key].name,
      postcode: input.postcode,
      councilId: kirklees.id,
      kind: input.kind,
      allocatedPence: input.pence,
      ...period,
      ...(input.kind === PersonalBudgetKind.INDIVIDUAL_SERVICE_FUND
        ? {
            heldByProviderId: colne.id,
            agreedOutcomes:
              'Joan keeps walking to Slaithwaite market each week, stays in her own home, and sees the same two care workers.',
          }
        : {}),
    });

  const margaretsBudget = await allocate('margaret', { kind: PersonalBudgetKind.COUNCIL_MANAGED, pence: 780_000, postcode: 'HD7 5AB' });
  const arthursBudget = await allocate('arthur', { kind: PersonalBudgetKind.DIRECT_PAYMENT, pence: 480_000, postcode: 'HD3 3BS' });
  for (const daysAgo of [59, 29])
    await services.budgets.recordDirectPayment(officer, {
      budgetId: arthursBudget.id,
      amountPence: 40_000,
      paidOn: londonDate(daysFromNow(-daysAgo, 12)),
    });
  await services.budgets.topUp(arthur, { budgetId: arthursBudget.id, amountPence: 5_000 });
  const joansBudget = await allocate('joan', { kind: PersonalBudgetKind.INDIVIDUAL_SERVICE_FUND, pence: 520_000, postcode: 'HD7 5AL' });

  // Each person's visits at their own hour, so the one care worker is never in two places at once.
  const stories = [
    { budget: margaretsBudget, booker: david, hour: 9, name: 'margaret' },
    { budget: arthursBudget, booker: arthur, hour: 11, name: 'arthur' },
    { budget: joansBudget, booker: joan, hour: 14, name: 'joan' },
  ];
  for (const [index, { budget, booker, hour, name }] of stories.entries()) {
    const book = (key: string, visits: Date[], asOf?: Date) =>
      services.bookings.requestBooking(
        booker,
        {
          budgetId: budget.id,
          serviceId: homeCare.id,
          visits: visits.map((start) => ({ start, minutes: 60 })),
          idempotencyKey: `demo-${name}-${key}`,
        },
        asOf,
      );

    const completed = await book('completed', [daysFromNow(-20, hour), daysFromNow(-13, hour), daysFromNow(-6, hour)], daysFromNow(-21, 8));
    await services.fulfilment.confirm(coordinator, { bookingId: completed.id, workerId: worker.id });
    const visits = await uow.manager.find(BookingVisit, { where: { bookingId: completed.id }, order: { startsAt: 'ASC' } });
    for (const [i, visit] of visits.entries()) {
      await services.fulfilment.recordOutcome(worker, {
        visitId: visit.id,
        delivered: i < 2,
        actualStart: i < 2 ? new Date(visit.startsAt.getTime() + 5 * 60_000) : null,
        actualMinutes: i < 2 ? 60 : null,
        note: i < 2 ? 'All went well.' : 'No answer at the door; the office rang and all was fine.',
      });
    }
    await services.invoicing.issueInvoice(coordinator, completed.id);

    const confirmed = await book(
      'confirmed',
      [7, 14, 21, 28].map((days) => daysFromNow(days, hour)),
    );
    await services.fulfilment.confirm(coordinator, { bookingId: confirmed.id, workerId: worker.id });
    await book('requested', [daysFromNow(35, hour)]);
    const declined = await book('declined', [daysFromNow(10, 20)]);
    await services.fulfilment.decline(coordinator, { bookingId: declined.id, reason: 'No care worker is free that evening.' });
    // Confirmed, then cancelled inside the service's 24 hours' notice: a late cancellation, charged.
    const soon = new Date(Date.now() + (4 + 2 * index) * 3_600_000);
    soon.setUTCMinutes(0, 0, 0);
    const late = await book('late-cancellation', [soon]);
    await services.fulfilment.confirm(coordinator, { bookingId: late.id, workerId: worker.id });
    await services.cancellation.cancelBooking(booker, { bookingId: late.id, reason: 'Going to my sister’s after all.' });
  }
  return [
    `brokerage: 3 personal budgets (council-managed, direct payment, ISF) with bookings in every status, invoices and late cancellations`,
  ];
}
