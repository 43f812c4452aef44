import type { Bundle, CarePlan as FhirCarePlan } from '@medplum/fhirtypes';
import { londonDate } from '../api/common/london.js';
import { expect, test } from 'vitest';
import { carePlanBundle } from '../api/careplans/fhir.js';
import { carePlanPrintPage } from '../api/careplans/print-page.js';
import { DEMO_AGREED_VERSION, DEMO_CURRENT_VERSION } from '../api/careplans/seed.js';
import { useTestApp } from './support/app.js';
import { PLAN_FIELDS } from './support/care-plans.js';
import { DEMO_ACCOUNTS, type DemoAccount, demoSignIn } from './support/demo.js';
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

/** Each account signs in once: the file reads the plan as four people many times, within the sign-in rate limit. */
const tokens = new Map<DemoAccount, Promise<Record<string, string>>>();
function signIn(account: DemoAccount): Promise<Record<string, string>> {
  if (!tokens.has(account)) tokens.set(account, demoSignIn(t, account));
  return tokens.get(account)!;
}

async function plansOf(headers: Record<string, string>): Promise<{ me: { id: string; carePlans: DemoPlan[] } }> {
  const res = await t.gql<{ me: { id: string; carePlans: DemoPlan[] } }, unknown>(MY_PLANS, undefined, headers);
  expect(res.errors).toBeUndefined();
  return res.data!;
}

async function margaretsPlan(): Promise<DemoPlan> {
  const { me } = await plansOf(await signIn('margaret'));
  const own = me.carePlans.filter((p) => p.person.id === me.id);
  expect(own).toHaveLength(1);
  return own[0]!;
}

interface Proposal {
  id: string;
  baseVersion: number;
  comment: string | null;
  proposedBy: { name: string };
  isStale: boolean;
  conflicts: { why: string }[];
  resultingVersion: number | null;
  changes: {
    action: string;
    item: string;
    itemId: string | null;
    support: { giver: string; goalIds: string[] } | null;
    risk: { safeguards: string | null } | null;
  }[];
}
interface Version {
  version: number;
  proposalId: string | null;
  isAgreed: boolean;
  createdBy: { name: string };
  signatures: { side: string; signedBy: { name: string } }[];
}
interface CoDesign {
  id: string;
  version: number;
  status: string;
  agreedVersion: number | null;
  goals: { id: string; area: string; comments: { totalCount: number; edges: { node: { text: string; author: { name: string } } }[] } }[];
  risks: { id: string; description: string; safeguards: string | null }[];
  proposals: { edges: { node: Proposal }[] };
  accepted: { edges: { node: Proposal }[] };
  versions: { edges: { node: Version }[] };
  agreed: Version | null;
}

const PROPOSAL = `id baseVersion comment proposedBy { name } isStale conflicts { why } resultingVersion
  changes { action item itemId support { giver goalIds } risk { safeguards } }`;
const VERSION = 'version proposalId isAgreed createdBy { name } signatures { side signedBy { name } }';
const CO_DESIGN = `query($id: ID!, $agreed: Int!) { carePlan(id: $id) {
  id version status agreedVersion
  goals { id area comments(first: 10) { totalCount edges { node { text author { name } } } } }
  risks { id description safeguards }
  proposals(status: OPEN, first: 10) { edges { node { ${PROPOSAL} } } }
  accepted: proposals(status: ACCEPTED, first: 10) { edges { node { ${PROPOSAL} } } }
  versions(first: 10) { edges { node { ${VERSION} } } }
  agreed: atVersion(version: $agreed) { ${VERSION} }
} }`;

