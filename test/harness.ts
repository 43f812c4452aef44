import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import { createServer } from 'node:net';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';
import type { DataSource, Logger } from 'typeorm';
import { inject } from 'vitest';
import { type Config, DEFAULT_STATEMENT_TIMEOUT_MS, loadConfig } from '../api/config.js';
import { createDataSource } from '../api/db/data-source.js';
import { createServices, type AppServices } from '../api/modules.js';
import { createApp, type AppOptions } from '../api/server.js';
import { adminQuery, createDatabaseAs, withDatabase } from './support/database.js';
import { seedDemoStart } from './support/seed.js';

/** Counts the SQL statements the app sends, so tests can hold query counts flat. */
export class StatementCounter implements Logger {
  count = 0;
  statements: string[] = [];
  logQuery(query: string) {
    this.count++;
    this.statements.push(query);
  }
  reset() {
    this.count = 0;
    this.statements = [];
  }
  logQueryError() {}
  logQuerySlow() {}
  logSchemaBuild() {}
  logMigration() {}
  log() {}
}

/**
 * Which template a test database is cloned from (test/support/templates.ts builds them once a run):
 * `false` migrated and empty; `'gazetteer'` with the demo postcodes; `true` or `'demo'` with the whole
 * Kirklees demo (gazetteer, directory, demo accounts); `'world'` with the gazetteer and the permission
 * world (test/support/world.ts: two councils, two providers, people of every role, partner keys).
 */
export type Seed = boolean | 'gazetteer' | 'demo' | 'world';

export interface TestDatabaseOptions {
  seeded?: Seed;
  /** COOPCARE_STATEMENT_TIMEOUT_MS on the app's connections (the default unless given). */
  statementTimeoutMs?: number;
}

export interface TestDatabase {
  /** As the admin (superuser): for set-up and inspection, which may do what the app may not. */
  db: DataSource;
  /** As the app's role, which owns nothing: what the app under test runs on. */
  appDb: DataSource;
  name: string;
  /** The admin's URL of this database. */
  databaseUrl: string;
  /** The statements the app sends over `appDb`. */
  statements: StatementCounter;
  drop(): Promise<void>;
}

/** A database of this test file's own, cloned from the migrated (or a seeded) template. */
export async function createTestDatabase(options: TestDatabaseOptions = {}): Promise<TestDatabase> {
  const roles = inject('pgRoles');
  const templates = inject('templates');
  const seeded = options.seeded === true ? 'demo' : options.seeded || 'migrated';
  const name = `coopcare_test_${randomBytes(5).toString('hex')}`;
  for (let attempt = 0; ; attempt++) {
    try {
      await createDatabaseAs(roles, name, templates[seeded]);
      break;
    } catch (error) {
      // Two files cloning the template at the same instant can collide; the clone itself is cheap.
      if (attempt >= 20) throw error;
      await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
    }
  }
  const statements = new StatementCounter();
  const url = withDatabase(roles.admin, name);
  const db = createDataSource(url, { poolSize: 5 });
  const appDb = createDataSource(withDatabase(roles.app, name), {
    poolSize: 10,
    logger: statements,
    statementTimeoutMs: options.statementTimeoutMs ?? DEFAULT_STATEMENT_TIMEOUT_MS,
  });
  await Promise.all([db.initialize(), appDb.initialize()]);
  return {
    db,
    appDb,
    name,
    databaseUrl: url,
    statements,
    async drop() {
      await Promise.all([db.destroy(), appDb.destroy()]);
      await adminQuery(roles.admin, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    },
  };
}

export interface GraphQLResponse<T> {
  data?: T | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: { code?: string; [k: string]: unknown } }[];
}

export interface TestApp extends TestDatabase {
  url: string;
  services: AppServices;
  logs: Record<string, unknown>[];
  /** Sends one GraphQL operation over HTTP and returns the parsed body. */
  gql<T, V>(document: TypedDocumentNode<T, V> | string, variables?: V, headers?: Record<string, string>): Promise<GraphQLResponse<T>>;
  /** Begins the app's stop as a stop signal would: new requests are refused 503; resolves once none is under way. */
  beginDraining(): Promise<void>;
  close(): Promise<void>;
}

