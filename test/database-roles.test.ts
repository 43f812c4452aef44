import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { loadConfig } from '../api/config.js';
import { openDatabase } from '../api/db/database.js';
import { withClient } from '../api/db/roles.js';
import { createTestDatabase, type TestDatabase } from './harness.js';
import { useTestApp } from './support/app.js';
import { adminQuery, withDatabase } from './support/database.js';

/**
 * The running app connects as a role that owns nothing: whatever code an attacker gets it to run, the
 * database refuses to switch off, get round or rewrite the append-only audit trail, or to drop or
 * empty any table.
 */
const t = useTestApp({ seeded: 'world' });

/** PostgreSQL's refusal for want of a privilege (42501), not the audit trigger's own refusal. */
const permissionDenied = (sql: string) =>
  expect(t.services.uow.transaction((em) => em.query(sql))).rejects.toMatchObject({
    driverError: { code: '42501', message: expect.not.stringContaining('append-only') },
  });

describe("the app's own database connection", () => {
  test('cannot switch the audit trail’s triggers off', async () => {
    await permissionDenied(`SET LOCAL session_replication_role = replica`);
    await permissionDenied(`ALTER TABLE audit_event DISABLE TRIGGER ALL`);
    await permissionDenied(`ALTER TABLE audit_event DISABLE TRIGGER audit_event_no_update_or_delete`);
    await permissionDenied(`DROP TRIGGER audit_event_no_update_or_delete ON audit_event`);
    await permissionDenied(
      `CREATE OR REPLACE FUNCTION audit_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN OLD; END $$`,
    );
  });

  test('reads and appends to the audit trail, but cannot update, delete or truncate it', async () => {
    const count = async () => (await t.services.db.query(`SELECT count(*)::int AS n FROM audit_event`))[0].n as number;
    const before = await count();
    await t.services.db.query(`INSERT INTO audit_event (actor_kind, action, object_type) VALUES ('system', 'test.append', 'Test')`);
    expect(await count()).toBe(before + 1);
    await permissionDenied(`UPDATE audit_event SET action = 'rewritten'`);
    await permissionDenied(`DELETE FROM audit_event`);
    await permissionDenied(`TRUNCATE audit_event`);
    expect(await count()).toBe(before + 1);
  });

  test('cannot rewrite a listing’s status history, where the reasons kept out of the audit trail are', async () => {
    await permissionDenied(`UPDATE provider_status_change SET reason = 'rewritten'`);
    await permissionDenied(`DELETE FROM provider_status_change`);
  });

  test('reads the care vocabulary but cannot change it: the owner loads it at start-up', async () => {
    const [{ n }] = await t.services.db.query('SELECT count(*)::int AS n FROM care_vocabulary');
    expect(n).toBeGreaterThan(300);
    await permissionDenied(`DELETE FROM care_vocabulary`);
    await permissionDenied(`INSERT INTO care_vocabulary (phrase, words, expansion) VALUES ('x', 1, 'x')`);
    await permissionDenied(`UPDATE care_vocabulary SET expansion = 'x'`);
    await permissionDenied(`INSERT INTO care_vocabulary_spelling (spelling, phrase) VALUES ('lonley', 'lone')`);
    await permissionDenied(`UPDATE care_vocabulary_file SET sha256 = 'x'`);
    await permissionDenied(`DELETE FROM care_vocabulary_file`);
  });

  test('appends only events the database numbers and times: none backdated or slipped in among earlier ones', async () => {
    const append = (columns: string, values: string) =>
      t.services.db.query(`INSERT INTO audit_event (${columns}actor_kind, action, object_type) VALUES (${values}'person', 'x', 'Person')`);
    await append('', '');
    const [{ last }] = await t.services.db.query(`SELECT max(id)::int AS last FROM audit_event`);
    await expect(append('occurred_at, ', `'2020-01-01', `)).rejects.toThrow();
    await expect(append('id, ', `${last + 1000}, `)).rejects.toThrow();
    await expect(append('id, ', `1, `)).rejects.toThrow();
    await expect(
      t.services.db.query(`SELECT max(id)::int AS last, min(occurred_at) > now() - interval '1 hour' AS recent FROM audit_event`),
    ).resolves.toEqual([{ last, recent: true }]);
  });

  test('cannot drop, empty, alter or create tables, nor take on another role', async () => {
    await permissionDenied(`DROP TABLE provider`);
    await permissionDenied(`TRUNCATE person`);
    await permissionDenied(`ALTER TABLE person ADD COLUMN stolen text`);
    await permissionDenied(`CREATE TABLE loot (id int)`);
    // It would take audit_event's place for the rest of its pooled connection, swallowing later requests' events.
    await permissionDenied(`CREATE TEMPORARY TABLE audit_event (LIKE audit_event)`);
    await permissionDenied(`DELETE FROM typeorm_migrations`);
    const [{ owner }] = await t.db.query(`SELECT relowner::regrole::text AS owner FROM pg_class WHERE oid = 'audit_event'::regclass`);
    await permissionDenied(`SET ROLE "${owner}"`);
  });

  test('is a plain login role that owns nothing', async () => {
    const [role] = await t.services.db.query(`
      SELECT r.rolsuper, r.rolcreatedb, r.rolcreaterole, r.rolreplication, r.rolbypassrls,
             (SELECT count(*)::int FROM pg_class WHERE relowner = r.oid) AS owned_relations,
             (SELECT count(*)::int FROM pg_database WHERE datdba = r.oid) AS owned_databases
        FROM pg_roles r WHERE r.rolname = current_user`);
    expect(role).toEqual({
      rolsuper: false,
      rolcreatedb: false,
      rolcreaterole: false,
      rolreplication: false,
      rolbypassrls: false,
      owned_relations: 0,
      owned_databases: 0,
    });
  });
});

