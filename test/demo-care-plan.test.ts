import type { Bundle, CarePlan as FhirCarePlan } from '@medplum/fhirtypes';
import { expect, test } from 'vitest';
import { carePlanBundle } from '../api/careplans/fhir.js';
import { carePlanPrintPage } from '../api/careplans/print-page.js';
import { useTestApp } from './support/app.js';
import { PLAN_FIELDS } from './support/care-plans.js';
import { DEMO_ACCOUNTS, demoSignIn } from './support/demo.js';
import { expectValidFhir } from './support/fhir.js';
import { auditCount, code } from './support/graphql.js';
import { seedDemo } from './support/seed.js';

/**
 * Margaret's care plan as `npm start` leaves it, seen over GraphQL by whoever the README tells a newcomer
 * to sign in as: Margaret, David her son, Joe her lead coordinator; and not by the co-op's care worker.
 */
const t = useTestApp({ seeded: true });

interface Rating {
  importance: number;
  performance: number;
  satisfaction: number;
  ratedOn: string;
}
interface DemoPlan {
  id: string;
  myRole: string;
  reviewDate: string;
  isReviewOverdue: boolean;
  person: { id: string; name: string };
  circle: { name: string; role: string; kind: string; status: string; isLeadCoordinator: boolean; invitedEmail: string | null }[];
  leadCoordinator: { name: string } | null;
  aboutMe: { heading: string; title: string; text: string }[];
  goals: {
    description: string;
    area: string;
    importance: number | null;
    baseline: Rating | null;
    latest: Rating | null;
    change: { performance: number; satisfaction: number; isMeaningful: boolean } | null;
  }[];
  supports: {
    what: string;
    giver: string;
    bookingId: string | null;
    booking: { id: string } | null;
    carerName: string | null;
    budgetId: string | null;
    service: { name: string } | null;
    goals: { id: string }[];
  }[];
  risks: { description: string; personsChoice: string; safeguards: string | null }[];
}

const MY_PLANS = `{ me { id carePlans { ${PLAN_FIELDS} } } }`;
const PLAN = `query($id: ID!) { carePlan(id: $id) { id myRole person { name } } }`;
const londonToday = () =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());

async function plansOf(headers: Record<string, string>): Promise<{ me: { id: string; carePlans: DemoPlan[] } }> {
  const res = await t.gql<{ me: { id: string; carePlans: DemoPlan[] } }, unknown>(MY_PLANS, undefined, headers);
  expect(res.errors).toBeUndefined();
  return res.data!;
}

async function margaretsPlan(): Promise<DemoPlan> {
  const { me } = await plansOf(await demoSignIn(t, 'margaret'));
  const own = me.carePlans.filter((p) => p.person.id === me.id);
  expect(own).toHaveLength(1);
  return own[0]!;
}

test('Margaret’s own plan has About me under every heading, in her words, and two risks with what she chose', async () => {
  const plan = await margaretsPlan();
  expect(plan).toMatchObject({ myRole: 'OWNER', person: { name: DEMO_ACCOUNTS.margaret.name } });
  expect(plan.aboutMe.map((s) => s.heading)).toEqual([
    'WHAT_MATTERS_TO_ME',
    'HOW_I_COMMUNICATE',
    'HOW_AND_WHEN_TO_SUPPORT_ME',
    'PEOPLE_IMPORTANT_TO_ME',
    'GOOD_DAY',
    'BAD_DAY',
  ]);
  for (const section of plan.aboutMe) expect(section.text.length, section.heading).toBeGreaterThan(80);
  expect(plan.risks).toHaveLength(2);
  for (const risk of plan.risks) {
    expect(risk.personsChoice).toMatch(/^I /);
    expect(risk.safeguards).not.toBeNull();
  }
});

test('three goals, one in each area, each with her baseline and a later review; exactly one change is meaningful', async () => {
  const { goals } = await margaretsPlan();
  expect(goals.map((g) => g.area).sort()).toEqual(['LEISURE', 'PRODUCTIVITY', 'SELF_CARE']);
  const today = londonToday();
  for (const goal of goals) {
    expect(goal.baseline, goal.description).not.toBeNull();
    expect(goal.latest, goal.description).not.toBeNull();
    expect(goal.baseline!.ratedOn < goal.latest!.ratedOn && goal.latest!.ratedOn < today).toBe(true);
    expect(goal.importance).toBe(goal.latest!.importance);
    expect(goal.change).toMatchObject({
      performance: goal.latest!.performance - goal.baseline!.performance,
      satisfaction: goal.latest!.satisfaction - goal.baseline!.satisfaction,
    });
  }
  const meaningful = goals.filter((g) => g.change!.isMeaningful);
  expect(meaningful.map((g) => g.area)).toEqual(['SELF_CARE']);
  for (const goal of goals.filter((g) => !g.change!.isMeaningful)) {
    expect(Math.abs(goal.change!.performance)).toBeLessThan(2);
    expect(Math.abs(goal.change!.satisfaction)).toBeLessThan(2);
  }
});

