import fs from 'node:fs';
import path from 'node:path';
import { Pool } from 'pg';
import type { DataSource, Logger } from 'typeorm';
import { loadConfig, projectRoot } from '../../api/config.js';
import { ensureDatabase } from '../../api/db/database.js';
import { createDataSource } from '../../api/db/data-source.js';
import { startEmbeddedPostgres, type RunningPostgres } from '../../api/db/embedded.js';

/**
 * A throw-away database for one benchmark, migrated: on DATABASE_URL's server when set, else on an
 * embedded PostgreSQL of its own. Dropped (and the embedded server stopped) when `work` ends.
 */
export async function withBenchDatabase<T>(
  name: string,
  options: { poolSize: number; logger?: Logger },
  work: (db: DataSource, url: string) => Promise<T>,
): Promise<T> {
  const config = loadConfig();
  let embedded: RunningPostgres | undefined;
  let adminUrl = config.databaseUrl;
  const dataDir = path.join(projectRoot, '.data', `bench-${name}-${process.pid}`);
  if (!adminUrl) {
    embedded = await startEmbeddedPostgres({ dataDir, port: config.embeddedPgPort + 1, persistent: false });
    adminUrl = embedded.urlFor('postgres', 'admin');
  }
  const dbName = `coopcare_bench_${name}_${process.pid}`;
  await ensureDatabase(adminUrl, dbName);
  const url = new URL(adminUrl);
  url.pathname = `/${dbName}`;
  const db = createDataSource(url.toString(), options);
  const admin = new Pool({ connectionString: adminUrl, max: 1 });
  // The database is dropped and the server stopped under these pools at the end; that is expected.
  admin.on('error', () => {});
  try {
    await db.initialize();
    await db.runMigrations({ transaction: 'each' });
    return await work(db, url.toString());
  } finally {
    if (db.isInitialized) await db.destroy();
    await admin.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`).catch(() => {});
    await admin.end();
    if (embedded) {
      await embedded.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }
}
