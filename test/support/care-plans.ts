import type { TestApp } from '../harness.js';
import { holdBooking, hoursFromNow, personsBudget } from './brokerage.js';
import type { RoleName, World } from './world.js';

/** Everything a plan query may ask for, for tests that compare what each role sees. */
export const PLAN_FIELDS = `id version status agreedVersion myRole reviewDate isReviewOverdue createdAt updatedAt
  person { id name }
  consent { method givenOn }
  circle { id name role kind status isLeadCoordinator invitedEmail joinedAt person { id } }
  leadCoordinator { id name }
  aboutMe { heading title text }
  goals { id description area importance baseline { importance performance satisfaction ratedOn }
    latest { importance performance satisfaction ratedOn } change { importance performance satisfaction isMeaningful } }
  supports { id what giver bookingId booking { id } carerName when budgetId service { id name } goals { id } }
  risks { id description personsChoice safeguards }`;

export const CREATE_PLAN = `mutation($i: CreateCarePlanInput!) {
  createCarePlan(input: $i) {
    __typename
    ... on CarePlan { id goals { id } supports { id } risks { id } }
    ... on CarePlanExistsError { code message carePlanId }
  }
}`;

export interface PlanIds {
  planId: string;
  goalIds: string[];
  supportIds: string[];
  riskIds: string[];
  /** Set when `booking` asked for a support linked to a booking. */
  bookingId?: string;
  budgetId?: string;
}

/**
 * A confirmed booking of provider A's home-care service, one 60-minute visit `hoursAhead` from now, on a new
 * council-managed budget of the person's (default the world's `person`): it makes provider A one caring for
 * them, so its coordinator may start their plan, and gives a support a booking to link to.
 */
export async function homeCareBooking(
  t: TestApp,
  w: World,
  options: { personId?: string; hoursAhead?: number; workerId?: string } = {},
): Promise<{ budgetId: string; bookingId: string }> {
  const budgetId = await personsBudget(t, w, 'COUNCIL_MANAGED', 50_000, { personId: options.personId ?? w.ids.person });
  const { bookingId } = await holdBooking(t.services, {
    budgetId,
    serviceId: w.services.home,
    status: 'CONFIRMED',
    visits: [{ start: hoursFromNow(options.hoursAhead ?? 72), minutes: 60, ...(options.workerId ? { workerId: options.workerId } : {}) }],
  });
  return { budgetId, bookingId };
}

export interface PlanOptions {
  /** Who creates it (default the person themself); staff give consent, set here. */
  as?: RoleName;
  /** Whose plan (default the world's `person`). */
  personId?: string;
  /** Also (last) a support linked to a confirmed booking of provider A, meeting the first goal, on a new council-managed budget. */
  booking?: boolean;
  /** A booking's visits go to this worker (default none). */
  workerId?: string;
  /** Override any field of the input. */
  input?: Record<string, unknown>;
}

/**
 * A care plan made through the API: two About-me sections, two goals with baselines (the first with
 * performance 3, satisfaction 4), an informal carer meeting the first goal, provider A's home-care service,
 * a risk; with `booking`, a third support linked to a confirmed booking. Any plan the person had is
 * deleted first (by the admin connection), so each call starts afresh.
 */
export async function createPlanFor(t: TestApp, w: World, options: PlanOptions = {}): Promise<PlanIds> {
  const personId = options.personId ?? w.ids.person;
  await t.db.query(`DELETE FROM care_plan WHERE person_id = $1`, [personId]);
  const as = options.as ?? 'person';
  const supports: Record<string, unknown>[] = [
    { what: 'Walks with me to the shop', giver: 'INFORMAL_CARER', carerName: 'Dee', when: 'Saturdays', goalIndexes: [0] },
    { what: 'Help with getting up', giver: 'SERVICE', serviceId: w.services.home, when: 'Every morning, 8 to 9', goalIndexes: [1] },
  ];
  const staff = as !== 'person' && as !== 'representativeAll';
  const input: Record<string, unknown> = {
    ...(personId !== w.ids.person || as !== 'person' ? { personId } : {}),
    ...(staff ? { consent: { method: 'WRITTEN', givenOn: '2026-01-05' } } : {}),
    aboutMe: [
      { heading: 'WHAT_MATTERS_TO_ME', text: 'My garden and my cat.' },
      { heading: 'GOOD_DAY', text: 'Sun, a walk, a chat with my neighbour.' },
    ],
    goals: [
      { description: 'Walk to the shop on my own', area: 'SELF_CARE', baseline: { importance: 9, performance: 3, satisfaction: 4 } },
      { description: 'Get back to the choir', area: 'LEISURE', baseline: { importance: 7, performance: 2, satisfaction: 2 } },
    ],
    supports,
    risks: [{ description: 'I may fall on the way', personsChoice: 'I will still go, with my stick', safeguards: 'A pendant alarm' }],
    ...options.input,
  };
  let bookingId: string | undefined;
  let budgetId: string | undefined;
  if (options.booking) {
    ({ budgetId, bookingId } = await homeCareBooking(t, w, { personId, workerId: options.workerId }));
    input.supports = [
      ...(input.supports as unknown[]),
      { what: 'Help with a bath', giver: 'BOOKING', bookingId, when: 'Thursdays', goalIndexes: [0] },
    ];
  }
  const res = await t.gql<
    { createCarePlan: { __typename: string; id: string; goals: { id: string }[]; supports: { id: string }[]; risks: { id: string }[] } },
    unknown
  >(CREATE_PLAN, { i: input }, w.headers(as));
  const plan = res.data?.createCarePlan;
  if (plan?.__typename !== 'CarePlan') throw new Error(`createPlanFor failed: ${JSON.stringify(res)}`);
  return {
    planId: plan.id,
    goalIds: plan.goals.map((g) => g.id),
    supportIds: plan.supports.map((s) => s.id),
    riskIds: plan.risks.map((r) => r.id),
    ...(bookingId ? { bookingId, budgetId } : {}),
  };
}

/** Invites by email as `by` (default the person), then accepts as `who`; returns the member id. */
export async function joinCircle(
  t: TestApp,
  w: World,
  planId: string,
  who: RoleName,
  role: 'VIEW' | 'SUGGEST' | 'EDIT',
  options: { by?: RoleName; asLeadCoordinator?: boolean } = {},
): Promise<string> {
  const email = (w.emails as Record<string, string>)[who];
  const invited = await t.gql<unknown, unknown>(
    `mutation($i: InviteToCircleInput!) { inviteToCircle(input: $i) { id } }`,
    { i: { planId, email, name: who, role, asLeadCoordinator: options.asLeadCoordinator ?? false } },
    w.headers(options.by ?? 'person'),
  );
  if (invited.errors) throw new Error(`invite failed: ${JSON.stringify(invited.errors)}`);
  const accepted = await t.gql<unknown, unknown>(
    `mutation($p: ID!) { acceptCircleInvitation(planId: $p) { id } }`,
    { p: planId },
    w.headers(who),
  );
  if (accepted.errors) throw new Error(`accept failed: ${JSON.stringify(accepted.errors)}`);
  const [{ id }] = await t.db.query(`SELECT id FROM care_plan_circle_member WHERE plan_id = $1 AND person_id = $2 AND removed_at IS NULL`, [
    planId,
    (w.ids as Record<string, string>)[who],
  ]);
  return id;
}
