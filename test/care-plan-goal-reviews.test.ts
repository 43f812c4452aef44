import { beforeEach, describe, expect, test } from 'vitest';
import { useTestApp } from './support/app.js';
import { createPlanFor, homeCareBooking, joinCircle, type PlanIds } from './support/care-plans.js';
import { auditCount, code } from './support/graphql.js';
import { useWorld } from './support/world.js';

const t = useTestApp({ seeded: 'world' });
const w = useWorld(t);

const REVIEW = `mutation($i: RecordGoalReviewInput!) { recordGoalReview(input: $i) {
  id importance baseline { performance } latest { performance satisfaction ratedOn recordedBy { id } }
  change { importance performance satisfaction isMeaningful } reviews { ratedOn } } }`;
const OVERDUE = `query($first: Int, $after: String) { carePlansOverdueForReview(first: $first, after: $after) {
  totalCount edges { cursor node { id reviewDate isReviewOverdue } } pageInfo { hasNextPage endCursor } } }`;

let plan: PlanIds;
beforeEach(async () => {
  plan = await createPlanFor(t, w);
});

const review = (rating: Record<string, unknown>, role: Parameters<typeof w.headers>[0] = 'person') =>
  t.gql<{ recordGoalReview: Record<string, any> }, unknown>(
    REVIEW,
    { i: { planId: plan.planId, goalId: plan.goalIds[0], ...rating } },
    w.headers(role),
  );

describe('goal reviews', () => {
  test('the baseline stays; the latest moves; a change of 2 or more in performance or satisfaction is flagged, of 1 is not', async () => {
    // Baseline (from the fixture): importance 9, performance 3, satisfaction 4.
    const small = await review({ importance: 8, performance: 4, satisfaction: 5 });
    expect(small.errors).toBeUndefined();
    expect(small.data!.recordGoalReview).toMatchObject({
      importance: 8,
      baseline: { performance: 3 },
      latest: { performance: 4, satisfaction: 5, recordedBy: { id: w.ids.person } },
      change: { importance: -1, performance: 1, satisfaction: 1, isMeaningful: false },
    });
    const big = await review({ importance: 9, performance: 6, satisfaction: 5 });
    expect(big.data!.recordGoalReview.change).toEqual({ importance: 0, performance: 3, satisfaction: 1, isMeaningful: true });
    expect(big.data!.recordGoalReview.reviews).toHaveLength(3);
    const down = await review({ importance: 9, performance: 3, satisfaction: 2 });
    expect(down.data!.recordGoalReview.change).toMatchObject({ performance: 0, satisfaction: -2, isMeaningful: true });
    // Ratings given on an earlier day, recorded late, are the baseline: the order is the day they were given.
    const earlier = await review({ importance: 9, performance: 1, satisfaction: 2, ratedOn: '2026-01-15' });
    expect(earlier.data!.recordGoalReview).toMatchObject({ baseline: { performance: 1 }, change: { performance: 2, satisfaction: 0 } });
    expect(await auditCount(t, 'carePlan.reviewGoal', plan.planId)).toBe(4);
    const summaries: { s: string }[] = await t.db.query(`SELECT summary::text AS s FROM audit_event WHERE action = 'carePlan.reviewGoal'`);
    for (const { s } of summaries) expect(s).not.toMatch(/importance|performance|satisfaction/);
  });

  test('a goal with no ratings has no baseline, importance or change', async () => {
    const { planId, goalIds } = await createPlanFor(t, w, {
      input: { goals: [{ description: 'Learn to cook', area: 'PRODUCTIVITY' }], supports: [] },
    });
    const res = await t.gql<{ carePlan: { goals: Record<string, unknown>[] } }, unknown>(
      `query($id: ID!) { carePlan(id: $id) {
        goals { id importance baseline { importance } latest { importance } change { isMeaningful } } } }`,
      { id: planId },
      w.headers('person'),
    );
    expect(res.data!.carePlan.goals).toEqual([{ id: goalIds[0], importance: null, baseline: null, latest: null, change: null }]);
  });

  test.each([
    ['0', { importance: 0, performance: 5, satisfaction: 5 }, 'input.importance'],
    ['11', { importance: 5, performance: 11, satisfaction: 5 }, 'input.performance'],
    ['a fraction', { importance: 5, performance: 5, satisfaction: 5.5 }, null],
    ['a day in the future', { importance: 5, performance: 5, satisfaction: 5, ratedOn: '2099-01-01' }, 'ratedOn'],
  ])('a rating of %s is BAD_USER_INPUT, nothing recorded', async (_about, rating, argument) => {
    const res = await review(rating);
    expect(code(res)).toBe('BAD_USER_INPUT');
    if (argument) expect(res.errors?.[0]?.extensions?.argument).toBe(argument);
    expect(await auditCount(t, 'carePlan.reviewGoal', plan.planId)).toBe(0);
  });

  test('a goal not in the current version is BAD_USER_INPUT; VIEW and SUGGEST members and outsiders are refused', async () => {
    const other = await t.gql(
      REVIEW,
      { i: { planId: plan.planId, goalId: plan.supportIds[0], importance: 5, performance: 5, satisfaction: 5 } },
      w.headers('person'),
    );
    expect([code(other), other.errors?.[0]?.extensions?.argument]).toEqual(['BAD_USER_INPUT', 'goalId']);
    await joinCircle(t, w, plan.planId, 'otherPerson', 'SUGGEST');
    expect(code(await review({ importance: 5, performance: 5, satisfaction: 5 }, 'otherPerson'))).toBe('FORBIDDEN');
    expect(code(await review({ importance: 5, performance: 5, satisfaction: 5 }, 'officer'))).toBe('FORBIDDEN');
    expect(code(await review({ importance: 5, performance: 5, satisfaction: 5 }, 'representativeAll'))).toBeUndefined();
  });
});

