import { setTimeout as sleep } from 'node:timers/promises';
import type { QueryRunner } from 'typeorm';
import { Deadline, withinDeadline } from '../api/common/deadline.js';
import { createLogger } from '../api/common/logger.js';
import { afterEach, describe, expect, inject, test } from 'vitest';
import type { TestApp } from './harness.js';
import { useTestApp } from './support/app.js';
import { bookingRows, REQUEST_BOOKING } from './support/booking-requests.js';
import { expectLedgersBalanced, hoursFromNow, personsBudget } from './support/brokerage.js';
import { internalErrors } from './support/graphql.js';
import { useWorld, type World } from './support/world.js';

/**
 * A slow query ends with a clear error, never a hung client: PostgreSQL's statement_timeout stops a
 * statement that waits too long, and the request's deadline answers the client in time even when the
 * work would take longer. A booking caught by either was not written.
 */

interface Answer {
  status: number;
  retryAfter: string | null;
  ms: number;
  body: { data?: Record<string, unknown> | null; errors?: { message: string; extensions?: Record<string, unknown> }[] };
}

async function post(t: TestApp, query: string, variables: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  const started = performance.now();
  const res = await fetch(`${t.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as Answer['body'];
  return { status: res.status, retryAfter: res.headers.get('retry-after'), ms: performance.now() - started, body };
}

/** A transaction of the test's own (as the admin) holding a lock the app's request will wait for. */
let holder: QueryRunner | undefined;
async function hold(t: TestApp, sql: string, parameters: unknown[] = []): Promise<void> {
  holder = t.db.createQueryRunner();
  await holder.startTransaction();
  await holder.query(sql, parameters);
}
async function letGo(): Promise<void> {
  await holder?.rollbackTransaction();
  await holder?.release();
  holder = undefined;
}
afterEach(letGo);

const booking = (w: World, budgetId: string, idempotencyKey: string) => ({
  i: { budgetId, serviceId: w.services.home, visits: [{ start: hoursFromNow(72).toISOString(), minutes: 60 }], idempotencyKey },
});

describe('a statement that waits past statement_timeout', () => {
  const t = useTestApp({ seeded: 'world', statementTimeoutMs: 300, requestTimeoutMs: 5_000 });
  const w = useWorld(t);

  test('a booking whose budget is locked ends in TIMEOUT (503, Retry-After) within the statement timeout, and writes nothing', async () => {
    const budgetId = await personsBudget(t, w, 'COUNCIL_MANAGED', 100_000);
    const before = await bookingRows(t);
    await hold(t, 'SELECT 1 FROM personal_budget WHERE id = $1 FOR UPDATE', [budgetId]);

    const answer = await post(t, REQUEST_BOOKING, booking(w, budgetId, 'locked-budget'), w.headers('person'));

    expect(answer.status).toBe(503);
    expect(Number(answer.retryAfter)).toBeGreaterThan(0);
    expect(answer.body.errors?.map((e) => e.extensions?.code)).toEqual(['TIMEOUT']);
    expect(answer.body.errors?.[0]?.message).toMatch(/took too long.*nothing was changed/);
    expect(answer.ms).toBeLessThan(3_000);
    await letGo();
    expect(await bookingRows(t)).toEqual(before);
    expect(internalErrors(t)).toEqual([]);

    // The lock gone, the same request books.
    const again = await post(t, REQUEST_BOOKING, booking(w, budgetId, 'locked-budget'), w.headers('person'));
    expect(again.status).toBe(200);
    expect(again.body.data?.requestBooking).toMatchObject({ __typename: 'Booking', status: 'REQUESTED' });
    await expectLedgersBalanced(t.db);
  });

  test('a field that times out beside others that answered keeps 200: the data that was read is sent', async () => {
    await hold(t, 'LOCK TABLE provider IN ACCESS EXCLUSIVE MODE');
    const answer = await post(t, '{ a: geocode(postcode: "HD1 2TA") { __typename } b: provider(slug: "co-op-a") { name } }', {});
    expect(answer.status).toBe(200);
    expect(answer.body.errors?.map((e) => e.extensions?.code)).toEqual(['TIMEOUT']);
    expect(answer.body.data).toEqual({ a: { __typename: expect.any(String) }, b: null });
    expect(internalErrors(t)).toEqual([]);
  });
});

describe('the per-request deadline', () => {
  const deadline = 1_000;
  // What a loaded 2-core machine may add to an answer sent at the deadline; the held locks outlast it.
  const slack = 1_500;
  const output: string[] = [];
  const logger = createLogger({ logLevel: 'info' }, { write: (line: string) => void output.push(line) });
  const t = useTestApp({ seeded: 'world', statementTimeoutMs: deadline, requestTimeoutMs: deadline, logger });
  const w = useWorld(t);
  const SEARCH = '{ services(first: 5) { totalCount edges { node { id name } } } }';

  test('a search that would wait longer is answered TIMEOUT (503, Retry-After) by the deadline; the app goes on', async () => {
    await hold(t, 'LOCK TABLE service IN ACCESS EXCLUSIVE MODE');
    const answer = await post(t, SEARCH, {});
    expect(answer.status).toBe(503);
    expect(answer.retryAfter).not.toBeNull();
    expect(answer.body).toEqual({
      errors: [{ message: expect.stringMatching(/took too long/), extensions: { code: 'TIMEOUT', retryAfterSeconds: 2 } }],
    });
    expect(answer.ms).toBeGreaterThanOrEqual(deadline - 50);
    expect(answer.ms).toBeLessThan(deadline + slack);
    await letGo();
    // The abandoned search ended since (statement_timeout): what it tried to send after the answer went nowhere.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const after = await post(t, SEARCH, {});
    expect(after.status).toBe(200);
    expect(after.body.data?.services).toMatchObject({ totalCount: expect.any(Number) });
    expect(internalErrors(t)).toEqual([]);
    // One warning saying why, and the request line a warning too: an operator's matter, not an error of the code.
    const lines = output.map((line) => JSON.parse(line) as { level: number; event?: string; status?: number; path?: string });
    expect(lines.filter((l) => l.event === 'database_refusal')).toEqual([expect.objectContaining({ level: 40, code: 'DEADLINE_PASSED' })]);
    const lastTwo = lines.filter((l) => l.path === '/graphql').slice(-2);
    expect(lastTwo.map((l) => [l.status, l.level])).toEqual([
      [503, 40],
      [200, 30],
    ]);
  });

  test('the deadline counts from arrival: a request held up in the rate limiter as well is answered TIMEOUT by it', async () => {
    await hold(t, 'LOCK TABLE rate_limit IN ACCESS EXCLUSIVE MODE');
    await holder!.query('LOCK TABLE service IN ACCESS EXCLUSIVE MODE');
    const answer = await post(t, '{ services(first: 5) { totalCount } }', {});
    expect(answer.status).toBe(503);
    expect(answer.body.errors?.map((e) => e.extensions?.code)).toEqual(['TIMEOUT']);
    expect(answer.ms).toBeLessThan(deadline + 500);
    await letGo();
    expect(internalErrors(t)).toEqual([]);
  });

  test('a booking held up past the deadline is answered TIMEOUT by it and never commits, even once the lock is gone', async () => {
    const budgetId = await personsBudget(t, w, 'COUNCIL_MANAGED', 100_000);
    const before = await bookingRows(t);
    await hold(t, 'SELECT 1 FROM personal_budget WHERE id = $1 FOR UPDATE', [budgetId]);
    const answer = await post(t, REQUEST_BOOKING, booking(w, budgetId, 'past-deadline'), w.headers('person'));
    expect(answer.status).toBe(503);
    expect(answer.body.errors?.map((e) => e.extensions?.code)).toEqual(['TIMEOUT']);
    expect(answer.ms).toBeLessThan(deadline + slack);
    await letGo();
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await bookingRows(t)).toEqual(before);
    expect(internalErrors(t)).toEqual([]);
  });

  test('a unit whose statements all ended in time but whose work outlasts the deadline does not commit', async () => {
    const { providerA } = inject('world');
    const outcome = await withinDeadline(new Deadline(Date.now() + 300), () =>
      t.services.uow.transaction(async (em) => {
        await em.query(`UPDATE provider SET summary = summary || ' [late]' WHERE id = $1`, [providerA]);
        await sleep(500);
      }),
    ).catch((error: unknown) => error);
    expect(outcome).toMatchObject({ code: 'DEADLINE_PASSED' });
    const [{ summary }] = await t.db.query('SELECT summary FROM provider WHERE id = $1', [providerA]);
    expect(summary).not.toContain('[late]');
  });

  test('ORUK answers a problem with 503 and Retry-After by the deadline', async () => {
    await hold(t, 'LOCK TABLE service IN ACCESS EXCLUSIVE MODE');
    const started = performance.now();
    const res = await fetch(`${t.url}/oruk/services`);
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).not.toBeNull();
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(await res.json()).toMatchObject({ status: 503, detail: expect.stringMatching(/took too long/) });
    expect(performance.now() - started).toBeLessThan(deadline + slack);
  });
});
