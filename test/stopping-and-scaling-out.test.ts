import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { Client } from 'pg';
import { beforeAll, describe, expect, inject, test } from 'vitest';
import { projectRoot } from '../api/config.js';
import { useTestApp } from './support/app.js';
import { REQUEST_BOOKING, type RequestBookingAnswer } from './support/booking-requests.js';
import { expectLedgersBalanced, hoursFromNow, personsBudget } from './support/brokerage.js';
import { withDatabase } from './support/database.js';
import { CONFIRM, HOUR_PENCE } from './support/fulfilment.js';
import type { GraphQLResponse } from './harness.js';
import { childrenOf, exited, freePort, hasRead, tcpPortsOf, waitFor } from './support/processes.js';
import { TOKEN_SECRET, useWorld } from './support/world.js';

/**
 * coopcare as it runs in production: built, started as processes of its own (`node dist/api/main.js`, and
 * `dist/api/cluster.js 2` as `npm run start:cluster -- 2` runs it) over this file's database, and stopped
 * with signals. The world's tokens, signed in through the in-process app, work on them: same secret.
 */
const t = useTestApp({ seeded: 'world', tokenSecret: TOKEN_SECRET });
const w = useWorld(t);

beforeAll(() => {
  execFileSync('npm', ['run', 'build:api', '--silent'], { cwd: projectRoot, stdio: 'inherit' });
}, 180_000);

interface Running {
  child: ChildProcess;
  url: string;
  port: number;
  output(): string;
}

