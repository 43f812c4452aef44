import { beforeAll, describe, expect, test } from 'vitest';
import { useTestApp } from './support/app.js';
import { createPlanFor, type PlanIds } from './support/care-plans.js';
import { ACCEPT, accept, COMMENT, ok, PROPOSAL_FIELDS, PROPOSE, propose } from './support/co-design.js';
import { useWorld } from './support/world.js';

/**
 * Proposals made at once against one base, accepted one after another, leave one version per acceptance,
 * each with exactly what it should hold; accepts racing each other run one after the other.
 */
const t = useTestApp({ seeded: 'world' });
const w = useWorld(t);

const MANY = 20;
let ids: PlanIds;
let proposalIds: string[];
const description = (i: number) => `Goal number ${i}`;

beforeAll(async () => {
  ids = await createPlanFor(t, w, { input: { goals: [], supports: [], risks: [] } });
  // Twenty proposals at once, from the person and their EDIT_PLAN representative, all against version 1.
  const made = await Promise.all(
    Array.from({ length: MANY }, (_, i) =>
      t.gql<{ proposeCarePlanChange: { id: string } }, unknown>(
        PROPOSE,
        { i: { planId: ids.planId, baseVersion: 1, changes: [{ addGoal: { description: description(i), area: 'LEISURE' } }] } },
        w.headers(i % 2 ? 'person' : 'representativeAll'),
      ),
    ),
  );
  for (const res of made) expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
  proposalIds = made.map((res) => res.data!.proposeCarePlanChange.id);
});

const PROPOSALS = `query($id: ID!, $first: Int) { carePlan(id: $id) { proposals(first: $first) { totalCount edges { node {
  ${PROPOSAL_FIELDS}
} } } } }`;

async function statementsFor(first: number) {
  t.statements.reset();
  const res = await t.gql<any, unknown>(PROPOSALS, { id: ids.planId, first }, w.headers('person'));
  expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
  return { statements: t.statements.count, edges: res.data.carePlan.proposals.edges };
}

