import { Client } from 'pg';
import { loadConfig } from '../../api/config.js';
import { openDatabase } from '../../api/db/database.js';
import { LOAD_CARE_VOCABULARY } from '../../api/directory/care-vocabulary.js';
import { prepareDatabase } from '../../api/db/roles.js';

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

export async function adminQuery(adminUrl: string, sql: string): Promise<void> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** Where the run's three roles connect (test/global-setup.ts), each to the `postgres` database. */
export interface RoleUrls {
  admin: string;
  owner: string;
  app: string;
}

/**
 * A copy of a template, owned (as a migrated database is) by the schema owner. A copy takes the template's
 * tables and their grants but not the database's own, so the app's temporary tables are taken away again.
 */
export async function createDatabaseAs(urls: RoleUrls, name: string, template: string): Promise<void> {
  await adminQuery(urls.admin, `CREATE DATABASE "${name}" TEMPLATE "${template}" OWNER "${new URL(urls.owner).username}"`);
  await adminQuery(urls.admin, `REVOKE TEMPORARY ON DATABASE "${name}" FROM PUBLIC`);
}

/**
 * Migrates a database of the run's server the way coopcare starts on a DBA's server: the admin has made
 * the extensions only a superuser may, the owner applies the migrations, the app gets its grants, and a
 * role that could get round the audit lock fails it.
 */
export async function migrateAsCoopcareStarts(urls: RoleUrls, database: string): Promise<void> {
  await prepareDatabase(withDatabase(urls.admin, database), new URL(urls.owner).username);
  const config = loadConfig({ DATABASE_URL: withDatabase(urls.app, database), DATABASE_MIGRATION_URL: withDatabase(urls.owner, database) });
  const log = {
    info: () => {},
    warn: (line: string) => {
      throw new Error(line);
    },
  };
  const opened = await openDatabase(config, log, [LOAD_CARE_VOCABULARY]);
  await opened.close();
}
