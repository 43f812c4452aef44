import { beforeAll, describe, expect, test } from 'vitest';
import { createLogger } from '../api/common/logger.js';
import { useTestApp } from './support/app.js';
import { createPlanFor, homeCareBooking, joinCircle } from './support/care-plans.js';
import { bearer } from './support/graphql.js';
import { useWorld } from './support/world.js';

/**
 * Who read a plan: every read by anyone but the person is in the audit trail (who, which plan, when, how),
 * shown to the person and the representative who decides (`CarePlan.reads`) and to nobody else; and after a
 * whole story of writes and reads, no plan text, name or email is in any audit summary or any log line.
 */
const logged: string[] = [];
const t = useTestApp({
  seeded: 'world',
  logger: createLogger({ logLevel: 'debug' }, { write: (line: string) => void logged.push(line) }),
});
const w = useWorld(t);

/** Words written into the plan, each found nowhere but in the plan's own tables. */
const TEXT = {
  aboutMe: 'Marmalade-cat-about-me',
  goal: 'Heptonstall-goal-words',
  support: 'Bath-support-words',
  carer: 'Cousin-Ottoline',
  when: 'Whenever-the-kettle-sings',
  risk: 'Ladder-risk-words',
  choice: 'Ladder-choice-words',
  safeguards: 'Ladder-safeguard-words',
  invitee: 'Neighbour-Bartholomew',
  proposal: 'Proposal-comment-words',
  proposedGoal: 'Proposed-goal-words',
  comment: 'Plan-comment-words',
  goalComment: 'Goal-comment-words',
};

const READS = `query($id: ID!, $first: Int, $after: String) { carePlan(id: $id) {
  reads(first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { readAt via reader { id } } } }
} }`;
const PLAN_TEXT = `query($id: ID!) {
  carePlan(id: $id) { aboutMe { text } goals { description } supports { what } risks { description } }
}`;

let planId = '';
let goalId = '';
let started = new Date();
let friend: Record<string, string> = {};

const gqlOk = async (query: string, variables: Record<string, unknown>, headers: Record<string, string>) => {
  const res = await t.gql<any, unknown>(query, variables, headers);
  expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
  return res.data;
};

beforeAll(async () => {
  started = new Date(Date.now() - 1000);
  friend = bearer(await w.login(w.emails.friend));

  // Writes: the plan, a booking linked to it with a visit for the care worker, the circle, a review, a review date.
  const { bookingId } = await homeCareBooking(t, w, { workerId: w.ids.careWorker });
  const plan = await createPlanFor(t, w, {
    as: 'representativeAll',
    input: {
      aboutMe: [{ heading: 'WHAT_MATTERS_TO_ME', text: TEXT.aboutMe }],
      goals: [{ description: TEXT.goal, area: 'LEISURE', baseline: { importance: 9, performance: 3, satisfaction: 4 } }],
      supports: [
        { what: TEXT.support, giver: 'BOOKING', bookingId, when: TEXT.when, goalIndexes: [0] },
        { what: TEXT.support, giver: 'INFORMAL_CARER', carerName: TEXT.carer, when: TEXT.when, goalIndexes: [] },
      ],
      risks: [{ description: TEXT.risk, personsChoice: TEXT.choice, safeguards: TEXT.safeguards }],
    },
  });
  planId = plan.planId;
  goalId = plan.goalIds[0]!;
  await joinCircle(t, w, planId, 'coordinator', 'EDIT', { asLeadCoordinator: true });
  await gqlOk(
    `mutation($i: InviteToCircleInput!) { inviteToCircle(input: $i) { id } }`,
    { i: { planId, email: w.emails.otherPerson, name: TEXT.invitee, role: 'SUGGEST', asLeadCoordinator: false } },
    w.headers('person'),
  );
  await gqlOk(`mutation($p: ID!) { acceptCircleInvitation(planId: $p) { id } }`, { p: planId }, w.headers('otherPerson'));
  await gqlOk(
    `mutation($i: RecordGoalReviewInput!) { recordGoalReview(input: $i) { id } }`,
    { i: { planId, goalId, importance: 8, performance: 6, satisfaction: 7 } },
    w.headers('coordinator'),
  );
  await gqlOk(
    `mutation($p: ID!, $d: LocalDate!) { setCarePlanReviewDate(planId: $p, reviewDate: $d) { id } }`,
    { p: planId, d: '2027-06-01' },
    w.headers('person'),
  );
  // Co-design: a proposal with a comment, accepted; comments; both sides sign.
  const proposed = await gqlOk(
    `mutation($i: ProposeCarePlanChangeInput!) { proposeCarePlanChange(input: $i) { id } }`,
    {
      i: {
        planId,
        baseVersion: 1,
        comment: TEXT.proposal,
        changes: [{ addGoal: { description: TEXT.proposedGoal, area: 'SELF_CARE' } }],
      },
    },
    w.headers('otherPerson'),
  );
  await gqlOk(
    `mutation($p: ID!) { acceptProposal(proposalId: $p) { __typename } }`,
    { p: proposed.proposeCarePlanChange.id },
    w.headers('person'),
  );
  await gqlOk(
    `mutation($i: CommentOnCarePlanInput!) { commentOnCarePlan(input: $i) { id } }`,
    { i: { planId, text: TEXT.comment } },
    w.headers('otherPerson'),
  );
  await gqlOk(
    `mutation($i: CommentOnCarePlanInput!) { commentOnCarePlan(input: $i) { id } }`,
    { i: { planId, goalId, text: TEXT.goalComment } },
    w.headers('coordinator'),
  );
  for (const role of ['person', 'coordinator'] as const)
    await gqlOk(`mutation($p: ID!) { agreeCarePlan(planId: $p, version: 2) { __typename } }`, { p: planId }, w.headers(role));

  // Reads, by every kind of reader and by the person.
  for (const headers of [w.headers('person'), w.headers('representativeAll'), w.headers('coordinator'), w.headers('otherPerson')])
    await gqlOk(PLAN_TEXT, { id: planId }, headers);
  await gqlOk(`{ me { carePlans { id goals { description } } } }`, {}, friend);
  for (const headers of [w.headers('person'), friend])
    expect((await fetch(`${t.url}/fhir/CarePlan/${planId}`, { headers })).status).toBe(200);
  for (const headers of [w.headers('person'), w.headers('otherPerson')])
    expect((await fetch(`${t.url}/care-plans/${planId}/print`, { headers })).status).toBe(200);
  await gqlOk(`{ me { visits { edges { node { carePlanSupports { what when carerName } } } } } }`, {}, w.headers('careWorker'));
  // Refused reads, whose errors must not echo the plan either.
  for (const role of ['officer', 'admin', 'careWorker', 'otherCoordinator'] as const)
    await t.gql(PLAN_TEXT, { id: planId }, w.headers(role));
});

