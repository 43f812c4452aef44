import { describe, expect, test, vi } from 'vitest';
import { loadConfig } from '../api/config.js';
import { createDataSource } from '../api/db/data-source.js';
import { sharedLimiter, spent } from '../api/common/rate-limiter.js';
import { useTestApp } from './support/app.js';
import { code, createWidgetSession, login } from './support/graphql.js';
import { PARTNER_ORIGIN, PASSWORD, PEOPLE, SECOND_PARTNER_KEY, useWorld } from './support/world.js';

/**
 * Request budgets, shared by every instance through PostgreSQL: per client address on every route that
 * reaches the database, per API key or person on /graphql, and the client address itself, which only a
 * configured proxy may name and only with a real address.
 */
const TYPENAME = JSON.stringify({ query: '{ __typename }' });
const post = (url: string, headers: Record<string, string> = {}) =>
  fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: TYPENAME });
const statuses = async (responses: Promise<Response>[]) => (await Promise.all(responses)).map((r) => r.status);

describe('per client address', () => {
  const t = useTestApp({ rateLimitPerMinute: 5 });

  test('past the budget /graphql answers 429 RATE_LIMITED with Retry-After, RateLimit headers and CORS, under concurrency', async () => {
    const origin = { origin: 'https://some-page.example' };
    expect(await statuses(Array.from({ length: 8 }, () => post(t.url, origin)))).toEqual(expect.arrayContaining([200, 429]));
    const refused = await post(t.url, origin);
    expect(refused.status).toBe(429);
    expect(await refused.json()).toMatchObject({ errors: [{ extensions: { code: 'RATE_LIMITED' } }] });
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(Number(refused.headers.get('retry-after'))).toBeLessThanOrEqual(60);
    expect(refused.headers.get('ratelimit-policy')).toBe('"address";q=5;w=60');
    expect(refused.headers.get('ratelimit')).toMatch(/^"address";r=0;t=\d+$/);
    // A browser page can read the refusal.
    expect(refused.headers.get('access-control-allow-origin')).toBe('https://some-page.example');
  });

  test('a client past its budget is refused from memory: a flood of refused requests writes nothing to PostgreSQL', async () => {
    const address = { 'x-forwarded-for': '198.51.100.40' };
    const counted = async () => (await t.db.query(`SELECT points FROM rate_limit WHERE key = 'address:198.51.100.40'`))[0].points as number;
    const first = [];
    for (let i = 0; i < 6; i++) first.push((await post(t.url, address)).status);
    expect(first).toEqual([200, 200, 200, 200, 200, 429]);
    const before = await counted();
    const flood = await Promise.all(Array.from({ length: 20 }, () => post(t.url, address)));
    expect(flood.map((r) => r.status)).toEqual(Array(20).fill(429));
    expect(Number(flood[0]!.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(flood[0]!.headers.get('ratelimit')).toMatch(/^"address";r=0;t=\d+$/);
    expect(await counted()).toBe(before);
  });

  test('/readyz and ORUK share the budget; /healthz and the pages, which touch nothing, are free', async () => {
    for (const path of ['/readyz', '/oruk/services']) {
      const res = await fetch(`${t.url}${path}`);
      expect(res.status).toBe(429);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    }
    expect((await fetch(`${t.url}/oruk/services`)).headers.get('access-control-allow-origin')).toBe('*');
    for (const path of ['/healthz', '/', '/embed', '/council-page.js']) expect((await fetch(`${t.url}${path}`)).status, path).toBe(200);
  });
});

describe('CORS preflights', () => {
  const t = useTestApp({ rateLimitPerMinute: 3 });

  test('spend no budget', async () => {
    const preflight = () =>
      fetch(`${t.url}/graphql`, {
        method: 'OPTIONS',
        headers: { origin: 'https://some-page.example', 'access-control-request-method': 'POST' },
      });
    expect(await statuses(Array.from({ length: 10 }, preflight))).toEqual(Array(10).fill(204));
    expect((await fetch(`${t.url}/oruk/services`, { method: 'OPTIONS' })).status).toBe(204);
    expect(await statuses([post(t.url), post(t.url), post(t.url)])).toEqual([200, 200, 200]);
  });
});

describe('per API key or person', () => {
  const t = useTestApp({ seeded: 'world', rateLimitPerMinute: 5 });

  test('a key has its own budget, which its requests spend instead of the address’s, from any address', async () => {
    const keyed = (address: string) => post(t.url, { 'x-api-key': SECOND_PARTNER_KEY, 'x-forwarded-for': address });
    expect(await statuses(Array.from({ length: 5 }, () => keyed('198.51.100.1')))).toEqual(Array(5).fill(200));
    // The address's own budget is untouched ...
    expect(await statuses(Array.from({ length: 5 }, () => post(t.url, { 'x-forwarded-for': '198.51.100.1' })))).toEqual(Array(5).fill(200));
    // ... and the key's is spent wherever it is used from.
    const refused = await keyed('198.51.100.2');
    expect(refused.status).toBe(429);
    expect(refused.headers.get('ratelimit-policy')).toBe('"credential";q=5;w=60');
  });

  test('a bad key spends the address’s budget', async () => {
    const bad = () => post(t.url, { 'x-api-key': 'cck_not-a-key', 'x-forwarded-for': '198.51.100.3' });
    expect(await statuses(Array.from({ length: 5 }, bad))).toEqual(Array(5).fill(401));
    expect((await bad()).status).toBe(429);
  });

  test('a request its key’s budget refuses spends the address’s budget, so a key past it cannot go on costing lookups', async () => {
    const keyed = (address: string) => post(t.url, { 'x-api-key': SECOND_PARTNER_KEY, 'x-forwarded-for': address });
    for (let i = 0; i < 6; i++) await keyed('198.51.100.4');
    const refusals = [];
    for (let i = 0; i < 5; i++) refusals.push((await keyed('198.51.100.5')).headers.get('ratelimit-policy'));
    expect(refusals).toEqual(Array(5).fill('"credential";q=5;w=60'));
    const anonymous = await post(t.url, { 'x-forwarded-for': '198.51.100.5' });
    expect(anonymous.status).toBe(429);
    expect(anonymous.headers.get('ratelimit-policy')).toBe('"address";q=5;w=60');
  });
});

describe('widget sessions', () => {
  const t = useTestApp({ seeded: 'world' });
  const w = useWorld(t);

  test('one key may try 30 a minute, refused ones included; then RATE_LIMITED with how long to wait', async () => {
    // Nobody consented to this key, so each attempt is refused, and counted.
    const mint = () => createWidgetSession(t, { personId: w.ids.person, purpose: 'BOOKING', origin: PARTNER_ORIGIN }, SECOND_PARTNER_KEY);
    const codes = [];
    for (let i = 0; i < 31; i++) codes.push(code(await mint()));
    expect(codes).toEqual([...Array(30).fill('FORBIDDEN'), 'RATE_LIMITED']);
    const refused = await mint();
    expect(refused.errors![0]!.extensions!.retryAfterSeconds).toBeGreaterThan(0);
  });
});

describe('client addresses with the default configuration: no proxy trusted', () => {
  const { trustProxy } = loadConfig({});

  describe('the request budget', () => {
    const t = useTestApp({ rateLimitPerMinute: 3, trustProxy });

    test('X-Forwarded-For from loopback does not open a fresh bucket', async () => {
      const forged = (i: number) => post(t.url, { 'x-forwarded-for': `1.2.3.${i}` });
      expect((await statuses([forged(1), forged(2), forged(3), forged(4)])).sort()).toEqual([200, 200, 200, 429]);
    });
  });

  describe('the sign-in lock-out', () => {
    const t = useTestApp({ seeded: 'world', trustProxy });

    test('X-Forwarded-For does not get round it', async () => {
      const codes = [];
      for (let i = 1; i <= 6; i++) codes.push(code(await login(t, PEOPLE.friend, `guess ${i}`, `1.2.3.${i}`)));
      expect(codes).toEqual([...Array(5).fill('UNAUTHENTICATED'), 'RATE_LIMITED']);
      expect(code(await login(t, PEOPLE.friend, PASSWORD, '5.6.7.8'))).toBe('RATE_LIMITED');
    });
  });
});

describe('client addresses behind a configured proxy', () => {
  const t = useTestApp({ rateLimitPerMinute: 1000, trustProxy: 'loopback' });
  const keys = async () =>
    ((await t.db.query(`SELECT key FROM rate_limit WHERE key LIKE 'address:%' ORDER BY key`)) as { key: string }[]).map((r) => r.key);

  test('the proxy names the client; a value that is not an address is ignored, leaving the nearest sound hop', async () => {
    await post(t.url, { 'x-forwarded-for': '203.0.113.7' });
    await post(t.url, { 'x-forwarded-for': 'garbage' });
    await post(t.url, { 'x-forwarded-for': '1' });
    // Read from the nearest hop: the proxy's own (valid) entry wins over what the client wrote before it.
    await post(t.url, { 'x-forwarded-for': 'garbage, 203.0.113.8' });
    await post(t.url, { 'x-forwarded-for': '203.0.113.9, garbage' });
    await post(t.url, { 'x-forwarded-for': '2001:db8:1:2::99' });
    expect(await keys()).toEqual(['address:127.0.0.1', 'address:2001:db8:1:2::/64', 'address:203.0.113.7', 'address:203.0.113.8']);
  });

  test('a hop written with a port, as some load balancers write it, names its address', async () => {
    await post(t.url, { 'x-forwarded-for': '198.51.100.4:5678' });
    await post(t.url, { 'x-forwarded-for': '[2001:db8:9::1]:443' });
    await post(t.url, { 'x-forwarded-for': '[2001:db8:9::2]' });
    // A port alone, or brackets round an IPv4 address, is still not an address.
    await post(t.url, { 'x-forwarded-for': '198.51.100.5:99999' });
    await post(t.url, { 'x-forwarded-for': '[198.51.100.6]' });
    const added = (await keys()).filter((key) => key.startsWith('address:198.') || key.startsWith('address:2001:db8:9:'));
    expect(added).toEqual(['address:198.51.100.4', 'address:2001:db8:9:0::/64']);
  });
});

describe('the rate_limit table', () => {
  const t = useTestApp();

  test('rows expired an hour ago are swept every five minutes, live ones kept', async () => {
    const anHourAgo = Date.now() - 3_600_000;
    await t.db.query(
      `INSERT INTO rate_limit (key, points, expire)
       SELECT 'old:' || g, 1, $1::bigint - 1000 FROM generate_series(1, 50) g UNION ALL SELECT 'live', 1, $2::bigint`,
      [anHourAgo, Date.now() + 60_000],
    );
    // A process's first limiter sweeps; this data source is new, so its first limiter does.
    const db = createDataSource(t.databaseUrl, { poolSize: 1 });
    await db.initialize();
    vi.useFakeTimers({ toFake: ['setTimeout'] });
    try {
      sharedLimiter(db, { keyPrefix: 'sweeper', points: 1, duration: 60 });
      vi.advanceTimersByTime(5 * 60_000);
    } finally {
      vi.useRealTimers();
    }
    await vi.waitFor(async () => {
      const keys: { key: string }[] = await t.db.query(`SELECT key FROM rate_limit WHERE key = 'live' OR key LIKE 'old:%'`);
      expect(keys.map((k) => k.key)).toEqual(['live']);
    });
    await db.destroy();
  });
});

describe('when PostgreSQL cannot be reached', () => {
  test('each instance still limits, counting in memory', async () => {
    const unreachable = createDataSource('postgres://nobody@127.0.0.1:1/nothing');
    const limiter = sharedLimiter(unreachable, { keyPrefix: 'insured', points: 2, duration: 60 });
    const outcomes = [];
    for (let i = 0; i < 3; i++) outcomes.push((await spent(limiter.consume('client'))).refused);
    expect(outcomes).toEqual([false, false, true]);
  });
});
