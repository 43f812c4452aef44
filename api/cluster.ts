import 'reflect-metadata';
import cluster, { type Worker } from 'node:cluster';
import { randomBytes } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { type Config, instanceCountFrom, loadConfig, seedsDemoData } from './config.js';
import { createLogger, type Logger } from './common/logger.js';
import { connectDatabase, type Database } from './db/database.js';
import { failedToStart, onStopSignals, prepareInstance, serveInstance, startBanner, stopTimeoutMs, warnWithoutSms } from './instance.js';
import { createServices } from './modules.js';

/**
 * `npm run start:cluster -- N`: N instances on one port (node:cluster hands each new connection to the
 * next worker) over one PostgreSQL. The primary does the one-time work (the embedded server, the
 * migrations, the demo data) and then only watches its workers; they hold no state of their own (rate
 * limits, sessions and job claims are in PostgreSQL), so any of them may answer any request.
 */

/** A worker that dies is replaced after this long, doubling for each other death in the last minute. */
const FIRST_RESTART_DELAY_MS = 250;
const LONGEST_RESTART_DELAY_MS = 30_000;

async function primary() {
  const instances = instanceCountFrom(process.argv[2], availableParallelism());
  const { config, logger, database, services, seeded } = await prepareInstance();
  warnWithoutSms(services, logger);
  try {
    // The workers have pools of their own; the primary keeps only the embedded server, if it started one.
    await database.db.destroy();
  } catch (error) {
    await database.close();
    throw error;
  }
  const env = {
    DATABASE_URL: database.appUrl,
    // Each instance must accept the tokens the others sign: without a configured secret, one for this run.
    COOPCARE_TOKEN_SECRET: config.tokenSecret ?? randomBytes(32).toString('base64url'),
    COOPCARE_DEMO: seeded ? '1' : '0',
  };
  const url = await superviseWorkers({ instances, env, logger, database, stopTimeoutMs: stopTimeoutMs(config.requestTimeoutMs) });
  console.log(startBanner({ config, url, database, seeded, instances }));
}

/** Starts the workers, restarts any that dies, and stops them all on a stop signal; resolves with the address once all listen. */
function superviseWorkers(options: {
  instances: number;
  env: Record<string, string>;
  logger: Logger;
  database: Database;
  /** The workers' own stop limit. */
  stopTimeoutMs: number;
}) {
  const { logger, database } = options;
  let started = false;
  let stopping = false;
  const deaths: number[] = [];
  const restarts = new Set<NodeJS.Timeout>();
  // Node leaves a worker listed after its 'exit' unless it disconnected first: a dead one is not running.
  const running = () => Object.values(cluster.workers ?? {}).filter((w): w is Worker => w !== undefined && !w.isDead());
  const fork = () => cluster.fork(options.env);

  let allStopped: () => void = () => {};
  onStopSignals(
    logger,
    async () => {
      stopping = true;
      for (const timer of restarts) clearTimeout(timer);
      const stopped = new Promise<void>((resolve) => {
        allStopped = resolve;
        if (running().length === 0) resolve();
      });
      for (const worker of running()) worker.process.kill('SIGTERM');
      await stopped;
      await database.close();
    },
    // The workers' own limit, and a little for the embedded server to stop after them.
    options.stopTimeoutMs + 5_000,
  );

  return new Promise<string>((resolve, reject) => {
    let listening = 0;
    cluster.on('listening', (worker, address) => {
      if (started) {
        logger.info({ instance: worker.id, pid: worker.process.pid }, 'a new instance is listening');
        return;
      }
      if (++listening < options.instances) return;
      started = true;
      resolve(`http://localhost:${address.port}`);
    });
    cluster.on('exit', (worker, code, signal) => {
      if (stopping) {
        if (running().length === 0) allStopped();
        return;
      }
      if (!started) {
        // Its own reason is on stderr already; the rest are stopped before saying so.
        stopping = true;
        for (const other of running()) other.process.kill('SIGTERM');
        void database.close().finally(() => reject(new Error(`an instance could not start (exit code ${code}): its reason is above.`)));
        return;
      }
      const now = Date.now();
      deaths.push(now);
      while (deaths[0]! < now - 60_000) deaths.shift();
      const delay = Math.min(LONGEST_RESTART_DELAY_MS, FIRST_RESTART_DELAY_MS * 2 ** (deaths.length - 1));
      logger.error(
        { instance: worker.id, pid: worker.process.pid, code, signal },
        `an instance stopped unexpectedly; starting another in ${delay} ms`,
      );
      const timer = setTimeout(() => {
        restarts.delete(timer);
        fork();
      }, delay);
      restarts.add(timer);
    });
    for (let i = 0; i < options.instances; i++) fork();
  });
}

/** A worker: connects to the database its primary opened (DATABASE_URL, in its environment) and serves. */
async function worker() {
  const config: Config = loadConfig();
  const logger = createLogger(config).child({ instance: cluster.worker?.id });
  if (!config.databaseUrl) throw new Error('a cluster worker needs the DATABASE_URL its primary gives it.');
  const database = await connectDatabase(config.databaseUrl, config.statementTimeoutMs);
  const services = createServices(database.db, config);
  await serveInstance({ config, logger, database, services, demo: seedsDemoData(config) });
}

(cluster.isPrimary ? primary() : worker()).catch(failedToStart);