describe('plans overdue for review', () => {
  test('a coordinator sees the plans they lead past their review date, most overdue first, in pages; each listed is a read', async () => {
    await homeCareBooking(t, w, { personId: w.ids.otherPerson, hoursAhead: 120 });
    const first = await createPlanFor(t, w, { as: 'officer' });
    const second = await createPlanFor(t, w, { as: 'coordinator', personId: w.ids.otherPerson });
    await joinCircle(t, w, first.planId, 'coordinator', 'EDIT', { asLeadCoordinator: true });
    await t.db.query(`UPDATE care_plan SET review_date = '2026-01-10' WHERE id = $1`, [first.planId]);
    await t.db.query(`UPDATE care_plan SET review_date = '2025-12-01' WHERE id = $1`, [second.planId]);
    const readsBefore = await auditCount(t, 'carePlan.read');

    const page1 = await t.gql<{ carePlansOverdueForReview: Record<string, any> }, unknown>(OVERDUE, { first: 1 }, w.headers('coordinator'));
    expect(page1.errors).toBeUndefined();
    const list1 = page1.data!.carePlansOverdueForReview;
    expect(list1.totalCount).toBe(2);
    expect(list1.edges.map((e: { node: unknown }) => e.node)).toEqual([
      { id: second.planId, reviewDate: '2025-12-01', isReviewOverdue: true },
    ]);
    const page2 = await t.gql<{ carePlansOverdueForReview: Record<string, any> }, unknown>(
      OVERDUE,
      { first: 5, after: list1.pageInfo.endCursor },
      w.headers('coordinator'),
    );
    expect(page2.data!.carePlansOverdueForReview.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual([first.planId]);
    expect(await auditCount(t, 'carePlan.read')).toBe(readsBefore + 2);

    // A plan not yet due, or led by someone else, is not listed; anyone not a coordinator is refused.
    expect((await t.gql<any, unknown>(OVERDUE, {}, w.headers('otherCoordinator'))).data.carePlansOverdueForReview.totalCount).toBe(0);
    for (const role of ['person', 'officer', 'careWorker', 'admin'] as const)
      expect(code(await t.gql(OVERDUE, {}, w.headers(role)))).toBe('FORBIDDEN');
    expect(code(await t.gql(OVERDUE, {}, w.headers('public')))).toBe('UNAUTHENTICATED');
    expect(code(await t.gql(OVERDUE, { after: 'bm9uc2Vuc2U' }, w.headers('coordinator')))).toBe('BAD_USER_INPUT');
  });

  test('setting the review date (not in the past) takes a plan off the list', async () => {
    const res = await t.gql(
      `mutation($p: ID!, $d: LocalDate!) { setCarePlanReviewDate(planId: $p, reviewDate: $d) { reviewDate isReviewOverdue } }`,
      {
        p: plan.planId,
        d: '2020-01-01',
      },
      w.headers('person'),
    );
    expect([code(res), res.errors?.[0]?.extensions?.argument]).toEqual(['BAD_USER_INPUT', 'reviewDate']);
    const ok = await t.gql(
      `mutation($p: ID!, $d: LocalDate!) { setCarePlanReviewDate(planId: $p, reviewDate: $d) { reviewDate isReviewOverdue } }`,
      {
        p: plan.planId,
        d: '2030-06-01',
      },
      w.headers('person'),
    );
    expect(ok.data).toEqual({ setCarePlanReviewDate: { reviewDate: '2030-06-01', isReviewOverdue: false } });
    expect(await auditCount(t, 'carePlan.setReviewDate', plan.planId)).toBe(1);
  });
});
