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
 * `coopcare` database there; then applies pending migrations. A failure says which step failed.
 */
export async function openDatabase(config: Config, log: (line: string) => void): Promise<Database> {
  let embedded: RunningPostgres | undefined;
  let url = config.databaseUrl;
  if (!url) {
    embedded = await startEmbeddedPostgres({ dataDir: config.dataDir, port: config.embeddedPgPort, persistent: true, notice: log });
    url = embedded.urlFor('coopcare');
  }
  const where = new URL(url);
  const description = embedded
    ? `embedded PostgreSQL in ${config.dataDir} (port ${config.embeddedPgPort})`
    : `PostgreSQL at ${where.hostname}:${where.port || 5432}${where.pathname}`;
  const db = createDataSource(url);
  let step = 'connecting to';
  try {
    if (embedded) await ensureDatabase(embedded.urlFor('postgres'), 'coopcare');
    await db.initialize();
    step = 'applying migrations to';
    const applied = await db.runMigrations({ transaction: 'each' });
    for (const m of applied) log(`applied migration ${m.name}`);
  } catch (error) {
    if (db.isInitialized) await db.destroy();
    await embedded?.stop();
    const advice =
      step === 'applying migrations to'
        ? 'Each migration runs in its own transaction, so the failing one changed nothing; its name and error are above.'
        : embedded
          ? 'If the folder is damaged, move it away (or set COOPCARE_DATA_DIR) to start with a new one.'
          : 'Check that the server is running and that DATABASE_URL names the right host, database, user and password.';
    throw new Error(`${step} the ${description} failed: ${error instanceof Error ? error.message : String(error)}. ${advice}`);
  }
  return {
    db,
    description,
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
