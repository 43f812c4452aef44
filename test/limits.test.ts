import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestApp, type TestApp } from './harness.js';

describe('request limits', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ rateLimitPerMinute: 30 });
  });
  afterAll(async () => t?.close());

  test('lists nested in lists are refused before they run, with QUERY_TOO_COMPLEX', async () => {
    const res = await t.gql(`{
      consortia { members { services { provider { services { provider { services { name } } } } } } }
    }`);
    expect(res.data).toBeUndefined();
    expect(res.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COMPLEX');
    expect(t.statements.statements.filter((s) => /consortium/i.test(s))).toEqual([]);
  });

  test('a full page of services with their details is within the limit', async () => {
    const res = await t.gql(`{
      services(first: 100) { totalCount edges { cursor node {
        id name hourlyRatePence
        provider { id name slug cqcRating consortium { name } locations { town postcode } }
        category { slug name }
        areasServed { outcode radiusMiles }
        openingTimes { dayOfWeek opens closes }
      } } }
    }`);
    expect(res.errors).toBeUndefined();
  });

  test.each([
    ['a string for an Int', { first: 'abc' }],
    ['an Int beyond 32 bits', { first: 2_147_483_648 }],
    ['null for a non-null variable', { postcode: null }],
  ])('%s is BAD_USER_INPUT, not a 500', async (_name, variables) => {
    const res = await t.gql(
      'query Q($first: Int, $postcode: String!) { services(first: $first) { totalCount } geocode(postcode: $postcode) { __typename } }',
      variables,
    );
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  test('a body over 200 kB is a 413, not a 500', async () => {
    const res = await fetch(`${t.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: `{ __typename }`, variables: { pad: 'x'.repeat(300_000) } }),
    });
    expect(res.status).toBe(413);
  });

  test('past the per-client limit the API answers 429 with RATE_LIMITED', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 35; i++) {
      const res = await fetch(`${t.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ __typename }' }),
      });
      statuses.push(res.status);
      if (res.status === 429) {
        expect(await res.json()).toMatchObject({ errors: [{ extensions: { code: 'RATE_LIMITED' } }] });
        break;
      }
    }
    expect(statuses.at(-1)).toBe(429);
    expect(statuses.filter((s) => s === 200).length).toBeLessThanOrEqual(30);
  });
});
