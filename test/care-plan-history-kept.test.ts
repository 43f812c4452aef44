import { beforeAll, expect, test } from 'vitest';
import { useTestApp } from './support/app.js';
import { createPlanFor, type PlanIds } from './support/care-plans.js';
import { useWorld } from './support/world.js';

/**
 * A plan's history is kept by the database too: the app's own role may append versions, ratings and
 * signatures but not change or delete them, and of an item's revision may write only the version it stops at.
 */
const t = useTestApp({ seeded: 'world' });
const w = useWorld(t);

const permissionDenied = (sql: string, params: unknown[] = []) =>
  expect(t.services.uow.transaction((em) => em.query(sql, params))).rejects.toMatchObject({ driverError: { code: '42501' } });

let plan: PlanIds;
beforeAll(async () => {
  plan = await createPlanFor(t, w);
});

test('versions, ratings and signatures cannot be rewritten or deleted by the app', async () => {
  await permissionDenied(`UPDATE care_plan_version SET created_by_id = NULL WHERE plan_id = $1`, [plan.planId]);
  await permissionDenied(`DELETE FROM care_plan_version WHERE plan_id = $1`, [plan.planId]);
  await permissionDenied(`UPDATE care_plan_goal_review SET performance = 10 WHERE plan_id = $1`, [plan.planId]);
  await permissionDenied(`DELETE FROM care_plan_goal_review WHERE plan_id = $1`, [plan.planId]);
  await t.services.db.query(`INSERT INTO care_plan_signature (plan_id, version, side) VALUES ($1, 1, 'PERSON')`, [plan.planId]);
  await permissionDenied(`UPDATE care_plan_signature SET signed_by_id = NULL WHERE plan_id = $1`, [plan.planId]);
  await permissionDenied(`DELETE FROM care_plan_signature WHERE plan_id = $1`, [plan.planId]);
});

test('an item revision’s content is fixed; only the version it stops at may be set', async () => {
  await permissionDenied(`UPDATE care_plan_item SET content = '{}' WHERE plan_id = $1`, [plan.planId]);
  await permissionDenied(`DELETE FROM care_plan_item WHERE plan_id = $1`, [plan.planId]);
  // (Set and put back in a transaction that rolls back: the grant allows it.)
  await expect(
    t.services.uow.transaction(async (em) => {
      await em.query(`UPDATE care_plan_item SET until_version = 2 WHERE plan_id = $1`, [plan.planId]);
      throw new Error('roll back');
    }),
  ).rejects.toThrow('roll back');
});

test('no version already made can be rewritten through until_version or by moving the plan back', async () => {
  // Another person's plan at version 2, made as the app makes it (by the owner here, whom the guards let by):
  // the first goal's revision closed at 2.
  const other = await createPlanFor(t, w, { as: 'otherPerson', personId: w.ids.otherPerson });
  await t.db.query(`INSERT INTO care_plan_version (plan_id, version) VALUES ($1, 2)`, [other.planId]);
  await t.db.query(`UPDATE care_plan_item SET until_version = 2 WHERE plan_id = $1 AND item_id = $2`, [other.planId, other.goalIds[0]]);
  await t.db.query(`UPDATE care_plan SET current_version = 2 WHERE id = $1`, [other.planId]);
  // Putting the closed goal back into version 2, taking the other goal out of it, and rewinding to version 1.
  await permissionDenied(`UPDATE care_plan_item SET until_version = NULL WHERE plan_id = $1 AND until_version = 2`, [other.planId]);
  const closeSecondGoal = `UPDATE care_plan_item SET until_version = 2 WHERE plan_id = $1 AND item_id = $2`;
  await permissionDenied(closeSecondGoal, [other.planId, other.goalIds[1]]);
  await permissionDenied(`UPDATE care_plan SET current_version = 1 WHERE id = $1`, [other.planId]);
  // Nor past a version that was never written.
  await permissionDenied(`UPDATE care_plan SET current_version = 3 WHERE id = $1`, [other.planId]);
});

test('a plan deleted (as when its person is erased) takes its whole history with it', async () => {
  const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM care_plan_version WHERE plan_id = $1`, [plan.planId]);
  expect(n).toBe(1);
  await t.db.query(`DELETE FROM care_plan WHERE id = $1`, [plan.planId]);
  expect(await t.db.query(`SELECT count(*)::int AS n FROM care_plan_item WHERE plan_id = $1`, [plan.planId])).toEqual([{ n: 0 }]);
});
