import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import type { Server } from 'node:http';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { loadConfig } from '../api/config.js';
import { createDataSource } from '../api/db/data-source.js';
import { type Database, ensureDatabase, openDatabase } from '../api/db/database.js';
import { type RunningPostgres, startEmbeddedPostgres } from '../api/db/embedded.js';
import { prepareDatabase, ROLE_NAMES } from '../api/db/roles.js';
import { type AppServices, createServices } from '../api/modules.js';
import { createApp } from '../api/server.js';
import { REQUEST_BOOKING } from './support/booking-requests.js';
import { expectLedgersBalanced, hoursFromNow, openBudget } from './support/brokerage.js';
import { HOUR_PENCE } from './support/fulfilment.js';
import { LOGIN } from './support/graphql.js';
import { freePort, waitFor } from './support/processes.js';
import { seedDemoGazetteer } from './support/seed.js';
import { PASSWORD, PEOPLE, seedWorld, type WorldIds } from './support/world.js';

/**
 * The database stops in the middle of a stream of bookings and starts again, while coopcare runs on:
 * requests during the outage are told SERVICE_UNAVAILABLE (503, Retry-After) in time, never a 500 or a
 * hung client; the same app answers again once PostgreSQL is back; and clients that retried with their
 * idempotency keys end with exactly one booking a key, none lost, and ledgers that balance. PostgreSQL
 * here is the test's own (a data folder and port of its own), never the run's shared server.
 */

const REQUEST_TIMEOUT_MS = 3_000;
const CLIENTS = 8;
/** The budget pays for this many one-hour visits; later keys are refused for want of money, never overspent. */
const AFFORDABLE = 25;
/** A bound on the stream, however slow the machine. */
const MOST_KEYS = 400;

let pg: RunningPostgres;
let dataDir: string;
let port: number;
let database: Database;
let services: AppServices;
let server: Server;
let url: string;
let ids: WorldIds;
let budgetId: string;
let token: string;
const internalErrors: Record<string, unknown>[] = [];

const startPostgres = () => startEmbeddedPostgres({ dataDir, port, persistent: true });

beforeAll(async () => {
  // Named as the run's throw-away clusters are, so a run killed hard has it removed by the next.
  dataDir = path.resolve('.data', `test-${process.pid}_outage_${randomBytes(3).toString('hex')}`);
  port = await freePort();
  pg = await startPostgres();
  await ensureDatabase(pg.urlFor('postgres', 'admin'), 'coopcare', ROLE_NAMES.owner);
  await prepareDatabase(pg.urlFor('coopcare', 'admin'), ROLE_NAMES.owner);
  const config = {
    ...loadConfig(),
    nodeEnv: 'test',
    databaseUrl: pg.urlFor('coopcare', 'app'),
    databaseMigrationUrl: pg.urlFor('coopcare', 'owner'),
    statementTimeoutMs: 1_000,
    requestTimeoutMs: REQUEST_TIMEOUT_MS,
  };
  database = await openDatabase(config, { info: () => {}, warn: () => {} });
  services = createServices(database.db, config);
  await seedDemoGazetteer(services);
  ids = await seedWorld(services);
  budgetId = await openBudget(services, {
    personId: ids.ids.person,
    councilId: ids.councilA,
    kind: 'COUNCIL_MANAGED',
    allocatedPence: AFFORDABLE * HOUR_PENCE,
    actingPersonId: ids.ids.officer,
  });
  const app = await createApp({
    services,
    config: { ...config, publicRateLimitPerMinute: 1_000_000, credentialRateLimitPerMinute: 1_000_000, trustProxy: 'loopback' },
    log: (entry) => internalErrors.push(entry),
    widgets: null,
  });
  ({ server, url } = await app.listen(0, '127.0.0.1'));
  const signedIn = await graphql(LOGIN, { e: PEOPLE.person, p: PASSWORD });
  token = (signedIn.body.data as { login: { token: string } }).login.token;
}, 120_000);

afterAll(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  await database?.close();
  await pg?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

interface Attempt {
  key: string;
  status: number | 'no answer';
  code?: string;
  retryAfter: string | null;
  ms: number;
  at: number;
}

async function graphql(query: string, variables: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
    // Far past the deadline: a client still waiting then has hung.
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS + 5_000),
  });
  const body = (await res.json()) as { data?: Record<string, unknown> | null; errors?: { extensions?: { code?: string } }[] };
  return { status: res.status, retryAfter: res.headers.get('retry-after'), body };
}

async function readiness(): Promise<number> {
  return (await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS + 5_000) })).status;
}

