import { beforeAll, describe, expect, test } from 'vitest';
import { useTestApp } from './support/app.js';
import { holdBooking, hoursFromNow, personsBudget } from './support/brokerage.js';
import { createPlanFor, joinCircle } from './support/care-plans.js';
import { auditCount, bearer, code } from './support/graphql.js';
import { ASSIGN } from './support/fulfilment.js';
import { type RoleName, useWorld } from './support/world.js';

/**
 * What a care worker sees of a person's plan: on a visit they are sent to (`BookingVisit.carePlanSupports`),
 * the supports linked to that visit's booking, without the goals they meet, and nothing else of the plan; the
 * plan's readers see the same supports whole there; everyone else, the provider's other staff included, null.
 */
const t = useTestApp({ seeded: 'world' });
const w = useWorld(t);

type Support = { id: string; what: string; giver: string; when: string; bookingId: string | null; goals: { id: string }[] };
type VisitNode = { id: string; carePlanSupports: Support[] | null };
const SUPPORT_FIELDS = 'id what giver when bookingId goals { id }';
const MY_VISITS = `query($first: Int) { me { visits(first: $first) { edges { node { id carePlanSupports { ${SUPPORT_FIELDS} } } } } } }`;
const BOOKING_VISITS = `query($id: ID!) { booking(id: $id) { visits { id carePlanSupports { ${SUPPORT_FIELDS} } } } }`;

let planId = '';
let bathing = '';
let shopping = '';
let bookingId = '';
let otherBookingId = '';
let visitIds: string[] = [];
let otherVisitIds: string[] = [];
let secondWorker: Record<string, string> = {};

async function myVisits(headers: Record<string, string>, first = 100): Promise<VisitNode[]> {
  const res = await t.gql<{ me: { visits: { edges: { node: VisitNode }[] } } }, unknown>(MY_VISITS, { first }, headers);
  expect(res.errors).toBeUndefined();
  return res.data!.me.visits.edges.map((e) => e.node);
}

async function bookingVisits(role: RoleName, id = bookingId): Promise<VisitNode[]> {
  const res = await t.gql<{ booking: { visits: VisitNode[] } }, unknown>(BOOKING_VISITS, { id }, w.headers(role));
  expect(res.errors).toBeUndefined();
  return res.data!.booking.visits;
}

const readSupportEvents = async () =>
  (await t.db.query(`SELECT actor_person_id, object_id, summary FROM audit_event WHERE action = 'carePlan.readSupports' ORDER BY id`)).map(
    (r: { actor_person_id: string; object_id: string; summary: object }) => [r.actor_person_id, r.object_id, r.summary],
  );

beforeAll(async () => {
  secondWorker = bearer(await w.login(w.emails.secondCareWorker));
  const budgetId = await personsBudget(t, w, 'COUNCIL_MANAGED', 200_000);
  // Twenty visits of one booking for the worker; one visit of another booking for the second worker.
  ({ bookingId, visitIds } = await holdBooking(t.services, {
    budgetId,
    serviceId: w.services.home,
    status: 'CONFIRMED',
    visits: Array.from({ length: 20 }, (_, i) => ({ start: hoursFromNow(72 + 3 * i), minutes: 60, workerId: w.ids.careWorker })),
  }));
  ({ bookingId: otherBookingId, visitIds: otherVisitIds } = await holdBooking(t.services, {
    budgetId,
    serviceId: w.services.home,
    status: 'CONFIRMED',
    visits: [{ start: hoursFromNow(200), minutes: 60, workerId: w.ids.secondCareWorker }],
  }));
  const plan = await createPlanFor(t, w, {
    input: {
      supports: [
        { what: 'Walks with me to the shop', giver: 'INFORMAL_CARER', carerName: 'Dee', when: 'Saturdays', goalIndexes: [0] },
        { what: 'Help with a bath', giver: 'BOOKING', bookingId, when: 'Thursdays', goalIndexes: [0, 1] },
        { what: 'Help with the shopping list', giver: 'BOOKING', bookingId: otherBookingId, when: 'Mondays', goalIndexes: [1] },
      ],
    },
  });
  planId = plan.planId;
  [, bathing, shopping] = plan.supportIds as [string, string, string];
});