/** Margaret's plan as its co-design stands: proposals, versions, the agreed one, and comments on goals. */
async function codesign(headers: Record<string, string>): Promise<CoDesign> {
  const { id } = await margaretsPlan();
  const res = await t.gql<{ carePlan: CoDesign }, unknown>(CO_DESIGN, { id, agreed: DEMO_AGREED_VERSION }, headers);
  expect(res.errors).toBeUndefined();
  return res.data!.carePlan;
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
  const today = londonDate();
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

test('her supports: her Colne Valley booking (which she can open), David, a volunteer, a listed service, the time bank', async () => {
  const margaret = await signIn('margaret');
  const plan = await margaretsPlan();
  // David's Sundays and lifts, and Jean's morning look-in that Margaret accepted from him.
  expect(plan.supports.map((s) => s.giver).sort()).toEqual([
    'BOOKING',
    'INFORMAL_CARER',
    'INFORMAL_CARER',
    'SERVICE',
    'TIME_BANK',
    'VOLUNTEER',
  ]);
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
  expect(plan.supports.filter((s) => s.giver === 'INFORMAL_CARER').map((s) => s.carerName)).toEqual([
    `${DEMO_ACCOUNTS.david.name}, my son`,
    'Jean, next door, who has my spare key',
  ]);
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
  const { me } = await plansOf(await signIn('david'));
  expect(me.carePlans.map((p) => [p.id, p.myRole])).toEqual([[id, 'OWNER']]);

  const coordinator = await signIn('coordinator');
  const reads = await auditCount(t, 'carePlan.read', id);
  const overdue = await t.gql<
    { carePlansOverdueForReview: { edges: { node: { id: string; reviewDate: string; isReviewOverdue: boolean } }[] } },
    unknown
  >(`{ carePlansOverdueForReview(first: 10) { edges { node { id reviewDate isReviewOverdue } } } }`, undefined, coordinator);
  expect(overdue.errors).toBeUndefined();
  const listed = overdue.data!.carePlansOverdueForReview.edges.map((e) => e.node);
  expect(listed.map((p) => p.id)).toEqual([id]);
  expect(listed[0]!.isReviewOverdue).toBe(true);
  expect(listed[0]!.reviewDate < londonDate()).toBe(true);
  const read = await t.gql<{ carePlan: { myRole: string } }, unknown>(PLAN, { id }, coordinator);
  expect(read.data!.carePlan.myRole).toBe('EDIT');
  expect(await auditCount(t, 'carePlan.read', id)).toBe(reads + 2);
});

test('the Colne Valley care worker, who visits Margaret, cannot read her plan', async () => {
  const { id } = await margaretsPlan();
  const worker = await signIn('worker');
  expect(code(await t.gql(PLAN, { id }, worker))).toBe('FORBIDDEN');
  expect((await plansOf(worker)).me.carePlans).toEqual([]);
});

test('on her visits to Margaret, the care worker sees only the support her booking gives, not the goals it meets', async () => {
  const plan = await margaretsPlan();
  const booked = plan.supports.find((s) => s.giver === 'BOOKING')!;
  const res = await t.gql<
    { me: { visits: { edges: { node: { carePlanSupports: { what: string; bookingId: string; goals: unknown[] }[] | null } }[] } } },
    unknown
  >(
    `{ me { visits(first: 100) { edges { node { carePlanSupports { what bookingId goals { id } } } } } } }`,
    undefined,
    await signIn('worker'),
  );
  expect(res.errors).toBeUndefined();
  const seen = res.data!.me.visits.edges.flatMap((e) => e.node.carePlanSupports ?? []);
  expect(seen.length).toBeGreaterThan(0);
  for (const support of seen) expect(support).toEqual({ what: booked.what, bookingId: booked.bookingId, goals: [] });
});

test('two proposals wait for Margaret, from David and from Joe, each with his comment and changes', async () => {
  const plan = await codesign(await signIn('margaret'));
  const proposals = plan.proposals.edges.map((e) => e.node);
  // Newest first: Joe proposed after David.
  expect(proposals.map((p) => p.proposedBy.name)).toEqual([DEMO_ACCOUNTS.coordinator.name, DEMO_ACCOUNTS.david.name]);
  for (const p of proposals) {
    expect(p).toMatchObject({ baseVersion: DEMO_CURRENT_VERSION, isStale: false, conflicts: [] });
    expect(p.comment!.length).toBeGreaterThan(60);
  }
  const [joes, davids] = proposals;
  const allotment = plan.goals.find((g) => g.area === 'LEISURE')!;
  expect(davids!.changes).toEqual([
    {
      action: 'ADD',
      item: 'SUPPORT',
      itemId: expect.any(String),
      support: expect.objectContaining({ giver: 'INFORMAL_CARER', goalIds: [allotment.id] }),
      risk: null,
    },
  ]);
  const stairs = plan.risks.find((r) => r.description.startsWith('Falling on the stairs'))!;
  expect(joes!.changes).toEqual([{ action: 'EDIT', item: 'RISK', itemId: stairs.id, support: null, risk: expect.any(Object) }]);
  // Joe keeps what the risk already said and adds a check of the pendant.
  const safeguards = joes!.changes[0]!.risk!.safeguards!;
  expect(safeguards.startsWith(`${stairs.safeguards} `)).toBe(true);
  expect(safeguards).toContain('pendant’s battery light');
});

test('a draft again: version 1, signed by Margaret and Joe, is agreed; version 2 came from David’s change she accepted', async () => {
  const plan = await codesign(await signIn('david'));
  expect(plan).toMatchObject({ version: DEMO_CURRENT_VERSION, status: 'DRAFT', agreedVersion: DEMO_AGREED_VERSION });
  expect(plan.versions.edges.map((e) => e.node.version)).toEqual([2, 1]);
  expect(plan.agreed).toMatchObject({ version: 1, isAgreed: true, proposalId: null, createdBy: { name: DEMO_ACCOUNTS.margaret.name } });
  expect(plan.agreed!.signatures.map((s) => [s.side, s.signedBy.name]).sort()).toEqual([
    ['COORDINATOR', DEMO_ACCOUNTS.coordinator.name],
    ['PERSON', DEMO_ACCOUNTS.margaret.name],
  ]);
  const current = plan.versions.edges[0]!.node;
  expect(current).toMatchObject({ isAgreed: false, signatures: [], createdBy: { name: DEMO_ACCOUNTS.margaret.name } });
  const accepted = plan.accepted.edges.map((e) => e.node);
  expect(accepted).toEqual([
    expect.objectContaining({ id: current.proposalId, resultingVersion: 2, proposedBy: { name: DEMO_ACCOUNTS.david.name } }),
  ]);
});

test('Joe’s comment on her self-care goal says what moved it', async () => {
  const plan = await codesign(await signIn('margaret'));
  const commented = plan.goals.filter((g) => g.comments.totalCount > 0);
  expect(commented.map((g) => g.area)).toEqual(['SELF_CARE']);
  expect(commented[0]!.comments.edges.map((e) => e.node.author.name)).toEqual([DEMO_ACCOUNTS.coordinator.name]);
});

test('Margaret’s own token fetches her plan as a valid FHIR R4 bundle', async () => {
  const { id } = await margaretsPlan();
  const res = await fetch(`${t.url}/fhir/CarePlan/${id}`, { headers: await signIn('margaret') });
  expect(res.status).toBe(200);
  const bundle = (await res.json()) as Bundle;
  expectValidFhir(bundle);
  expect(bundle.entry?.find((e) => e.resource?.resourceType === 'CarePlan')?.resource?.id).toBe(id);
});

test('her plan exports as valid FHIR R4 and prints whole: every heading, goal, support and risk', async () => {
  const plan = await margaretsPlan();
  const { authorization } = await signIn('margaret');
  const actor = await t.services.authentication.authenticate({ authorization });
  const doc = await t.services.carePlans.document({ actor, requestId: 'demo-care-plan-test' }, plan.id, null, 'print');
  const bundle: Bundle = carePlanBundle(doc, 'https://coopcare.test/fhir');
  expectValidFhir(bundle);
  const resources = (bundle.entry ?? []).map((e) => e.resource!);
  expect(resources.filter((r) => r.resourceType === 'Goal')).toHaveLength(3);
  const carePlan = resources.find((r): r is FhirCarePlan => r.resourceType === 'CarePlan')!;
  expect(carePlan.activity).toHaveLength(6);
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
        (SELECT count(*) FROM care_plan_goal_review)::int AS reviews, (SELECT count(*) FROM care_plan_circle_member)::int AS members,
        (SELECT count(*) FROM care_plan_version)::int AS versions, (SELECT count(*) FROM care_plan_proposal)::int AS proposals,
        (SELECT count(*) FROM care_plan_signature)::int AS signatures, (SELECT count(*) FROM care_plan_comment)::int AS comments`)
    )[0];
  const before = await counts();
  expect(before.plans).toBe(1);
  expect(before).toMatchObject({ versions: DEMO_CURRENT_VERSION, proposals: 3, signatures: 2, comments: 1 });
  await seedDemo(t.services);
  expect(await counts()).toEqual(before);
});

test('Margaret accepts Joe’s proposal: version 3, still a draft with version 1 agreed, and David’s proposal still applies', async () => {
  const margaret = await signIn('margaret');
  const { id } = await margaretsPlan();
  const joes = (await codesign(margaret)).proposals.edges
    .map((e) => e.node)
    .find((p) => p.proposedBy.name === DEMO_ACCOUNTS.coordinator.name)!;
  const res = await t.gql<{ acceptProposal: { __typename: string; version?: number; status?: string; agreedVersion?: number } }, unknown>(
    `mutation($p: ID!) { acceptProposal(proposalId: $p) { __typename ... on CarePlan { version status agreedVersion } } }`,
    { p: joes.id },
    margaret,
  );
  expect(res.errors).toBeUndefined();
  expect(res.data!.acceptProposal).toEqual({ __typename: 'CarePlan', version: 3, status: 'DRAFT', agreedVersion: DEMO_AGREED_VERSION });
  const after = await codesign(margaret);
  expect(after.versions.edges.map((e) => e.node.version)).toEqual([3, 2, 1]);
  const open = after.proposals.edges.map((e) => e.node);
  expect(open.map((p) => [p.proposedBy.name, p.isStale, p.conflicts])).toEqual([[DEMO_ACCOUNTS.david.name, true, []]]);
  const stairs = (await margaretsPlan()).risks.find((r) => r.description.startsWith('Falling on the stairs'))!;
  expect(stairs.safeguards).toContain('pendant’s battery light');
  expect(id).toBe(after.id);
});
