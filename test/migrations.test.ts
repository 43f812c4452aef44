import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import { seedAccounts } from '../api/accounts/seed.js';
import { pendingSchemaChanges } from '../api/db/data-source.js';
import { seedDirectory } from '../api/directory/fixtures/kirklees.js';
import { seedGazetteer } from '../api/geo/gazetteer.js';
import { startTestApp, type TestApp } from './harness.js';
import { migrateAsCoopcareStarts } from './support/database.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
  await seedGazetteer(t.db);
  await seedDirectory(t.services);
  await seedAccounts(t.services);
});
afterAll(async () => t?.close());

/** Everything in the database a migration could have made, but the migrations table itself. */
async function schemaObjects(): Promise<string[]> {
  // Objects an extension owns go with the extension, listed on its own.
  const rows: { object: string }[] = await t.db.query(`
    SELECT 'relation ' || c.relname AS object FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = 'public' AND c.relname NOT LIKE 'typeorm_migrations%' AND c.relname <> 'PK_bb2f075707dd300ba86d0208923'
    UNION ALL
    SELECT 'type ' || t.typname FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
     WHERE n.nspname = 'public' AND t.typtype IN ('e', 'd')
       AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = t.oid AND d.deptype = 'e')
    UNION ALL
    SELECT 'function ' || p.proname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
     WHERE n.nspname = 'public' AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e')
    UNION ALL
    SELECT 'extension ' || extname FROM pg_extension WHERE extname <> 'plpgsql'
    ORDER BY 1`);
  return rows.map((r) => r.object);
}

test('every migration can be undone on a database holding the demo data, leaving nothing behind, and applied again', async () => {
  const migrated = await schemaObjects();
  expect(migrated).toEqual(
    expect.arrayContaining(['extension pg_trgm', 'function directory_query', 'relation audit_event', 'type legal_form']),
  );
  for (let i = 0; i < t.db.migrations.length; i++) await t.db.undoLastMigration({ transaction: 'each' });
  expect(await t.db.query('SELECT count(*)::int AS n FROM typeorm_migrations')).toEqual([{ n: 0 }]);
  expect(await schemaObjects()).toEqual([]);

  // Undone as the admin (only a superuser may drop earthdistance); applied as the owner, as at a start.
  await migrateAsCoopcareStarts(inject('pgRoles'), t.name);
  expect(await t.db.showMigrations()).toBe(false);
  expect(await pendingSchemaChanges(t.db)).toEqual([]);
  expect(await schemaObjects()).toEqual(migrated);
});

test('after being applied again, the demo directory seeds and its search and ORUK triggers work', async () => {
  await seedGazetteer(t.db);
  const seeded = await seedDirectory(t.services);
  expect(seeded?.services).toBeGreaterThanOrEqual(40);
  const [{ q }]: { q: string }[] = await t.db.query(`SELECT directory_query('gardning')::text AS q`);
  expect(q).toContain("'garden'");
  // One service-at-location per service and location of its provider (each demo provider has one office).
  const [counts] = await t.db.query(
    `SELECT (SELECT count(*) FROM service_at_location)::int AS pairs, (SELECT count(*) FROM service)::int AS services`,
  );
  expect(counts).toEqual({ pairs: seeded!.services, services: seeded!.services });
});
