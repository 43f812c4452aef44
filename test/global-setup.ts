import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { removeAbandonedClusters, startEmbeddedPostgres, type RunningPostgres } from '../api/db/embedded.js';
import { ensureLoginRoles, withClient } from '../api/db/roles.js';
import { adminQuery, createDatabaseAs, migrateAsCoopcareStarts, type RoleUrls, withDatabase } from './support/database.js';
import { buildSeededTemplates, type Templates } from './support/templates.js';
import { buildWidgets } from '../scripts/build-widgets.mjs';
import type { WorldIds } from './support/world.js';

declare module 'vitest' {
  export interface ProvidedContext {
    pgRoles: RoleUrls;
    templateDatabase: string;
    templates: Templates;
    world: WorldIds;
    demoProviders: Record<string, string>;
    demoSummary: string;
  }
}

/**
 * One PostgreSQL for the whole run: DATABASE_URL's server, or an embedded one in a throw-away folder
 * on a free port (so parallel runs never meet). As in production, migrations run as the schema owner
 * and apps as a role that owns nothing (DATABASE_URL's server gets a pair of roles for the run).
 * Migrations are applied once to a template database, the way coopcare starts, and the common seeds
 * once each to templates cloned from it (test/support/templates.ts); each test file clones one of
 * them into a database of its own.
 */
export default async function setup(project: TestProject) {
  // The apps under test serve dist/widgets: built from the code as it is now, never a stale copy.
  await buildWidgets({ quiet: true });
  const runId = `${process.pid}_${randomBytes(3).toString('hex')}`;
  let embedded: RunningPostgres | undefined;
  let dataDir: string | undefined;
  let roles: RoleUrls;
  const serverUrl = process.env.DATABASE_URL;
  if (serverUrl) {
    roles = await rolesForRun(serverUrl, runId);
  } else {
    await removeAbandonedClusters(path.resolve('.data'), 'test-');
    dataDir = path.resolve('.data', `test-${runId}`);
    embedded = await startEmbeddedPostgres({ dataDir, port: await freePort(), persistent: false });
    roles = {
      admin: embedded.urlFor('postgres', 'admin'),
      owner: embedded.urlFor('postgres', 'owner'),
      app: embedded.urlFor('postgres', 'app'),
    };
  }
  const adminUrl = roles.admin;
  const templateDatabase = `coopcare_template_${runId}`;
  await adminQuery(adminUrl, `CREATE DATABASE "${templateDatabase}" OWNER "${new URL(roles.owner).username}"`);
  await migrateAsCoopcareStarts(roles, templateDatabase);
  const seeded = await buildSeededTemplates(
    (name, template) => createDatabaseAs(roles, name, template),
    (name) => withDatabase(roles.owner, name),
    templateDatabase,
  );

  project.provide('pgRoles', roles);
  project.provide('templateDatabase', templateDatabase);
  project.provide('templates', seeded.templates);
  project.provide('world', seeded.world);
  project.provide('demoProviders', seeded.demoProviders);
  project.provide('demoSummary', seeded.demoSummary);

  return async () => {
    if (embedded) {
      await embedded.stop();
      if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    } else {
      for (const template of [...Object.values(seeded.templates)].reverse()) {
        await adminQuery(adminUrl, `DROP DATABASE IF EXISTS "${template}" WITH (FORCE)`);
      }
      for (const role of [roles.app, roles.owner]) await adminQuery(adminUrl, `DROP ROLE IF EXISTS "${new URL(role).username}"`);
    }
  };
}

/** A DATABASE_URL server's owner and app roles for this run alone, so runs sharing the server never meet. */
async function rolesForRun(adminUrl: string, runId: string): Promise<RoleUrls> {
  const as = (name: string, password: string) => {
    const url = new URL(adminUrl);
    [url.username, url.password] = [name, password];
    return url.toString();
  };
  const [owner, app] = [`coopcare_owner_${runId}`, `coopcare_app_${runId}`];
  const passwords = { [owner]: randomBytes(18).toString('base64url'), [app]: randomBytes(18).toString('base64url') };
  await withClient(adminUrl, (client) => ensureLoginRoles((sql) => client.query(sql), passwords));
  return { admin: adminUrl, owner: as(owner, passwords[owner]!), app: as(app, passwords[app]!) };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
