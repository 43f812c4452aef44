import { afterAll, beforeAll, expect, test } from 'vitest';
import { seedAccounts } from '../api/accounts/seed.js';
import { pendingSchemaChanges } from '../api/db/data-source.js';
import { seedDirectory } from '../api/directory/fixtures/kirklees.js';
import { seedGazetteer } from '../api/geo/gazetteer.js';
import { startTestApp, type TestApp } from './harness.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
  await seedGazetteer(t.db);
  await seedDirectory(t.services);
  await seedAccounts(t.services);
});
afterAll(async () => t?.close());

test('every migration can be undone on a database holding the demo data, and applied again', async () => {
  for (let i = 0; i < t.db.migrations.length; i++) await t.db.undoLastMigration({ transaction: 'each' });
  expect(await t.db.query('SELECT count(*)::int AS n FROM typeorm_migrations')).toEqual([{ n: 0 }]);
  await t.db.runMigrations({ transaction: 'each' });
  expect(await t.db.showMigrations()).toBe(false);
  expect(await pendingSchemaChanges(t.db)).toEqual([]);
});
