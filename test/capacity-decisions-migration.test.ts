import { afterAll, beforeAll, expect, test } from 'vitest';
import { startTestApp, type TestApp } from './harness.js';

/**
 * Findings of lack of capacity recorded by one officer before capacity decisions took two are kept, with
 * their reasons, but await a second officer: until one confirms them, officers may not act on them.
 */
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => t?.close());

const MIGRATION = 'CapacityDecisionsTakeTwoOfficers1765000200000';

test('after the migration a one-officer finding of lack of capacity awaits confirmation; one of capacity stays in force', async () => {
  const applied = async () => (await t.db.query(`SELECT 1 FROM typeorm_migrations WHERE name = $1`, [MIGRATION])).length > 0;
  while (await applied()) await t.db.undoLastMigration({ transaction: 'each' });
  const [officer] = await t.db.query(`INSERT INTO person (email, name) VALUES ('o@test.example', 'Officer') RETURNING id`);
  const [lacking] = await t.db.query(
    `INSERT INTO person (email, name, lacks_capacity, capacity_reason, capacity_recorded_by_id, capacity_recorded_at)
     VALUES ('l@test.example', 'Lacking', true, 'MCA ref 1', $1, now()) RETURNING id`,
    [officer.id],
  );
  const [having] = await t.db.query(
    `INSERT INTO person (email, name, lacks_capacity, capacity_reason, capacity_recorded_by_id, capacity_recorded_at)
     VALUES ('h@test.example', 'Having', false, 'MCA ref 2', $1, now()) RETURNING id`,
    [officer.id],
  );
  await t.db.runMigrations({ transaction: 'each' });

  const decisions = await t.db.query(
    `SELECT person_id, lacks_capacity, reason, recorded_by_id, confirmed_at FROM capacity_assessment ORDER BY reason`,
  );
  expect(decisions).toEqual([
    { person_id: lacking.id, lacks_capacity: true, reason: 'MCA ref 1', recorded_by_id: officer.id, confirmed_at: null },
    { person_id: having.id, lacks_capacity: false, reason: 'MCA ref 2', recorded_by_id: officer.id, confirmed_at: null },
  ]);
  expect(await t.db.query(`SELECT bool_or(lacks_capacity) AS any FROM person`)).toEqual([{ any: false }]);
});