describe('the care worker sent to a visit', () => {
  test('sees on each of their visits the supports linked to its booking, without the goals, and nothing of other bookings', async () => {
    const visits = await myVisits(w.headers('careWorker'));
    expect(visits.map((v) => v.id).sort()).toEqual([...visitIds].sort());
    for (const visit of visits) {
      expect(visit.carePlanSupports).toEqual([
        { id: bathing, what: 'Help with a bath', giver: 'BOOKING', when: 'Thursdays', bookingId, goals: [] },
      ]);
    }
    const [second] = await myVisits(secondWorker);
    expect(second!.carePlanSupports!.map((s) => s.id)).toEqual([shopping]);
  });

  test('cannot read the plan itself: carePlan is FORBIDDEN, and the export and print too', async () => {
    const res = await t.gql(`query($id: ID!) { carePlan(id: $id) { id } }`, { id: planId }, w.headers('careWorker'));
    expect(code(res)).toBe('FORBIDDEN');
    expect(res.data).toEqual({ carePlan: null });
    for (const path of [`/fhir/CarePlan/${planId}`, `/care-plans/${planId}/print`]) {
      expect((await fetch(`${t.url}${path}`, { headers: w.headers('careWorker') })).status).toBe(403);
    }
  });

  test('their read is audited as carePlan.readSupports once per plan per request, however many visits show it', async () => {
    const before = await readSupportEvents();
    await myVisits(w.headers('careWorker'));
    const after = await readSupportEvents();
    expect(after.slice(before.length)).toEqual([[w.ids.careWorker, planId, { version: 1, via: 'visit' }]]);
  });

  test('20 visits cost the statements 1 does', async () => {
    const statementsFor = async (first: number) => {
      t.statements.reset();
      const visits = await myVisits(w.headers('careWorker'), first);
      expect(visits).toHaveLength(first);
      expect(visits.every((v) => v.carePlanSupports?.length === 1)).toBe(true);
      return t.statements.count;
    };
    const one = await statementsFor(1);
    expect(await statementsFor(20)).toBe(one);
  });
});

describe('the plan’s readers and everyone else', () => {
  test('the person sees the supports whole on their booking’s visits, and their own read is not audited', async () => {
    const before = await auditCount(t, 'carePlan.readSupports', planId);
    const [visit] = await bookingVisits('person');
    expect(visit!.carePlanSupports).toEqual([
      expect.objectContaining({ id: bathing, goals: expect.arrayContaining([expect.objectContaining({ id: expect.any(String) })]) }),
    ]);
    expect(visit!.carePlanSupports![0]!.goals).toHaveLength(2);
    expect(await auditCount(t, 'carePlan.readSupports', planId)).toBe(before);
  });

  test('a representative sees them too, audited', async () => {
    const before = await auditCount(t, 'carePlan.readSupports', planId);
    const [visit] = await bookingVisits('representativeAll');
    expect(visit!.carePlanSupports!.map((s) => s.id)).toEqual([bathing]);
    expect(await auditCount(t, 'carePlan.readSupports', planId)).toBe(before + 1);
  });

  test('the provider’s coordinator, not in the circle, sees the visits but null supports; in the circle, the supports', async () => {
    const before = await auditCount(t, 'carePlan.readSupports', planId);
    for (const visit of await bookingVisits('coordinator')) expect(visit.carePlanSupports).toBeNull();
    expect(await auditCount(t, 'carePlan.readSupports', planId)).toBe(before);
    await joinCircle(t, w, planId, 'coordinator', 'SUGGEST', { asLeadCoordinator: true });
    const [visit] = await bookingVisits('coordinator');
    expect(visit!.carePlanSupports!.map((s) => s.id)).toEqual([bathing]);
    expect(visit!.carePlanSupports![0]!.goals).toHaveLength(2);
  });

  test('an officer who sees the budget sees null supports', async () => {
    for (const visit of await bookingVisits('officer')) expect(visit.carePlanSupports).toBeNull();
  });
});

describe('when the worker is no longer sent', () => {
  test('unassigned from a visit, the worker no longer sees its supports; the new worker does', async () => {
    const moved = await t.gql(ASSIGN, { i: { visitId: visitIds[0], workerId: w.ids.secondCareWorker } }, w.headers('coordinator'));
    expect(moved.errors).toBeUndefined();
    expect((await myVisits(w.headers('careWorker'))).map((v) => v.id)).not.toContain(visitIds[0]);
    const seen = (await myVisits(secondWorker)).find((v) => v.id === visitIds[0]);
    expect(seen!.carePlanSupports!.map((s) => s.id)).toEqual([bathing]);
  });

  test('a cancelled visit shows the worker nothing of the plan', async () => {
    await t.db.query(`UPDATE booking_visit SET status = 'CANCELLED', cancelled_at = now() WHERE id = $1`, [otherVisitIds[0]]);
    const visits = await myVisits(secondWorker);
    expect(visits.map((v) => v.id)).not.toContain(otherVisitIds[0]);
    expect(visits.flatMap((v) => v.carePlanSupports ?? []).map((s) => s.id)).not.toContain(shopping);
    // The person still sees the cancelled visit, with the supports of its booking.
    const [cancelled] = await bookingVisits('person', otherBookingId);
    expect(cancelled!.carePlanSupports!.map((s) => s.id)).toEqual([shopping]);
  });
});
