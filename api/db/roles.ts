import { Client, escapeIdentifier, escapeLiteral } from 'pg';
import type { DataSource } from 'typeorm';

/**
 * The three roles of a database: `admin` makes the cluster and the database (the embedded server's
 * superuser; a DBA elsewhere) and is never used by the running app; `owner` owns the schema and runs
 * the migrations; `app` is what the running app connects as: it owns nothing, so it cannot alter,
 * drop or truncate a table, nor turn off the triggers that keep the audit trail append-only.
 */
export type ClusterRole = 'admin' | 'owner' | 'app';
export type RolePasswords = Record<ClusterRole, string>;

/** The embedded cluster's role names (a DATABASE_URL server's are the DBA's choice). */
export const ROLE_NAMES: Record<ClusterRole, string> = { admin: 'coopcare', owner: 'coopcare_owner', app: 'coopcare_app' };

type Query = (sql: string) => Promise<unknown>;

/** Creates each role that is missing, as a plain login role with the given password, and makes an existing one plain again. */
export async function ensureLoginRoles(adminQuery: Query, roles: Record<string, string>): Promise<void> {
  for (const [name, password] of Object.entries(roles)) {
    await adminQuery(`DO $$ BEGIN
      IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = ${escapeLiteral(name)}) THEN CREATE ROLE ${escapeIdentifier(name)}; END IF;
    END $$`);
    await adminQuery(
      `ALTER ROLE ${escapeIdentifier(name)} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS ` +
        `PASSWORD ${escapeLiteral(password)}`,
    );
  }
}

/**
 * The extensions the migrations use that the owner cannot create itself: earthdistance is not marked
 * trusted, so only a superuser may create it (and cube, which it needs, first). The migrations' own
 * CREATE EXTENSION IF NOT EXISTS then finds them, and creates the trusted ones as the owner.
 */
export const SUPERUSER_EXTENSIONS = ['cube', 'earthdistance'];

/**
 * Run as the admin before migrating. A database an earlier coopcare migrated as the superuser has every table owned by it. REASSIGN OWNED
 * refuses the bootstrap superuser (it owns the system catalogs too), so each object of the schema is
 * given to the owner by name. Objects an extension made stay the extension's; a table's sequences,
 * indexes and row type follow the table.
 */
export async function prepareDatabase(adminUrl: string, owner: string): Promise<void> {
  const database = decodeURIComponent(new URL(adminUrl).pathname.slice(1));
  await withClient(adminUrl, async (client) => {
    for (const extension of SUPERUSER_EXTENSIONS) await client.query(`CREATE EXTENSION IF NOT EXISTS ${escapeIdentifier(extension)}`);
    await client.query(handOverSql(database, owner));
  });
}

function handOverSql(database: string, owner: string): string {
  return `DO $$
  DECLARE
    object record;
    owner_oid oid := ${escapeLiteral(owner)}::regrole;
  BEGIN
    EXECUTE format('ALTER DATABASE %I OWNER TO %I', ${escapeLiteral(database)}, ${escapeLiteral(owner)});
    FOR object IN
      SELECT CASE c.relkind WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW' WHEN 'S' THEN 'SEQUENCE' ELSE 'TABLE' END AS kind,
             c.oid::regclass::text AS name, 'pg_class'::regclass AS catalog, c.oid
        FROM pg_class c
       WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p', 'v', 'm', 'S') AND c.relowner <> owner_oid
         AND NOT EXISTS (SELECT FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype IN ('a', 'i'))
      UNION ALL
      SELECT CASE p.prokind WHEN 'p' THEN 'PROCEDURE' ELSE 'FUNCTION' END, p.oid::regprocedure::text, 'pg_proc'::regclass, p.oid
        FROM pg_proc p WHERE p.pronamespace = 'public'::regnamespace AND p.proowner <> owner_oid
      UNION ALL
      SELECT 'TYPE', t.oid::regtype::text, 'pg_type'::regclass, t.oid
        FROM pg_type t WHERE t.typnamespace = 'public'::regnamespace AND t.typtype IN ('e', 'd') AND t.typowner <> owner_oid
    LOOP
      CONTINUE WHEN EXISTS (SELECT FROM pg_depend d WHERE d.classid = object.catalog AND d.objid = object.oid AND d.deptype = 'e');
      EXECUTE format('ALTER %s %s OWNER TO %I', object.kind, object.name, ${escapeLiteral(owner)});
    END LOOP;
  END $$`;
}

/**
 * Run as the owner after every migration: the app may read and write the tables, but the migrations'
 * own table only read (for /readyz) and the audit trail only read and append. Default privileges give
 * tables and sequences a later migration creates the same, without each migration remembering; this
 * runs again at each start, so a new table that must be read-only or append-only is revoked here.
 * TRUNCATE, REFERENCES and TRIGGER are never the app's, whoever granted them, nor temporary tables.
 */
