import { beforeAll, describe, expect, test } from 'vitest';
import { useTestApp } from './support/app.js';
import { createPlanFor, joinCircle, type PlanIds } from './support/care-plans.js';
import {
  AGREE,
  accept,
  COMMENT,
  coDesignRows,
  joinAs,
  newPerson,
  ok,
  PROPOSAL_FIELDS,
  propose,
  type Headers,
  type NewPerson,
} from './support/co-design.js';
import { internalErrors } from './support/graphql.js';
import { useWorld } from './support/world.js';

const t = useTestApp({ seeded: 'world' });
const w = useWorld(t);

let daughter: NewPerson;

beforeAll(async () => {
  daughter = await newPerson(t, w, 'daughter');
});

const VERSION = `query($id: ID!, $v: Int!) { carePlan(id: $id) { atVersion(version: $v) {
  version proposalId createdBy { id } isAgreed signatures { side signedBy { id } }
  aboutMe { heading text } goals { id description area } supports { id giver bookingId budgetId goals { id } } risks { id description }
} } }`;
const PLAN = `query($id: ID!, $s: ProposalStatus) { carePlan(id: $id) {
  version status agreedVersion
  goals { id description baseline { importance performance satisfaction } change { performance satisfaction isMeaningful } }
  supports { id giver bookingId budgetId service { id } goals { id } }
  proposals(status: $s) { totalCount edges { node { ${PROPOSAL_FIELDS} } } }
  comments { totalCount edges { node { text author { id } } } }
} }`;
const plan = async (id: string, headers: Headers = w.headers('person'), status?: string) =>
  (await ok(t, PLAN, { id, s: status ?? null }, headers)).carePlan;
const atVersion = async (id: string, v: number) => (await ok(t, VERSION, { id, v }, w.headers('person'))).carePlan.atVersion;

