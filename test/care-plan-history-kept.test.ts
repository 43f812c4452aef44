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

test('a plan deleted (as when its person is erased) takes its whole history with it', async () => {
  const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM care_plan_version WHERE plan_id = $1`, [plan.planId]);
  expect(n).toBe(1);
  await t.db.query(`DELETE FROM care_plan WHERE id = $1`, [plan.planId]);
  expect(await t.db.query(`SELECT count(*)::int AS n FROM care_plan_item WHERE plan_id = $1`, [plan.planId])).toEqual([{ n: 0 }]);
});
