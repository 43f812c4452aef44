import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { createDataSource } from '../api/db/data-source.js';
import { removeAbandonedClusters, startEmbeddedPostgres, type RunningPostgres } from '../api/db/embedded.js';
import { adminQuery, withDatabase } from './support/database.js';
import { buildSeededTemplates, type Templates } from './support/templates.js';
import type { WorldIds } from './support/world.js';

declare module 'vitest' {
  export interface ProvidedContext {
    pgAdminUrl: string;
    templateDatabase: string;
    templates: Templates;
    world: WorldIds;
    demoProviders: Record<string, string>;
    demoSummary: string;
  }
}

/**
 * One PostgreSQL for the whole run: DATABASE_URL's server, or an embedded one in a throw-away folder
 * on a free port (so parallel runs never meet). Migrations are applied once to a template database,
 * and the common seeds once each to templates cloned from it (test/support/templates.ts); each test
 * file clones one of them into a database of its own.
 */
export default async function setup(project: TestProject) {
  const runId = `${process.pid}_${randomBytes(3).toString('hex')}`;
  let embedded: RunningPostgres | undefined;
  let dataDir: string | undefined;
  let adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) {
    await removeAbandonedClusters(path.resolve('.data'), 'test-');
    dataDir = path.resolve('.data', `test-${runId}`);
    embedded = await startEmbeddedPostgres({ dataDir, port: await freePort(), persistent: false });
    adminUrl = embedded.urlFor('postgres');
  }
  const templateDatabase = `coopcare_template_${runId}`;
  await adminQuery(adminUrl, `CREATE DATABASE "${templateDatabase}"`);
  const templateUrl = withDatabase(adminUrl, templateDatabase);
  const db = createDataSource(templateUrl, { poolSize: 2 });
  await db.initialize();
  await db.runMigrations({ transaction: 'each' });
  await db.destroy();
  const seeded = await buildSeededTemplates(
    (sql) => adminQuery(adminUrl, sql),
    (name) => withDatabase(adminUrl, name),
    templateDatabase,
  );

  project.provide('pgAdminUrl', adminUrl);
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
    }
  };
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