export interface TestAppOptions extends TestDatabaseOptions {
  /** Requests per minute per client address, and per API key or person. */
  rateLimitPerMinute?: number;
  /**
   * COOPCARE_TRUST_PROXY. Loopback unless given, unlike production's default: tests play many clients
   * from 127.0.0.1 by sending X-Forwarded-For (test/support/graphql.ts `login`).
   */
  trustProxy?: Config['trustProxy'];
  /** Signs bearer and widget tokens with this secret (as COOPCARE_TOKEN_SECRET), so a test can forge some. */
  tokenSecret?: string;
  /** The app's NODE_ENV (`test` unless given): `production` answers as a live deployment would. */
  nodeEnv?: AppOptions['config']['nodeEnv'];
  /**
   * Serve the demo as `npm start` does on a demo database (the council page's demo sign-in): the demo
   * accounts are seeded again for the app's port, as each start does, so the demo partner key works
   * from the app's own pages. Needs `seeded: true`.
   */
  demo?: boolean;
  /** The built widgets to serve (a fixture manifest, or none); dist/widgets when absent. */
  widgets?: AppOptions['widgets'];
  /** Where the app writes its request lines (silent when absent), for tests that read every line logged. */
  logger?: AppOptions['logger'];
  /**
   * SMTP_URL: messages go to this server (test/support/mail.ts `useMailServer().url`) when the test
   * calls `t.services.mailSender.deliverDue()`. Absent, they are kept and shown at /dev/mail, as
   * `npm start` does. Nothing is sent on a timer: the scheduler does not run in tests.
   */
  smtpUrl?: string;
  /** COOPCARE_CRISIS_ESCALATION_MINUTES (10 unless given). */
  crisisEscalationMinutes?: number;
  /** COOPCARE_REQUEST_TIMEOUT_MS (the default unless given). */
  requestTimeoutMs?: number;
}

/**
 * The real HTTP app on a free port over a fresh database. Its COOPCARE_PUBLIC_URL is its own address,
 * so the links in the messages it writes open the app under test.
 */
export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const database = await createTestDatabase(options);
  const logs: Record<string, unknown>[] = [];
  const { services, app, server, url } = await listenOnFreePort(async (port) => {
    const services = withTokenSecret(options.tokenSecret, () => {
      const config = loadConfig();
      return createServices(database.appDb, {
        ...config,
        publicUrl: `http://127.0.0.1:${port}`,
        smtpUrl: options.smtpUrl,
        crisisEscalationMinutes: options.crisisEscalationMinutes ?? config.crisisEscalationMinutes,
        statementTimeoutMs: options.statementTimeoutMs ?? config.statementTimeoutMs,
        requestTimeoutMs: options.requestTimeoutMs ?? config.requestTimeoutMs,
      });
    });
    const app = await createApp({
      services,
      config: {
        publicRateLimitPerMinute: options.rateLimitPerMinute ?? 100_000,
        credentialRateLimitPerMinute: options.rateLimitPerMinute ?? 100_000,
        trustProxy: options.trustProxy ?? 'loopback',
        nodeEnv: options.nodeEnv ?? 'test',
        requestTimeoutMs: options.requestTimeoutMs,
      },
      log: (entry) => logs.push(entry),
      demo: options.demo,
      widgets: options.widgets,
      logger: options.logger,
    });
    try {
      return { services, app, ...(await app.listen(port, '127.0.0.1')) };
    } catch (error) {
      await app.apollo.stop();
      throw error;
    }
  });
  if (options.demo) await seedDemoStart(services, Number(new URL(url).port));
  return {
    ...database,
    url,
    services,
    logs,
    async gql(document, variables, headers = {}) {
      const response = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ query: typeof document === 'string' ? document : print(document), variables }),
      });
      return (await response.json()) as never;
    },
    beginDraining: () => app.beginDraining(),
    async close() {
      await closeServer(server);
      await app.apollo.stop();
      await database.drop();
    },
  };
}

function withTokenSecret<T>(secret: string | undefined, make: () => T): T {
  if (secret === undefined) return make();
  const was = process.env.COOPCARE_TOKEN_SECRET;
  process.env.COOPCARE_TOKEN_SECRET = secret;
  try {
    return make();
  } finally {
    if (was === undefined) delete process.env.COOPCARE_TOKEN_SECRET;
    else process.env.COOPCARE_TOKEN_SECRET = was;
  }
}

/**
 * The services need the app's address before it listens (every link in a message starts with it), so
 * the port is chosen first; another process may take it in between, and then the start is tried again.
 */
async function listenOnFreePort<T>(start: (port: number) => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    const port = await freePort();
    try {
      return await start(port);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE' || attempt >= 5) throw error;
    }
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}