test('her supports: her confirmed Colne Valley booking (which she can open), David, a volunteer and a listed service', async () => {
  const margaret = await demoSignIn(t, 'margaret');
  const plan = await margaretsPlan();
  expect(plan.supports.map((s) => s.giver).sort()).toEqual(['BOOKING', 'INFORMAL_CARER', 'SERVICE', 'VOLUNTEER']);
  const booked = plan.supports.find((s) => s.giver === 'BOOKING')!;
  expect(booked.booking?.id).toBe(booked.bookingId);
  expect(booked.service?.name).toBe('Home care visits');
  const res = await t.gql<
    { booking: { status: string; budget: { id: string; kind: string }; service: { provider: { name: string } } } },
    unknown
  >(`query($id: ID!) { booking(id: $id) { status budget { id kind } service { provider { name } } } }`, { id: booked.bookingId }, margaret);
  expect(res.errors).toBeUndefined();
  expect(res.data!.booking).toMatchObject({
    status: 'CONFIRMED',
    budget: { id: booked.budgetId, kind: 'COUNCIL_MANAGED' },
    service: { provider: { name: 'Colne Valley Care Co-operative' } },
  });
  expect(plan.supports.find((s) => s.giver === 'INFORMAL_CARER')!.carerName).toContain(DEMO_ACCOUNTS.david.name);
  expect(plan.supports.find((s) => s.giver === 'SERVICE')!.service).not.toBeNull();
  // Every goal is met by some support.
  const goalsMet = new Set(plan.supports.flatMap((s) => s.goals.map((g) => g.id)));
  expect(goalsMet.size).toBe(3);
});

test('her circle: Margaret, David as her representative, Joe as lead coordinator, and her granddaughter still invited', async () => {
  const plan = await margaretsPlan();
  const circle = plan.circle.map(({ name, role, kind, status, isLeadCoordinator }) => ({ name, role, kind, status, isLeadCoordinator }));
  expect(circle).toEqual([
    { name: DEMO_ACCOUNTS.margaret.name, role: 'OWNER', kind: 'PERSON', status: 'ACTIVE', isLeadCoordinator: false },
    { name: DEMO_ACCOUNTS.david.name, role: 'OWNER', kind: 'REPRESENTATIVE', status: 'ACTIVE', isLeadCoordinator: false },
    { name: DEMO_ACCOUNTS.coordinator.name, role: 'EDIT', kind: 'MEMBER', status: 'ACTIVE', isLeadCoordinator: true },
    { name: 'Katie Hirst', role: 'VIEW', kind: 'MEMBER', status: 'PENDING', isLeadCoordinator: false },
  ]);
  expect(plan.circle.find((m) => m.status === 'PENDING')!.invitedEmail).toBe('katie.hirst@example.org');
  expect(plan.leadCoordinator?.name).toBe(DEMO_ACCOUNTS.coordinator.name);
});

test('David decides for his mother; Joe finds the plan on his overdue list, and his reading it is audited', async () => {
  const { id } = await margaretsPlan();
  const { me } = await plansOf(await demoSignIn(t, 'david'));
  expect(me.carePlans.map((p) => [p.id, p.myRole])).toEqual([[id, 'OWNER']]);

  const coordinator = await demoSignIn(t, 'coordinator');
  const reads = await auditCount(t, 'carePlan.read', id);
  const overdue = await t.gql<
    { carePlansOverdueForReview: { edges: { node: { id: string; reviewDate: string; isReviewOverdue: boolean } }[] } },
    unknown
  >(`{ carePlansOverdueForReview(first: 10) { edges { node { id reviewDate isReviewOverdue } } } }`, undefined, coordinator);
  expect(overdue.errors).toBeUndefined();
  const listed = overdue.data!.carePlansOverdueForReview.edges.map((e) => e.node);
  expect(listed.map((p) => p.id)).toEqual([id]);
  expect(listed[0]!.isReviewOverdue).toBe(true);
  expect(listed[0]!.reviewDate < londonToday()).toBe(true);
  const read = await t.gql<{ carePlan: { myRole: string } }, unknown>(PLAN, { id }, coordinator);
  expect(read.data!.carePlan.myRole).toBe('EDIT');
  expect(await auditCount(t, 'carePlan.read', id)).toBe(reads + 2);
});

test('the Colne Valley care worker, who visits Margaret, cannot read her plan', async () => {
  const { id } = await margaretsPlan();
  const worker = await demoSignIn(t, 'worker');
  expect(code(await t.gql(PLAN, { id }, worker))).toBe('FORBIDDEN');
  expect((await plansOf(worker)).me.carePlans).toEqual([]);
});

test('her plan exports as valid FHIR R4 and prints whole: every heading, goal, support and risk', async () => {
  const plan = await margaretsPlan();
  const { authorization } = await demoSignIn(t, 'margaret');
  const actor = await t.services.authentication.authenticate({ authorization });
  const doc = await t.services.carePlans.document({ actor, requestId: 'demo-care-plan-test' }, plan.id, null, 'print');
  const bundle: Bundle = carePlanBundle(doc, 'https://coopcare.test/fhir');
  expectValidFhir(bundle);
  const resources = (bundle.entry ?? []).map((e) => e.resource!);
  expect(resources.filter((r) => r.resourceType === 'Goal')).toHaveLength(3);
  const carePlan = resources.find((r): r is FhirCarePlan => r.resourceType === 'CarePlan')!;
  expect(carePlan.activity).toHaveLength(4);
  const page = carePlanPrintPage(doc);
  for (const title of plan.aboutMe.map((s) => s.title)) expect(page).toContain(title);
  for (const text of [
    ...plan.goals.map((g) => g.description),
    ...plan.supports.map((s) => s.what),
    ...plan.risks.map((r) => r.personsChoice),
  ])
    expect(page).toContain(text);
});

test('seeding again adds nothing to the plan', async () => {
  const counts = async () =>
    (
      await t.db.query(`SELECT (SELECT count(*) FROM care_plan)::int AS plans, (SELECT count(*) FROM care_plan_item)::int AS items,
        (SELECT count(*) FROM care_plan_goal_review)::int AS reviews, (SELECT count(*) FROM care_plan_circle_member)::int AS members`)
    )[0];
  const before = await counts();
  expect(before.plans).toBe(1);
  await seedDemo(t.services);
  expect(await counts()).toEqual(before);
});