export async function grantAppRole(ownerDb: DataSource, app: string): Promise<void> {
  const role = escapeIdentifier(app);
  await ownerDb.transaction(async (m) => {
    for (const sql of [
      // Two instances starting at once would otherwise fail on each other's catalog rows.
      `SELECT pg_advisory_xact_lock(hashtext('coopcare: grant the app role'))`,
      `GRANT USAGE ON SCHEMA public TO ${role}`,
      `GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${role}`,
      `REVOKE TRUNCATE, REFERENCES, TRIGGER ON ALL TABLES IN SCHEMA public FROM ${role}`,
      `GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${role}`,
      `REVOKE INSERT, UPDATE, DELETE ON typeorm_migrations FROM ${role}`,
      `REVOKE UPDATE, DELETE ON audit_event FROM ${role}`,
      // A listing's status history holds the reasons kept out of the audit trail: as append-only as it.
      `REVOKE UPDATE, DELETE ON provider_status_change FROM ${role}`,
      // Budgets' money: a correction is a new line, never an edit (the table's triggers refuse one too).
      `REVOKE UPDATE, DELETE ON budget_ledger_entry FROM ${role}`,
      `REVOKE UPDATE, DELETE ON time_bank_ledger_entry, time_bank_transfer FROM ${role}`,
      // Votes: that a member voted, how, the approvals and the candidates stand as cast (the tables' triggers refuse changes too).
      `REVOKE UPDATE, DELETE ON motion_voter, ballot, ballot_approval, election_candidate FROM ${role}`,
      // Care plans: versions, the person's ratings and signatures are history; of an item's revision only the
      // version it stops at is ever written, so no version's content can change once made.
      `REVOKE UPDATE, DELETE ON care_plan_version, care_plan_goal_review, care_plan_signature FROM ${role}`,
      `REVOKE UPDATE, DELETE ON care_plan_item FROM ${role}`,
      `GRANT UPDATE (until_version) ON care_plan_item TO ${role}`,
      // The care vocabulary is loaded at start-up on the owner's connection; searches only read it.
      `REVOKE INSERT, UPDATE, DELETE ON care_vocabulary, care_vocabulary_spelling, care_vocabulary_file FROM ${role}`,
      // An emailed link is only ever used or ended: whose it is, what for and its hash never change.
      `REVOKE UPDATE, DELETE ON account_token FROM ${role}`,
      `GRANT UPDATE (used_at, expires_at) ON account_token TO ${role}`,
      // A temporary table takes the place of the table of its name for the rest of its pooled connection:
      // one named audit_event would swallow every later request's events there. Only the app connects.
      `DO $$ BEGIN EXECUTE format('REVOKE TEMPORARY ON DATABASE %I FROM PUBLIC, %I', current_database(), ${escapeLiteral(app)}); END $$`,
      `ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${role}`,
      `ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO ${role}`,
    ]) {
      await m.query(sql);
    }
  });
}

/** How the connection's role could get round the audit trail's append-only triggers: empty when it cannot. */
export async function auditLockBypasses(db: DataSource): Promise<string[]> {
  const [role]: { name: string; superuser: boolean; owner: boolean; rewrite: boolean; temporary: boolean; version: number }[] =
    await db.query(`
    SELECT current_user AS name, r.rolsuper AS superuser, pg_has_role(current_user, c.relowner, 'MEMBER') AS owner,
           has_table_privilege(c.oid, 'UPDATE') OR has_table_privilege(c.oid, 'DELETE')
             OR has_table_privilege(c.oid, 'TRUNCATE') AS rewrite,
           has_database_privilege(current_database(), 'TEMPORARY') AS temporary,
           current_setting('server_version_num')::int AS version
      FROM pg_roles r, pg_class c
     WHERE r.rolname = current_user AND c.oid = 'public.audit_event'::regclass`);
  if (!role) return [];
  // From PostgreSQL 15 a superuser can grant SET on a superuser-only setting to anyone.
  const [replica]: { may: boolean }[] =
    role.version >= 150000 ? await db.query(`SELECT has_parameter_privilege('session_replication_role', 'SET') AS may`) : [{ may: false }];
  return [
    role.superuser && `${role.name} is a superuser`,
    role.owner && `${role.name} owns audit_event (or may act as its owner), so it can disable its triggers`,
    role.rewrite && `${role.name} has UPDATE, DELETE or TRUNCATE on audit_event`,
    !role.superuser && replica?.may && `${role.name} may SET session_replication_role, which skips triggers`,
    !role.superuser && role.temporary && `${role.name} may create temporary tables, and one named audit_event hides it from the connection`,
  ].filter((reason): reason is string => typeof reason === 'string');
}

export async function withClient<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