test('a table a later migration creates is the app’s to read and write, with no grant of its own', async () => {
  await withClient(withDatabase(inject('pgRoles').owner, t.name), (owner) =>
    owner.query(`CREATE TABLE later_table (id bigserial PRIMARY KEY, note text NOT NULL)`),
  );
  await t.services.db.query(`INSERT INTO later_table (note) VALUES ('written by the app')`);
  expect(await t.services.db.query(`UPDATE later_table SET note = 'changed' RETURNING note`)).toEqual([[{ note: 'changed' }], 1]);
  await permissionDenied(`TRUNCATE later_table`);
  await permissionDenied(`DROP TABLE later_table`);
});

describe('starting against a DATABASE_URL server', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => database?.drop());

  const roles = () => inject('pgRoles');
  const open = (env: Record<string, string>) => {
    const warnings: string[] = [];
    const opening = openDatabase(loadConfig(env), { info: () => {}, warn: (line) => warnings.push(line) });
    const who = opening.then(async (opened) => {
      try {
        return (await opened.db.query('SELECT current_user AS who'))[0].who as string;
      } finally {
        await opened.close();
      }
    });
    return { warnings, opened: who };
  };
  const as = (role: 'admin' | 'owner' | 'app') => withDatabase(roles()[role], database.name);

  test('migrates as DATABASE_MIGRATION_URL’s role and runs as DATABASE_URL’s, without a warning', async () => {
    const { warnings, opened } = open({ DATABASE_URL: as('app'), DATABASE_MIGRATION_URL: as('owner'), NODE_ENV: 'production' });
    expect(await opened).toBe(new URL(roles().app).username);
    expect(warnings).toEqual([]);
  });

  test('with only DATABASE_URL, a role that can get round the audit lock is refused in production, warned of elsewhere', async () => {
    await expect(open({ DATABASE_URL: as('owner'), NODE_ENV: 'production' }).opened).rejects.toThrow(
      /NODE_ENV is production and the app's database role can get round the audit trail's append-only lock \(\S+ owns audit_event/,
    );
    await expect(open({ DATABASE_URL: as('admin'), NODE_ENV: 'production' }).opened).rejects.toThrow(/is a superuser/);
    const { warnings, opened } = open({ DATABASE_URL: as('owner') });
    expect(await opened).toBe(new URL(roles().owner).username);
    expect(warnings).toEqual([expect.stringContaining('Give DATABASE_URL a role that owns nothing and DATABASE_MIGRATION_URL the owner')]);
  });

  test('the app’s role loses the temporary tables every role has by default, and is refused in production with them', async () => {
    const mayMakeTemporaryTables = () => adminQuery(as('admin'), `GRANT TEMPORARY ON DATABASE "${database.name}" TO PUBLIC`);
    await mayMakeTemporaryTables();
    await open({ DATABASE_URL: as('app'), DATABASE_MIGRATION_URL: as('owner'), NODE_ENV: 'production' }).opened;
    await expect(withClient(as('app'), (app) => app.query(`CREATE TEMPORARY TABLE audit_event (LIKE audit_event)`))).rejects.toMatchObject({
      code: '42501',
    });
    await mayMakeTemporaryTables();
    await expect(open({ DATABASE_URL: as('app'), NODE_ENV: 'production' }).opened).rejects.toThrow(/may create temporary tables/);
    await open({ DATABASE_URL: as('app'), DATABASE_MIGRATION_URL: as('owner') }).opened;
  });

  test('with only DATABASE_URL, the app’s own role runs once the owner has migrated', async () => {
    const { warnings, opened } = open({ DATABASE_URL: as('app'), NODE_ENV: 'production' });
    expect(await opened).toBe(new URL(roles().app).username);
    expect(warnings).toEqual([]);
  });
});
