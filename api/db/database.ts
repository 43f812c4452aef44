import { escapeIdentifier } from 'pg';
import type { DataSource } from 'typeorm';
import type { Config } from '../config.js';
import { createDataSource } from './data-source.js';
import { startEmbeddedPostgres, type RunningPostgres } from './embedded.js';
import { auditLockBypasses, grantAppRole, prepareDatabase, ROLE_NAMES, withClient } from './roles.js';

export interface Database {
  /** The app's connection, as the role that owns nothing. */
  db: DataSource;
  /** Where the database is, without its password, for start-up messages. */
  description: string;
  /** The app's connection URL, password included: for the cluster's workers, never for a message. */
  appUrl: string;
  /** Closes the app's pool (if still open) and stops the embedded server if this process started it. */
  close(): Promise<void>;
}

/** The app's role could rewrite the audit trail, and this is production. */
class RoleRefusal extends Error {}

export interface StartUpLog {
  info(line: string): void;
  warn(line: string): void;
}

/**
 * Work a start does on the owner's connection once the migrations are applied (loading data kept in
 * the repo): given by the caller, so a tool that only opens the database (an import) does none.
 */
export interface AfterMigration {
  /** The step as a failure names it: "loading the care vocabulary into" (the database follows). */
  step: string;
  /** What to do about a failure. */
  advice: string;
  run(owner: DataSource, log: StartUpLog): Promise<void>;
}

/**
 * Connects to DATABASE_URL, or starts the embedded server in the data folder (whose superuser creates the
 * `coopcare` database, owned by its owner role); applies pending migrations as the owner (DATABASE_MIGRATION_URL,
 * else DATABASE_URL), runs `afterMigrations` in order as the owner, and grants the app's role what it uses. A
 * role that could get round the audit trail's append-only lock is refused in production and warned about
 * elsewhere. A failure says which step failed.
 */
export async function openDatabase(config: Config, log: StartUpLog, afterMigrations: readonly AfterMigration[] = []): Promise<Database> {
  let embedded: RunningPostgres | undefined;
  let appUrl = config.databaseUrl;
  let ownerUrl = config.databaseMigrationUrl ?? config.databaseUrl;
  if (!appUrl || !ownerUrl) {
    embedded = await startEmbeddedPostgres({
      dataDir: config.dataDir,
      port: config.embeddedPgPort,
      persistent: true,
      notice: (line) => log.info(line),
    });
    appUrl = embedded.urlFor('coopcare', 'app');
    ownerUrl = embedded.urlFor('coopcare', 'owner');
  }
  const description = embedded ? `embedded PostgreSQL in ${config.dataDir} (port ${config.embeddedPgPort})` : serverAt(appUrl);
  const db = createDataSource(appUrl, { statementTimeoutMs: config.statementTimeoutMs });
  const owner = createDataSource(ownerUrl, { poolSize: 1 });
  let step = 'connecting to';
  let stepAdvice: string | null = null;
  try {
    if (embedded) {
      await ensureDatabase(embedded.urlFor('postgres', 'admin'), 'coopcare', ROLE_NAMES.owner);
      await prepareDatabase(embedded.urlFor('coopcare', 'admin'), ROLE_NAMES.owner);
    }
    await db.initialize();
    await owner.initialize();
    step = 'applying migrations to';
    const applied = await owner.runMigrations({ transaction: 'each' });
    for (const m of applied) log.info(`applied migration ${m.name}`);
    for (const after of afterMigrations) {
      step = after.step;
      stepAdvice = after.advice;
      await after.run(owner, log);
    }
    stepAdvice = null;
    step = 'granting the app its tables in';
    const [[{ app }], [{ migrator }]] = await Promise.all([
      db.query('SELECT current_user AS app'),
      owner.query('SELECT current_user AS migrator'),
    ]);
    if (app !== migrator) await grantAppRole(owner, app);
    await owner.destroy();
    step = "checking the app's role in";
    const bypasses = await auditLockBypasses(db);
    if (bypasses.length > 0) {
      const why = `the app's database role can get round the audit trail's append-only lock (${bypasses.join('; ')})`;
      const advice = 'Give DATABASE_URL a role that owns nothing and DATABASE_MIGRATION_URL the owner: see "Database roles" in the README.';
      if (config.nodeEnv === 'production') throw new RoleRefusal(`NODE_ENV is production and ${why}. ${advice}`);
      log.warn(`${why}. ${advice}`);
    }
  } catch (error) {
    if (owner.isInitialized) await owner.destroy();
    if (db.isInitialized) await db.destroy();
    await embedded?.stop();
    if (error instanceof RoleRefusal) throw error;
    const advice =
      step === 'applying migrations to'
        ? 'Each migration runs in its own transaction, so the failing one changed nothing; its name and error are above.'
        : stepAdvice !== null
          ? stepAdvice
          : embedded
            ? 'If the folder is damaged, move it away (or set COOPCARE_DATA_DIR) to start with a new one.'
            : 'Check that the server is running, and the host, database, user and password of DATABASE_URL and DATABASE_MIGRATION_URL.';
    throw new Error(`${step} the ${description} failed: ${error instanceof Error ? error.message : String(error)}. ${advice}`);
  }
  return {
    db,
    description,
    appUrl,
    async close() {
      if (db.isInitialized) await db.destroy();
      await embedded?.stop();
    },
  };
}

/**
 * A cluster worker's connection to the database its primary opened (which applied the migrations and
 * checked the role): this only connects and checks that every migration is there, so a worker never
 * serves a schema older than its code.
 */
export async function connectDatabase(url: string, statementTimeoutMs: number): Promise<Database> {
  const description = serverAt(url);
  const db = createDataSource(url, { statementTimeoutMs });
  try {
    await db.initialize();
    if (await db.showMigrations()) throw new Error('migrations are pending (the primary applies them before starting workers)');
  } catch (error) {
    if (db.isInitialized) await db.destroy();
    throw new Error(`connecting to the ${description} failed: ${error instanceof Error ? error.message : String(error)}.`);
  }
  return {
    db,
    description,
    appUrl: url,
    async close() {
      if (db.isInitialized) await db.destroy();
    },
  };
}

/** Where a URL's database is, without its user or password. */
function serverAt(url: string): string {
  const where = new URL(url);
  return `PostgreSQL at ${where.hostname}:${where.port || 5432}${where.pathname}`;
}

/** Creates the database if it is missing, owned by `owner` (by the connecting role without one). */
export async function ensureDatabase(adminUrl: string, name: string, owner?: string): Promise<void> {
  await withClient(adminUrl, async (client) => {
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (exists.rowCount === 0)
      await client.query(`CREATE DATABASE ${escapeIdentifier(name)}${owner ? ` OWNER ${escapeIdentifier(owner)}` : ''}`);
  });
}