describe('the whole story: a daughter proposes, the person decides, the coordinator links a booking, both sign', () => {
  let ids: PlanIds;
  let newGoalId: string;

  test('a daughter in the circle with SUGGEST proposes a goal; the person accepts it as version 2 with its baseline', async () => {
    ids = await createPlanFor(t, w, { booking: true });
    await joinAs(t, w, ids.planId, daughter, 'SUGGEST');
    await joinCircle(t, w, ids.planId, 'coordinator', 'SUGGEST', { asLeadCoordinator: true });

    const proposal = await propose(
      t,
      daughter.headers,
      ids.planId,
      1,
      [
        {
          addGoal: {
            description: 'Bake with my grandson again',
            area: 'LEISURE',
            baseline: { importance: 8, performance: 2, satisfaction: 3 },
          },
        },
      ],
      'Mum talks about baking every week',
    );
    expect(proposal).toMatchObject({ baseVersion: 1, status: 'OPEN', isStale: false, conflicts: [], proposedBy: { id: daughter.id } });
    expect(proposal.changes).toEqual([
      expect.objectContaining({ action: 'ADD', item: 'GOAL', goal: { description: 'Bake with my grandson again', area: 'LEISURE' } }),
    ]);
    newGoalId = proposal.changes[0].itemId;

    const seen = await plan(ids.planId, w.headers('person'), 'OPEN');
    expect(seen.proposals.totalCount).toBe(1);
    expect(seen.proposals.edges[0].node.comment).toBe('Mum talks about baking every week');

    const accepted = await accept(t, w.headers('person'), proposal.id);
    expect(accepted).toMatchObject({ __typename: 'CarePlan', version: 2, status: 'DRAFT' });
    const after = await plan(ids.planId);
    const goal = after.goals.find((g: { id: string }) => g.id === newGoalId);
    expect(goal).toMatchObject({
      description: 'Bake with my grandson again',
      baseline: { importance: 8, performance: 2, satisfaction: 3 },
    });
    expect(after.proposals.edges[0].node).toMatchObject({ status: 'ACCEPTED', resultingVersion: 2, decidedBy: { id: w.ids.person } });
    expect((await atVersion(ids.planId, 2)).proposalId).toBe(proposal.id);
  });

  test('the lead coordinator proposes a support linked to the person’s booking; accepted, it pays from the booking’s budget', async () => {
    const proposal = await propose(t, w.headers('coordinator'), ids.planId, 2, [
      {
        addSupport: {
          what: 'Help in the kitchen',
          giver: 'BOOKING',
          bookingId: ids.bookingId,
          when: 'Thursday afternoons',
          goalIds: [newGoalId],
        },
      },
    ]);
    expect(proposal.changes[0].support).toMatchObject({ bookingId: ids.bookingId, budgetId: ids.budgetId, serviceId: w.services.home });
    expect((await accept(t, w.headers('person'), proposal.id)).version).toBe(3);
    const support = (await plan(ids.planId)).supports.find((s: { what?: string; bookingId: string; goals: { id: string }[] }) =>
      s.goals.some((g) => g.id === newGoalId),
    );
    expect(support).toMatchObject({ giver: 'BOOKING', bookingId: ids.bookingId, budgetId: ids.budgetId, service: { id: w.services.home } });
  });

  test('a stale proposal touching a goal edited since its base is CONFLICT naming it; a stale independent one applies', async () => {
    const [walk] = ids.goalIds;
    const first = await propose(t, daughter.headers, ids.planId, 3, [
      { editGoal: { goalId: walk, description: 'Walk to the shop and back' } },
    ]);
    const clashing = await propose(t, w.headers('coordinator'), ids.planId, 3, [{ editGoal: { goalId: walk, area: 'PRODUCTIVITY' } }]);
    const independent = await propose(t, daughter.headers, ids.planId, 3, [
      { setAboutMe: { heading: 'BAD_DAY', text: 'Rain, and nobody calls' } },
    ]);
    expect((await accept(t, w.headers('person'), first.id)).version).toBe(4);

    // Before deciding, the person sees which proposals are stale and what would clash.
    const open = (await plan(ids.planId, w.headers('person'), 'OPEN')).proposals.edges.map((e: any) => e.node);
    expect(open.map((p: { id: string }) => p.id)).toEqual([independent.id, clashing.id]);
    expect(open[1]).toMatchObject({ isStale: true, conflicts: [{ item: 'GOAL', itemId: walk, heading: null, why: expect.any(String) }] });
    expect(open[0]).toMatchObject({ isStale: true, conflicts: [] });

    const before = await coDesignRows(t, ids.planId);
    const refused = await accept(t, w.headers('person'), clashing.id);
    expect(refused).toMatchObject({ __typename: 'CarePlanConflictError', code: 'CONFLICT', conflicts: [{ item: 'GOAL', itemId: walk }] });
    expect(await coDesignRows(t, ids.planId)).toEqual(before);

    const applied = await accept(t, w.headers('person'), independent.id);
    expect(applied.version).toBe(5);
    const v5 = await atVersion(ids.planId, 5);
    expect(v5.aboutMe.map((s: { heading: string }) => s.heading)).toEqual(['WHAT_MATTERS_TO_ME', 'GOOD_DAY', 'BAD_DAY']);
    expect(v5.goals.find((g: { id: string }) => g.id === walk)).toMatchObject({
      description: 'Walk to the shop and back',
      area: 'SELF_CARE',
    });
  });

  test('the person and the lead sign the current version: AGREED; a later change makes it DRAFT and agreedVersion stays', async () => {
    const bySelf = await ok(t, AGREE, { id: ids.planId, v: 5 }, w.headers('person'));
    expect(bySelf.agreeCarePlan).toMatchObject({ __typename: 'CarePlan', status: 'DRAFT', agreedVersion: null });
    const byLead = await ok(t, AGREE, { id: ids.planId, v: 5 }, w.headers('coordinator'));
    expect(byLead.agreeCarePlan).toMatchObject({ status: 'AGREED', agreedVersion: 5 });
    // Signing again changes nothing.
    expect((await ok(t, AGREE, { id: ids.planId, v: 5 }, w.headers('coordinator'))).agreeCarePlan.status).toBe('AGREED');
    const v5 = await atVersion(ids.planId, 5);
    expect(v5.isAgreed).toBe(true);
    expect(v5.signatures).toEqual([
      { side: 'COORDINATOR', signedBy: { id: w.ids.coordinator } },
      { side: 'PERSON', signedBy: { id: w.ids.person } },
    ]);

    const later = await propose(t, daughter.headers, ids.planId, 5, [
      { addRisk: { description: 'I may burn myself', personsChoice: 'I will bake anyway', safeguards: null } },
    ]);
    expect((await accept(t, w.headers('person'), later.id)).version).toBe(6);
    expect(await plan(ids.planId)).toMatchObject({ version: 6, status: 'DRAFT', agreedVersion: 5 });
    expect((await atVersion(ids.planId, 6)).isAgreed).toBe(false);
  });

  test('a review of the person’s ratings flags a change of 2 or more since the baseline', async () => {
    const [walk, choir] = ids.goalIds;
    const REVIEW = `mutation($i: RecordGoalReviewInput!) {
      recordGoalReview(input: $i) { id change { performance satisfaction isMeaningful } }
    }`;
    const big = await ok(
      t,
      REVIEW,
      { i: { planId: ids.planId, goalId: walk, importance: 9, performance: 5, satisfaction: 6 } },
      w.headers('person'),
    );
    expect(big.recordGoalReview.change).toEqual({ performance: 2, satisfaction: 2, isMeaningful: true });
    const small = await ok(
      t,
      REVIEW,
      { i: { planId: ids.planId, goalId: choir, importance: 7, performance: 3, satisfaction: 3 } },
      w.headers('coordinator'),
    );
    expect(small.recordGoalReview.change).toEqual({ performance: 1, satisfaction: 1, isMeaningful: false });
  });

  test('every version stays readable with its own content', async () => {
    const [walk] = ids.goalIds;
    const versions = await Promise.all([1, 2, 3, 4, 5, 6].map((v) => atVersion(ids.planId, v)));
    expect(versions.map((v) => v.goals.length)).toEqual([2, 3, 3, 3, 3, 3]);
    expect(versions.map((v) => v.supports.length)).toEqual([3, 3, 4, 4, 4, 4]);
    expect(versions.map((v) => v.risks.length)).toEqual([1, 1, 1, 1, 1, 2]);
    expect(versions.map((v) => v.aboutMe.length)).toEqual([2, 2, 2, 2, 3, 3]);
    expect(versions.map((v) => v.goals.find((g: { id: string }) => g.id === walk).description)).toEqual([
      'Walk to the shop on my own',
      'Walk to the shop on my own',
      'Walk to the shop on my own',
      'Walk to the shop and back',
      'Walk to the shop and back',
      'Walk to the shop and back',
    ]);
    expect(versions.map((v) => v.createdBy.id)).toEqual(Array(6).fill(w.ids.person));
  });

  test('comments on the plan and on a goal, by the circle; no audit event or error log line carries plan text', async () => {
    const [walk] = ids.goalIds;
    const onPlan = await ok(t, COMMENT, { i: { planId: ids.planId, text: 'Lovely to see the baking back' } }, daughter.headers);
    expect(onPlan.commentOnCarePlan).toMatchObject({ text: 'Lovely to see the baking back', goalId: null, author: { id: daughter.id } });
    await ok(t, COMMENT, { i: { planId: ids.planId, goalId: walk, text: 'The stick helps' } }, w.headers('coordinator'));
    const GOAL_COMMENTS = `query($id: ID!) { carePlan(id: $id) { goals { id comments { totalCount edges { node { text goalId } } } } } }`;
    const goals = (await ok(t, GOAL_COMMENTS, { id: ids.planId }, w.headers('representativeAll'))).carePlan.goals;
    expect(goals.find((g: { id: string }) => g.id === walk).comments.edges).toEqual([{ node: { text: 'The stick helps', goalId: walk } }]);
    expect((await plan(ids.planId)).comments.edges).toEqual([
      { node: { text: 'Lovely to see the baking back', author: { id: daughter.id } } },
    ]);

    const events: { action: string; s: string }[] = await t.db.query(
      `SELECT action, summary::text AS s FROM audit_event WHERE object_id = $1 AND action LIKE 'carePlan.%'`,
      [ids.planId],
    );
    const actions = new Set(events.map((e) => e.action));
    for (const a of ['carePlan.propose', 'carePlan.acceptProposal', 'carePlan.agree', 'carePlan.comment']) expect(actions).toContain(a);
    const logged = JSON.stringify(t.logs);
    for (const text of ['baking', 'Bake', 'kitchen', 'shop', 'Rain', 'burn', 'stick', 'grandson', 'Mum']) {
      for (const e of events) expect(e.s).not.toContain(text);
      expect(logged).not.toContain(text);
    }
    expect(internalErrors(t)).toEqual([]);
  });
});
