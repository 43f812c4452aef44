import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../api/accounts/seed.js';
import { seedDemoData } from '../api/demo/seed.js';
import { startTestApp, type TestApp } from './harness.js';

/**
 * The one policy (README, "Errors and HTTP statuses"): refused before it runs → the failure's status;
 * a GraphQL operation that ran → 200, with each failure's code in `errors` or a result union.
 */
let t: TestApp;
let token: string;
beforeAll(async () => {
  t = await startTestApp({ rateLimitPerMinute: 1_000 });
  await seedDemoData(t.services);
  const res = await post({
    query: 'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }',
    variables: { e: DEMO_ACCOUNTS.margaret.email, p: DEMO_PASSWORD },
  });
  token = (res.body as { data: { login: { token: string } } }).data.login.token;
});
afterAll(() => t.close());

async function post(body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; code: unknown; body: unknown }> {
  const res = await fetch(`${t.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  const json = (await res.json()) as { errors?: { extensions?: { code?: string } }[] };
  return { status: res.status, code: json.errors?.[0]?.extensions?.code ?? null, body: json };
}

describe('GraphQL: refused before running is 4xx, ran is 200', () => {
  test.each([
    ['a malformed query', { query: '{ providers(' }, {}, 400, 'GRAPHQL_PARSE_FAILED'],
    ['a field that does not exist', { query: '{ nothing }' }, {}, 400, 'GRAPHQL_VALIDATION_FAILED'],
    [
      'a variable of the wrong type',
      { query: 'query($n: Int) { services(first: $n) { totalCount } }', variables: { n: 'x' } },
      {},
      400,
      'BAD_USER_INPUT',
    ],
    [
      'an id that is not a UUID',
      { query: 'query($id: ID!) { service(id: $id) { name } }', variables: { id: 'not-an-id' } },
      {},
      400,
      'BAD_USER_INPUT',
    ],
    [
      'a NUL character',
      { query: 'query($t: String) { services(filter: { text: $t }) { totalCount } }', variables: { t: 'a\u0000' } },
      {},
      400,
      'BAD_USER_INPUT',
    ],
    [
      'a query too costly to run',
      { query: '{ consortia { members { services { provider { services { provider { services { name } } } } } } } }' },
      {},
      400,
      'QUERY_TOO_COMPLEX',
    ],
    ['a forged token', { query: '{ me { id } }' }, { authorization: 'Bearer not.a.token' }, 401, 'UNAUTHENTICATED'],
    [
      'a good token from a page that is not coopcare’s',
      { query: '{ me { id } }' },
      { origin: 'https://elsewhere.example' },
      403,
      'FORBIDDEN',
    ],
  ])('%s: %s', async (_what, body, headers, status, code) => {
    const sent = { ...headers } as Record<string, string>;
    if (sent.origin) sent.authorization = `Bearer ${token}`;
    const res = await post(body, sent);
    expect({ status: res.status, code: res.code }).toEqual({ status, code });
  });

  test.each([
    [
      'a wrong password',
      { query: 'mutation { login(email: "margaret@example.org", password: "not-this-one") { token } }' },
      {},
      'UNAUTHENTICATED',
    ],
    ['a protected operation without a sign-in', { query: '{ apiKeys { totalCount } }' }, {}, 'UNAUTHENTICATED'],
    ['a protected operation the person may not do', { query: '{ apiKeys { totalCount } }' }, { signedIn: true }, 'FORBIDDEN'],
    [
      'an unknown postcode in a search',
      { query: '{ services(filter: { near: { postcode: "ZZ99 9ZZ" } }) { totalCount } }' },
      {},
      'POSTCODE_NOT_FOUND',
    ],
  ])('%s: 200 with %s', async (_what, body, opts, code) => {
    const res = await post(body, 'signedIn' in opts ? { authorization: `Bearer ${token}` } : {});
    expect({ status: res.status, code: res.code }).toEqual({ status: 200, code });
  });
});

describe('ORUK: problem JSON with the failure’s status', () => {
  test.each([
    ['/oruk/services?per_page=1000', 400],
    ['/oruk/service_at_locations?postcode=ZZ99%209ZZ', 400],
    ['/oruk/services/3f9f6f51-7d8e-4b5e-9a49-5d2b7a3f1c11', 404],
    ['/oruk/nowhere', 404],
  ])('%s is %i', async (path, status) => {
    const res = await fetch(`${t.url}${path}`);
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });
});