describe('twenty proposals made concurrently against one base', () => {
  test('are all stored, open, against version 1', async () => {
    const rows = await t.db.query(`SELECT status, base_version FROM care_plan_proposal WHERE plan_id = $1`, [ids.planId]);
    expect(rows).toHaveLength(MANY);
    expect(new Set(rows.map((r: { status: string; base_version: number }) => `${r.status}@${r.base_version}`))).toEqual(
      new Set(['OPEN@1']),
    );
  });

  test('a page of them, each stale with its clashes worked out, costs the statements of a page of one', async () => {
    await accept(t, w.headers('person'), proposalIds[0]!);
    const one = await statementsFor(1);
    const many = await statementsFor(MANY);
    expect(many.edges).toHaveLength(MANY);
    expect(many.edges.filter((e: any) => e.node.isStale && e.node.status === 'OPEN')).toHaveLength(MANY - 1);
    expect(many.statements).toBe(one.statements);
  });

  test('pages of proposals, newest first, neither repeat nor skip one', async () => {
    const PAGE = `query($id: ID!, $after: String) { carePlan(id: $id) { proposals(first: 7, after: $after) {
      totalCount pageInfo { hasNextPage endCursor } edges { node { id } } } } }`;
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 5; page++) {
      const { proposals }: { proposals: any } = (await ok(t, PAGE, { id: ids.planId, after }, w.headers('person'))).carePlan;
      expect(proposals.totalCount).toBe(MANY);
      seen.push(...proposals.edges.map((e: { node: { id: string } }) => e.node.id));
      if (!proposals.pageInfo.hasNextPage) break;
      after = proposals.pageInfo.endCursor;
    }
    expect(seen).toHaveLength(MANY);
    expect(new Set(seen)).toEqual(new Set(proposalIds));
    const [{ newest }] = await t.db.query(
      `SELECT id AS newest FROM care_plan_proposal WHERE plan_id = $1 ORDER BY proposed_at DESC, id DESC LIMIT 1`,
      [ids.planId],
    );
    expect(seen[0]).toBe(newest);
  });

  test('accepted one by one, they make versions 2 to 21, each holding exactly the goals accepted before it', async () => {
    for (const [i, id] of proposalIds.slice(1).entries()) expect((await accept(t, w.headers('person'), id)).version).toBe(i + 3);
    const [{ current }] = await t.db.query(`SELECT current_version AS current FROM care_plan WHERE id = $1`, [ids.planId]);
    expect(current).toBe(MANY + 1);
    const versions: { version: number }[] = await t.db.query(`SELECT version FROM care_plan_version WHERE plan_id = $1 ORDER BY version`, [
      ids.planId,
    ]);
    expect(versions.map((v) => v.version)).toEqual(Array.from({ length: MANY + 1 }, (_, i) => i + 1));
    const res = await ok(
      t,
      `query($id: ID!) { carePlan(id: $id) { versions(first: 100) { edges { node { version proposalId goals { description } } } } } }`,
      { id: ids.planId },
      w.headers('person'),
    );
    const history = res.carePlan.versions.edges.map((e: any) => e.node).reverse();
    // Proposal i adds goal i, and goals keep the order they were added in.
    const acceptedOrder = proposalIds.map((_, i) => description(i));
    history.forEach((v: { version: number; proposalId: string | null; goals: { description: string }[] }) => {
      expect(v.goals.map((g) => g.description)).toEqual(acceptedOrder.slice(0, v.version - 1));
      expect(v.proposalId).toBe(v.version === 1 ? null : proposalIds[v.version - 2]);
    });
  });

  test('two accepts of clashing proposals fired at once: exactly one applies, the other is CONFLICT', async () => {
    const current = MANY + 1;
    const [{ itemId: goalId }] = (
      await ok(t, `query($id: ID!) { carePlan(id: $id) { goals { itemId: id } } }`, { id: ids.planId }, w.headers('person'))
    ).carePlan.goals;
    const a = await propose(t, w.headers('person'), ids.planId, current, [{ editGoal: { goalId, description: 'First wording' } }]);
    const b = await propose(t, w.headers('representativeAll'), ids.planId, current, [{ editGoal: { goalId, area: 'SELF_CARE' } }]);
    const results = await Promise.all(
      [a.id, b.id].map((p, i) => t.gql<any, unknown>(ACCEPT, { p }, w.headers(i ? 'representativeAll' : 'person'))),
    );
    const outcomes = results.map((r) => r.data.acceptProposal);
    expect(outcomes.map((o) => o.__typename).sort()).toEqual(['CarePlan', 'CarePlanConflictError']);
    expect(outcomes.find((o) => o.__typename === 'CarePlan').version).toBe(current + 1);
    expect(outcomes.find((o) => o.__typename === 'CarePlanConflictError').conflicts).toEqual([
      { item: 'GOAL', itemId: goalId, heading: null, why: expect.any(String) },
    ]);
    const statuses = await t.db.query(`SELECT status FROM care_plan_proposal WHERE id = ANY($1::uuid[]) ORDER BY status`, [[a.id, b.id]]);
    expect(statuses.map((s: { status: string }) => s.status)).toEqual(['ACCEPTED', 'OPEN']);
  });

  test('the same proposal accepted twice at once applies once', async () => {
    const before = (await t.db.query(`SELECT current_version AS v FROM care_plan WHERE id = $1`, [ids.planId]))[0].v;
    const p = await propose(t, w.headers('person'), ids.planId, before, [{ setAboutMe: { heading: 'BAD_DAY', text: 'Grey days' } }]);
    const results = await Promise.all([0, 1].map(() => t.gql<any, unknown>(ACCEPT, { p: p.id }, w.headers('person'))));
    expect(results.map((r) => r.data.acceptProposal.__typename).sort()).toEqual(['CarePlan', 'CarePlanConflictError']);
    const [{ v, n }] = await t.db.query(
      `SELECT current_version AS v, (SELECT count(*)::int FROM care_plan_version WHERE plan_id = $1) AS n FROM care_plan WHERE id = $1`,
      [ids.planId],
    );
    expect([v, n]).toEqual([before + 1, before + 1]);
  });
  test('a proposal that would take the plan past its most goals, once others were accepted, is CONFLICT and writes nothing', async () => {
    const goals = async () =>
      (await ok(t, `query($id: ID!) { carePlan(id: $id) { version goals { id } } }`, { id: ids.planId }, w.headers('person'))).carePlan;
    let now = await goals();
    expect(now.goals).toHaveLength(MANY);
    const removal = await propose(t, w.headers('person'), ids.planId, now.version, [{ removeGoal: { goalId: now.goals[0].id } }]);
    await accept(t, w.headers('person'), removal.id);
    now = await goals();
    const add = () => propose(t, w.headers('person'), ids.planId, now.version, [{ addGoal: { description: 'One more', area: 'LEISURE' } }]);
    const [first, second] = [await add(), await add()];
    await accept(t, w.headers('person'), first.id);
    const before = await t.db.query(`SELECT count(*)::int AS n FROM care_plan_version WHERE plan_id = $1`, [ids.planId]);
    expect(await accept(t, w.headers('person'), second.id)).toMatchObject({
      __typename: 'CarePlanConflictError',
      code: 'CONFLICT',
      message: 'A plan holds at most 20 goals.',
      conflicts: [],
    });
    expect(await t.db.query(`SELECT count(*)::int AS n FROM care_plan_version WHERE plan_id = $1`, [ids.planId])).toEqual(before);
  });

  test('the goals of a version with their comments cost the statements of two goals, however many goals', async () => {
    const current = (await t.db.query(`SELECT current_version AS v FROM care_plan WHERE id = $1`, [ids.planId]))[0].v;
    const PLAN_GOALS = `query($id: ID!) { carePlan(id: $id) { goals { id } } }`;
    const goals: { id: string }[] = (await ok(t, PLAN_GOALS, { id: ids.planId }, w.headers('person'))).carePlan.goals;
    for (const { id: goalId } of goals.slice(0, 3))
      await ok(t, COMMENT, { i: { planId: ids.planId, goalId, text: 'Yes' } }, w.headers('person'));
    const GOALS = `query($id: ID!, $v: Int!) { carePlan(id: $id) { comments { totalCount } atVersion(version: $v) { goals { id
      comments { totalCount edges { node { text author { name } } } } } } } }`;
    const measure = async (v: number) => {
      t.statements.reset();
      const res = await t.gql<any, unknown>(GOALS, { id: ids.planId, v }, w.headers('person'));
      expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
      return { statements: t.statements.count, goals: res.data.carePlan.atVersion.goals };
    };
    // Version 3 holds goals 0 and 1; goal 1, still current, has a comment (goal 0 was removed since).
    const one = await measure(3);
    const many = await measure(current);
    expect([one.goals.length, many.goals.length]).toEqual([2, MANY]);
    expect(one.goals[1].comments.edges).toEqual([{ node: { text: 'Yes', author: { name: expect.any(String) } } }]);
    expect(many.goals.filter((g: any) => g.comments.totalCount === 1)).toHaveLength(3);
    expect(many.statements).toBe(one.statements);
  });
});
