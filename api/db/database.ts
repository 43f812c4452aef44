import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import type { Config } from '../config.js';
import { createDataSource } from './data-source.js';
import { startEmbeddedPostgres, type RunningPostgres } from './embedded.js';

export interface Database {
  db: DataSource;
  /** Where the database is, without its password, for start-up messages. */
  description: string;
  close(): Promise<void>;
}

/**
 * Connects to DATABASE_URL, or starts the embedded server in the data folder and creates the
 * `coopcare` database there; then applies pending migrations.
 */
export async function openDatabase(config: Config, log: (line: string) => void): Promise<Database> {
  let embedded: RunningPostgres | undefined;
  let url = config.databaseUrl;
  if (!url) {
    embedded = await startEmbeddedPostgres({ dataDir: config.dataDir, port: config.embeddedPgPort, persistent: true });
    await ensureDatabase(embedded.urlFor('postgres'), 'coopcare');
    url = embedded.urlFor('coopcare');
  }
  const db = createDataSource(url);
  try {
    await db.initialize();
    const applied = await db.runMigrations({ transaction: 'each' });
    for (const m of applied) log(`applied migration ${m.name}`);
  } catch (error) {
    if (db.isInitialized) await db.destroy();
    await embedded?.stop();
    throw error;
  }
  const where = new URL(url);
  return {
    db,
    description: embedded
      ? `embedded PostgreSQL in ${config.dataDir} (port ${config.embeddedPgPort})`
      : `PostgreSQL at ${where.hostname}:${where.port || 5432}${where.pathname}`,
    async close() {
      await db.destroy();
      await embedded?.stop();
    },
  };
}

export async function ensureDatabase(adminUrl: string, name: string, template?: string): Promise<void> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (exists.rowCount === 0) {
      await client.query(`CREATE DATABASE "${name}"${template ? ` TEMPLATE "${template}"` : ''}`);
    }
  } finally {
    await client.end();
  }
}