async function start(script: 'main' | 'cluster', args: string[] = [], env: Record<string, string> = {}): Promise<Running> {
  const port = await freePort();
  const child = spawn(process.execPath, [`dist/api/${script}.js`, ...args], {
    cwd: projectRoot,
    env: {
      ...process.env,
      DATABASE_URL: withDatabase(inject('pgRoles').app, t.name),
      DATABASE_MIGRATION_URL: '',
      COOPCARE_TOKEN_SECRET: TOKEN_SECRET,
      COOPCARE_PUBLIC_URL: t.url,
      COOPCARE_DEMO: '0',
      NODE_ENV: 'test',
      PORT: String(port),
      LOG_LEVEL: 'info',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const url = `http://127.0.0.1:${port}`;
  await waitFor(
    `coopcare to start (output so far: ${output})`,
    120,
    () => output.includes('coopcare is running') || child.exitCode !== null,
  );
  expect(child.exitCode, output).toBeNull();
  return { child, url, port, output: () => output };
}

async function gql<T>(url: string, query: string, variables: unknown, headers: Record<string, string>): Promise<GraphQLResponse<T>> {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return (await res.json()) as GraphQLResponse<T>;
}

const book = (url: string, input: Record<string, unknown>) =>
  gql<{ requestBooking: RequestBookingAnswer }>(url, REQUEST_BOOKING, { i: input }, w.headers('person'));

/** The backends of this database that the processes hold, told from the test's own pools by their client ports. */
async function connectionsOf(pids: number[]): Promise<number> {
  const ports = pids.flatMap(tcpPortsOf);
  const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND client_port = ANY($2)`, [
    t.name,
    ports,
  ]);
  return n;
}

/** /readyz's status on a connection of its own: the cluster gives each new connection to the next instance. */
function readiness(port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path: '/readyz', agent: false, timeout: 5_000 }, (res) => {
        res.resume();
        resolve(res.statusCode!);
      })
      .on('timeout', () => reject(new Error('/readyz did not answer within 5 s')))
      .on('error', reject);
  });
}

/**
 * A request whose first bytes arrived before the stop began (its connection is then neither idle nor
 * new; `clientPort` tells when coopcare has read them): the rest is sent by `finish`, which resolves
 * with the raw response.
 */
async function begunRequest(port: number, method: string, path: string, body = '') {
  const socket = net.connect(port, '127.0.0.1');
  await new Promise((resolve) => socket.once('connect', resolve));
  let received = '';
  socket.on('data', (chunk) => (received += chunk));
  const closed = new Promise((resolve) => socket.once('close', resolve));
  socket.write(`${method} ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n`);
  return {
    clientPort: socket.localPort!,
    async finish() {
      socket.write(`Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
      await closed;
      const [head = '', content = ''] = received.split('\r\n\r\n');
      return { head, body: content };
    },
  };
}

describe.skipIf(process.platform !== 'linux')('a stop signal', () => {
  test('SIGTERM: a booking under way finishes, requests arriving meanwhile get 503 (liveness 200), the pool closes, the process exits 0', {
    timeout: 180_000,
  }, async () => {
    // The test holds the booking's lock as long as it needs: no statement or request timeout may end it first.
    const app = await start('main', [], { COOPCARE_REQUEST_TIMEOUT_MS: '120000', COOPCARE_STATEMENT_TIMEOUT_MS: '120000' });
    const budgetId = await personsBudget(t, w, 'COUNCIL_MANAGED', 10 * HOUR_PENCE);
    // The test holds the budget's row: the booking waits for it inside its transaction, as behind a slow one.
    const holder = new Client({ connectionString: t.databaseUrl });
    await holder.connect();
    try {
      await holder.query('BEGIN');
      await holder.query('SELECT 1 FROM personal_budget WHERE id = $1 FOR UPDATE', [budgetId]);
      const underWay = book(app.url, {
        budgetId,
        serviceId: w.services.home,
        visits: [{ start: hoursFromNow(72).toISOString(), minutes: 60 }],
        idempotencyKey: 'under-way-at-stop',
      });
      await waitFor('the booking to wait for the budget', 30, async () => {
        const [{ n }] = await t.db.query(
          `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND wait_event_type = 'Lock' AND client_port = ANY($2)`,
          [t.name, tcpPortsOf(app.child.pid!)],
        );
        return n > 0;
      });
      expect(await connectionsOf([app.child.pid!])).toBeGreaterThan(0);
      const query = await begunRequest(app.port, 'POST', '/graphql', JSON.stringify({ query: '{ serviceCategories { slug } }' }));
      const readiness = await begunRequest(app.port, 'GET', '/readyz');
      const liveness = await begunRequest(app.port, 'GET', '/healthz');
      // Connected is not yet accepted: a connection the process has not taken from the kernel's queue when
      // it stops listening is reset, as it should be, and the test would be racing the process's scheduling.
      await waitFor('coopcare to read the first bytes of the three requests', 10, () =>
        [query, readiness, liveness].every((begun) => hasRead(app.child.pid!, begun.clientPort)),
      );

      app.child.kill('SIGTERM');
      await waitFor('the stop to begin', 10, () => app.output().includes('"msg":"stopping"'));

      const refused = await query.finish();
      expect(refused.head).toMatch(/^HTTP\/1\.1 503 /);
      expect(refused.head).toMatch(/\r\nConnection: close\r\n/i);
      expect(refused.head).toMatch(/\r\nRetry-After: 5\r\n/i);
      expect(JSON.parse(refused.body)).toEqual({
        errors: [{ message: expect.stringMatching(/stopping/), extensions: { code: 'SERVICE_UNAVAILABLE' } }],
      });
      const notReady = await readiness.finish();
      expect(notReady.head).toMatch(/^HTTP\/1\.1 503 /);
      expect(notReady.head).toMatch(/\r\nContent-Type: application\/problem\+json/i);
      const alive = await liveness.finish();
      expect(alive.head).toMatch(/^HTTP\/1\.1 200 /);
      expect(alive.head).toMatch(/\r\nConnection: close\r\n/i);
      // No longer listening: a load balancer sends new connections elsewhere.
      await expect(fetch(`${app.url}/healthz`)).rejects.toThrow();
      expect(app.child.exitCode).toBeNull();

      await holder.query('COMMIT');
      const finished = await underWay;
      expect(finished.errors).toBeUndefined();
      expect(finished.data?.requestBooking).toMatchObject({ __typename: 'Booking', totalPence: HOUR_PENCE });
      await exited(app.child);
      expect(app.child.exitCode).toBe(0);
      expect(app.output()).toContain('"msg":"stopped"');
    } finally {
      app.child.kill('SIGKILL');
      await holder.end();
    }
    const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM booking WHERE budget_id = $1`, [budgetId]);
    expect(n).toBe(1);
  });
});

describe.skipIf(process.platform !== 'linux')('a cluster that cannot start', () => {
  test('an instance count out of range stops it before anything starts, naming the count', async () => {
    const run = spawn(process.execPath, ['dist/api/cluster.js', '65'], { cwd: projectRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    run.stderr!.on('data', (chunk) => (stderr += chunk));
    await exited(run);
    expect(run.exitCode).toBe(1);
    expect(stderr).toBe(
      'coopcare failed to start: the number of instances "65" must be a whole number from 1 to 64: ' +
        'for example `npm run start:cluster -- 4`.\n',
    );
  });

  test('instances that cannot listen stop the start: exit 1, the reason said, no process left behind', { timeout: 120_000 }, async () => {
    const squatter = net.createServer();
    const port = await freePort();
    await new Promise<void>((resolve) => squatter.listen(port, '0.0.0.0', resolve));
    try {
      const run = spawn(process.execPath, ['dist/api/cluster.js', '2'], {
        cwd: projectRoot,
        env: { ...process.env, DATABASE_URL: withDatabase(inject('pgRoles').app, t.name), NODE_ENV: 'test', PORT: String(port) },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      run.stdout!.on('data', (chunk) => (output += chunk));
      run.stderr!.on('data', (chunk) => (output += chunk));
      const instances: number[] = [];
      const watching = setInterval(() => instances.push(...childrenOf(run.pid!).map((p) => p.pid)), 50);
      await exited(run);
      clearInterval(watching);
      expect(run.exitCode).toBe(1);
      // Both instances fail at once, so the second's reason may come after the summary: what matters is one before it.
      const reason = output.indexOf(`coopcare failed to start: port ${port} is in use by another program (another coopcare?)`);
      const summary = output.indexOf('coopcare failed to start: an instance could not start (exit code 1): its reason is above.\n');
      expect(reason).toBeGreaterThanOrEqual(0);
      expect(summary).toBeGreaterThan(reason);
      expect(output).not.toContain('coopcare is running');
      expect(new Set(instances).size).toBeGreaterThanOrEqual(2);
      await waitFor('its instances to exit', 10, () => instances.every((pid) => !fs.existsSync(`/proc/${pid}`)));
    } finally {
      squatter.close();
    }
  });
});

describe.skipIf(process.platform !== 'linux')('npm run start:cluster -- 2', () => {
  let cluster: Running;
  const workers = () => childrenOf(cluster.child.pid!).filter((p) => p.command.startsWith('node'));

  beforeAll(async () => {
    cluster = await start('cluster', ['2']);
    return () => void cluster.child.kill('SIGKILL');
  }, 180_000);

  test('starts two instances sharing one port, and prints its banner once', () => {
    expect(workers()).toHaveLength(2);
    expect(cluster.output().match(/coopcare is running/g)).toHaveLength(1);
    expect(cluster.output()).toContain(`instances     2 processes sharing port ${cluster.port}`);
  });

  test('64 bookings racing over both instances for 4 budgets: none overspent, one booking per key, no worker double-booked', {
    timeout: 120_000,
  }, async () => {
    const affords = 5;
    const spare = 1_000;
    const budgets = await Promise.all(
      Array.from({ length: 4 }, () => personsBudget(t, w, 'COUNCIL_MANAGED', affords * HOUR_PENCE + spare)),
    );
    // Each budget's 8 keys are sent twice; key i of every budget asks for the same hour.
    const starts = Array.from({ length: 8 }, (_, i) => hoursFromNow(96 + 2 * i).toISOString());
    const inputs = budgets.flatMap((budgetId, b) =>
      Array.from({ length: 16 }, (_, n) => ({
        budgetId,
        serviceId: w.services.home,
        visits: [{ start: starts[n % 8], minutes: 60 }],
        idempotencyKey: `cluster-${b}-${n % 8}`,
      })),
    );
    const linesBefore = cluster.output().length;
    const answers = await Promise.all(inputs.map((input) => book(cluster.url, input)));
    for (const res of answers) expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
    const results = answers.map((res) => res.data!.requestBooking);

    const servedBy = new Set(
      cluster
        .output()
        .slice(linesBefore)
        .split('\n')
        .filter((line) => line.includes('"path":"/graphql"'))
        .map((line) => JSON.parse(line).instance),
    );
    expect(servedBy.size).toBe(2);

    for (const [b, budgetId] of budgets.entries()) {
      const [balance] = await t.db.query(
        `SELECT committed_pence::int AS committed, available_pence::int AS available FROM personal_budget_balance WHERE budget_id = $1`,
        [budgetId],
      );
      expect(balance).toEqual({ committed: affords * HOUR_PENCE, available: spare });
      const byKey = await t.db.query(`SELECT idempotency_key, count(*)::int AS n FROM booking WHERE budget_id = $1 GROUP BY 1`, [budgetId]);
      expect(byKey).toHaveLength(affords);
      expect(byKey.every((row: { n: number }) => row.n === 1)).toBe(true);
      for (let i = 0; i < 8; i++) {
        const [first, second] = results.filter((_, k) => inputs[k]!.idempotencyKey === `cluster-${b}-${i}`);
        expect(second).toEqual(first);
      }
    }
    expect(results.filter((r) => r.__typename === 'InsufficientBudgetError')).toHaveLength(4 * 2 * (8 - affords));

    // Every booking confirmed at once with the same care worker: of the bookings at one hour, one gets her.
    const booked = [...new Map(results.filter((r) => r.__typename === 'Booking').map((r) => [r.id!, r])).values()];
    const confirmed = await Promise.all(
      booked.map((r) =>
        gql<{ confirmBooking: { __typename: string } }>(
          cluster.url,
          CONFIRM,
          { i: { bookingId: r.id, workerId: w.ids.careWorker } },
          w.headers('coordinator'),
        ),
      ),
    );
    for (const res of confirmed) expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
    const hours = new Set(booked.map((r) => r.visits![0]!.startsAt));
    expect(confirmed.filter((res) => res.data!.confirmBooking.__typename === 'Booking')).toHaveLength(hours.size);
    const [{ overlaps }] = await t.db.query(
      `SELECT count(*)::int AS overlaps FROM booking_visit a JOIN booking_visit b ON a.worker_id = b.worker_id AND a.id < b.id
        AND tstzrange(a.starts_at, a.ends_at) && tstzrange(b.starts_at, b.ends_at) WHERE a.worker_id = $1`,
      [w.ids.careWorker],
    );
    expect(overlaps).toBe(0);
    await expectLedgersBalanced(t.db);
  });

  test('a worker killed with SIGKILL is replaced, and the port answers throughout', { timeout: 60_000 }, async () => {
    const [victim] = workers();
    process.kill(victim!.pid, 'SIGKILL');
    // A connection node:cluster hands to a worker at the instant it dies waits for the client's timeout
    // (README, "Running in production"); once the primary has seen the death, the other instance takes all.
    const died = new RegExp(`"pid":${victim!.pid},"code":null,"signal":"SIGKILL","msg":"an instance stopped unexpectedly`);
    await waitFor('the primary to see the death', 10, () => died.test(cluster.output()));
    const answered: number[] = [];
    await waitFor('a new instance in its place', 30, async () => {
      answered.push(await readiness(cluster.port));
      return cluster.output().includes('"msg":"a new instance is listening"');
    });
    expect(workers().map((p) => p.pid)).not.toContain(victim!.pid);
    expect(workers()).toHaveLength(2);
    for (let i = 0; i < 10; i++) answered.push(await readiness(cluster.port));
    expect(new Set(answered)).toEqual(new Set([200]));
  });

  test('SIGTERM stops every instance and closes their pools; the primary exits 0', { timeout: 60_000 }, async () => {
    // Each instance's pool holds a connection again (an idle one closes after 10 s).
    for (let i = 0; i < 4; i++) expect(await readiness(cluster.port)).toBe(200);
    const pids = workers().map((p) => p.pid);
    expect(await connectionsOf(pids)).toBeGreaterThan(0);
    const ports = pids.flatMap(tcpPortsOf);
    cluster.child.kill('SIGTERM');
    await exited(cluster.child);
    expect(cluster.child.exitCode).toBe(0);
    expect(cluster.output().match(/"instance":\d+,"msg":"stopped"/g)?.length).toBeGreaterThanOrEqual(2);
    const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND client_port = ANY($2)`, [
      t.name,
      ports,
    ]);
    expect(n).toBe(0);
  });
});