test('PostgreSQL stops mid-stream and starts again: 503s meanwhile, the same app recovers, one booking a key, no overspend', async () => {
  const attempts: Attempt[] = [];
  const outcomes = new Map<string, { typename: string; bookingId?: string }>();
  let nextKey = 0;
  let stopClients = false;

  // A client books key after key; answered 503 (or not at all), it sends the same key again.
  const client = async () => {
    while (!stopClients && nextKey < MOST_KEYS) {
      const n = nextKey++;
      const key = `outage-${n}`;
      const input = {
        budgetId,
        serviceId: ids.services.home,
        visits: [{ start: hoursFromNow(48 + n).toISOString(), minutes: 60 }],
        idempotencyKey: key,
      };
      for (;;) {
        const started = performance.now();
        const answer = await graphql(REQUEST_BOOKING, { i: input }, { authorization: `Bearer ${token}` }).catch(() => null);
        const attempt: Attempt = {
          key,
          status: answer?.status ?? 'no answer',
          code: answer?.body.errors?.[0]?.extensions?.code,
          retryAfter: answer?.retryAfter ?? null,
          ms: performance.now() - started,
          at: Date.now(),
        };
        attempts.push(attempt);
        const result = answer?.body.data?.requestBooking as { __typename: string; id?: string } | undefined;
        if (answer?.status === 200 && result) {
          outcomes.set(key, { typename: result.__typename, bookingId: result.id });
          break;
        }
        await sleep(100);
      }
      await sleep(20);
    }
  };
  const clients = Array.from({ length: CLIENTS }, client);

  const booked = () => [...outcomes.values()].filter((o) => o.typename === 'Booking').length;
  await waitFor('the first bookings', 20, () => booked() >= 15, 50);
  const stoppedAt = Date.now();
  await pg.stop();

  await waitFor(
    'clients told SERVICE_UNAVAILABLE',
    20,
    () => attempts.filter((a) => a.at > stoppedAt && a.code === 'SERVICE_UNAVAILABLE').length >= 2 * CLIENTS,
    50,
  );
  expect(await readiness()).toBe(503);
  const answeredDuringOutage = outcomes.size;

  pg = await startPostgres();
  const restartedAt = Date.now();
  await waitFor('/readyz again', 30, async () => (await readiness()) === 200, 50);
  await waitFor('answers again', 30, () => outcomes.size >= answeredDuringOutage + 20, 50);
  stopClients = true;
  await Promise.all(clients);

  // During the outage: 503 with Retry-After, saying why; never a 500, never a client left waiting.
  const unanswered = attempts.filter((a) => a.status !== 200 && a.status !== 503);
  expect(unanswered, JSON.stringify(unanswered.slice(0, 5))).toEqual([]);
  for (const refused of attempts.filter((a) => a.status === 503)) {
    expect(['SERVICE_UNAVAILABLE', 'TIMEOUT']).toContain(refused.code);
    expect(Number(refused.retryAfter)).toBeGreaterThan(0);
  }
  expect(attempts.filter((a) => a.at > stoppedAt && a.at < restartedAt && a.status === 503).length).toBeGreaterThan(0);
  expect(Math.max(...attempts.map((a) => a.ms))).toBeLessThan(REQUEST_TIMEOUT_MS + 1_000);
  expect(internalErrors).toEqual([]);

  // Afterwards: one booking for each key that booked, the one its client was told of; none for the others.
  const admin = createDataSource(pg.urlFor('coopcare', 'admin'), { poolSize: 2 });
  await admin.initialize();
  try {
    const rows: { key: string; ids: string[] }[] = await admin.query(
      `SELECT idempotency_key AS key, array_agg(id::text) AS ids FROM booking WHERE budget_id = $1 GROUP BY idempotency_key`,
      [budgetId],
    );
    const stored = new Map(rows.map((r) => [r.key, r.ids]));
    for (const [key, outcome] of outcomes) {
      if (outcome.typename === 'Booking') expect(stored.get(key), key).toEqual([outcome.bookingId]);
      else expect(outcome.typename).toBe('InsufficientBudgetError');
    }
    expect(rows.filter((r) => !outcomes.has(r.key) || outcomes.get(r.key)!.typename !== 'Booking')).toEqual([]);
    const [{ committed, available }] = await admin.query(
      'SELECT committed_pence::int AS committed, available_pence::int AS available FROM personal_budget_balance WHERE budget_id = $1',
      [budgetId],
    );
    expect(booked()).toBe(AFFORDABLE);
    expect(committed).toBe(AFFORDABLE * HOUR_PENCE);
    expect(available).toBe(0);
    await expectLedgersBalanced(admin);
  } finally {
    await admin.destroy();
  }
}, 90_000);