describe('every read of a plan by anyone but the person', () => {
  test('is in the audit trail: who, which plan, when, how; the person’s own reads are not', async () => {
    const events: { actor: string; action: string; via: string; at: Date; council: string }[] = await t.db.query(
      `SELECT actor_person_id AS actor, action, summary->>'via' AS via, occurred_at AS at, council_ids[1] AS council
         FROM audit_event WHERE object_type = 'CarePlan' AND object_id = $1 AND action IN ('carePlan.read', 'carePlan.readSupports')
        ORDER BY id`,
      [planId],
    );
    const seen = events.map((e) => `${e.actor} ${e.action} ${e.via}`);
    expect(seen).toEqual([
      // The representative who started the plan, reading its first version back in createCarePlan's answer.
      `${w.ids.representativeAll} carePlan.read graphql`,
      `${w.ids.representativeAll} carePlan.read graphql`,
      `${w.ids.coordinator} carePlan.read graphql`,
      `${w.ids.otherPerson} carePlan.read graphql`,
      `${w.ids.friend} carePlan.read graphql`,
      `${w.ids.friend} carePlan.read fhir`,
      `${w.ids.otherPerson} carePlan.read print`,
      `${w.ids.careWorker} carePlan.readSupports visit`,
    ]);
    for (const e of events) {
      expect(e.at.getTime()).toBeGreaterThanOrEqual(started.getTime());
      expect(e.at.getTime()).toBeLessThanOrEqual(Date.now());
      expect(e.council).toBe(w.councilA);
    }
    expect(events.map((e) => e.actor)).not.toContain(w.ids.person);
  });
});

describe('who read the plan (CarePlan.reads)', () => {
  type Reads = { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string }; edges: { node: any }[] } | null;
  const readsAs = async (headers: Record<string, string>, first?: number, after?: string): Promise<Reads> =>
    (await gqlOk(READS, { id: planId, first, after }, headers)).carePlan.reads;

  test('shows the person who read their plan, newest first, and how', async () => {
    const reads = (await readsAs(w.headers('person')))!;
    const rows = reads.edges.map((e) => [e.node.reader?.id, e.node.via]);
    expect(rows.slice(0, 7)).toEqual([
      [w.ids.careWorker, 'visit'],
      [w.ids.otherPerson, 'print'],
      [w.ids.friend, 'fhir'],
      [w.ids.friend, 'graphql'],
      [w.ids.otherPerson, 'graphql'],
      [w.ids.coordinator, 'graphql'],
      [w.ids.representativeAll, 'graphql'],
    ]);
    const times = reads.edges.map((e) => Date.parse(e.node.readAt));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    expect(rows.map(([id]) => id)).not.toContain(w.ids.person);
  });

  test('pages with first and after: the pages together are the whole list, in order', async () => {
    const all = (await readsAs(w.headers('person')))!;
    const first = (await readsAs(w.headers('person'), 2))!;
    expect(first.pageInfo.hasNextPage).toBe(true);
    const rest = (await readsAs(w.headers('person'), 100, first.pageInfo.endCursor))!;
    expect([...first.edges, ...rest.edges].map((e) => e.node.readAt)).toEqual(all.edges.map((e) => e.node.readAt));
    expect(first.totalCount).toBe(all.totalCount);
  });

  test('shows the representative with EDIT_PLAN; null for VIEW_PLAN, members and the lead coordinator', async () => {
    expect((await readsAs(w.headers('representativeAll')))!.totalCount).toBeGreaterThan(0);
    for (const headers of [friend, w.headers('otherPerson'), w.headers('coordinator')]) expect(await readsAs(headers)).toBeNull();
  });
});

describe('no plan text, name or email', () => {
  const written = () => [...Object.values(TEXT), w.emails.otherPerson];

  test('is in any audit summary of the story', async () => {
    const rows: { action: string; summary: object }[] = await t.db.query(
      `SELECT action, summary FROM audit_event WHERE occurred_at >= $1 ORDER BY id`,
      [started],
    );
    expect(rows.map((r) => r.action)).toEqual(expect.arrayContaining(['carePlan.create', 'carePlan.invite', 'carePlan.reviewGoal']));
    const summaries = JSON.stringify(rows);
    for (const words of written()) expect(summaries).not.toContain(words);
    // Nor the person's ratings.
    for (const key of ['importance', 'performance', 'satisfaction']) expect(summaries).not.toContain(`"${key}"`);
  });

  test('is in any log line, request lines and internal errors alike', async () => {
    expect(logged.length).toBeGreaterThan(20);
    const lines = [...logged, ...t.logs.map((l) => JSON.stringify(l))].join('\n');
    for (const words of written()) expect(lines).not.toContain(words);
  });
});
